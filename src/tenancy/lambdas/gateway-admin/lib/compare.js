'use strict';
/*
 * Which managed fields of a team or key differ from the desired state, and the request body that
 * corrects them.
 *
 * LiteLLM keeps per-model limits inside `metadata` (model_tpm_limit / model_rpm_limit are in
 * LiteLLM_ManagementEndpoint_MetadataFields, _types.py), next to keys it writes itself
 * (team_member_budget_id, guardrails, ...). Those are preserved; everything else in metadata is ours.
 */
const RESERVED = new Set([
  'model_rpm_limit', 'model_tpm_limit', 'guardrails', 'tags', 'enforced_params', 'temp_budget_increase',
  'temp_budget_expiry', 'team_member_budget_id', 'team_member_key_duration', 'policies', 'prompts',
  'service_account_id', 'logging',
]);

const unset = (v) => v === undefined || v === null;
const emptyObj = (v) => unset(v) || (typeof v === 'object' && Object.keys(v).length === 0);

function sameScalar(a, b) {
  if (unset(a) && unset(b)) return true;
  if (typeof a === 'number' || typeof b === 'number') return Number(a) === Number(b);
  return a === b;
}

function sameSet(a, b) {
  const x = [...(a ?? [])].map(String).sort();
  const y = [...(b ?? [])].map(String).sort();
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

function sameRecord(a, b) {
  if (emptyObj(a) && emptyObj(b)) return true;
  if (emptyObj(a) || emptyObj(b)) return false;
  const ka = Object.keys(a).sort();
  const kb = Object.keys(b).sort();
  return ka.length === kb.length && ka.every((k, i) => k === kb[i] && sameScalar(a[k], b[k]));
}

const userMetadata = (m) => Object.fromEntries(Object.entries(m ?? {}).filter(([k]) => !RESERVED.has(k)));
const keptMetadata = (m) => Object.fromEntries(Object.entries(m ?? {}).filter(([k]) => RESERVED.has(k) && k !== 'model_tpm_limit' && k !== 'model_rpm_limit'));

/** Names of the differing fields. `soft_budget` is compared only where LiteLLM reports it. */
function differences(desired, actual, { alias } = {}) {
  const diff = [];
  if (alias && !sameScalar(desired[alias], actual[alias])) diff.push(alias);
  if (!sameSet(desired.models, actual.models)) diff.push('models');
  for (const f of ['max_budget', 'budget_duration', 'tpm_limit', 'rpm_limit']) if (!sameScalar(desired[f], actual[f])) diff.push(f);
  if ('soft_budget' in desired && actual && 'soft_budget' in actual && !sameScalar(desired.soft_budget, actual.soft_budget)) diff.push('soft_budget');
  const meta = actual.metadata ?? {};
  if (!sameRecord(desired.model_tpm_limit, meta.model_tpm_limit)) diff.push('model_tpm_limit');
  if (!sameRecord(desired.model_rpm_limit, meta.model_rpm_limit)) diff.push('model_rpm_limit');
  if (!sameRecord(desired.metadata, userMetadata(meta))) diff.push('metadata');
  return diff;
}

/**
 * The managed fields as a request body. Cleared fields are sent as null (LiteLLM's update routes dump
 * the request with exclude_unset, so an explicit null clears a column). `metadata` is sent whole so
 * stale keys of ours disappear, with LiteLLM's own metadata keys carried over.
 */
function managedBody(desired, actualMetadata) {
  const body = {
    models: [...desired.models],
    max_budget: desired.max_budget ?? null,
    budget_duration: desired.budget_duration ?? null,
    tpm_limit: desired.tpm_limit ?? null,
    rpm_limit: desired.rpm_limit ?? null,
    metadata: { ...keptMetadata(actualMetadata), ...desired.metadata },
  };
  if (desired.model_tpm_limit) body.model_tpm_limit = { ...desired.model_tpm_limit };
  if (desired.model_rpm_limit) body.model_rpm_limit = { ...desired.model_rpm_limit };
  return body;
}

/** The fields for a create request: nothing unset, nothing null. */
function createBody(desired) {
  const body = { models: [...desired.models], metadata: { ...desired.metadata } };
  for (const f of ['max_budget', 'budget_duration', 'soft_budget', 'tpm_limit', 'rpm_limit']) if (!unset(desired[f])) body[f] = desired[f];
  if (desired.model_tpm_limit) body.model_tpm_limit = { ...desired.model_tpm_limit };
  if (desired.model_rpm_limit) body.model_rpm_limit = { ...desired.model_rpm_limit };
  return body;
}

module.exports = { differences, managedBody, createBody, userMetadata, keptMetadata, RESERVED };
