import type { IConstruct } from 'constructs';
import { z } from 'zod';
import { schemaFor } from '../../core/validation';
import { promNumber } from '../../observability/slo/burn-rate';
import { environmentSchema, featureNameSchema, gatewayNameSchema, keyAliasSchema, runbookUrlSchema, teamNameSchema, validated } from '../../observability/slo/inputs';
import { RULE_EVALUATION_INTERVAL } from '../../observability/slo/rule-groups';
import { promString, templateLiteral } from '../../observability/slo/scope';
import type { AlertingRule, RuleGroup } from '../../observability/slo/types';
import { METRICS } from '../probe/lib/series';

/**
 * Regression alerts over the evaluation probe's series (`llm_eval_*`, src/evaluation/probe/lib/series.js). Pure:
 * no cdktf. Deployed with the feature's other rules (AMP namespace, Cloud Monitoring policies, PrometheusRule).
 *
 * The probe publishes one sample per run (gauges of the last run, stamped with the run's end), so every read is a
 * range over a known number of runs rather than an instant lookup, which would go stale between runs:
 *
 * - **below minimum** (page): the last two runs both passed fewer golden cases than `minPassRate`. One bad run — a
 *   provider hiccup, a flaky case — stays quiet; two in a row is a regression someone acts on.
 * - **regression** (ticket): the last two runs are both more than `regressionMargin` below the pass rate of the
 *   previous week (a rolling baseline), even when still above the minimum — quality slipped.
 * - **stale** (ticket): no run finished for twice the longest gap of the schedule plus one worst-case run; or the
 *   probe never reported since it was deployed.
 *
 * Every aggregation keeps exactly (gateway, team, feature, api_key_alias): exporters may add labels (an OTLP
 * `instance` per run, `job`), and the probe's `model` may change; none of that splits or hides a feature.
 */

/** Alert names of the evaluation rules (readiness evidence, runbooks and tests refer to them). */
export const EVAL_ALERT_NAMES = {
  belowMinimum: 'LlmEvalPassRateBelowMinimum',
  regression: 'LlmEvalPassRateRegression',
  stale: 'LlmEvalProbeStale',
} as const;

/** @default 0.1: ten percentage points below the previous week's pass rate. */
export const DEFAULT_REGRESSION_MARGIN = 0.1;
/** The rolling baseline: the week before the two runs judged. */
export const BASELINE_WINDOW = '7d';
/** A baseline of fewer runs says little; the regression alert waits for this many. */
export const MIN_BASELINE_RUNS = 6;
/** How far back the stale alert looks for a last run (beyond that, the "never reported" rule takes over). */
export const STALE_LOOKBACK = '8d';

export interface EvaluationRuleGroupsInput {
  readonly gateway: string;
  readonly team: string;
  readonly feature: string;
  /** The feature key's alias: the probe's series carry it as `api_key_alias`. */
  readonly keyAlias: string;
  /** The feature's minPassRate (also published as `llm_eval_min_pass_ratio`; shown in annotations). */
  readonly minPassRate: number;
  /** Shortest time between two runs of the schedule, minutes (`scheduleGaps(...).minMinutes`). */
  readonly minIntervalMinutes: number;
  /** Longest time between two runs, minutes (`scheduleGaps(...).maxMinutes`). */
  readonly maxIntervalMinutes: number;
  /** Worst-case duration of one run, seconds (`probeRunBudgetSeconds`). @default 0 */
  readonly runBudgetSeconds?: number;
  /** @default DEFAULT_REGRESSION_MARGIN */
  readonly regressionMargin?: number;
  readonly environment?: string;
  readonly runbookUrl?: string;
  /** The gate command, shown in the annotations. @default - none */
  readonly gateCommand?: string;
}

const positiveMinutes = z.number().int().min(1).max(366 * 1440);
const schema = schemaFor<EvaluationRuleGroupsInput>()(z.strictObject({
  gateway: gatewayNameSchema,
  team: teamNameSchema,
  feature: featureNameSchema,
  keyAlias: keyAliasSchema,
  minPassRate: z.number().gt(0).max(1),
  minIntervalMinutes: positiveMinutes,
  maxIntervalMinutes: positiveMinutes,
  runBudgetSeconds: z.number().int().min(0).max(86_400).optional(),
  regressionMargin: z.number().gt(0).lt(1).optional(),
  environment: environmentSchema.optional(),
  runbookUrl: runbookUrlSchema.optional(),
  gateCommand: z.string().max(512).optional(),
}));

/** The labels every aggregation keeps. */
export const EVAL_BY = ['gateway', 'team', 'feature', 'api_key_alias'] as const;
const BY = `by (${EVAL_BY.join(', ')})`;

/** The windows the rules and panels read, derived from the schedule. */
export interface EvaluationWindows {
  /** Holds the last two runs and never three (minutes): just under two of the shortest intervals. */
  readonly recentMinutes: number;
  /** No run for this long is stale (minutes): two of the longest gaps plus one worst-case run. */
  readonly staleMinutes: number;
}

export function evaluationWindows(input: Pick<EvaluationRuleGroupsInput, 'minIntervalMinutes' | 'maxIntervalMinutes' | 'runBudgetSeconds'>): EvaluationWindows {
  return {
    recentMinutes: 2 * input.minIntervalMinutes - 1,
    staleMinutes: 2 * input.maxIntervalMinutes + Math.ceil((input.runBudgetSeconds ?? 0) / 60),
  };
}

/** `llm_eval_*{gateway="…", api_key_alias="…"}`: the probe publishes the canonical alias, never a rotation alias. */
export function evalSelector(metric: string, gateway: string, keyAlias: string): string {
  return `${metric}{gateway=${promString(gateway)}, api_key_alias=${promString(keyAlias)}}`;
}

const minutes = (m: number) => `${m}m`;

/** The evaluation rules of one feature: one group, `llm-eval-<gateway>-<team>-<feature>`. */
export function evaluationRuleGroups(input: EvaluationRuleGroupsInput, errorScope: IConstruct | string = 'evaluationRuleGroups'): RuleGroup[] {
  const p = validated(errorScope, schema, input);
  const w = evaluationWindows(p);
  const margin = p.regressionMargin ?? DEFAULT_REGRESSION_MARGIN;
  const sel = (metric: string) => evalSelector(metric, p.gateway, p.keyAlias);
  const recent = minutes(w.recentMinutes);
  const pass = sel(METRICS.passRatio);
  const runsRecently = `sum ${BY} (count_over_time(${pass}[${recent}])) >= 2`;
  const baseline = `${pass}[${BASELINE_WINDOW}] offset ${recent}`;
  const labels: Record<string, string> = {
    gateway: p.gateway,
    ...(p.environment !== undefined ? { environment: p.environment } : {}),
    scope: 'feature',
    team: p.team,
    feature: p.feature,
    api_key_alias: p.keyAlias,
    // One objective name for the three: Alertmanager's page-inhibits-ticket rule (equal slo) mutes the regression
    // ticket while the page for the same feature fires.
    slo: 'evaluation',
  };
  const title = `feature ${p.feature} of team ${p.team} on gateway ${p.gateway}`;
  const extra: Record<string, string> = {
    ...(p.runbookUrl !== undefined ? { runbook_url: templateLiteral(p.runbookUrl) } : {}),
  };
  const gate = p.gateCommand !== undefined ? ` Before promoting a model change, run the gate: ${templateLiteral(p.gateCommand)}` : '';

  const belowMinimum: AlertingRule = {
    alert: EVAL_ALERT_NAMES.belowMinimum,
    expr: [
      `max ${BY} (max_over_time(${pass}[${recent}]))`,
      `< max ${BY} (max_over_time(${sel(METRICS.minPassRatio)}[${recent}]))`,
      `and ${runsRecently}`,
    ].join('\n'),
    labels: { ...labels, severity: 'page' },
    annotations: {
      summary: `Golden-set pass rate of ${title} is below its minimum of ${promNumber(p.minPassRate)}`,
      description: `The last two evaluation runs passed at most {{ $value | humanizePercentage }} of the golden cases, below the minimum ${promNumber(p.minPassRate)}. ` +
        `Check the evaluation row of the team dashboard (per deployment) for the model or deployment that changed, and the probe's log for failing checks.${gate}`,
      ...extra,
    },
  };

  const regression: AlertingRule = {
    alert: EVAL_ALERT_NAMES.regression,
    expr: [
      `max ${BY} (max_over_time(${pass}[${recent}]))`,
      `< sum ${BY} (sum_over_time(${baseline})) / sum ${BY} (count_over_time(${baseline})) - ${promNumber(margin)}`,
      `and ${runsRecently}`,
      `and sum ${BY} (count_over_time(${baseline})) >= ${MIN_BASELINE_RUNS}`,
    ].join('\n'),
    labels: { ...labels, severity: 'ticket' },
    annotations: {
      summary: `Golden-set pass rate of ${title} dropped more than ${promNumber(margin)} below last week's`,
      description: `The last two evaluation runs passed at most {{ $value | humanizePercentage }} of the golden cases, more than ${promNumber(margin)} below the pass rate of the ${BASELINE_WINDOW} before them. ` +
        `A model, prompt or guardrail change is the usual cause; compare the deployments in the evaluation row.${gate}`,
      ...extra,
    },
  };

  const lastRun = sel(METRICS.lastRun);
  const staleSeconds = w.staleMinutes * 60;
  const stale: AlertingRule = {
    alert: EVAL_ALERT_NAMES.stale,
    expr: `time() - max ${BY} (last_over_time(${lastRun}[${STALE_LOOKBACK}])) > ${staleSeconds}`,
    // Two rules share the alert name; `reason` keeps them distinct rules (promtool's duplicate-rule lint).
    labels: { ...labels, severity: 'ticket', reason: 'stopped' },
    annotations: {
      summary: `The evaluation probe of ${title} has not reported for {{ $value | humanizeDuration }}`,
      description: `No evaluation run finished for longer than ${w.staleMinutes} minutes (two of the schedule's longest gaps plus one worst-case run): ` +
        'the feature\'s quality is not being checked. Look at the probe\'s scheduler, its function or job logs, its key and its path to the gateway and the metrics backend.',
      ...extra,
    },
  };
  // A probe that never reported (or not within the lookback) has no last run to subtract: absent for one stale
  // period after deployment — the first run had every chance to report — is the same failure.
  const neverReported: AlertingRule = {
    alert: EVAL_ALERT_NAMES.stale,
    expr: `absent_over_time(${lastRun}[${STALE_LOOKBACK}])`,
    for: minutes(w.staleMinutes),
    labels: { ...labels, severity: 'ticket', reason: 'never-reported' },
    annotations: {
      summary: `The evaluation probe of ${title} has never reported`,
      description: `No evaluation run reported within ${STALE_LOOKBACK}, for ${w.staleMinutes} minutes now: the probe is not running or cannot publish its figures. ` +
        'Look at the probe\'s scheduler, its function or job logs, its key and its path to the gateway and the metrics backend.',
      ...extra,
    },
  };

  return [{
    name: `llm-eval-${p.gateway}-${p.team}-${p.feature}`,
    interval: RULE_EVALUATION_INTERVAL,
    rules: [belowMinimum, regression, stale, neverReported],
  }];
}
