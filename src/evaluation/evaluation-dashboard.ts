import { evaluationQueries } from './rules/queries';
import type { EvaluationRuleGroupsInput } from './rules/rule-groups';
import type { FeatureDashboardExtension, FeaturePanelContext } from '../observability/dashboards/team';

/** What the evaluation row of one feature shows. */
export type EvaluationPanelInput = Pick<EvaluationRuleGroupsInput, 'gateway' | 'keyAlias' | 'minPassRate' | 'minIntervalMinutes' | 'maxIntervalMinutes' | 'runBudgetSeconds'> & {
  /** The feature's p95 latency objective, ms (the latency panel's line). */
  readonly latencyP95Ms: number;
  /** The run's cost bound, USD (the cost panel's line). @default - none */
  readonly maxRunCostUsd?: number;
};

/** The extension's name (tests and errors). */
export const EVALUATION_EXTENSION = 'evaluation';

/**
 * The team dashboard's evaluation panels, appended to the row of each feature in `features` (other rows get
 * none): pass rate of the latest run against the minimum, pass rate per deployment, p95 latency per deployment
 * against the SLO, and cost per run per deployment — the figures the gate compares before a model change.
 * `features` is read when the dashboard renders (at synthesis), so features added later are included.
 */
export function evaluationDashboardExtension(features: ReadonlyMap<string, EvaluationPanelInput>): FeatureDashboardExtension {
  return {
    name: EVALUATION_EXTENSION,
    panels(ctx: FeaturePanelContext) {
      const f = features.get(ctx.feature);
      if (!f) return [];
      // The Grafana SDK loads with the dashboards, on first render (import cost).
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { graph, limitThresholds, single } = require('../observability/dashboards/panels') as typeof import('../observability/dashboards/panels');
      const q = evaluationQueries(f);
      const pc = { datasource: ctx.datasource };
      const name = ctx.feature;
      return [
        single(pc, `${name}: golden-set pass rate (latest run)`, { expr: q.passRatio }, {
          unit: 'percentunit',
          decimals: 1,
          description: `Share of golden cases that passed every check in the probe's latest run; red below the minimum (${f.minPassRate}). No value: the probe has not reported recently.`,
          thresholds: limitThresholds(f.minPassRate, 'bad'),
          span: 6,
          height: 8,
          noValue: 'no recent run',
        }),
        graph(pc, `${name}: golden-set pass rate by deployment`, [
          { expr: q.passRatio, legend: 'all deployments' },
          { expr: q.passRatioByDeployment, legend: '{{deployment}}' },
        ], { unit: 'percentunit', description: `Per serving deployment (LiteLLM model id), so a new model or canary shows apart; dashed line: the minimum ${f.minPassRate}.`, limit: f.minPassRate, span: 6, min: 0, max: 1 }),
        graph(pc, `${name}: golden-set p95 latency by deployment`, [
          { expr: q.latencyP95Seconds, legend: 'all deployments' },
          { expr: q.latencyP95SecondsByDeployment, legend: '{{deployment}}' },
        ], { unit: 's', description: `Client-side p95 of the probe's calls; dashed line: the SLO (${f.latencyP95Ms} ms).`, limit: f.latencyP95Ms / 1000, span: 6, min: 0 }),
        graph(pc, `${name}: cost per golden-set run by deployment`, [
          { expr: q.costPerRunUsd, legend: 'whole run' },
          { expr: q.costPerRunUsdByDeployment, legend: '{{deployment}}' },
        ], {
          unit: 'currencyUSD',
          description: `What one run of the golden set cost, as the gateway reported it (x-litellm-response-cost)${f.maxRunCostUsd !== undefined ? `; dashed line: the gate's bound (${f.maxRunCostUsd} USD)` : ''}.`,
          ...(f.maxRunCostUsd !== undefined ? { limit: f.maxRunCostUsd } : {}),
          span: 6,
          min: 0,
        }),
      ];
    },
  };
}
