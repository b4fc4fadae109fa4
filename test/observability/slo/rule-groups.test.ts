import * as fc from 'fast-check';
import { ValidationError } from '../../../src/core/errors';
import { PROMETHEUS_LATENCY_BUCKETS } from '../../../src/gateway/litellm/defaults';
import {
  BURN_RATE_WINDOWS, LATENCY_BUCKETS_SECONDS, LATENCY_THRESHOLDS_MS, featureRuleGroups, gatewayRuleGroups, isAlertingRule, leMatcher,
  promNumber, renderRuleGroupsYaml, teamRuleGroups, type RuleGroup,
} from '../../../src/observability/slo';
import { describeWithEngine, promtoolCheckRules } from '../engines';

const SLO = { availability: 0.999, latencyP95Ms: 1200 };

function counts(groups: ReadonlyArray<RuleGroup>) {
  const rules = groups.flatMap((g) => g.rules);
  return { recording: rules.filter((r) => !isAlertingRule(r)).length, alerting: rules.filter(isAlertingRule).length };
}

describe('latency buckets', () => {
  test('are the gateway\'s prometheus_latency_buckets (the same array, not a copy) and contain the 1.2 s bound', () => {
    expect(LATENCY_BUCKETS_SECONDS).toBe(PROMETHEUS_LATENCY_BUCKETS);
    expect(LATENCY_BUCKETS_SECONDS).toContain(1.2);
    expect(LATENCY_THRESHOLDS_MS).toContain(1200);
  });

  test('le matchers accept both spellings of integral bounds (Python 1.0, OTel 1) and the exact one otherwise', () => {
    expect(leMatcher(1.2)).toBe('le="1.2"');
    expect(leMatcher(1)).toBe('le=~"1(\\\\.0)?"');
    expect(leMatcher(0.25)).toBe('le="0.25"');
    expect(() => leMatcher(0)).toThrow(RangeError);
  });
});

describe('burn-rate table', () => {
  test('is the Workbook\'s (plus Sloth\'s 1d/2h row), the short window 1/12 of the long one', () => {
    expect(BURN_RATE_WINDOWS.map((w) => [w.severity, w.longWindow, w.shortWindow, w.burnRate])).toEqual([
      ['page', '1h', '5m', 14.4], ['page', '6h', '30m', 6], ['ticket', '1d', '2h', 3], ['ticket', '3d', '6h', 1],
    ]);
    // Budget spent in the long window at that burn rate, as a share of 30 days: 14.4 x 1h / 720h = 2 %.
    for (const w of BURN_RATE_WINDOWS) {
      const hours = { '1h': 1, '6h': 6, '1d': 24, '3d': 72 }[w.longWindow as '1h']!;
      expect(Number((w.burnRate * hours / 720).toFixed(4))).toBe(w.budgetSpent);
    }
  });

  test('numbers print without binary noise', () => {
    expect(promNumber(14.4 * 0.001)).toBe('0.0144');
    expect(promNumber(6 * (1 - 0.999))).toBe('0.006');
    expect(promNumber(1e-7)).toBe('0.0000001');
  });
});

describe('rule groups', () => {
  test('counts per scope: gateway 28 recordings + 2 provider recordings, 7 alerts; team and feature 28 recordings, 4 alerts (+1 with a budget)', () => {
    expect(counts(gatewayRuleGroups({ gateway: 'prod', slo: SLO }))).toEqual({ recording: 30, alerting: 7 });
    expect(counts(teamRuleGroups({ gateway: 'prod', team: 'hiring', slo: SLO }))).toEqual({ recording: 28, alerting: 4 });
    expect(counts(teamRuleGroups({ gateway: 'prod', team: 'hiring', slo: SLO, monthlyBudgetUsd: 5000 }))).toEqual({ recording: 28, alerting: 5 });
    expect(counts(featureRuleGroups({ gateway: 'prod', team: 'hiring', feature: 'jd', keyAlias: 'hiring/jd', slo: SLO, monthlyBudgetUsd: 100 }))).toEqual({ recording: 28, alerting: 5 });
  });

  test('every alert carries severity, gateway, scope, and team/feature where relevant; runbook_url only when given', () => {
    const withRunbook = [
      ...gatewayRuleGroups({ gateway: 'prod', slo: SLO, runbookUrl: 'https://r.example.com/gw' }),
      ...teamRuleGroups({ gateway: 'prod', team: 'hiring', slo: SLO, monthlyBudgetUsd: 1, runbookUrl: 'https://r.example.com/t' }),
      ...featureRuleGroups({ gateway: 'prod', team: 'hiring', feature: 'jd', keyAlias: 'hiring/jd', slo: SLO, runbookUrl: 'https://r.example.com/f' }),
    ];
    for (const rule of withRunbook.flatMap((g) => g.rules).filter(isAlertingRule)) {
      expect(['page', 'ticket']).toContain(rule.labels.severity);
      expect(rule.labels.gateway).toBe('prod');
      expect(rule.annotations.summary).toEqual(expect.any(String));
      expect(rule.annotations.runbook_url).toMatch(/^https:\/\/r\.example\.com\//);
      if (rule.labels.scope !== 'gateway') expect(rule.labels.team).toBe('hiring');
      if (rule.labels.scope === 'feature') expect(rule.labels.feature).toBe('jd');
    }
    const without = gatewayRuleGroups({ gateway: 'prod', slo: SLO }).flatMap((g) => g.rules).filter(isAlertingRule);
    expect(without.every((r) => r.annotations.runbook_url === undefined)).toBe(true);
  });

  test('team rules select the team\'s alias and feature rules the key alias, never another scope', () => {
    const team = renderRuleGroupsYaml(teamRuleGroups({ gateway: 'prod', team: 'hiring', slo: SLO }));
    expect(team).toContain('team_alias="hiring"');
    expect(team).not.toContain('api_key_alias');
    const feature = renderRuleGroupsYaml(featureRuleGroups({ gateway: 'prod', team: 'hiring', feature: 'jd', keyAlias: 'hiring/jd', slo: SLO }));
    expect(feature).toContain('api_key_alias=~"hiring/jd(@(pending|retired-[0-9]+))?"');
    expect(feature).toContain('label_replace(');
    expect(feature).not.toContain('team_alias="hiring"');
  });

  test('a latency SLO of 1000 ms uses the 1 s bucket, matching both le spellings', () => {
    const yaml = renderRuleGroupsYaml(teamRuleGroups({ gateway: 'prod', team: 'hiring', slo: { availability: 0.995, latencyP95Ms: 1000 } }));
    expect(yaml).toContain('le=~"1(\\\\.0)?"');
    expect(yaml).not.toContain('le="1.2"');
  });

  test('rendering is deterministic and carries nothing Terraform would interpolate', () => {
    const a = renderRuleGroupsYaml(teamRuleGroups({ gateway: 'prod', team: 'hiring', slo: SLO, monthlyBudgetUsd: 3000, runbookUrl: 'https://r.example.com/t' }));
    const b = renderRuleGroupsYaml(teamRuleGroups({ runbookUrl: 'https://r.example.com/t', monthlyBudgetUsd: 3000, slo: { latencyP95Ms: 1200, availability: 0.999 }, team: 'hiring', gateway: 'prod' }));
    expect(a).toBe(b);
    expect(a).not.toMatch(/\$\{|%\{/);
    expect(a).toMatchSnapshot();
  });

  test('duplicate group names are refused', () => {
    const g = teamRuleGroups({ gateway: 'prod', team: 'hiring', slo: SLO });
    expect(() => renderRuleGroupsYaml([...g, ...g])).toThrow(/duplicate rule group name llm-team-prod-hiring/);
  });

  test('bad input is one ValidationError naming every problem and its fix', () => {
    let error: unknown;
    try {
      featureRuleGroups({
        gateway: 'Prod_1',
        team: '9team',
        feature: 'Feature',
        keyAlias: 'a\nb',
        slo: { availability: 0.9, latencyP95Ms: 1300 },
        monthlyBudgetUsd: -5,
        runbookUrl: 'http://insecure',
        environment: 'PROD',
      }, 'platform/obs');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    const problems = (error as ValidationError).problems.map((p) => p.path).sort();
    expect(problems).toEqual(['environment', 'feature', 'gateway', 'keyAlias', 'monthlyBudgetUsd', 'runbookUrl', 'slo.availability', 'slo.latencyP95Ms', 'team']);
    expect((error as ValidationError).message).toContain('[platform/obs]');
    expect((error as ValidationError).message).toContain('use one of 100, 250, 500, 800, 1000, 1200');
  });

  test('fuzzed input: a ValidationError or rule groups, never a TypeError', () => {
    fc.assert(fc.property(fc.anything(), fc.anything(), fc.anything(), (gateway, team, slo) => {
      try {
        teamRuleGroups({ gateway, team, slo } as never);
      } catch (e) {
        expect(e).toBeInstanceOf(ValidationError);
      }
    }), { numRuns: 300 });
  });
});

describeWithEngine('promtool', 'rule groups pass promtool check rules', () => {
  test('for every latency threshold, with and without environment, runbook and budget', () => {
    const groups: RuleGroup[] = [];
    LATENCY_THRESHOLDS_MS.forEach((ms, i) => {
      const gateway = `gw${i}`;
      const slo = { availability: [0.95, 0.99, 0.995, 0.999, 0.9999][i % 5], latencyP95Ms: ms };
      const extra = i % 2 === 0 ? { environment: 'prod', runbookUrl: 'https://r.example.com/x?a=1&b=%7B2%7D#{{x}}', monthlyBudgetUsd: 1234.5 } : {};
      groups.push(...gatewayRuleGroups({ gateway, slo, ...(i % 2 === 0 ? { environment: 'prod', runbookUrl: 'https://r.example.com/g' } : {}) }));
      groups.push(...teamRuleGroups({ gateway, team: 'team_a', slo, ...extra }));
      groups.push(...featureRuleGroups({ gateway, team: 'team_a', feature: 'f-1', keyAlias: 'team_a/f-1 "quoted" \\ alias', slo, ...extra }));
    });
    const result = promtoolCheckRules(renderRuleGroupsYaml(groups));
    expect(result.output).toContain(`SUCCESS: ${groups.flatMap((g) => g.rules).length} rules found`);
    expect(result.status).toBe(0);
  });
});
