'use strict';
/*
 * Rotation of one feature key against LiteLLM OSS, in steps that map onto Secrets Manager's
 * createSecret / setSecret / testSecret / finishSecret and run in sequence in the GCP/Kubernetes job.
 *
 * `/key/regenerate` (which can keep the old key for a grace period) is Enterprise-only in LiteLLM
 * ("Regenerating Virtual Keys is an Enterprise feature", key_management_endpoints.py@00670428), so:
 *   prepare  - generate the new key with the settings of the current one, under `<alias>@pending`
 *   test     - the new key authenticates (GET /key/info as itself) and belongs to the same team
 *   discard  - a failed test deletes the new key; the current key is untouched
 *   promote  - the current key becomes `<alias>@retired-<stamp>` and expires after the grace period
 *              (`duration` on /key/update sets expires = now + duration); the new key takes the alias
 * Every step reads LiteLLM first and is safe to repeat.
 */
const { keptMetadata, userMetadata } = require('./compare');
const { tokenOf } = require('./keys');
const { pendingAlias, retiredAlias } = require('./naming');
const { generateIdempotent } = require('./idempotent');

/** The fields a new key copies from the current one (what the reconciler manages, plus parallel limit). */
function copiedSettings(info) {
  const body = { team_id: info.team_id, models: [...(info.models ?? [])], metadata: { ...userMetadata(info.metadata), ...keptMetadata(info.metadata) } };
  for (const f of ['max_budget', 'budget_duration', 'tpm_limit', 'rpm_limit', 'max_parallel_requests']) if (info[f] !== undefined && info[f] !== null) body[f] = info[f];
  const meta = info.metadata ?? {};
  if (meta.model_tpm_limit && Object.keys(meta.model_tpm_limit).length) body.model_tpm_limit = { ...meta.model_tpm_limit };
  if (meta.model_rpm_limit && Object.keys(meta.model_rpm_limit).length) body.model_rpm_limit = { ...meta.model_rpm_limit };
  return body;
}

async function findByAlias(client, alias) {
  const found = await client.listKeys({ keyAlias: alias });
  return found.find((k) => k.key_alias === alias);
}

/** Creates the new key (value `newValue`) as a copy of the key holding `alias`. */
async function prepareKey(client, { alias, newValue, log = () => undefined }) {
  const newToken = tokenOf(newValue);
  if (await client.keyInfo(newToken)) return 'exists';
  const current = await findByAlias(client, alias);
  if (!current) throw new Error(`no LiteLLM key holds the alias ${alias}: run the reconciler before rotating`);
  const stale = await findByAlias(client, pendingAlias(alias));
  if (stale && stale.token !== newToken) {
    // Left by an abandoned rotation whose value was never stored as current: nobody can be using it.
    await client.deleteKeys([stale.token]);
    log('stale-pending-key-deleted', { key_alias: alias });
  }
  await generateIdempotent(client, { key: newValue, key_alias: pendingAlias(alias), ...copiedSettings(current) });
  log('pending-key-created', { key_alias: alias });
  return 'created';
}

/** Throws unless `newValue` authenticates and is the pending or active key of `alias`'s team. */
async function testKey(client, { alias, newValue }) {
  const info = await client.selfKeyInfo(newValue);
  if (!info) throw new Error(`the new key for ${alias} is unknown to LiteLLM`);
  if (info.key_alias !== pendingAlias(alias) && info.key_alias !== alias) throw new Error(`the new key for ${alias} carries the alias ${info.key_alias}`);
  const team = alias.split('/')[0];
  if (info.team_id !== team) throw new Error(`the new key for ${alias} belongs to team ${info.team_id}, not ${team}`);
  if (info.blocked === true) throw new Error(`the new key for ${alias} is blocked`);
  if (info.expires && Date.parse(info.expires) <= Date.now()) throw new Error(`the new key for ${alias} has already expired`);
}

/** Removes the new key after a failed test; the active key keeps its alias and its value. */
async function discardKey(client, { newValue }) {
  const info = await client.keyInfo(tokenOf(newValue));
  if (info) await client.deleteKeys([tokenOf(newValue)]);
}

/** Moves `alias` to the new key; whichever other key held it retires with an expiry. */
async function promoteKey(client, { alias, newValue, graceSeconds, now = () => new Date(), log = () => undefined }) {
  const newToken = tokenOf(newValue);
  const fresh = await client.keyInfo(newToken);
  if (!fresh) throw new Error(`the new key for ${alias} is missing from LiteLLM: rotation cannot finish`);
  if (fresh.key_alias === alias) return 'already-promoted';
  const holder = await findByAlias(client, alias);
  if (holder && holder.token !== newToken) {
    await client.updateKey({ key: holder.token, key_alias: retiredAlias(alias, now()), duration: `${graceSeconds}s` });
    log('previous-key-retired', { key_alias: alias, graceSeconds });
  }
  await client.updateKey({ key: newToken, key_alias: alias });
  log('key-promoted', { key_alias: alias });
  return 'promoted';
}

module.exports = { prepareKey, testKey, discardKey, promoteKey, copiedSettings };
