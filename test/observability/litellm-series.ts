/**
 * Synthetic LiteLLM series, shaped like `litellm/integrations/prometheus.py` emits them (see
 * src/observability/slo/litellm-metrics.ts for the provenance): per-minute counters for traffic,
 * failures by status and exception class, latency buckets, spend, deployment health and fallbacks.
 */
import { counter, series, type InputSeries } from './promtool-tests';
import { LITELLM_METRICS } from '../../src/observability/slo';

/** Labels of one caller (a feature key of a team) on a gateway. */
export interface Caller {
  readonly gateway: string;
  readonly team: string;
  readonly keyAlias: string;
  readonly model?: string;
}

/** One stretch of time with constant per-sample rates. */
export interface Phase {
  readonly samples: number;
  /** Requests per sample. */
  readonly requests: number;
}

function callerLabels(c: Caller): Record<string, string> {
  return {
    api_key_alias: c.keyAlias,
    end_user: '',
    gateway: c.gateway,
    hashed_api_key: `hash-${c.keyAlias}`,
    requested_model: c.model ?? 'chat-default',
    team: `id-${c.team}`,
    team_alias: c.team,
    user: '',
  };
}

/** `litellm_proxy_total_requests_metric_total` (successes and failures alike). */
export function requestsSeries(c: Caller, phases: ReadonlyArray<Phase>): InputSeries {
  return {
    series: series(LITELLM_METRICS.requests, { ...callerLabels(c), status_code: '200' }),
    values: counter(phases.map((p) => [p.requests, p.samples] as const)),
  };
}

/** `litellm_proxy_failed_requests_metric_total` for one (status, class), `perSample[i]` failures per sample in phase i. */
export function failuresSeries(c: Caller, status: string, exceptionClass: string, phases: ReadonlyArray<readonly [number, number]>): InputSeries {
  return {
    series: series(LITELLM_METRICS.failedRequests, { ...callerLabels(c), exception_class: exceptionClass, exception_status: status }),
    values: counter(phases),
  };
}

/**
 * `litellm_request_total_latency_metric_{bucket,count}` for successful requests: per sample, `fast` of
 * them within `le` and `total` overall (the `+Inf` bucket and the count).
 */
/** One stretch of latency observations: per sample, `total` successful requests, `fast` of them within the bound. */
export interface LatencyPhase {
  readonly samples: number;
  readonly total: number;
  readonly fast: number;
}

export function latencySeries(c: Caller, le: string, phases: ReadonlyArray<LatencyPhase>): InputSeries[] {
  const labels = { ...callerLabels(c), model: 'bedrock/claude' };
  const bucket = (bound: string, per: (p: { total: number; fast: number }) => number): InputSeries => ({
    series: series(LITELLM_METRICS.latencyBucket, { ...labels, le: bound }),
    values: counter(phases.map((p) => [per(p), p.samples] as const)),
  });
  return [
    bucket('0.5', (p) => p.fast / 2),
    bucket(le, (p) => p.fast),
    bucket('+Inf', (p) => p.total),
    { series: series(LITELLM_METRICS.latencyCount, labels), values: counter(phases.map((p) => [p.total, p.samples] as const)) },
  ];
}

/** `litellm_spend_metric_total`, USD per sample. */
export function spendSeries(c: Caller, phases: ReadonlyArray<readonly [number, number]>): InputSeries {
  return { series: series(LITELLM_METRICS.spend, { ...callerLabels(c), model: 'bedrock/claude' }), values: counter(phases) };
}

/** Labels of one provider deployment. */
export interface Deployment {
  readonly gateway: string;
  readonly name: string;
  readonly provider: string;
}

function deploymentLabels(d: Deployment): Record<string, string> {
  return { api_base: '', api_provider: d.provider, gateway: d.gateway, litellm_model_name: d.name, model_id: `id-${d.name}` };
}

export function deploymentRequestsSeries(d: Deployment, c: Caller, phases: ReadonlyArray<readonly [number, number]>): InputSeries {
  return {
    series: series(LITELLM_METRICS.deploymentRequests, { ...deploymentLabels(d), api_key_alias: c.keyAlias, requested_model: c.model ?? 'chat-default', team_alias: c.team }),
    values: counter(phases),
  };
}

export function deploymentFailuresSeries(
  d: Deployment, c: Caller, status: string, exceptionClass: string, phases: ReadonlyArray<readonly [number, number]>,
): InputSeries {
  return {
    series: series(LITELLM_METRICS.deploymentFailures, {
      ...deploymentLabels(d), api_key_alias: c.keyAlias, exception_class: exceptionClass, exception_status: status, requested_model: c.model ?? 'chat-default', team_alias: c.team,
    }),
    values: counter(phases),
  };
}

export function cooldownSeries(d: Deployment, status: string, phases: ReadonlyArray<readonly [number, number]>): InputSeries {
  return { series: series(LITELLM_METRICS.deploymentCooledDown, { ...deploymentLabels(d), exception_status: status }), values: counter(phases) };
}

export function fallbackSeries(successful: boolean, c: Caller, fallbackModel: string, phases: ReadonlyArray<readonly [number, number]>): InputSeries {
  return {
    series: series(successful ? LITELLM_METRICS.successfulFallbacks : LITELLM_METRICS.failedFallbacks, {
      api_key_alias: c.keyAlias,
      exception_class: 'Bedrock.ServiceUnavailableError',
      exception_status: '503',
      fallback_model: fallbackModel,
      gateway: c.gateway,
      requested_model: c.model ?? 'chat-default',
      team_alias: c.team,
    }),
    values: counter(phases),
  };
}
