/**
 * The PromQL behind the dashboard panels, as plain functions so tests can run each one through
 * promtool against synthetic series. Pure: no cdktf, no Grafana types.
 */
import {
  ERROR_MATCHER_SETS, LABELS, LIMIT_HIT_MATCHERS, LITELLM_METRICS, PROVIDER_RECORDS, VENDOR_THROTTLE_MATCHERS,
  byClause, recorded, sel, type SloScope,
} from '../slo';

/** The rate window of the "now" panels. */
export const PANEL_WINDOW = '5m';

/** `sum by (<by>) (rate(<metric>{<matchers>, <extra>}[w]))`. */
function rateBy(by: ReadonlyArray<string>, metric: string, matchers: string, extra = '', window = PANEL_WINDOW): string {
  return `sum ${byClause(by)} (rate(${sel(metric, matchers, extra)}[${window}]))`;
}

/** Error requests per second by `by`, over the union of the error matcher sets. */
function errorsBy(by: ReadonlyArray<string>, matchers: string, metric: string = LITELLM_METRICS.failedRequests, extra = ''): string {
  return `sum ${byClause(by)} (${ERROR_MATCHER_SETS.map((m) => `rate(${sel(metric, matchers, extra, m)}[${PANEL_WINDOW}])`).join(' or ')})`;
}

export const queries = {
  /** Requests per second by `by`. */
  requestsBy: (scope: SloScope, by: ReadonlyArray<string>) => rateBy(by, LITELLM_METRICS.requests, scope.matchers),
  /** Errors (SLO sense) per second, whole scope. */
  errorRate: (scope: SloScope) => recorded(scope, 'llm_request_errors', PANEL_WINDOW),
  /** Error ratio over a recording window. */
  errorRatio: (scope: SloScope, window: string) => recorded(scope, 'llm_request_error_ratio', window),
  /** Burn rate: error ratio over the window ÷ the error budget. */
  availabilityBurn: (scope: SloScope, window: string, budget: number) => `${recorded(scope, 'llm_request_error_ratio', window)} / ${budget}`,
  /** Share of successful requests within the latency threshold. */
  withinLatencyThreshold: (scope: SloScope, window: string) => `1 - ${recorded(scope, 'llm_latency_slow_ratio', window)}`,
  /** Error ratio by `by` (e.g. per feature or per model), 0 where there is traffic but no error. */
  errorRatioBy: (scope: SloScope, by: ReadonlyArray<string>) =>
    `(${errorsBy(by, scope.matchers)} or 0 * ${rateBy(by, LITELLM_METRICS.requests, scope.matchers)}) / ${rateBy(by, LITELLM_METRICS.requests, scope.matchers)}`,
  /** Failures per second by status and exception class (all failures, errors or not). */
  failuresByClass: (scope: SloScope) => rateBy([LABELS.exceptionStatus, LABELS.exceptionClass], LITELLM_METRICS.failedRequests, scope.matchers),
  /** Errors per second by provider and deployment. */
  deploymentErrors: (scope: SloScope) =>
    errorsBy([LABELS.provider, LABELS.deployment], scope.matchers, LITELLM_METRICS.deploymentFailures, `${LABELS.deployment}!=""`),
  /** Failure ratio per deployment, computed by the gateway's provider recording. */
  deploymentFailureRatio: (scope: SloScope) => sel(PROVIDER_RECORDS.failureRatio, scope.matchers),
  /** Failure ratio per deployment of the calls made for this scope (deployment metrics carry team and key). */
  deploymentFailureRatioFor: (scope: SloScope) => {
    const by = [LABELS.provider, LABELS.deployment];
    const picked = `${LABELS.deployment}!=""`;
    const failures = errorsBy(by, scope.matchers, LITELLM_METRICS.deploymentFailures, picked);
    const calls = rateBy(by, LITELLM_METRICS.deploymentRequests, scope.matchers, picked);
    return `(${failures} or 0 * ${calls}) / ${calls}`;
  },
  /** Deployment state: 0 healthy, 1 partial outage (last call failed), 2 cooling down (worst value across workers and replicas). */
  deploymentState: (gatewayMatchers: string) => `max ${byClause([LABELS.provider, LABELS.deployment])} (${sel(LITELLM_METRICS.deploymentState, gatewayMatchers)})`,
  /** Cooldowns per deployment over 15 minutes. */
  cooldowns: (gatewayMatchers: string) =>
    `sum ${byClause([LABELS.provider, LABELS.deployment])} (increase(${sel(LITELLM_METRICS.deploymentCooledDown, gatewayMatchers)}[15m]))`,
  /** Fallbacks per second by original and fallback model. */
  fallbacks: (scope: SloScope, successful: boolean) =>
    rateBy([LABELS.model, 'fallback_model'], successful ? LITELLM_METRICS.successfulFallbacks : LITELLM_METRICS.failedFallbacks, scope.matchers),
  /** Share of fallbacks that succeeded over the last hour (1 = fallback carries all failed primaries). */
  fallbackSuccessShare: (scope: SloScope) => {
    const ok = `sum(increase(${sel(LITELLM_METRICS.successfulFallbacks, scope.matchers)}[1h]))`;
    const failed = `sum(increase(${sel(LITELLM_METRICS.failedFallbacks, scope.matchers)}[1h]))`;
    return `${ok} / (${ok} + (${failed} or vector(0)))`;
  },
  /** LiteLLM's own quota 429s per second by `by`. */
  limitHitsBy: (scope: SloScope, by: ReadonlyArray<string>) => rateBy(by, LITELLM_METRICS.failedRequests, scope.matchers, LIMIT_HIT_MATCHERS),
  /** Provider 429s (throttling) per second by provider. */
  vendorThrottlesByProvider: (scope: SloScope) =>
    rateBy([LABELS.provider], LITELLM_METRICS.deploymentFailures, scope.matchers, VENDOR_THROTTLE_MATCHERS),
  /** p95 of end-to-end latency, seconds, by `by` (plus `le`). */
  latencyP95: (scope: SloScope, by: ReadonlyArray<string> = []) =>
    `histogram_quantile(0.95, sum ${byClause(['le', ...by])} (rate(${sel(LITELLM_METRICS.latencyBucket, scope.matchers)}[${PANEL_WINDOW}])))`,
  /** p95 time to first token (streaming), seconds, by model. */
  ttftP95: (scope: SloScope) => `histogram_quantile(0.95, sum by (le, model) (rate(${sel(LITELLM_METRICS.ttftBucket, scope.matchers)}[${PANEL_WINDOW}])))`,
  /** p95 overhead LiteLLM adds, seconds. */
  overheadP95: (scope: SloScope) => `histogram_quantile(0.95, sum by (le) (rate(${sel(LITELLM_METRICS.overheadBucket, scope.matchers)}[${PANEL_WINDOW}])))`,
  /** Tokens per second by `by`. */
  tokensBy: (scope: SloScope, by: ReadonlyArray<string>) => rateBy(by, LITELLM_METRICS.totalTokens, scope.matchers),
  /** Spend, USD per hour, by `by` (hourly average). */
  spendPerHourBy: (scope: SloScope, by: ReadonlyArray<string>) => `${rateBy(by, LITELLM_METRICS.spend, scope.matchers, '', '1h')} * 3600`,
  /** Spend over the last 24 hours, USD, by `by`. */
  spendLastDayBy: (scope: SloScope, by: ReadonlyArray<string>) => `sort_desc(sum ${byClause(by)} (increase(${sel(LITELLM_METRICS.spend, scope.matchers)}[1d])))`,
} as const;
