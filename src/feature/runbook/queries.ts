/**
 * The PromQL a runbook shows, per incident. Every expression comes from the observability layer (the
 * dashboards' panel queries and the SLO rules' recordings), so the runbook, the dashboard and the alerts read
 * the same series and cannot drift. Pure.
 */
import { queries } from '../../observability/dashboards/queries';
import { BURN_RATE_WINDOWS, promNumber } from '../../observability/slo/burn-rate';
import { LABELS, LITELLM_METRICS } from '../../observability/slo/litellm-metrics';
import { DEPLOYMENT_FAILURE_RATIO, FALLBACK_RATIO } from '../../observability/slo/provider-alerts';
import { scopedRate } from '../../observability/slo/recording-rules';
import { featureScope, gatewayScope, sel, type SloScope } from '../../observability/slo/scope';
import { BUDGET_PERIOD_SECONDS, SPEND_WINDOWS } from '../../observability/slo/spend-alerts';
import type { FeatureReadinessFacts } from '../readiness/facts';

/** One query to run, and how to read it. */
export interface RunbookQuery {
  readonly title: string;
  readonly expr: string;
  /** What the value means and which value decides. */
  readonly read: string;
}

/** The incidents a runbook covers. */
export type RunbookIncident = 'model-outage' | 'provider-timeouts' | 'cost-surge' | 'vector-store';

/** The decision thresholds, derived from the feature's SLO and budget. */
export interface RunbookThresholds {
  /** Error ratio at which the fast page fires (14.4 × the error budget). */
  readonly pageErrorRatio: number;
  /** Slow-request ratio at which the fast latency page fires. */
  readonly pageSlowRatio: number;
  /** Deployment failure ratio of `LlmDeploymentFailing`. */
  readonly deploymentFailureRatio: number;
  /** Fallback share of `LlmFallbackRateHigh`. */
  readonly fallbackRatio: number;
  /** Monthly budget (USD), when there is one. */
  readonly monthlyBudgetUsd?: number;
}

function scopes(f: FeatureReadinessFacts): { feature: SloScope; gateway: SloScope } {
  return {
    feature: featureScope(f.gateway.name, f.feature.team, f.feature.name, f.feature.keyAlias),
    gateway: gatewayScope(f.gateway.name),
  };
}

/** The thresholds the runbook's decisions use. */
export function runbookThresholds(f: FeatureReadinessFacts): RunbookThresholds {
  const slo = f.observability?.slo.value ?? { availability: 0.999, latencyP95Ms: 1200 };
  const fast = BURN_RATE_WINDOWS[0].burnRate;
  const budget = f.quota.monthlyBudgetUsd.value;
  return {
    pageErrorRatio: Number(promNumber(fast * (1 - slo.availability))),
    pageSlowRatio: Number(promNumber(fast * (1 - 0.95))),
    deploymentFailureRatio: DEPLOYMENT_FAILURE_RATIO,
    fallbackRatio: FALLBACK_RATIO,
    ...(budget !== undefined ? { monthlyBudgetUsd: budget } : {}),
  };
}

/** Queries per incident (the same list the Markdown shows). */
export function runbookQueries(f: FeatureReadinessFacts): Record<RunbookIncident, RunbookQuery[]> {
  const { feature, gateway } = scopes(f);
  const t = runbookThresholds(f);
  const timeouts = `sum by (${LABELS.model}) (rate(${sel(LITELLM_METRICS.failedRequests, feature.matchers, `${LABELS.exceptionStatus}="408"`)}[5m]))`;
  const requestsByModel = queries.requestsBy(feature, [LABELS.model]);
  const errorRatio5m = { title: 'Feature error ratio, 5 min', expr: queries.errorRatio(feature, '5m'), read: `above ${t.pageErrorRatio} (14.4× the error budget) the availability page fires` };
  const latencyP95 = { title: 'Feature p95 latency (s)', expr: queries.latencyP95(feature, [LABELS.model]), read: `against the SLO of ${(f.observability?.slo.value.latencyP95Ms ?? 1200) / 1000} s` };
  const projected = (w: string) => `${scopedRate(feature, LITELLM_METRICS.spend, w)} * ${BUDGET_PERIOD_SECONDS}`;
  return {
    'model-outage': [
      errorRatio5m,
      { title: 'Feature error ratio by model', expr: queries.errorRatioBy(feature, [LABELS.model]), read: 'which alias fails' },
      { title: 'Failure ratio per provider deployment (the feature\'s calls)', expr: queries.deploymentFailureRatioFor(feature), read: `above ${t.deploymentFailureRatio} for 5 min: LlmDeploymentFailing` },
      { title: 'Deployment state (0 healthy, 1 partial, 2 outage)', expr: queries.deploymentState(gateway.matchers), read: '2 = LiteLLM sees an outage of that deployment' },
      { title: 'Cooldowns per deployment, 15 min', expr: queries.cooldowns(gateway.matchers), read: 'LiteLLM took the deployment out of rotation this often' },
      { title: 'Fallbacks per second (successful)', expr: queries.fallbacks(feature, true), read: 'traffic the fallback chain is carrying' },
      { title: 'Fallbacks per second (failed)', expr: queries.fallbacks(feature, false), read: 'above 0: the fallback alias fails too' },
      { title: 'Share of fallbacks that succeeded, 1 h', expr: queries.fallbackSuccessShare(feature), read: 'near 1: users are served by the fallback' },
    ],
    'provider-timeouts': [
      { title: 'Timeouts (408) per second by model', expr: timeouts, read: 'provider calls that exceeded the router timeout' },
      { title: 'Timeout share by model', expr: `${timeouts} / ${requestsByModel}`, read: `above ${t.pageErrorRatio}: timeouts alone burn the error budget at the paging rate` },
      latencyP95,
      { title: 'Share of requests within the latency threshold, 5 min', expr: queries.withinLatencyThreshold(feature, '5m'), read: `below ${promNumber(1 - t.pageSlowRatio)} the latency page fires` },
      { title: 'p95 time to first token by model (s)', expr: queries.ttftP95(gateway), read: 'streaming responses: provider-side slowness shows here first' },
      { title: 'Provider 429s per second by provider', expr: queries.vendorThrottlesByProvider(gateway), read: 'throttling often precedes timeouts' },
    ],
    'cost-surge': [
      { title: `Projected 30-day spend (USD) at the last ${SPEND_WINDOWS.long}`, expr: projected(SPEND_WINDOWS.long), read: t.monthlyBudgetUsd !== undefined ? `above ${t.monthlyBudgetUsd}: LlmSpendBudgetExhaustionProjected` : 'no budget set' },
      { title: `Projected 30-day spend (USD) at the last ${SPEND_WINDOWS.short}`, expr: projected(SPEND_WINDOWS.short), read: 'is it still going on?' },
      { title: 'Spend per hour by model (USD)', expr: queries.spendPerHourBy(feature, [LABELS.model]), read: 'which model costs' },
      { title: 'Tokens per second by model', expr: queries.tokensBy(feature, [LABELS.model]), read: 'volume (a loop) or price (a model change)?' },
      { title: 'Requests per second by model', expr: requestsByModel, read: 'compare with the feature\'s usual traffic' },
      { title: 'Quota hits (LiteLLM 429s) per second', expr: queries.limitHitsBy(feature, [LABELS.model]), read: 'the key\'s TPM/RPM limits are already cutting traffic' },
    ],
    'vector-store': [
      errorRatio5m,
      latencyP95,
      { title: 'Feature requests per second by model', expr: requestsByModel, read: 'a drop with steady callers: the application fails before it calls the model (retrieval)' },
    ],
  };
}

/** Every query of a runbook, flattened (for checks). */
export function allRunbookQueries(f: FeatureReadinessFacts): RunbookQuery[] {
  return Object.values(runbookQueries(f)).flat();
}
