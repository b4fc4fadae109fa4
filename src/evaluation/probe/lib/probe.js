'use strict';
/*
 * The scheduled probe, shared by the Lambda handler and the container entry: load the shipped manifest
 * and golden set, run them on the feature's key, publish the figures, log one summary line. Returns a
 * summary with counts and ratios only (a Lambda's return value is visible to whoever invokes it).
 */
const path = require('node:path');
const { loadEvaluation } = require('./load');
const { runEvaluation } = require('./run');
const { metricsRequest, parseResourceAttributes, publishMetrics } = require('./otlp');
const { publishRemoteWrite } = require('./remote-write');
const { log: defaultLog, registerSecret } = require('./log');

function required(env, name) {
  const v = env[name];
  if (v === undefined || v === '') throw new Error(`environment variable ${name} is not set`);
  return v;
}

/** Default location of the manifest inside the probe's code directory (see stageProbeAsset). */
const DEFAULT_MANIFEST = path.join(__dirname, '..', 'eval', 'manifest.json');

/**
 * @param {Record<string, string|undefined>} env
 * @param {{ apiKey: () => Promise<string>, extraHeaders?: () => Promise<Record<string,string>>,
 *           transport?: Function, sleep?: Function, now?: () => Date, log?: Function, instanceId?: string,
 *           credentials?: object, metricsHeaders?: () => Promise<Record<string,string>> }} deps   credentials: for SigV4
 *           (default: the Lambda environment's); metricsHeaders: extra headers of the OTLP export
 */
async function runProbe(env, deps) {
  const log = deps.log ?? defaultLog;
  const { manifest, cases, datasetSha256 } = loadEvaluation(env.EVAL_MANIFEST_FILE || DEFAULT_MANIFEST, env.EVAL_DATASET_FILE || undefined);
  const apiKey = (await deps.apiKey()).trim();
  registerSecret(apiKey);
  const result = await runEvaluation({
    manifest,
    cases,
    datasetSha256,
    client: {
      baseUrl: required(env, 'GATEWAY_URL'),
      apiKey,
      tlsServerName: env.GATEWAY_TLS_SERVER_NAME || undefined,
      extraHeaders: deps.extraHeaders,
      ...(deps.transport ? { transport: deps.transport } : {}),
      ...(deps.sleep ? { sleep: deps.sleep } : {}),
    },
    // Responses enter the log only where the gateway itself may log messages (set by the stack).
    includeContent: env.EVAL_LOG_CONTENT === 'true' && manifest.messageLogging === true,
    now: deps.now,
    log,
  });
  // Where the figures go: a collector (OTLP/HTTP JSON) and/or a remote-write endpoint (AMP, SigV4-signed).
  let published = 0;
  if (env.OTLP_METRICS_ENDPOINT) {
    const request = metricsRequest(result, { serviceInstanceId: deps.instanceId, resourceAttributes: parseResourceAttributes(env.OTEL_RESOURCE_ATTRIBUTES) });
    // A backend that authenticates the export (Cloud Monitoring's OTLP endpoint: an access token) gets its headers here.
    const headers = deps.metricsHeaders ? await deps.metricsHeaders() : {};
    const out = await publishMetrics(env.OTLP_METRICS_ENDPOINT, request, { transport: deps.transport, headers });
    published += out.points;
  }
  if (env.PROMETHEUS_REMOTE_WRITE_URL) {
    const out = await publishRemoteWrite(env.PROMETHEUS_REMOTE_WRITE_URL, result, { transport: deps.transport, sigv4Region: env.PROMETHEUS_REMOTE_WRITE_SIGV4_REGION || undefined, credentials: deps.credentials });
    published += out.series;
  }
  if (!env.OTLP_METRICS_ENDPOINT && !env.PROMETHEUS_REMOTE_WRITE_URL) {
    log('metrics-not-published', { reason: 'neither OTLP_METRICS_ENDPOINT nor PROMETHEUS_REMOTE_WRITE_URL is set' });
  }
  const s = result.summary;
  const summary = {
    status: 'completed',
    gateway: result.gateway,
    team: result.team,
    feature: result.feature,
    model: result.model,
    datasetSha256,
    cases: s.cases,
    passed: s.passed,
    failed: s.failed,
    errors: s.errors,
    passRatio: s.passRatio,
    minPassRate: s.minPassRate,
    meetsMinPassRate: s.meetsMinPassRate,
    latencyP95Ms: s.latency.p95Ms === null ? null : Math.round(s.latency.p95Ms),
    costUsd: s.cost.totalUsd,
    publishedPoints: published,
  };
  log('evaluation-run', { ...summary, ...(result.cases.some((c) => c.response !== undefined) ? { cases: result.cases } : {}) });
  return { summary, result };
}

module.exports = { runProbe, DEFAULT_MANIFEST };
