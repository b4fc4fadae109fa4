'use strict';
/*
 * Container entry of the evaluation probe (`node container.js`): a Kubernetes CronJob or a Cloud Run job
 * (node:22 image, this directory mounted read-only). Exits 0 after a completed run — whatever the pass
 * rate, which alerts judge — and 1 when the run or the metrics export failed, so the job reports it.
 *
 * Environment: GATEWAY_URL, GATEWAY_TLS_SERVER_NAME?, OTLP_METRICS_ENDPOINT? (and/or PROMETHEUS_REMOTE_WRITE_URL?
 * with SigV4 from AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY/AWS_SESSION_TOKEN), EVAL_MANIFEST_FILE?,
 * EVAL_DATASET_FILE?, EVAL_LOG_CONTENT?, and the feature's key as
 *   API_KEY         (Kubernetes: secretKeyRef; Cloud Run: a Secret Manager secret as env), or
 *   API_KEY_FILE    (a mounted secret file)
 *   GATEWAY_ID_TOKEN_AUDIENCE?  GCP: the gateway is a private Cloud Run service; a metadata-server identity
 *                   token for this audience goes in X-Serverless-Authorization (Authorization carries the key)
 *   OTLP_METRICS_AUTH_TYPE?  `google`: the OTLP export carries an OAuth access token of the job's service account
 *                   from the metadata server (Cloud Monitoring's Telemetry API, https://telemetry.googleapis.com/v1/metrics)
 *   OTEL_RESOURCE_ATTRIBUTES?  resource attributes of the OTLP export (`k=v,k=v`)
 */
const fs = require('node:fs');
const { runProbe } = require('./lib/probe');
const { httpRequest } = require('./lib/http');
const { log, redact, registerSecret } = require('./lib/log');

async function apiKey(env) {
  if (env.API_KEY) return env.API_KEY;
  if (env.API_KEY_FILE) return fs.readFileSync(env.API_KEY_FILE, 'utf8');
  throw new Error('set API_KEY or API_KEY_FILE to the feature key');
}

function identityHeaders(env, transport) {
  if (!env.GATEWAY_ID_TOKEN_AUDIENCE) return undefined;
  let cached;
  return async () => {
    if (!cached || cached.expires < Date.now()) {
      const url = `http://metadata.google.internal/computeMetadata/v1/instance/service-accounts/default/identity?audience=${encodeURIComponent(env.GATEWAY_ID_TOKEN_AUDIENCE)}&format=full`;
      const res = await transport({ url, headers: { 'metadata-flavor': 'Google' }, timeoutMs: 5000 });
      if (res.status !== 200) throw new Error(`metadata server identity token -> HTTP ${res.status}`);
      cached = { value: res.text.trim(), expires: Date.now() + 50 * 60000 };
    }
    return { 'x-serverless-authorization': `Bearer ${cached.value}` };
  };
}

/**
 * Headers for the OTLP export. `google`: `authorization: Bearer <access token>` of the instance's service account
 * (metadata server `instance/service-accounts/default/token`, JSON `{access_token, expires_in, token_type}`), fetched
 * per run — a run is shorter than the token's hour — and kept out of every log line.
 */
function metricsHeaders(env, transport) {
  const type = env.OTLP_METRICS_AUTH_TYPE;
  if (!type) return undefined;
  if (type !== 'google') throw new Error(`OTLP_METRICS_AUTH_TYPE=${type} is not supported (use google, or leave it unset)`);
  return async () => {
    const url = 'http://metadata.google.internal/computeMetadata/v1/instance/service-accounts/default/token';
    const res = await transport({ url, headers: { 'metadata-flavor': 'Google' }, timeoutMs: 5000 });
    if (res.status !== 200) throw new Error(`metadata server access token -> HTTP ${res.status}`);
    let token;
    try {
      token = JSON.parse(res.text).access_token;
    } catch {
      token = undefined;
    }
    if (typeof token !== 'string' || token === '') throw new Error('metadata server access token: no access_token in the response');
    registerSecret(token);
    return { authorization: `Bearer ${token}` };
  };
}

async function main(env = process.env, deps = {}) {
  const transport = deps.transport ?? httpRequest;
  try {
    await runProbe(env, {
      apiKey: () => apiKey(env), extraHeaders: identityHeaders(env, transport), metricsHeaders: metricsHeaders(env, transport),
      transport: deps.transport, sleep: deps.sleep, now: deps.now, log: deps.log, instanceId: env.HOSTNAME,
    });
    return 0;
  } catch (e) {
    (deps.log ?? log)('evaluation-failed', { error: redact(e && e.message ? e.message : String(e)) });
    return 1;
  }
}

module.exports = { main, metricsHeaders };

if (require.main === module) {
  main().then((code) => {
    process.exitCode = code;
  });
}
