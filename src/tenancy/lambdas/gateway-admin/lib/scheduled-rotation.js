'use strict';
/*
 * Scheduled rotation for runtimes without Secrets Manager rotation (Kubernetes CronJob, Cloud Run Job
 * on a Cloud Scheduler trigger): the same prepare / test / store / promote steps as the AWS rotation
 * function, run in sequence, resumable from LiteLLM's state after a crash.
 */
const { prepareKey, testKey, discardKey, promoteKey } = require('./feature-keys');
const { newKeyValue, tokenOf, isKeyValue } = require('./keys');
const { pendingAlias } = require('./naming');

const DAY_MS = 86400000;

/**
 * Rotates one feature key when it is older than `spec.rotation_days` (or `force`).
 * @returns {Promise<'rotated'|'resumed'|'not-due'|'no-value'|'unknown-key'>}
 */
async function rotateFeatureKeyIfDue({ client, store, spec, now = () => new Date(), graceSeconds, force = false, log = () => undefined }) {
  const alias = spec.key_alias;
  const stored = await store.read(spec.secret);
  const current = stored && stored.apiKey;
  if (!isKeyValue(current)) return 'no-value';
  const info = await client.keyInfo(tokenOf(current));
  if (!info) return 'unknown-key';
  if (info.key_alias === pendingAlias(alias)) {
    // A previous run stored the new value and stopped before promoting it: finish that rotation.
    await promoteKey(client, { alias, newValue: current, graceSeconds, now, log });
    return 'resumed';
  }
  if (info.key_alias !== alias) return 'unknown-key';
  const created = info.created_at ? Date.parse(info.created_at) : NaN;
  if (!force && Number.isFinite(created) && now().getTime() - created < spec.rotation_days * DAY_MS) return 'not-due';

  const fresh = newKeyValue();
  await prepareKey(client, { alias, newValue: fresh, log });
  try {
    await testKey(client, { alias, newValue: fresh });
  } catch (e) {
    await discardKey(client, { newValue: fresh });
    throw new Error(`rotation of ${alias} stopped at the test, the current key stays active: ${e.message}`);
  }
  // From here on callers read the new value; the old key keeps working until promoted + grace period.
  await store.write(spec.secret, { apiKey: fresh, keyAlias: alias });
  await promoteKey(client, { alias, newValue: fresh, graceSeconds, now, log });
  return 'rotated';
}

/** Kubernetes: new master key into the gateway Secret (old one kept as previous-master-key), then restart. */
async function rotateMasterKeyKubernetes({ client, k8s, secret, field = 'master-key', deployment, now = () => new Date(), log = () => undefined }) {
  await client.teamInfo('rotation-probe-0'); // gateway up and accepting the current master key
  const [ns, name] = secret.split('/');
  const data = (await k8s.readSecret(ns, name)) ?? {};
  const old = data[field];
  await k8s.writeSecret(ns, name, { [field]: newKeyValue(), ...(old ? { 'previous-master-key': old } : {}) });
  const [dns, dname] = deployment.split('/');
  await k8s.restartDeployment(dns, dname, now());
  log('master-key-rotated', { secret, deployment });
}

/** GCP: new Secret Manager version of the master key, then a new Cloud Run revision. */
async function rotateMasterKeyGcp({ client, gcp, secretId, service, now = () => new Date(), log = () => undefined }) {
  await client.teamInfo('rotation-probe-0');
  await gcp.addVersion(secretId, newKeyValue());
  await gcp.restartService(service, now());
  log('master-key-rotated', { secretId, service });
}

module.exports = { rotateFeatureKeyIfDue, rotateMasterKeyKubernetes, rotateMasterKeyGcp };
