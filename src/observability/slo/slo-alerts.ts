import { BURN_RATE_WINDOWS, SLO_PERIOD_DAYS, promNumber, windowSeconds, type BurnRateWindow } from './burn-rate';
import { recorded, type SloQuantity } from './recording-rules';
import { templateLiteral, type SloScope } from './scope';
import type { AlertingRule, Severity } from './types';

/** The latency SLI's objective: "p95 below the threshold" means 95 % of requests are good. */
export const LATENCY_OBJECTIVE = 0.95;

/**
 * Low-traffic guard: an alert also needs at least this many bad events in its long window. One error
 * among three requests is a 33 % error ratio, but says nothing about the service; five errors in an hour
 * (or six hours) do. A team that is completely down still pages once five of its requests have failed.
 */
export const DEFAULT_MIN_BAD_EVENTS = 5;

export interface BurnAlertOptions {
  readonly runbookUrl?: string;
  /** @default DEFAULT_MIN_BAD_EVENTS */
  readonly minBadEvents?: number;
}

/** Alert names; one name per SLO, told apart by `severity`, `scope`, `team` and `feature` labels. */
export const ALERT_NAMES = {
  availability: 'LlmAvailabilityBudgetBurn',
  latency: 'LlmLatencyBudgetBurn',
  spend: 'LlmSpendBudgetExhaustionProjected',
  deploymentFailing: 'LlmDeploymentFailing',
  deploymentCoolingDown: 'LlmDeploymentCoolingDown',
  fallbackRate: 'LlmFallbackRateHigh',
} as const;

function percent(ratio: number): string {
  return `${promNumber(ratio * 100)}%`;
}

/** `(long > t and short > t and bad events in long >= n)` for one row of the burn-rate table. */
function burnCondition(scope: SloScope, ratio: SloQuantity, rate: SloQuantity, budget: number, row: BurnRateWindow, minBad: number): string {
  const threshold = promNumber(row.burnRate * budget);
  return [
    '(',
    `  ${recorded(scope, ratio, row.longWindow)} > ${threshold}`,
    `  and ${recorded(scope, ratio, row.shortWindow)} > ${threshold}`,
    `  and ${recorded(scope, rate, row.longWindow)} * ${windowSeconds(row.longWindow)} >= ${minBad}`,
    ')',
  ].join('\n');
}

function rowsOf(severity: Severity): BurnRateWindow[] {
  return BURN_RATE_WINDOWS.filter((r) => r.severity === severity);
}

function describeRows(rows: ReadonlyArray<BurnRateWindow>): string {
  return rows.map((r) => `${r.burnRate}x over ${r.longWindow} and ${r.shortWindow}`).join(', or ');
}

interface BurnAlertSpec {
  readonly alert: string;
  readonly slo: 'availability' | 'latency';
  readonly budget: number;
  readonly ratio: SloQuantity;
  readonly rate: SloQuantity;
  readonly summary: (severity: Severity) => string;
  readonly description: string;
}

function burnAlerts(scope: SloScope, spec: BurnAlertSpec, options: BurnAlertOptions): AlertingRule[] {
  const minBad = options.minBadEvents ?? DEFAULT_MIN_BAD_EVENTS;
  return (['page', 'ticket'] as const).map((severity) => {
    const rows = rowsOf(severity);
    const annotations: Record<string, string> = {
      summary: spec.summary(severity),
      description: `${spec.description} Burn-rate condition: ${describeRows(rows)} (at least ${minBad} bad events in the long window). Value: ratio over the long window.`,
    };
    if (options.runbookUrl !== undefined) annotations.runbook_url = templateLiteral(options.runbookUrl);
    return {
      alert: spec.alert,
      expr: rows.map((row) => burnCondition(scope, spec.ratio, spec.rate, spec.budget, row, minBad)).join('\nor\n'),
      labels: { ...scope.alertLabels, severity, slo: spec.slo },
      annotations,
    };
  });
}

/** Page and ticket alerts on the availability error budget (errors = 5xx, timeouts, vendor 429s). */
export function availabilityBurnAlerts(scope: SloScope, availability: number, options: BurnAlertOptions = {}): AlertingRule[] {
  const budget = 1 - availability;
  return burnAlerts(scope, {
    alert: ALERT_NAMES.availability,
    slo: 'availability',
    budget,
    ratio: 'llm_request_error_ratio',
    rate: 'llm_request_errors',
    summary: (s) => `Availability SLO ${percent(availability)} of ${scope.title}: error budget burning ${s === 'page' ? 'fast' : 'steadily'}`,
    description:
      `{{ $value | humanizePercentage }} of requests to ${scope.title} failed (5xx, timeouts, provider 429s); ` +
      `the objective allows ${percent(budget)} over ${SLO_PERIOD_DAYS} days.`,
  }, options);
}

/** Page and ticket alerts on the latency budget: 5 % of successful requests may be slower than the threshold. */
export function latencyBurnAlerts(scope: SloScope, thresholdMs: number, options: BurnAlertOptions = {}): AlertingRule[] {
  const budget = 1 - LATENCY_OBJECTIVE;
  return burnAlerts(scope, {
    alert: ALERT_NAMES.latency,
    slo: 'latency',
    budget,
    ratio: 'llm_latency_slow_ratio',
    rate: 'llm_latency_slow',
    summary: (s) => `Latency SLO (p95 < ${thresholdMs} ms) of ${scope.title}: budget burning ${s === 'page' ? 'fast' : 'steadily'}`,
    description:
      `{{ $value | humanizePercentage }} of successful requests to ${scope.title} took longer than ${thresholdMs} ms; ` +
      `the objective allows ${percent(budget)}.`,
  }, options);
}
