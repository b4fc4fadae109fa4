/**
 * Cloud Monitoring alert policies cannot read recording rules, so the GCP target inlines each recording
 * into the alert expressions. promtool proves the inlined alerts are valid PromQL and fire exactly like the
 * original recording + alert rules on the same synthetic LiteLLM series.
 */
import { describeWithEngine, promtoolCheckRules, promtoolTestRules } from './engines';
import { failuresSeries, requestsSeries } from './litellm-series';
import { renderPromtoolTests, type UnitTestGroup } from './promtool-tests';
import { ALERT_NAMES, HIRING, SLO, GATEWAY, allScopes, fixtureGroups, withoutAnnotations } from './rule-fixtures';
import { inlineRecordings } from '../../src/observability/inline-recordings';
import { gatewayRuleGroups, isAlertingRule, renderRuleGroupsYaml, type RuleGroup } from '../../src/observability/slo';

/** Alert-only groups with every recording inlined (what the GCP target provisions). */
function inlined(groups: ReadonlyArray<RuleGroup>): RuleGroup[] {
  const { alerts, problems } = inlineRecordings(groups);
  expect(problems).toEqual([]);
  return groups.map((g) => ({ name: g.name, interval: g.interval, rules: alerts.filter((a) => a.group === g.name).map((a) => a.rule) }));
}

describe('inlineRecordings', () => {
  it('leaves no recording name in any alert and keeps every alert', () => {
    const groups = fixtureGroups();
    const records = groups.flatMap((g) => g.rules.filter((r) => !isAlertingRule(r)).map((r) => (r as { record: string }).record));
    const result = inlineRecordings(groups);
    expect(result.alerts).toHaveLength(groups.flatMap((g) => g.rules.filter(isAlertingRule)).length);
    for (const { rule } of result.alerts) for (const name of records) expect(rule.expr).not.toContain(name);
  });

  it('reports a recording read with a range selector', () => {
    const result = inlineRecordings([{ name: 'g', rules: [{ record: 'a:b:rate5m', expr: 'sum(rate(x[5m]))' }, { alert: 'A', expr: 'max_over_time(a:b:rate5m[1h]) > 1', labels: {}, annotations: {} }] }]);
    expect(result.problems).toEqual(['g/A: a:b:rate5m is read with a range selector and cannot be inlined']);
  });
});

describeWithEngine('promtool', 'inlined alerts (promtool)', () => {
  test('parse as valid rules', () => {
    const result = promtoolCheckRules(renderRuleGroupsYaml(inlined(fixtureGroups())));
    expect({ status: result.status, output: result.output }).toEqual({ status: 0, output: expect.stringContaining('SUCCESS') });
  });

  test('fire like the original rules: a 20x burn with little history tickets first, then pages, at every scope', () => {
    const group: UnitTestGroup = {
      title: 'fast burn, inlined',
      interval: '1m',
      inputSeries: [
        requestsSeries(HIRING, [{ samples: 120, requests: 600 }]),
        failuresSeries(HIRING, '500', 'Openai.InternalServerError', [[0, 30], [12, 90]]),
      ],
      alertCases: [
        // 10 minutes of 2 % errors after 30 clean ones: the 1 d / 2 h windows (only 40 minutes of data) exceed 3x.
        { evalTime: '40m', alertname: ALERT_NAMES.availability, expAlerts: allScopes(HIRING, 'ticket', 'availability') },
        // 1 h window: 2 % > 1.44 %, 5 m window too: pages at gateway, team and feature.
        { evalTime: '1h30m', alertname: ALERT_NAMES.availability, expAlerts: [...allScopes(HIRING, 'page', 'availability'), ...allScopes(HIRING, 'ticket', 'availability')] },
      ],
    };
    const tests = renderPromtoolTests([group], '1m');
    const original = promtoolTestRules(renderRuleGroupsYaml(withoutAnnotations(fixtureGroups())), tests);
    const inlinedResult = promtoolTestRules(renderRuleGroupsYaml(withoutAnnotations(inlined(fixtureGroups()))), tests);
    expect({ status: original.status, output: original.output }).toEqual({ status: 0, output: expect.stringContaining('SUCCESS') });
    expect({ status: inlinedResult.status, output: inlinedResult.output }).toEqual({ status: 0, output: expect.stringContaining('SUCCESS') });
  });

  test('the gateway group alone inlines too', () => {
    const result = promtoolCheckRules(renderRuleGroupsYaml(inlined(gatewayRuleGroups({ gateway: GATEWAY, slo: SLO }))));
    expect(result.status).toBe(0);
  });
});
