import { SLO_WINDOWS } from './burn-rate';
import { leMatcher } from './latency-buckets';
import { ERROR_MATCHER_SETS, LITELLM_METRICS } from './litellm-metrics';
import { byClause, promString, sel, type SloScope } from './scope';
import type { RecordingRule } from './types';

/** The recorded quantities, per window. */
export type SloQuantity =
  /** Requests per second that count against the availability SLO (0 when there is traffic but none failed). */
  | 'llm_request_errors'
  /** errors ÷ requests. */
  | 'llm_request_error_ratio'
  /** Successful requests per second slower than the latency threshold. */
  | 'llm_latency_slow'
  /** slow ÷ successful requests. */
  | 'llm_latency_slow_ratio';

/** Name of a recording: `<prefix>:<quantity>:rate<window>`, e.g. `gateway_team:llm_request_error_ratio:rate5m`. */
export function recordName(scope: SloScope, quantity: SloQuantity, window: string): string {
  return `${scope.recordPrefix}:${quantity}:rate${window}`;
}

/** The scope's recording, filtered to the scope (other gateways, teams or features record the same name). */
export function recorded(scope: SloScope, quantity: SloQuantity, window: string): string {
  return sel(recordName(scope, quantity, window), scope.matchers);
}

/**
 * `expr` with the scope's canonical label set to its canonical value (a rotation alias counts as the
 * feature): `label_replace` with an empty source label and regex always matches.
 */
export function canonicalized(scope: SloScope, expr: string): string {
  if (!scope.canonical) return expr;
  return `label_replace(${expr}, ${promString(scope.canonical.label)}, ${promString(scope.canonical.value.replace(/\$/g, '$$$$'))}, "", "")`;
}

/** `sum by (<scope>) (rate(<metric>{<scope>, extra}[w]))`. */
export function scopedRate(scope: SloScope, metric: string, window: string, extra = ''): string {
  return `sum ${byClause(scope.by)} (${canonicalized(scope, `rate(${sel(metric, scope.matchers, extra)}[${window}])`)})`;
}

/**
 * Error requests per second: the union of the two disjoint error matcher sets, or 0 when the scope has
 * traffic but no failure series (LiteLLM creates a failure series only at the first failure).
 */
export function errorRateExpr(scope: SloScope, window: string): string {
  const failures = ERROR_MATCHER_SETS.map((m) => `rate(${sel(LITELLM_METRICS.failedRequests, scope.matchers, m)}[${window}])`).join(' or ');
  return `sum ${byClause(scope.by)} (${canonicalized(scope, failures)}) or 0 * ${scopedRate(scope, LITELLM_METRICS.requests, window)}`;
}

/** Slow successful requests per second: all observations minus those in the threshold's bucket. */
export function slowRateExpr(scope: SloScope, window: string, thresholdSeconds: number): string {
  return `${scopedRate(scope, LITELLM_METRICS.latencyCount, window)} - ${scopedRate(scope, LITELLM_METRICS.latencyBucket, window, leMatcher(thresholdSeconds))}`;
}

/** The 28 recordings (4 quantities × 7 windows) the scope's burn-rate alerts and dashboards read. */
export function sloRecordingRules(scope: SloScope, latencyThresholdSeconds: number): RecordingRule[] {
  const rules: RecordingRule[] = [];
  const labels = scope.selectorLabels;
  for (const w of SLO_WINDOWS) {
    rules.push({ record: recordName(scope, 'llm_request_errors', w), expr: errorRateExpr(scope, w), labels });
    rules.push({
      record: recordName(scope, 'llm_request_error_ratio', w),
      expr: `${recorded(scope, 'llm_request_errors', w)} / ${scopedRate(scope, LITELLM_METRICS.requests, w)}`,
      labels,
    });
    rules.push({ record: recordName(scope, 'llm_latency_slow', w), expr: slowRateExpr(scope, w, latencyThresholdSeconds), labels });
    rules.push({
      record: recordName(scope, 'llm_latency_slow_ratio', w),
      expr: `${recorded(scope, 'llm_latency_slow', w)} / ${scopedRate(scope, LITELLM_METRICS.latencyCount, w)}`,
      labels,
    });
  }
  return rules;
}
