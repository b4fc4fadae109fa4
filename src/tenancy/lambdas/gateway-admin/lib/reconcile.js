'use strict';
/*
 * The reconciler's pure core: one team's desired state + a LiteLLM client + secret stores -> actions.
 * No AWS, Kubernetes or GCP code here; adapters pass `stores` ({ read, write } per store kind).
 *
 * Idempotent by construction: the team is addressed by its caller-set team_id, keys by their alias;
 * every run reads the current state first and only writes what differs, so reruns after a crash or a
 * partial failure converge, and drift (someone editing a budget in the UI) is corrected on every run.
 *
 * Key values: generated here, written to the secret store BEFORE LiteLLM learns them (a crash in
 * between leaves a value in the store that the next run reuses), never returned, never logged.
 */
const { canonicalJson, sha256Hex } = require('./canonical');
const { differences, managedBody, createBody } = require('./compare');
const { newKeyValue, tokenOf, isKeyValue } = require('./keys');
const { MANAGED_BY, pendingAlias, retiredAlias, isRetiredAliasOf, baseAlias } = require('./naming');
const { redact } = require('./log');
const { generateIdempotent } = require('./idempotent');

const NAME = /^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/;

/** Structural check of an incoming document (the TS builder already validated it at synth). */
function documentProblems(doc) {
  const p = [];
  if (!doc || typeof doc !== 'object') return ['the event is not a desired-state document'];
  if (doc.schemaVersion !== 1) p.push(`schemaVersion ${JSON.stringify(doc.schemaVersion)} is not supported (expected 1)`);
  const t = doc.team;
  if (!t || typeof t !== 'object' || !NAME.test(t.team_id ?? '')) p.push('team.team_id is missing or not a team name');
  else if (!Array.isArray(t.models) || t.models.length === 0) p.push('team.models must list at least one model');
  if (!['retain', 'destroy'].includes(doc.removalPolicy)) p.push('removalPolicy must be retain or destroy');
  if (!Array.isArray(doc.keys)) p.push('keys must be an array');
  else {
    for (const k of doc.keys) {
      if (!k || typeof k.key_alias !== 'string' || !t || !k.key_alias.startsWith(`${t.team_id}/`) || k.key_alias.includes('@')) p.push(`key ${JSON.stringify(k && k.key_alias)} is not <team>/<feature> of this team`);
      else if (!k.secret || typeof k.secret.store !== 'string' || typeof k.secret.id !== 'string') p.push(`key ${k.key_alias} has no secret location`);
      else if (!Array.isArray(k.models) || k.models.length === 0) p.push(`key ${k.key_alias} must list at least one model`);
    }
  }
  return p;
}

/** sha256 of the document as the synthesized stack computed it (Terraform's lifecycle field excluded). */
function documentSha256(doc) {
  const { tf: _tf, ...rest } = doc;
  return sha256Hex(canonicalJson(rest));
}

async function reconcileTeamRecord(client, team, log) {
  const actual = await client.teamInfo(team.team_id);
  if (!actual) {
    try {
      await client.newTeam({ team_id: team.team_id, team_alias: team.team_alias, ...createBody(team) });
      log('team-created', { team_id: team.team_id });
      return 'created';
    } catch (e) {
      // "Team id = X already exists" (400): created by a run that crashed before it could record it.
      if (!(e.status === 400 && /already exists/i.test(e.message))) throw e;
      const again = await client.teamInfo(team.team_id);
      if (!again) throw e;
      return updateTeamIfNeeded(client, team, again, log);
    }
  }
  return updateTeamIfNeeded(client, team, actual, log);
}

async function updateTeamIfNeeded(client, team, actual, log) {
  const diff = differences(team, actual, { alias: 'team_alias' });
  if (diff.length === 0) return 'unchanged';
  const body = { team_id: team.team_id, team_alias: team.team_alias, ...managedBody(team, actual.metadata) };
  if (team.soft_budget !== undefined) body.soft_budget = team.soft_budget;
  await client.updateTeam(body);
  log('team-updated', { team_id: team.team_id, fields: diff });
  return 'updated';
}

/** Reads the store; an unreadable or malformed value counts as "no value" (the run replaces it). */
async function readStored(store, spec) {
  const v = await store.read(spec.secret);
  if (!v) return {};
  // Stores that hold only the key (GCP: Cloud Run env cannot pick a JSON field) take the alias from the document.
  const keyAlias = store.storesAlias === false ? spec.key_alias : v.keyAlias;
  return { apiKey: isKeyValue(v.apiKey) ? v.apiKey : undefined, keyAlias, pendingApiKey: isKeyValue(v.pendingApiKey) ? v.pendingApiKey : undefined };
}

/** A value for a new key: the one already in the store when LiteLLM does not know it, else a new one. */
async function valueForNewKey(client, store, spec, stored) {
  if (stored.apiKey && !(await client.keyInfo(tokenOf(stored.apiKey)))) {
    if (stored.keyAlias !== spec.key_alias) await store.write(spec.secret, { apiKey: stored.apiKey, keyAlias: spec.key_alias });
    return stored.apiKey;
  }
  const value = newKeyValue();
  await store.write(spec.secret, { apiKey: value, keyAlias: spec.key_alias });
  return value;
}

async function reconcileKey(ctx, spec, actual, teamKeys) {
  const { client, stores, teamId, now, graceSeconds, log } = ctx;
  const store = stores[spec.secret.store];
  if (!store) throw new Error(`no adapter for secret store ${spec.secret.store} in this runtime`);
  const stored = await readStored(store, spec);

  if (!actual) {
    if (teamKeys.some((k) => k.key_alias === pendingAlias(spec.key_alias))) return 'rotation-in-progress';
    const value = await valueForNewKey(client, store, spec, stored);
    await generateIdempotent(client, { key: value, key_alias: spec.key_alias, team_id: teamId, ...createBody(spec) });
    log('key-created', { key_alias: spec.key_alias });
    return 'created';
  }

  const inSync = stored.apiKey && tokenOf(stored.apiKey) === actual.token;
  if (!inSync) {
    // The active key finished a rotation's alias swap but the store has not moved to the new value yet.
    if (stored.pendingApiKey && tokenOf(stored.pendingApiKey) === actual.token) return 'rotation-in-progress';
    // The store lost or never had this key's value (restored backup, hand edit): callers cannot use the
    // key, so give it a new one. The old key keeps working through the grace period in case a caller
    // still holds it.
    const value = await valueForNewKey(client, store, spec, stored);
    await client.updateKey({ key: actual.token, key_alias: retiredAlias(spec.key_alias, now()), duration: `${graceSeconds}s` });
    await generateIdempotent(client, { key: value, key_alias: spec.key_alias, team_id: teamId, ...createBody(spec) });
    log('key-replaced', { key_alias: spec.key_alias, reason: stored.apiKey ? 'store value does not match the key' : 'store has no value' });
    return 'replaced';
  }
  if (stored.keyAlias !== spec.key_alias) await store.write(spec.secret, { apiKey: stored.apiKey, keyAlias: spec.key_alias });

  const diff = differences(spec, actual);
  if (actual.team_id !== teamId) diff.push('team_id');
  if (diff.length === 0) return 'unchanged';
  // key_alias is left out on purpose: re-sending a key's own alias on /key/update has been reported to
  // fail the global uniqueness check in some releases.
  await client.updateKey({ key: actual.token, team_id: teamId, ...managedBody(spec, actual.metadata) });
  log('key-updated', { key_alias: spec.key_alias, fields: diff });
  return 'updated';
}

/**
 * Applies one team's document. Never throws for a single key's failure: it continues with the other
 * keys and reports every error, so one bad key does not block the rest and a rerun finishes the job.
 *
 * @returns {Promise<{ status, sha256, team_id, counts, keys: {key_alias, action}[], errors: {key_alias?, message, status?}[] }>}
 */
async function reconcileTeam(doc, { client, stores, now = () => new Date(), graceSeconds = 86400, log = () => undefined }) {
  const problems = documentProblems(doc);
  if (problems.length > 0) {
    const e = new Error(`invalid desired state: ${problems.join('; ')}`);
    e.name = 'DesiredStateError';
    throw e;
  }
  const sha256 = documentSha256(doc);
  const teamId = doc.team.team_id;
  const counts = { created: 0, updated: 0, replaced: 0, unchanged: 0, deleted: 0, orphaned: 0, retiredCleaned: 0, inRotation: 0 };
  const keys = [];
  const errors = [];
  const result = (status) => ({ status, sha256, team_id: teamId, counts, keys, errors });

  if (doc.tf && doc.tf.action === 'delete') return removeTeam(doc, { client, log, counts, result });

  let teamAction;
  try {
    teamAction = await reconcileTeamRecord(client, doc.team, log);
  } catch (e) {
    errors.push({ message: redact(e.message), status: e.status });
    return result('failed');
  }

  let teamKeys;
  try {
    teamKeys = await client.listKeys({ teamId });
  } catch (e) {
    errors.push({ message: redact(e.message), status: e.status });
    return result('failed');
  }
  const byAlias = new Map(teamKeys.filter((k) => typeof k.key_alias === 'string').map((k) => [k.key_alias, k]));
  const ctx = { client, stores, teamId, now, graceSeconds, log };

  for (const spec of doc.keys) {
    try {
      const action = await reconcileKey(ctx, spec, byAlias.get(spec.key_alias), teamKeys);
      keys.push({ key_alias: spec.key_alias, action });
      if (action === 'rotation-in-progress') counts.inRotation++;
      else counts[action]++;
    } catch (e) {
      keys.push({ key_alias: spec.key_alias, action: 'failed' });
      errors.push({ key_alias: spec.key_alias, message: redact(e.message), status: e.status });
      log('key-failed', { key_alias: spec.key_alias, error: e.message });
    }
  }

  const desired = new Set(doc.keys.map((k) => k.key_alias));
  for (const k of teamKeys) {
    if (!k.metadata || k.metadata.managed_by !== MANAGED_BY || typeof k.key_alias !== 'string') continue;
    try {
      const base = baseAlias(k.key_alias);
      if (isRetiredAliasOf(k.key_alias, base)) {
        // A rotated-out key whose grace period is over can no longer authenticate: tidy it away.
        if (k.expires && Date.parse(k.expires) < now().getTime()) {
          await client.deleteKeys([k.token]);
          counts.retiredCleaned++;
        }
      } else if (k.key_alias === base && !desired.has(k.key_alias)) {
        if (doc.removalPolicy === 'destroy') {
          await client.deleteKeys([k.token]);
          keys.push({ key_alias: k.key_alias, action: 'deleted' });
          counts.deleted++;
          log('key-deleted', { key_alias: k.key_alias });
        } else {
          keys.push({ key_alias: k.key_alias, action: 'orphaned' });
          counts.orphaned++;
        }
      }
    } catch (e) {
      errors.push({ key_alias: k.key_alias, message: redact(e.message), status: e.status });
    }
  }
  keys.sort((a, b) => (a.key_alias < b.key_alias ? -1 : a.key_alias > b.key_alias ? 1 : 0));
  log('reconciled', { team_id: teamId, team: teamAction, counts, errors: errors.length });
  return result(errors.length > 0 ? 'failed' : 'applied');
}

/** Terraform destroys the team stack (aws_lambda_invocation lifecycle_scope CRUD sends tf.action=delete). */
async function removeTeam(doc, { client, log, counts, result }) {
  if (doc.removalPolicy !== 'destroy') {
    log('team-retained', { team_id: doc.team.team_id });
    return result('retained');
  }
  const actual = await client.teamInfo(doc.team.team_id);
  if (actual && actual.metadata && actual.metadata.managed_by === MANAGED_BY) {
    const keys = await client.listKeys({ teamId: doc.team.team_id });
    // /team/delete removes the team's keys too (team_endpoints.py delete_team: delete_data team_id_list key).
    await client.deleteTeams([doc.team.team_id]);
    counts.deleted = keys.length;
    log('team-deleted', { team_id: doc.team.team_id, keys: keys.length });
  }
  return result('deleted');
}

module.exports = { reconcileTeam, documentProblems, documentSha256 };
