'use strict';
/*
 * Lambda handlers that run inside the gateway's VPC (one code asset, one function per handler, each
 * with its own role):
 *   index.reconcile              aws_lambda_invocation of a team stack: apply one team's desired state
 *   index.rotateFeatureKey       Secrets Manager rotation of a feature key secret
 *   index.rotateMasterKey        Secrets Manager rotation of the LiteLLM master key (+ rolling restart)
 *   index.rotateRedisAuthToken   Secrets Manager rotation of the ElastiCache AUTH token (+ rolling restart)
 * Plain JavaScript, no dependencies beyond the runtime (AWS SDK v3, node:*). Return values land in
 * Terraform state (reconcile) or nowhere (rotation): status, counts and hashes only, never a key.
 *
 * Environment: ADMIN_URL, ADMIN_TLS_SERVER_NAME?, MASTER_KEY_SECRET_ARN, GATEWAY_NAME,
 * GRACE_PERIOD_SECONDS? (feature keys, default 86400), ECS_CLUSTER + ECS_SERVICE (master key, redis),
 * REDIS_REPLICATION_GROUP_ID + REDIS_HOST + REDIS_PORT? (redis). Tuning (tests): ADMIN_RETRY_BASE_MS
 * (default 500), POLL_INTERVAL_MS (default 15000).
 */
const aws = require('./lib/aws');
const { createLiteLLMClient } = require('./lib/litellm');
const { reconcileTeam } = require('./lib/reconcile');
const { prepareKey, testKey, discardKey, promoteKey } = require('./lib/feature-keys');
const { newKeyValue, randomAlphanumeric, isKeyValue } = require('./lib/keys');
const { redisAuth } = require('./lib/redis-auth');
const { log, redact } = require('./lib/log');

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function env(name, fallback) {
  const v = process.env[name];
  if (v === undefined || v === '') {
    if (fallback !== undefined) return fallback;
    throw new Error(`environment variable ${name} is not set`);
  }
  return v;
}

function graceSeconds() {
  const v = Number(env('GRACE_PERIOD_SECONDS', '86400'));
  if (!Number.isInteger(v) || v < 60) throw new Error('GRACE_PERIOD_SECONDS must be a whole number of seconds, at least 60');
  return v;
}

function adminClient() {
  const secretArn = env('MASTER_KEY_SECRET_ARN');
  return createLiteLLMClient({
    baseUrl: env('ADMIN_URL'),
    tlsServerName: process.env.ADMIN_TLS_SERVER_NAME || undefined,
    masterKeys: () => aws.masterKeyCandidates(secretArn),
    baseDelayMs: Number(env('ADMIN_RETRY_BASE_MS', '500')),
    log,
  });
}

const pollMs = () => Number(env('POLL_INTERVAL_MS', '15000'));

/** Deadline for waits: leave 30 s of the invocation for cleanup and the error report. */
const deadline = (context) => Date.now() + Math.max(0, (context && context.getRemainingTimeInMillis ? context.getRemainingTimeInMillis() : 60000) - 30000);

/* ------------------------------- reconcile ------------------------------- */

exports.reconcile = async (event) => {
  const doc = typeof event === 'string' ? JSON.parse(event) : event;
  const gateway = env('GATEWAY_NAME');
  if (doc && doc.gateway !== gateway) throw new Error(`desired state is for gateway ${JSON.stringify(doc.gateway)}, this reconciler serves ${gateway}`);
  const result = await reconcileTeam(doc, {
    client: adminClient(),
    stores: { 'aws-secrets-manager': aws.awsFeatureKeyStore },
    graceSeconds: graceSeconds(),
    log,
  });
  if (result.status === 'failed') {
    // Fails the apply (aws_lambda_invocation reports FunctionError); a rerun converges.
    throw new Error(`team ${result.team_id}: ${result.errors.map((e) => `${e.key_alias ? `${e.key_alias}: ` : ''}${e.message}`).join(' | ')}`);
  }
  const { errors: _errors, ...stateSafe } = result;
  return stateSafe;
};

/* ------------------------- configuration-time testSecret ------------------------- */

/**
 * The value a testSecret step checks, and whether this is a configuration test. With `rotate_immediately = false`
 * (every schedule the platform creates), Secrets Manager does not rotate when rotation is configured: it "tests the
 * rotation configuration by running the testSecret step of the Lambda rotation function. The test creates an
 * AWSPENDING version of the secret and then removes it" (RotateSecret API, RotateImmediately). No createSecret or
 * setSecret ran, so the AWSPENDING version (the event's ClientRequestToken) holds no value: what must pass then is
 * the value in use, AWSCURRENT. A real rotation's testSecret always finds the value its createSecret stored.
 */
async function valueUnderTest(secretId, token) {
  const pending = await aws.getSecretString(secretId, { versionId: token });
  if (pending !== null) return { value: pending, configurationTest: false };
  const current = await aws.getSecretString(secretId, { stage: 'AWSCURRENT' });
  log('rotation-configuration-test', { reason: 'the AWSPENDING version has no value: testing the current one' });
  return { value: current, configurationTest: true };
}

/* --------------------------- feature key rotation --------------------------- */

async function featureValues(secretId, token) {
  const current = aws.parseFeatureSecret(await aws.getSecretString(secretId, { stage: 'AWSCURRENT' }));
  const pending = aws.parseFeatureSecret(await aws.getSecretString(secretId, { versionId: token }));
  return { current, pending };
}

exports.rotateFeatureKey = async (event) => {
  const client = adminClient();
  const grace = graceSeconds();
  await aws.runRotationStep(event, {
    async createSecret({ secretId, token }) {
      if (await aws.getSecretString(secretId, { versionId: token, stage: 'AWSPENDING' })) return;
      const current = aws.parseFeatureSecret(await aws.getSecretString(secretId, { stage: 'AWSCURRENT' }));
      if (!current || !current.keyAlias) throw new Error('the current secret value has no key_alias: the reconciler writes the first value');
      await aws.putPending(secretId, token, aws.featureSecretString({ apiKey: newKeyValue(), keyAlias: current.keyAlias }));
    },
    async setSecret({ secretId, token }) {
      const { pending } = await featureValues(secretId, token);
      if (!pending || !isKeyValue(pending.apiKey)) throw new Error('the pending secret value is not a key');
      await prepareKey(client, { alias: pending.keyAlias, newValue: pending.apiKey, log });
    },
    async testSecret({ secretId, token }) {
      const { value, configurationTest } = await valueUnderTest(secretId, token);
      if (configurationTest) {
        // The key in use must be the one LiteLLM knows under the alias; nothing new exists to clean up on failure.
        const current = aws.parseFeatureSecret(value);
        if (!current || !current.keyAlias || !isKeyValue(current.apiKey)) {
          throw new Error('rotation configuration test: the current secret value holds no key yet (the reconciler writes the first value before rotation is configured)');
        }
        try {
          await testKey(client, { alias: current.keyAlias, newValue: current.apiKey });
        } catch (e) {
          throw new Error(`rotation configuration test failed for ${current.keyAlias}: ${redact(e.message)}`);
        }
        return;
      }
      const pending = aws.parseFeatureSecret(value);
      if (!pending || !pending.keyAlias || !isKeyValue(pending.apiKey)) throw new Error('the pending secret value is not a key');
      try {
        await testKey(client, { alias: pending.keyAlias, newValue: pending.apiKey });
      } catch (e) {
        // The current key never changed; remove the new one so a later rotation starts clean.
        await discardKey(client, { newValue: pending.apiKey }).catch((d) => log('discard-failed', { error: d.message }));
        throw new Error(`testSecret failed for ${pending.keyAlias}, the current key stays active: ${redact(e.message)}`);
      }
    },
    async finishSecret({ secretId, token, versions }) {
      const { pending } = await featureValues(secretId, token);
      await promoteKey(client, { alias: pending.keyAlias, newValue: pending.apiKey, graceSeconds: grace, log });
      await aws.promoteVersion(secretId, token, versions);
    },
  }, log);
};

/* ---------------------------- master key rotation ---------------------------- */

exports.rotateMasterKey = async (event) => {
  await aws.runRotationStep(event, {
    async createSecret({ secretId, token }) {
      if (await aws.getSecretString(secretId, { versionId: token, stage: 'AWSPENDING' })) return;
      await aws.putPending(secretId, token, newKeyValue());
    },
    async setSecret() {
      // LiteLLM reads its master key from the environment at start-up; nothing is stored in LiteLLM.
      // Deliberately NOT /key/regenerate with new_master_key: that re-encrypts stored credentials with
      // the new master key, while LiteLLM decrypts with LITELLM_SALT_KEY whenever it is set
      // (encrypt_decrypt_utils._get_salt_key) — and the platform always sets it.
      log('master-key-set-noop', { reason: 'the new key takes effect when gateway tasks restart in finishSecret' });
    },
    async testSecret({ secretId, token }) {
      const { value, configurationTest } = await valueUnderTest(secretId, token);
      if (!isKeyValue(value)) throw new Error(`the ${configurationTest ? 'current' : 'pending'} master key does not look like sk-<48 alphanumerics>`);
      // The gateway must be up and accept the current master key before tasks are restarted onto a new
      // one: a 404 for an unknown team proves both (auth runs first).
      await adminClient().teamInfo('rotation-probe-0');
    },
    async finishSecret({ secretId, token, versions }) {
      const since = await aws.versionCreatedDate(secretId, token);
      await aws.promoteVersion(secretId, token, versions);
      const roll = await aws.ensureRolled(env('ECS_CLUSTER'), env('ECS_SERVICE'), since);
      log('gateway-restart', { state: roll });
    },
  }, log);
};

/* --------------------------- Redis AUTH token rotation --------------------------- */

function redisTarget() {
  return { host: env('REDIS_HOST'), port: Number(env('REDIS_PORT', '6379')) };
}

exports.rotateRedisAuthToken = async (event, context) => {
  const rg = env('REDIS_REPLICATION_GROUP_ID');
  await aws.runRotationStep(event, {
    async createSecret({ secretId, token }) {
      if (await aws.getSecretString(secretId, { versionId: token, stage: 'AWSPENDING' })) return;
      // ElastiCache AUTH tokens: 16-128 printable characters without @ " / — alphanumerics only.
      await aws.putPending(secretId, token, randomAlphanumeric(64));
    },
    async setSecret({ secretId, token }) {
      const pending = await aws.getSecretString(secretId, { versionId: token });
      if (await redisAuth({ ...redisTarget(), token: pending }).catch(() => false)) return;
      await aws.waitAvailable(rg, deadline(context), sleep, pollMs());
      await aws.modifyAuthToken(rg, pending, 'ROTATE');
      await aws.waitAvailable(rg, deadline(context), sleep, pollMs());
    },
    async testSecret({ secretId, token }) {
      const { value, configurationTest } = await valueUnderTest(secretId, token);
      if (!value) throw new Error(`redis ${rg}: the ${configurationTest ? 'current' : 'pending'} secret version holds no AUTH token`);
      for (let i = 0; ; i++) {
        if (await redisAuth({ ...redisTarget(), token: value }).catch(() => false)) return;
        if (i >= 4) {
          throw new Error(configurationTest
            ? `rotation configuration test: redis ${rg} refuses the current AUTH token`
            : `redis ${rg} refuses the new AUTH token; the current token stays in use`);
        }
        await sleep(pollMs());
      }
    },
    async finishSecret({ secretId, token, versions }) {
      const previousId = Object.keys(versions).find((v) => (versions[v] ?? []).includes('AWSCURRENT'));
      const previous = previousId && previousId !== token ? await aws.getSecretString(secretId, { versionId: previousId }) : await aws.getSecretString(secretId, { stage: 'AWSPREVIOUS' });
      const fresh = await aws.getSecretString(secretId, { versionId: token });
      const since = await aws.versionCreatedDate(secretId, token);
      await aws.promoteVersion(secretId, token, versions);
      await aws.ensureRolled(env('ECS_CLUSTER'), env('ECS_SERVICE'), since);
      await aws.waitRolled(env('ECS_CLUSTER'), env('ECS_SERVICE'), deadline(context), sleep, pollMs());
      // Every task now uses the new token: drop the old one (SET keeps only the given token).
      if (previous && (await redisAuth({ ...redisTarget(), token: previous }).catch(() => false))) {
        await aws.waitAvailable(rg, deadline(context), sleep, pollMs());
        await aws.modifyAuthToken(rg, fresh, 'SET');
      }
    },
  }, log);
};
