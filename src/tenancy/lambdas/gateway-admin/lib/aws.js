'use strict';
/*
 * AWS adapters: Secrets Manager (feature-key store, master-key candidates, rotation versions), ECS
 * (rolling restart) and ElastiCache (AUTH token). The AWS SDK v3 ships with the Lambda Node.js
 * runtimes; clients are created on first use so a handler loads only what it needs.
 */
const { createHash } = require('node:crypto');

let sm;
let ecs;
let elasticache;
const secretsManager = () => sm ?? (sm = new (require('@aws-sdk/client-secrets-manager').SecretsManagerClient)({}));
const ecsClient = () => ecs ?? (ecs = new (require('@aws-sdk/client-ecs').ECSClient)({}));
const elastiCacheClient = () => elasticache ?? (elasticache = new (require('@aws-sdk/client-elasticache').ElastiCacheClient)({}));
const smCmd = (name, input) => new (require('@aws-sdk/client-secrets-manager')[name])(input);

/** SecretString of one version, or null when that version/stage does not exist. */
async function getSecretString(secretId, { versionId, stage } = {}) {
  try {
    const out = await secretsManager().send(smCmd('GetSecretValueCommand', { SecretId: secretId, VersionId: versionId, VersionStage: stage }));
    return out.SecretString ?? null;
  } catch (e) {
    if (e.name === 'ResourceNotFoundException') return null;
    throw e;
  }
}

function parseFeatureSecret(text) {
  if (!text) return null;
  try {
    const v = JSON.parse(text);
    return { apiKey: v.api_key, keyAlias: v.key_alias };
  } catch {
    return {};
  }
}

const featureSecretString = ({ apiKey, keyAlias }) => JSON.stringify({ api_key: apiKey, key_alias: keyAlias });

/** A UUID-shaped idempotency token derived from the content, so a retried write adds no version. */
function contentToken(text) {
  const h = createHash('sha256').update(text).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/** Feature-key store on Secrets Manager: JSON {"api_key","key_alias"} (SecretRef field api_key). */
const awsFeatureKeyStore = {
  async read(location) {
    const current = parseFeatureSecret(await getSecretString(location.id, { stage: 'AWSCURRENT' }));
    const pending = parseFeatureSecret(await getSecretString(location.id, { stage: 'AWSPENDING' }));
    if (!current && !pending) return null;
    return { ...(current ?? {}), pendingApiKey: pending ? pending.apiKey : undefined };
  },
  async write(location, value) {
    const text = featureSecretString(value);
    await secretsManager().send(smCmd('PutSecretValueCommand', { SecretId: location.id, SecretString: text, ClientRequestToken: contentToken(text) }));
  },
};

/** Master key candidates in the order callers should try them while gateway tasks roll. */
async function masterKeyCandidates(secretId) {
  const out = [];
  for (const stage of ['AWSCURRENT', 'AWSPREVIOUS', 'AWSPENDING']) {
    const v = await getSecretString(secretId, { stage });
    if (v) out.push(v.trim());
  }
  return out;
}

/* ---------- rotation plumbing (the four steps of a Secrets Manager rotation function) ---------- */

async function describeSecret(secretId) {
  return secretsManager().send(smCmd('DescribeSecretCommand', { SecretId: secretId }));
}

async function putPending(secretId, token, text) {
  await secretsManager().send(smCmd('PutSecretValueCommand', { SecretId: secretId, ClientRequestToken: token, SecretString: text, VersionStages: ['AWSPENDING'] }));
}

async function versionCreatedDate(secretId, versionId) {
  let next;
  do {
    const out = await secretsManager().send(smCmd('ListSecretVersionIdsCommand', { SecretId: secretId, NextToken: next }));
    const v = (out.Versions ?? []).find((x) => x.VersionId === versionId);
    if (v) return new Date(v.CreatedDate);
    next = out.NextToken;
  } while (next);
  throw new Error(`version ${versionId} not found`);
}

/** Moves AWSCURRENT to `token` (a no-op when it is there already). */
async function promoteVersion(secretId, token, versions) {
  const current = Object.keys(versions).find((v) => (versions[v] ?? []).includes('AWSCURRENT'));
  if (current === token) return 'already-current';
  await secretsManager().send(smCmd('UpdateSecretVersionStageCommand', { SecretId: secretId, VersionStage: 'AWSCURRENT', MoveToVersionId: token, RemoveFromVersionId: current }));
  return 'promoted';
}

/**
 * Validates the event against the secret's versions (the checks AWS's rotation templates make) and
 * runs one step. A version that is already AWSCURRENT needs nothing but finishSecret, which must still
 * complete its side effects when it is retried.
 */
async function runRotationStep(event, steps, log) {
  const { SecretId: secretId, ClientRequestToken: token, Step: step } = event ?? {};
  if (!secretId || !token || !steps[step]) throw new Error(`not a Secrets Manager rotation event (step ${JSON.stringify(step)})`);
  const meta = await describeSecret(secretId);
  if (meta.RotationEnabled === false) throw new Error(`rotation is not enabled on secret ${meta.Name ?? secretId}`);
  const versions = meta.VersionIdsToStages ?? {};
  const stages = versions[token];
  if (!stages) throw new Error(`secret version ${token} has no stage: not part of this rotation`);
  if (stages.includes('AWSCURRENT') && step !== 'finishSecret') {
    log('rotation-step-skipped', { step, reason: 'version already AWSCURRENT' });
    return;
  }
  if (!stages.includes('AWSPENDING') && !stages.includes('AWSCURRENT')) throw new Error(`secret version ${token} is not AWSPENDING`);
  log('rotation-step', { step, secret: meta.Name });
  await steps[step]({ secretId, token, versions, name: meta.Name });
  log('rotation-step-done', { step, secret: meta.Name });
}

/* ---------- ECS rolling restart ---------- */

async function primaryDeployment(cluster, service) {
  const { DescribeServicesCommand } = require('@aws-sdk/client-ecs');
  const out = await ecsClient().send(new DescribeServicesCommand({ cluster, services: [service] }));
  const svc = (out.services ?? [])[0];
  if (!svc) throw new Error(`ECS service ${service} not found in ${cluster}`);
  return { svc, primary: (svc.deployments ?? []).find((d) => d.status === 'PRIMARY') };
}

/**
 * Starts a rolling restart unless one began after `since` (the new secret version's creation): tasks
 * started by it resolve the secret again, so a retried finishSecret does not restart twice.
 */
async function ensureRolled(cluster, service, since) {
  const { primary } = await primaryDeployment(cluster, service);
  if (primary && primary.createdAt && new Date(primary.createdAt) >= since) return 'already-rolling';
  const { UpdateServiceCommand } = require('@aws-sdk/client-ecs');
  await ecsClient().send(new UpdateServiceCommand({ cluster, service, forceNewDeployment: true }));
  return 'started';
}

/** Waits until the newest deployment has replaced every task, or throws at the deadline. */
async function waitRolled(cluster, service, deadlineMs, sleep, intervalMs = 15000) {
  for (;;) {
    const { svc, primary } = await primaryDeployment(cluster, service);
    if (primary && primary.rolloutState === 'FAILED') throw new Error(`deployment of ${service} failed: ${primary.rolloutStateReason ?? ''}`);
    if (primary && primary.rolloutState === 'COMPLETED' && (svc.deployments ?? []).length === 1) return;
    if (Date.now() + intervalMs > deadlineMs) throw new Error(`deployment of ${service} still in progress; the step will be retried`);
    await sleep(intervalMs);
  }
}

/* ---------- ElastiCache ---------- */

async function replicationGroupStatus(id) {
  const { DescribeReplicationGroupsCommand } = require('@aws-sdk/client-elasticache');
  const out = await elastiCacheClient().send(new DescribeReplicationGroupsCommand({ ReplicationGroupId: id }));
  return ((out.ReplicationGroups ?? [])[0] ?? {}).Status;
}

async function waitAvailable(id, deadlineMs, sleep, intervalMs = 15000) {
  for (;;) {
    const status = await replicationGroupStatus(id);
    if (status === 'available') return;
    if (Date.now() + intervalMs > deadlineMs) throw new Error(`replication group ${id} is ${status}; the step will be retried`);
    await sleep(intervalMs);
  }
}

/** AuthTokenUpdateStrategy ROTATE adds a token (both valid); SET keeps only the given one. */
async function modifyAuthToken(id, token, strategy) {
  const { ModifyReplicationGroupCommand } = require('@aws-sdk/client-elasticache');
  await elastiCacheClient().send(new ModifyReplicationGroupCommand({ ReplicationGroupId: id, AuthToken: token, AuthTokenUpdateStrategy: strategy, ApplyImmediately: true }));
}

module.exports = {
  getSecretString, parseFeatureSecret, featureSecretString, awsFeatureKeyStore, masterKeyCandidates,
  putPending, promoteVersion, versionCreatedDate, runRotationStep, ensureRolled, waitRolled,
  waitAvailable, modifyAuthToken, contentToken,
};
