'use strict';
/*
 * A run's figures as OTLP/HTTP JSON metrics (opentelemetry-proto ExportMetricsServiceRequest, JSON
 * mapping: lowerCamelCase fields, 64-bit integers as decimal strings), posted to a collector's
 * `/v1/metrics` and written from there to the platform's Prometheus.
 *
 * Every metric is a gauge of the last run. A scheduled probe is a short-lived process (a Lambda
 * invocation, a Job pod): it cannot keep a cumulative counter, and Prometheus remote write drops delta
 * sums. Alerts read these with `last_over_time(...[<2 x interval>])`, so a missed run shows as absence
 * (`llm_eval_last_run_timestamp_seconds` goes stale) rather than as a stale pass rate.
 *
 * Units are left empty on purpose: the collector's Prometheus translation appends a unit suffix derived
 * from `unit` (and `_ratio` for gauges of unit "1"); the names below already carry their unit, so they
 * arrive in Prometheus exactly as written.
 */
const { httpRequest } = require('./http');

/** Metric names (Prometheus names, as they arrive). Labels: gateway, team, feature, api_key_alias, model. */
const METRICS = Object.freeze({
  passRatio: 'llm_eval_pass_ratio',
  minPassRatio: 'llm_eval_min_pass_ratio',
  cases: 'llm_eval_cases',
  errors: 'llm_eval_errors',
  checkPassRatio: 'llm_eval_check_pass_ratio',
  latencyP50: 'llm_eval_latency_p50_seconds',
  latencyP95: 'llm_eval_latency_p95_seconds',
  costUsd: 'llm_eval_cost_usd',
  tokens: 'llm_eval_tokens',
  lastRun: 'llm_eval_last_run_timestamp_seconds',
  runDuration: 'llm_eval_run_duration_seconds',
  deploymentPassRatio: 'llm_eval_deployment_pass_ratio',
  deploymentCases: 'llm_eval_deployment_cases',
  deploymentLatencyP95: 'llm_eval_deployment_latency_p95_seconds',
  deploymentCostUsd: 'llm_eval_deployment_cost_usd',
});

const DESCRIPTIONS = {
  [METRICS.passRatio]: 'Share of golden cases that passed every check in the last evaluation run (errors count as not passed)',
  [METRICS.minPassRatio]: "The feature's minPassRate (compare llm_eval_pass_ratio against it)",
  [METRICS.cases]: 'Golden cases in the last run by outcome (pass, fail, error)',
  [METRICS.errors]: 'Cases of the last run without a usable response, by kind',
  [METRICS.checkPassRatio]: 'Share of evaluated cases that passed one check in the last run',
  [METRICS.latencyP50]: 'Median response latency of the last run (client side, seconds)',
  [METRICS.latencyP95]: '95th percentile response latency of the last run (client side, seconds)',
  [METRICS.costUsd]: 'Cost of the last run in USD as reported by the gateway (responses + judge)',
  [METRICS.tokens]: 'Tokens used by the last run, by type (prompt, completion)',
  [METRICS.lastRun]: 'Unix time the last evaluation run finished',
  [METRICS.runDuration]: 'Wall time of the last evaluation run (seconds)',
  [METRICS.deploymentPassRatio]: 'Pass ratio of the last run per serving deployment (x-litellm-model-id)',
  [METRICS.deploymentCases]: 'Cases of the last run served by each deployment',
  [METRICS.deploymentLatencyP95]: '95th percentile latency of the last run per deployment (seconds)',
  [METRICS.deploymentCostUsd]: 'Cost of the last run per deployment in USD',
};

const str = (key, value) => ({ key, value: { stringValue: String(value) } });

/**
 * @param {object} result a runEvaluation result
 * @param {{ serviceInstanceId?: string }} [options]
 */
function metricsRequest(result, options = {}) {
  const s = result.summary;
  const time = String(BigInt(Date.parse(result.finishedAt)) * 1000000n);
  const base = [str('gateway', result.gateway), str('team', result.team), str('feature', result.feature), str('api_key_alias', result.keyAlias), str('model', result.model)];
  const metrics = new Map();
  const point = (name, value, extra = []) => {
    if (value === null || value === undefined || !Number.isFinite(value)) return;
    if (!metrics.has(name)) metrics.set(name, []);
    metrics.get(name).push({ attributes: [...base, ...extra], timeUnixNano: time, asDouble: value });
  };
  point(METRICS.passRatio, s.passRatio);
  point(METRICS.minPassRatio, s.minPassRate);
  point(METRICS.cases, s.passed, [str('outcome', 'pass')]);
  point(METRICS.cases, s.failed, [str('outcome', 'fail')]);
  point(METRICS.cases, s.errors, [str('outcome', 'error')]);
  for (const [kind, n] of Object.entries(s.errorKinds)) point(METRICS.errors, n, [str('kind', kind)]);
  for (const c of s.checks.filter((x) => x.scope === 'feature')) point(METRICS.checkPassRatio, c.passRatio, [str('check', c.id), str('check_kind', c.kind)]);
  point(METRICS.latencyP50, s.latency.p50Ms === null ? null : s.latency.p50Ms / 1000);
  point(METRICS.latencyP95, s.latency.p95Ms === null ? null : s.latency.p95Ms / 1000);
  point(METRICS.costUsd, s.cost.totalUsd);
  point(METRICS.tokens, s.tokens.prompt, [str('type', 'prompt')]);
  point(METRICS.tokens, s.tokens.completion, [str('type', 'completion')]);
  point(METRICS.lastRun, Date.parse(result.finishedAt) / 1000);
  point(METRICS.runDuration, result.durationMs / 1000);
  for (const d of s.deployments) {
    const dep = [str('deployment', d.deployment)];
    point(METRICS.deploymentPassRatio, d.passRatio, dep);
    point(METRICS.deploymentCases, d.cases, dep);
    point(METRICS.deploymentLatencyP95, d.latencyP95Ms === null ? null : d.latencyP95Ms / 1000, dep);
    point(METRICS.deploymentCostUsd, d.costUsd, dep);
  }
  const resource = [str('service.name', 'llm-eval-probe'), ...(options.serviceInstanceId ? [str('service.instance.id', options.serviceInstanceId)] : [])];
  return {
    resourceMetrics: [{
      resource: { attributes: resource },
      scopeMetrics: [{
        scope: { name: 'cdktf-llm-platform/evaluation', version: '1' },
        metrics: [...metrics.entries()].map(([name, dataPoints]) => ({ name, description: DESCRIPTIONS[name], unit: '', gauge: { dataPoints } })),
      }],
    }],
  };
}

/**
 * Posts the request to an OTLP/HTTP endpoint (`http://collector:4318/v1/metrics`). Rejects on a non-2xx
 * status or a partial success that rejected data points, so the probe's invocation fails visibly.
 */
async function publishMetrics(endpoint, request, { transport = httpRequest, timeoutMs = 10000, tlsServerName } = {}) {
  const res = await transport({ url: endpoint, method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(request), timeoutMs, tlsServerName });
  if (res.status < 200 || res.status >= 300) throw new Error(`OTLP export to ${endpoint.replace(/\?.*$/, '')} -> HTTP ${res.status}`);
  let body = {};
  try {
    body = res.text ? JSON.parse(res.text) : {};
  } catch {
    body = {};
  }
  const rejected = Number(body && body.partialSuccess && body.partialSuccess.rejectedDataPoints);
  if (Number.isFinite(rejected) && rejected > 0) throw new Error(`OTLP export: the collector rejected ${rejected} data points`);
  return { status: res.status, points: request.resourceMetrics[0].scopeMetrics[0].metrics.reduce((n, m) => n + m.gauge.dataPoints.length, 0) };
}

module.exports = { METRICS, metricsRequest, publishMetrics };
