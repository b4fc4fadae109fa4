/**
 * The dashboards' PromQL through the real engine: every expression parses (`promtool check rules`, each
 * wrapped as a recording rule), and the key panels return the expected numbers against synthetic LiteLLM
 * series (`promtool test rules`, promql_expr_test, with the SLO rule groups loaded for the recordings).
 */
import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { dashboardExpressions, featureQueries, platformDashboard, teamDashboard } from '../../../src/observability/dashboards';
import { featureRuleGroups, gatewayRuleGroups, renderRuleGroupsYaml, teamRuleGroups } from '../../../src/observability/slo';
import { describeWithEngine, promtoolCheckRules, promtoolTestRules } from '../engines';
import { failuresSeries, fallbackSeries, latencySeries, requestsSeries, spendSeries, type Caller } from '../litellm-series';
import { counter, gauge, renderPromtoolTests, series, type ExprCase } from '../promtool-tests';

const SLO = { availability: 0.999, latencyP95Ms: 1200 };
const JD: Caller = { gateway: 'prod', team: 'hiring', keyAlias: 'hiring/jd-gen' };
const SUMMARIZE: Caller = { gateway: 'prod', team: 'hiring', keyAlias: 'hiring/summarize' };
const FEATURES = [{ name: 'jd-gen', keyAlias: JD.keyAlias }, { name: 'summarize', keyAlias: SUMMARIZE.keyAlias }];

function dashboards(datasourceUid?: string): Dashboard[] {
  return [
    platformDashboard({ gateway: 'prod', slo: SLO, datasourceUid }),
    teamDashboard({ gateway: 'prod', team: 'hiring', slo: SLO, features: FEATURES, datasourceUid, runbookUrl: 'https://runbooks.example.com/hiring' }),
    teamDashboard({ gateway: 'prod', team: 'tiny', slo: { availability: 0.99, latencyP95Ms: 1000 } }),
  ];
}

/** The expression of panel `title` (query `refId`), as the dashboard JSON has it. */
function exprOf(d: Dashboard, title: string, refId = 'A'): string {
  const found = dashboardExpressions(d).find((e) => e.panel === title && e.refId === refId);
  if (!found) throw new Error(`no panel "${title}" (${refId})`);
  return found.expr;
}

/** A panel's value rounded to 4 decimals (promtool compares floats exactly). */
function rounded(d: Dashboard, title: string, samples: Array<[string, number]>, refId = 'A'): ExprCase {
  return { expr: `round(${exprOf(d, title, refId)}, 0.0001)`, evalTime: '70m', expSamples: samples.map(([labels, value]) => ({ labels, value })) };
}

describeWithEngine('promtool', 'dashboard PromQL (promtool)', () => {
  test('every expression of every dashboard (and the feature queries runbooks use) parses', () => {
    const fq = featureQueries({ gateway: 'prod', team: 'hiring', feature: 'jd-gen', keyAlias: JD.keyAlias, slo: SLO });
    const exprs = [
      ...dashboards().flatMap((d) => dashboardExpressions(d).map((e) => ({ ...e, uid: d.uid }))),
      ...Object.entries(fq).filter(([, v]) => typeof v === 'string').map(([k, v]) => ({ panel: k, refId: 'A', expr: v as string, uid: 'feature-queries' })),
    ];
    expect(exprs.length).toBeGreaterThan(60);
    const groups = [{ name: 'dashboard-expressions', rules: exprs.map((e, i) => ({ record: `dashboard_expr_${i}`, expr: e.expr })) }];
    const result = promtoolCheckRules(renderRuleGroupsYaml(groups));
    expect(result.output).toContain(`SUCCESS: ${exprs.length} rules found`);
    expect(result.status).toBe(0);
  });

  test('key panels return the expected numbers on synthetic LiteLLM series', () => {
    const [platform, team] = dashboards('llm-platform-amp');
    const rules = renderRuleGroupsYaml([
      ...gatewayRuleGroups({ gateway: 'prod', slo: SLO }),
      ...teamRuleGroups({ gateway: 'prod', team: 'hiring', slo: SLO }),
      ...FEATURES.flatMap((f) => featureRuleGroups({ gateway: 'prod', team: 'hiring', feature: f.name, keyAlias: f.keyAlias, slo: SLO })),
    ]);
    const deployment = { api_base: '', api_provider: 'bedrock', gateway: 'prod', litellm_model_name: 'bedrock/claude-sonnet', model_id: 'm1' };
    const tests = renderPromtoolTests([{
      title: 'dashboards',
      interval: '1m',
      inputSeries: [
        // jd-gen: 600 requests/min, 12 of them 5xx (2 %), 6 LiteLLM quota 429s; summarize: 300/min, no errors.
        requestsSeries(JD, [{ samples: 70, requests: 600 }]),
        failuresSeries(JD, '500', 'Openai.InternalServerError', [[12, 70]]),
        failuresSeries(JD, '429', 'ParallelRequestLimitError', [[6, 70]]),
        requestsSeries(SUMMARIZE, [{ samples: 70, requests: 300 }]),
        // jd-gen latency: every success within 1.2 s, half within 0.5 s -> p95 = 0.5 + 0.7 x 0.45/0.5 = 1.13 s.
        ...latencySeries(JD, '1.2', [{ samples: 70, total: 588, fast: 588 }]),
        // Fallbacks: 12 served, 3 failed per minute -> 80 % carried.
        fallbackSeries(true, JD, 'chat-fast', [[12, 70]]),
        fallbackSeries(false, JD, 'chat-fast', [[3, 70]]),
        // 1 USD per minute -> 60 USD per hour; 1000 tokens per minute.
        spendSeries(JD, [[1, 70]]),
        { series: series('litellm_total_tokens_metric_total', { api_key_alias: JD.keyAlias, gateway: 'prod', model: 'm', team_alias: 'hiring' }), values: counter([[1000, 70]]) },
        // Two workers report the deployment state (multiprocess gauges carry a pid): the worst wins.
        { series: series('litellm_deployment_state', { ...deployment, pid: '11' }), values: gauge([[0, 70]]) },
        { series: series('litellm_deployment_state', { ...deployment, pid: '12' }), values: gauge([[1, 70]]) },
      ],
      exprCases: [
        rounded(team, 'Error ratio by feature', [['{api_key_alias="hiring/jd-gen"}', 0.02], ['{api_key_alias="hiring/summarize"}', 0]]),
        rounded(team, 'Failing requests per second', [['{gateway="prod", team_alias="hiring"}', 0.2]]),
        rounded(team, 'Error ratio (5m)', [['{gateway="prod", team_alias="hiring"}', 0.0133]]),
        rounded(team, 'Burn rate (1h)', [['{gateway="prod", team_alias="hiring"}', 13.3333]]),
        rounded(team, 'Fallbacks that succeeded (1 h)', [['{}', 0.8]]),
        rounded(team, 'jd-gen: p95 latency against the SLO', [['{}', 1.13]]),
        rounded(team, 'jd-gen: error ratio against the SLO', [['{api_key_alias="hiring/jd-gen", gateway="prod"}', 0.02]]),
        rounded(team, 'summarize: error ratio against the SLO', [['{api_key_alias="hiring/summarize", gateway="prod"}', 0]]),
        rounded(platform, 'Error ratio (1 h)', [['{gateway="prod"}', 0.0133]]),
        rounded(platform, 'Requests within 1200 ms (1 h)', [['{gateway="prod"}', 1]]),
        rounded(platform, 'Spend by team (USD per hour)', [['{team_alias="hiring"}', 60]]),
        rounded(platform, 'Tokens per second by team', [['{team_alias="hiring"}', 16.6667]]),
        rounded(platform, 'Rate-limit hits', [['{team_alias="hiring"}', 0.1]]),
        rounded(platform, 'Deployment state', [['{api_provider="bedrock", litellm_model_name="bedrock/claude-sonnet"}', 1]]),
        ...(() => {
          const fq = featureQueries({ gateway: 'prod', team: 'hiring', feature: 'jd-gen', keyAlias: JD.keyAlias, slo: SLO });
          return [
            { expr: `round(${fq.errorRatio}, 0.0001)`, evalTime: '70m', expSamples: [{ labels: '{api_key_alias="hiring/jd-gen", gateway="prod"}', value: 0.02 }] },
            { expr: `round(${fq.burnRate1h}, 0.0001)`, evalTime: '70m', expSamples: [{ labels: '{api_key_alias="hiring/jd-gen", gateway="prod"}', value: 20 }] },
            { expr: `round(${fq.latencyP95Seconds}, 0.0001)`, evalTime: '70m', expSamples: [{ labels: '{}', value: 1.13 }] },
            { expr: `round(${fq.spendPerHourUsd}, 0.0001)`, evalTime: '70m', expSamples: [{ labels: '{}', value: 60 }] },
          ];
        })(),
      ],
    }], '1m');
    const result = promtoolTestRules(rules, tests);
    expect({ status: result.status, output: result.output }).toEqual({ status: 0, output: expect.stringContaining('SUCCESS') });
  });
});
