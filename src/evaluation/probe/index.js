'use strict';
/*
 * AWS Lambda handler of the evaluation probe (`index.handler`, Node.js 22, in the gateway's VPC, invoked
 * by EventBridge Scheduler). Plain JavaScript with no dependencies beyond the runtime's AWS SDK v3.
 *
 * Environment:
 *   GATEWAY_URL               the gateway's caller endpoint (inference routes), e.g. https://llm.internal.example.com
 *   GATEWAY_TLS_SERVER_NAME?  the certificate's name when GATEWAY_URL uses another DNS name
 *   API_KEY_SECRET_ARN        the feature's key secret (JSON {"api_key": "...", "key_alias": "..."})
 *   API_KEY_SECRET_FIELD?     default api_key
 *   OTLP_METRICS_ENDPOINT?    e.g. http://<collector>:4318/v1/metrics, and/or
 *   PROMETHEUS_REMOTE_WRITE_URL?  e.g. the AMP workspace's .../api/v1/remote_write (SigV4 with the function
 *                             role's credentials; region from the host or PROMETHEUS_REMOTE_WRITE_SIGV4_REGION)
 *                             (neither set: the figures are only logged)
 *   EVAL_MANIFEST_FILE?       default eval/manifest.json in this directory; EVAL_DATASET_FILE? default from the manifest
 *   EVAL_LOG_CONTENT?         "true" only when the gateway allows message logging
 * Returns counts and ratios only.
 */
const { runProbe } = require('./lib/probe');
const { log, redact } = require('./lib/log');

let sm;
const secretsManager = () => sm ?? (sm = new (require('@aws-sdk/client-secrets-manager').SecretsManagerClient)({}));

async function readKey(env) {
  const arn = env.API_KEY_SECRET_ARN;
  if (!arn) throw new Error('environment variable API_KEY_SECRET_ARN is not set');
  const { GetSecretValueCommand } = require('@aws-sdk/client-secrets-manager');
  const out = await secretsManager().send(new GetSecretValueCommand({ SecretId: arn }));
  const text = out.SecretString ?? '';
  const field = env.API_KEY_SECRET_FIELD || 'api_key';
  let value;
  try {
    value = JSON.parse(text)[field];
  } catch {
    value = undefined;
  }
  if (typeof value !== 'string' || value === '') throw new Error(`the key secret has no '${field}' yet: the tenancy reconciler writes it when the feature's key is created`);
  return value;
}

exports.handler = async (_event, context) => {
  try {
    const { summary } = await runProbe(process.env, { apiKey: () => readKey(process.env), instanceId: context && context.awsRequestId });
    return summary;
  } catch (e) {
    const message = redact(e && e.message ? e.message : String(e));
    log('evaluation-failed', { error: message });
    throw new Error(message);
  }
};
