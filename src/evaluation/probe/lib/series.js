'use strict';
/*
 * The figures of one evaluation run as Prometheus-style series (name, labels, value), shared by the two
 * exporters (OTLP/HTTP JSON to a collector, Prometheus remote write straight to the backend).
 *
 * Every series is a gauge of the last run. A scheduled probe is a short-lived process (a Lambda
 * invocation, a Job pod): it cannot keep a cumulative counter across runs, and remote write drops delta
 * sums. Alerts read these with `last_over_time(x[<2 x interval>])`, so a missed run shows as absence
 * (`llm_eval_last_run_timestamp_seconds` goes stale) rather than as a stale pass rate.
 */

/** Metric names. Labels on all: gateway, team, feature, api_key_alias, model. */
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

/**
 * @param {object} result a runEvaluation result
 * @returns {{ timestampMs: number, points: { name: string, description: string, labels: Record<string,string>, value: number }[] }}
 *   points in a fixed order; a figure that is unknown (no latency sample) is left out rather than sent as NaN.
 */
function runSeries(result) {
  const s = result.summary;
  const base = { gateway: result.gateway, team: result.team, feature: result.feature, api_key_alias: result.keyAlias, model: result.model };
  const points = [];
  const point = (name, value, extra = {}) => {
    if (value === null || value === undefined || !Number.isFinite(value)) return;
    points.push({ name, description: DESCRIPTIONS[name], labels: { ...base, ...extra }, value });
  };
  const seconds = (ms) => (ms === null ? null : ms / 1000);
  point(METRICS.passRatio, s.passRatio);
  point(METRICS.minPassRatio, s.minPassRate);
  point(METRICS.cases, s.passed, { outcome: 'pass' });
  point(METRICS.cases, s.failed, { outcome: 'fail' });
  point(METRICS.cases, s.errors, { outcome: 'error' });
  for (const [kind, n] of Object.entries(s.errorKinds)) point(METRICS.errors, n, { kind });
  for (const c of s.checks.filter((x) => x.scope === 'feature')) point(METRICS.checkPassRatio, c.passRatio, { check: c.id, check_kind: c.kind });
  point(METRICS.latencyP50, seconds(s.latency.p50Ms));
  point(METRICS.latencyP95, seconds(s.latency.p95Ms));
  point(METRICS.costUsd, s.cost.totalUsd);
  point(METRICS.tokens, s.tokens.prompt, { type: 'prompt' });
  point(METRICS.tokens, s.tokens.completion, { type: 'completion' });
  point(METRICS.lastRun, Date.parse(result.finishedAt) / 1000);
  point(METRICS.runDuration, result.durationMs / 1000);
  for (const d of s.deployments) {
    const dep = { deployment: d.deployment };
    point(METRICS.deploymentPassRatio, d.passRatio, dep);
    point(METRICS.deploymentCases, d.cases, dep);
    point(METRICS.deploymentLatencyP95, seconds(d.latencyP95Ms), dep);
    point(METRICS.deploymentCostUsd, d.costUsd, dep);
  }
  return { timestampMs: Date.parse(result.finishedAt), points };
}

module.exports = { METRICS, DESCRIPTIONS, runSeries };
