/**
 * The evaluation regression rules through the real engine: `promtool check rules` on the rendered file, and
 * `promtool test rules` on synthetic `llm_eval_*` series shaped like the probe's (one sample per run, gauges of
 * the last run): they fire when they must and stay quiet on a short dip, a stale probe's old figures, or a fresh
 * probe that has not had its first run yet.
 */
import { evaluationDashboardExtension } from '../../src/evaluation/evaluation-dashboard';
import { EVAL_ALERT_NAMES, evaluationQueries, evaluationRuleGroups, scheduleGaps, type EvaluationRuleGroupsInput } from '../../src/evaluation/rules';
import { dashboardExpressions, teamDashboard } from '../../src/observability/dashboards';
import { isAlertingRule, renderRuleGroupsYaml, type RuleGroup } from '../../src/observability/slo';
import { describeWithEngine, promtoolCheckRules, promtoolTestRules } from '../observability/engines';
import { renderPromtoolTests, series, type AlertCase, type InputSeries, type UnitTestGroup } from '../observability/promtool-tests';

const GATEWAY = 'prod';
const JD = { team: 'hiring', feature: 'jd-gen', keyAlias: 'hiring/jd-gen' };
const KB = { team: 'search', feature: 'kb-answers', keyAlias: 'search/kb-answers' };

/** Every 30 minutes, runs take at most 5 minutes: recent window 59m, stale after 65m. */
function input(f: typeof JD, extra: Partial<EvaluationRuleGroupsInput> = {}): EvaluationRuleGroupsInput {
  return { gateway: GATEWAY, ...f, minPassRate: 0.8, minIntervalMinutes: 30, maxIntervalMinutes: 30, runBudgetSeconds: 300, ...extra };
}

function withoutAnnotations(groups: ReadonlyArray<RuleGroup>): RuleGroup[] {
  return groups.map((g) => ({ ...g, rules: g.rules.map((r) => (isAlertingRule(r) ? { ...r, annotations: {} } : r)) }));
}

const RULES = renderRuleGroupsYaml(withoutAnnotations([...evaluationRuleGroups(input(JD)), ...evaluationRuleGroups(input(KB))]));

function labelsOf(f: typeof JD, severity: 'page' | 'ticket', reason?: string): Record<string, string> {
  return { gateway: GATEWAY, scope: 'feature', team: f.team, feature: f.feature, api_key_alias: f.keyAlias, slo: 'evaluation', severity, ...(reason ? { reason } : {}) };
}

/** The probe's labels on a series (`model` too, which the rules aggregate away), plus `extra`. */
function probeSeries(metric: string, f: typeof JD, values: string, extra: Record<string, string> = {}): InputSeries {
  return { series: series(metric, { gateway: GATEWAY, team: f.team, feature: f.feature, api_key_alias: f.keyAlias, model: 'chat', ...extra }), values };
}

/**
 * One run every 30 minutes from t=0: pass ratios per run (`null` = no run), the feature's minimum alongside, and the
 * run's end time (seconds) as `llm_eval_last_run_timestamp_seconds`, like the probe publishes them.
 */
function runs(f: typeof JD, ratios: ReadonlyArray<number | null>, minimum = 0.8): InputSeries[] {
  const v = (xs: ReadonlyArray<number | null>) => xs.map((x) => (x === null ? '_' : String(x))).join(' ');
  return [
    probeSeries('llm_eval_pass_ratio', f, v(ratios)),
    probeSeries('llm_eval_min_pass_ratio', f, v(ratios.map((r) => (r === null ? null : minimum)))),
    probeSeries('llm_eval_last_run_timestamp_seconds', f, v(ratios.map((r, i) => (r === null ? null : i * 1800)))),
  ];
}

/** `evaluationInterval`: week-long simulations evaluate every 5 minutes (runs are 30 minutes apart). */
function run(group: UnitTestGroup, evaluationInterval = '1m'): void {
  const result = promtoolTestRules(RULES, renderPromtoolTests([group], evaluationInterval));
  expect({ status: result.status, output: result.output }).toEqual({ status: 0, output: expect.stringContaining('SUCCESS') });
}

const quiet = (evalTime: string, ...names: string[]): AlertCase[] => names.map((alertname) => ({ evalTime, alertname, expAlerts: [] }));
const ALL = Object.values(EVAL_ALERT_NAMES);
const repeat = <T>(x: T, n: number): T[] => Array.from({ length: n }, () => x);

describeWithEngine('promtool', 'evaluation regression rules (promtool)', () => {
  test('the rendered rules pass promtool check rules (with annotations)', () => {
    const yaml = renderRuleGroupsYaml([
      ...evaluationRuleGroups(input(JD, { runbookUrl: 'https://runbooks.example.com/hiring#{{x}}', gateCommand: 'npx cdktf-llm-platform eval --stack team-hiring --feature jd-gen --against <deployment-id>' })),
      ...evaluationRuleGroups(input(KB, { environment: 'production' })),
    ]);
    const result = promtoolCheckRules(yaml);
    expect(result.output).toContain('SUCCESS: 8 rules found');
    expect(result.status).toBe(0);
  });

  test('steady good runs: nothing fires', () => {
    run({
      title: 'steady',
      interval: '30m',
      inputSeries: [...runs(JD, repeat(0.95, 20)), ...runs(KB, repeat(0.9, 20))],
      alertCases: ['1h', '3h', '6h', '9h'].flatMap((t) => quiet(t, ...ALL)),
    });
  });

  test('one bad run (a short dip) stays quiet; two bad runs in a row page, and the page clears on the next good run', () => {
    // Runs at 0, 30, 60 ... 330 min. Run 4 (120 min) dips; runs 7 and 8 (210, 240 min) are both below 0.8.
    const ratios = [0.95, 0.95, 0.95, 0.95, 0.5, 0.95, 0.95, 0.6, 0.7, 0.95, 0.95, 0.95];
    run({
      title: 'dip and regression',
      interval: '30m',
      inputSeries: [...runs(JD, ratios), ...runs(KB, repeat(0.95, 12))],
      alertCases: [
        ...quiet('125m', EVAL_ALERT_NAMES.belowMinimum),
        ...quiet('155m', EVAL_ALERT_NAMES.belowMinimum),
        ...quiet('215m', EVAL_ALERT_NAMES.belowMinimum),
        { evalTime: '245m', alertname: EVAL_ALERT_NAMES.belowMinimum, expAlerts: [{ labels: labelsOf(JD, 'page') }] },
        { evalTime: '265m', alertname: EVAL_ALERT_NAMES.belowMinimum, expAlerts: [{ labels: labelsOf(JD, 'page') }] },
        ...quiet('275m', EVAL_ALERT_NAMES.belowMinimum),
      ],
    });
  });

  test('a drop below last week\'s pass rate by more than the margin raises a regression ticket, above the minimum', () => {
    // A week of 0.98 (336 runs), then two runs at 0.85: above the minimum (0.8), 0.13 below the baseline.
    const week = repeat(0.98, 336);
    run({
      title: 'regression against the rolling baseline',
      interval: '30m',
      inputSeries: [...runs(JD, [...week, 0.85, 0.85, 0.97, 0.97]), ...runs(KB, repeat(0.95, 340))],
      alertCases: [
        ...quiet('6d', ...ALL),
        ...quiet(`${336 * 30 + 5}m`, EVAL_ALERT_NAMES.regression),
        { evalTime: `${337 * 30 + 5}m`, alertname: EVAL_ALERT_NAMES.regression, expAlerts: [{ labels: labelsOf(JD, 'ticket') }] },
        ...quiet(`${337 * 30 + 5}m`, EVAL_ALERT_NAMES.belowMinimum),
        ...quiet(`${338 * 30 + 5}m`, EVAL_ALERT_NAMES.regression),
      ],
    }, '5m');
  });

  test('a small drop within the margin, or a drop without a week of baseline, stays quiet', () => {
    run({
      title: 'within margin; young probe',
      interval: '30m',
      inputSeries: [...runs(JD, [...repeat(0.98, 336), 0.9, 0.9]), ...runs(KB, [0.98, 0.98, 0.98, 0.85, 0.85])],
      alertCases: [...quiet(`${337 * 30 + 5}m`, EVAL_ALERT_NAMES.regression)],
    }, '5m');
  });

  test('a probe that stops reporting raises the stale ticket after two intervals plus one run, and never a pass-rate alert', () => {
    // Runs at 0..150 min (6 runs, the last ones bad), then nothing. Stale threshold: 65 min after the last run (150).
    run({
      title: 'stale probe',
      interval: '30m',
      inputSeries: [...runs(JD, [0.95, 0.95, 0.95, 0.95, 0.5, 0.5, ...repeat(null, 10)]), ...runs(KB, repeat(0.95, 16))],
      alertCases: [
        ...quiet('210m', EVAL_ALERT_NAMES.stale),
        { evalTime: '220m', alertname: EVAL_ALERT_NAMES.stale, expAlerts: [{ labels: labelsOf(JD, 'ticket', 'stopped') }] },
        { evalTime: '400m', alertname: EVAL_ALERT_NAMES.stale, expAlerts: [{ labels: labelsOf(JD, 'ticket', 'stopped') }] },
        // The last two runs were bad, but they are old: no page keeps firing on a stale value.
        ...quiet('220m', EVAL_ALERT_NAMES.belowMinimum),
      ],
    });
  });

  test('a probe that never reported raises the stale ticket one stale period after the rules are loaded, not before', () => {
    run({
      title: 'never reported',
      interval: '30m',
      inputSeries: runs(KB, repeat(0.95, 8)),
      alertCases: [
        ...quiet('60m', EVAL_ALERT_NAMES.stale),
        { evalTime: '70m', alertname: EVAL_ALERT_NAMES.stale, expAlerts: [{ labels: labelsOf(JD, 'ticket', 'never-reported') }] },
      ],
    });
  });

  test('a new series per run (an OTLP instance label) neither splits nor hides the feature', () => {
    // Each run reports under its own instance, as a per-invocation service.instance.id would make it.
    const values = (i: number, x: number) => [...repeat('_', i), String(x)].join(' ');
    const perRun = [0.95, 0.95, 0.6, 0.7].flatMap((ratio, i) => [
      probeSeries('llm_eval_pass_ratio', JD, values(i, ratio), { instance: `run-${i}` }),
      probeSeries('llm_eval_min_pass_ratio', JD, values(i, 0.8), { instance: `run-${i}` }),
      probeSeries('llm_eval_last_run_timestamp_seconds', JD, values(i, i * 1800), { instance: `run-${i}` }),
    ]);
    run({
      title: 'per-run series',
      interval: '30m',
      inputSeries: [...perRun, ...runs(KB, repeat(0.95, 4))],
      alertCases: [
        ...quiet('65m', EVAL_ALERT_NAMES.belowMinimum),
        { evalTime: '95m', alertname: EVAL_ALERT_NAMES.belowMinimum, expAlerts: [{ labels: labelsOf(JD, 'page') }] },
        ...quiet('95m', EVAL_ALERT_NAMES.stale),
      ],
    });
  });

  test('a cron schedule: the windows follow its shortest and longest gaps (hourly on weekdays)', () => {
    const gaps = scheduleGaps('0 7-19 * * 1-5');
    expect(gaps).toEqual({ minMinutes: 60, maxMinutes: 60 * 24 * 2 + 12 * 60 });
    const [group] = evaluationRuleGroups(input(JD, { minIntervalMinutes: gaps.minMinutes, maxIntervalMinutes: gaps.maxMinutes }));
    const stale = group.rules.find((r) => isAlertingRule(r) && r.alert === EVAL_ALERT_NAMES.stale && r.for === undefined)!;
    // Two weekend gaps (60 h each) plus a 5-minute run: a quiet weekend never looks stale.
    expect(stale.expr).toContain(`> ${(2 * gaps.maxMinutes + 5) * 60}`);
    expect(group.rules[0].expr).toContain('[119m]');
  });

  test('the dashboard queries parse and return the latest run\'s figures, per feature and per deployment', () => {
    const q = evaluationQueries(input(JD));
    const dep = (metric: string, deployment: string, values: string) => probeSeries(metric, JD, values, { deployment });
    const tests = renderPromtoolTests([{
      title: 'queries',
      interval: '30m',
      inputSeries: [
        ...runs(JD, [0.9, 0.95, 0.85]),
        probeSeries('llm_eval_latency_p95_seconds', JD, '1.1 1.3 0.9'),
        probeSeries('llm_eval_cost_usd', JD, '0.02 0.03 0.025'),
        dep('llm_eval_deployment_pass_ratio', 'chat-claude', '0.9 1 0.8'),
        dep('llm_eval_deployment_pass_ratio', 'chat-canary', '_ _ 1'),
        dep('llm_eval_deployment_latency_p95_seconds', 'chat-claude', '1 1 0.9'),
        dep('llm_eval_deployment_cost_usd', 'chat-claude', '0.02 0.02 0.02'),
      ],
      exprCases: [
        { expr: q.passRatio, evalTime: '70m', expSamples: [{ labels: '{api_key_alias="hiring/jd-gen", feature="jd-gen", gateway="prod", team="hiring"}', value: 0.85 }] },
        { expr: q.minPassRatio, evalTime: '70m', expSamples: [{ labels: '{api_key_alias="hiring/jd-gen", feature="jd-gen", gateway="prod", team="hiring"}', value: 0.8 }] },
        { expr: q.latencyP95Seconds, evalTime: '70m', expSamples: [{ labels: '{api_key_alias="hiring/jd-gen", feature="jd-gen", gateway="prod", team="hiring"}', value: 0.9 }] },
        { expr: q.costPerRunUsd, evalTime: '70m', expSamples: [{ labels: '{api_key_alias="hiring/jd-gen", feature="jd-gen", gateway="prod", team="hiring"}', value: 0.025 }] },
        {
          expr: q.passRatioByDeployment,
          evalTime: '70m',
          expSamples: [{ labels: '{api_key_alias="hiring/jd-gen", deployment="chat-canary"}', value: 1 }, { labels: '{api_key_alias="hiring/jd-gen", deployment="chat-claude"}', value: 0.8 }],
        },
        { expr: q.secondsSinceLastRun, evalTime: '70m', expSamples: [{ labels: '{api_key_alias="hiring/jd-gen", feature="jd-gen", gateway="prod", team="hiring"}', value: 600 }] },
        // A probe that stopped drops off the panels after the stale window (65 min after its last run at 60 min).
        { expr: q.passRatio, evalTime: '130m', expSamples: [] },
      ],
    }]);
    const result = promtoolTestRules(RULES, tests);
    expect({ status: result.status, output: result.output }).toEqual({ status: 0, output: expect.stringContaining('SUCCESS') });
  });

  test('the team dashboard\'s evaluation panels: every expression parses, the pass-rate panel returns the latest run', () => {
    const panels = new Map([[JD.feature, { ...input(JD), latencyP95Ms: 1200, maxRunCostUsd: 0.25 }]]);
    const d = teamDashboard({
      gateway: GATEWAY,
      team: JD.team,
      slo: { availability: 0.999, latencyP95Ms: 1200 },
      features: [{ name: JD.feature, keyAlias: JD.keyAlias }, { name: 'summarize', keyAlias: 'hiring/summarize' }],
      extensions: [evaluationDashboardExtension(panels)],
      datasourceUid: 'llm-platform-amp',
    });
    const evalExprs = dashboardExpressions(d).filter((e) => /golden-set/.test(e.panel));
    // Four panels in the evaluated feature's row (7 queries), none in the other feature's.
    expect(new Set(evalExprs.map((e) => e.panel)).size).toBe(4);
    expect(evalExprs).toHaveLength(7);
    expect(evalExprs.every((e) => e.panel.startsWith(`${JD.feature}:`))).toBe(true);
    const check = promtoolCheckRules(renderRuleGroupsYaml([{ name: 'evaluation-panels', rules: evalExprs.map((e, i) => ({ record: `eval_panel_expr_${i}`, expr: e.expr })) }]));
    expect(check.output).toContain(`SUCCESS: ${evalExprs.length} rules found`);
    const stat = evalExprs.find((e) => e.panel === `${JD.feature}: golden-set pass rate (latest run)`)!;
    const byDeployment = evalExprs.find((e) => e.panel === `${JD.feature}: golden-set pass rate by deployment` && e.refId === 'B')!;
    const tests = renderPromtoolTests([{
      title: 'evaluation panels',
      interval: '30m',
      inputSeries: [
        ...runs(JD, [0.9, 1, 0.8]),
        probeSeries('llm_eval_deployment_pass_ratio', JD, '1 1 0.6', { deployment: 'chat-haiku' }),
        probeSeries('llm_eval_deployment_pass_ratio', JD, '_ _ 1', { deployment: 'chat-candidate' }),
      ],
      exprCases: [
        { expr: stat.expr, evalTime: '65m', expSamples: [{ labels: '{api_key_alias="hiring/jd-gen", feature="jd-gen", gateway="prod", team="hiring"}', value: 0.8 }] },
        {
          expr: byDeployment.expr,
          evalTime: '65m',
          expSamples: [{ labels: '{api_key_alias="hiring/jd-gen", deployment="chat-candidate"}', value: 1 }, { labels: '{api_key_alias="hiring/jd-gen", deployment="chat-haiku"}', value: 0.6 }],
        },
      ],
    }]);
    const result = promtoolTestRules(RULES, tests);
    expect({ status: result.status, output: result.output }).toEqual({ status: 0, output: expect.stringContaining('SUCCESS') });
  });
});
