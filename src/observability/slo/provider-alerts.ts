import { ERROR_MATCHER_SETS, LABELS, LITELLM_METRICS } from './litellm-metrics';
import { byClause, sel, templateLiteral, type SloScope } from './scope';
import { ALERT_NAMES } from './slo-alerts';
import type { AlertingRule, RecordingRule } from './types';

/**
 * Cause alerts about model providers. They are tickets: when fallbacks carry the traffic users see
 * nothing, and when they do not, the availability SLO pages. During an incident they answer "which
 * provider, which deployment, and is it back yet" (an alert resolves when the deployment recovers).
 */

/** Deployment-level grouping: one alert per provider deployment. */
const DEPLOYMENT_BY = [LABELS.gateway, LABELS.provider, LABELS.deployment];
/** A failure before any deployment was picked has an empty deployment name; it is not a provider's. */
const DEPLOYMENT_PICKED = `${LABELS.deployment}!=""`;

/** Share of a deployment's calls that fail (same error classes as the availability SLO) for 5 minutes. */
export const DEPLOYMENT_FAILURE_RATIO = 0.5;
/** ... with at least this many failures in 5 minutes, so one failed call of an idle deployment is quiet. */
export const DEPLOYMENT_MIN_FAILURES = 5;
/** Cooldowns of one deployment within 15 minutes. LiteLLM cools a deployment down after `allowed_fails`. */
export const COOLDOWNS_PER_15M = 3;
/** Share of requests to a model that needed a fallback, over 10 minutes. */
export const FALLBACK_RATIO = 0.1;
/** ... with at least this many fallbacks in those 10 minutes. */
export const FALLBACK_MIN_COUNT = 10;

/** Recordings of deployment health, also read by the dashboards. */
export const PROVIDER_RECORDS = {
  failures: 'gateway_deployment:llm_deployment_failures:rate5m',
  failureRatio: 'gateway_deployment:llm_deployment_failure_ratio:rate5m',
} as const;

function withRunbook(annotations: Record<string, string>, runbookUrl: string | undefined): Record<string, string> {
  return runbookUrl === undefined ? annotations : { ...annotations, runbook_url: templateLiteral(runbookUrl) };
}

export function providerRecordingRules(scope: SloScope): RecordingRule[] {
  const failures = ERROR_MATCHER_SETS.map((m) => `rate(${sel(LITELLM_METRICS.deploymentFailures, scope.matchers, DEPLOYMENT_PICKED, m)}[5m])`).join(' or ');
  return [
    { record: PROVIDER_RECORDS.failures, expr: `sum ${byClause(DEPLOYMENT_BY)} (${failures})`, labels: scope.selectorLabels },
    {
      record: PROVIDER_RECORDS.failureRatio,
      expr: `${sel(PROVIDER_RECORDS.failures, scope.matchers)} / sum ${byClause(DEPLOYMENT_BY)} (rate(${sel(LITELLM_METRICS.deploymentRequests, scope.matchers, DEPLOYMENT_PICKED)}[5m]))`,
      labels: scope.selectorLabels,
    },
  ];
}

export function providerAlerts(scope: SloScope, runbookUrl?: string): AlertingRule[] {
  const sum15m = (metric: string) => `sum ${byClause(DEPLOYMENT_BY)} (increase(${sel(metric, scope.matchers, DEPLOYMENT_PICKED)}[15m]))`;
  const modelBy = byClause([LABELS.gateway, LABELS.model]);
  const requests10m = `sum ${modelBy} (rate(${sel(LITELLM_METRICS.requests, scope.matchers)}[10m]))`;
  const fallbacks10m = (metric: string) => `(sum ${modelBy} (rate(${sel(metric, scope.matchers)}[10m])) or 0 * ${requests10m})`;
  const allFallbacks = `${fallbacks10m(LITELLM_METRICS.successfulFallbacks)} + ${fallbacks10m(LITELLM_METRICS.failedFallbacks)}`;
  return [
    {
      alert: ALERT_NAMES.deploymentFailing,
      expr: `${sel(PROVIDER_RECORDS.failureRatio, scope.matchers)} > ${DEPLOYMENT_FAILURE_RATIO}\nand ${sel(PROVIDER_RECORDS.failures, scope.matchers)} * 300 >= ${DEPLOYMENT_MIN_FAILURES}`,
      for: '5m',
      labels: { ...scope.alertLabels, severity: 'ticket' },
      annotations: withRunbook({
        summary: `Deployment {{ $labels.${LABELS.deployment} }} ({{ $labels.${LABELS.provider} }}) on ${scope.title} is failing`,
        description: '{{ $value | humanizePercentage }} of calls to this provider deployment failed (5xx, timeouts, provider 429s) over 5 minutes. ' +
          'Requests fall back or fail over to other deployments while it cools down; the alert resolves when the deployment recovers.',
      }, runbookUrl),
    },
    {
      alert: ALERT_NAMES.deploymentCoolingDown,
      expr: `${sum15m(LITELLM_METRICS.deploymentCooledDown)} >= ${COOLDOWNS_PER_15M}`,
      labels: { ...scope.alertLabels, severity: 'ticket' },
      annotations: withRunbook({
        summary: `Deployment {{ $labels.${LABELS.deployment} }} ({{ $labels.${LABELS.provider} }}) on ${scope.title} keeps cooling down`,
        description: 'LiteLLM took this deployment out of rotation {{ $value | humanize }} times in 15 minutes: the provider is failing or throttling repeatedly.',
      }, runbookUrl),
    },
    {
      alert: ALERT_NAMES.fallbackRate,
      expr: `(${allFallbacks}) / ${requests10m} > ${FALLBACK_RATIO}\nand (${allFallbacks}) * 600 >= ${FALLBACK_MIN_COUNT}`,
      for: '5m',
      labels: { ...scope.alertLabels, severity: 'ticket' },
      annotations: withRunbook({
        summary: `Fallbacks spiking for model {{ $labels.${LABELS.model} }} on ${scope.title}`,
        description: '{{ $value | humanizePercentage }} of requests to this model needed a fallback over 10 minutes: its primary deployments are failing. ' +
          'Check LlmDeploymentFailing for the provider, and the fallback model\'s capacity.',
      }, runbookUrl),
    },
  ];
}

