import { EVAL_BY, evalSelector, evaluationWindows, type EvaluationRuleGroupsInput } from './rule-groups';
import { METRICS } from '../probe/lib/series';

/** PromQL of a feature's evaluation figures, as the dashboard's evaluation row and runbooks read them. */
export interface EvaluationQueries {
  /** Pass ratio of the latest run (0-1). */
  readonly passRatio: string;
  /** The feature's minimum pass ratio. */
  readonly minPassRatio: string;
  /** Pass ratio of the latest run per serving deployment (`deployment` = LiteLLM's model id). */
  readonly passRatioByDeployment: string;
  /** p95 latency of the latest run, seconds. */
  readonly latencyP95Seconds: string;
  /** p95 latency of the latest run per deployment, seconds. */
  readonly latencyP95SecondsByDeployment: string;
  /** Cost of the latest run, USD (responses and judge calls, as the gateway reported them). */
  readonly costPerRunUsd: string;
  /** Cost of the latest run per deployment, USD. */
  readonly costPerRunUsdByDeployment: string;
  /** Seconds since the latest run finished. */
  readonly secondsSinceLastRun: string;
}

/**
 * The queries read each figure's last sample within the stale window (a probe that stopped drops off the panels
 * instead of showing its last value forever) and keep one series per feature or per deployment, whatever extra
 * labels an exporter added.
 */
export function evaluationQueries(input: Pick<EvaluationRuleGroupsInput, 'gateway' | 'keyAlias' | 'minIntervalMinutes' | 'maxIntervalMinutes' | 'runBudgetSeconds'>): EvaluationQueries {
  const window = `${evaluationWindows(input).staleMinutes}m`;
  const last = (metric: string, by: ReadonlyArray<string>) => `max by (${by.join(', ')}) (last_over_time(${evalSelector(metric, input.gateway, input.keyAlias)}[${window}]))`;
  const feature = [...EVAL_BY];
  const deployment = ['api_key_alias', 'deployment'];
  return {
    passRatio: last(METRICS.passRatio, feature),
    minPassRatio: last(METRICS.minPassRatio, feature),
    passRatioByDeployment: last(METRICS.deploymentPassRatio, deployment),
    latencyP95Seconds: last(METRICS.latencyP95, feature),
    latencyP95SecondsByDeployment: last(METRICS.deploymentLatencyP95, deployment),
    costPerRunUsd: last(METRICS.costUsd, feature),
    costPerRunUsdByDeployment: last(METRICS.deploymentCostUsd, deployment),
    secondsSinceLastRun: `time() - ${last(METRICS.lastRun, feature)}`,
  };
}
