import { ValidationError } from '../../../src/core/errors';
import {
  dashboardExpressions, platformDashboard, recordingRulesUsed, teamDashboard, type FeatureDashboardExtension,
} from '../../../src/observability/dashboards';
import { featureRuleGroups, gatewayRuleGroups, isAlertingRule, teamRuleGroups } from '../../../src/observability/slo';

const SLO = { availability: 0.999, latencyP95Ms: 1200 };
const FEATURES = [
  { name: 'jd-gen', keyAlias: 'hiring/jd-gen', runbookUrl: 'https://runbooks.example.com/hiring/jd-gen' },
  { name: 'summarize', keyAlias: 'hiring/summarize', slo: { availability: 0.99, latencyP95Ms: 3000 } },
];

interface AnyPanel {
  id: number;
  type: string;
  title: string;
  gridPos: { x: number; y: number; w: number; h: number };
  datasource?: { uid: string };
  links?: Array<{ url: string }>;
}

function panels(d: { panels?: unknown[] }): AnyPanel[] {
  return (d.panels ?? []) as AnyPanel[];
}

describe('platformDashboard', () => {
  const d = platformDashboard({ gateway: 'prod', slo: SLO, datasourceUid: 'llm-platform-amp', runbookUrl: 'https://runbooks.example.com/gw' });

  test('has a stable uid and title, and every panel reads the given datasource', () => {
    expect(d.uid).toBe('llm-gw-prod');
    expect(d.title).toBe('LLM gateway prod / overview');
    expect(d.templating?.list ?? []).toEqual([]);
    for (const p of panels(d).filter((x) => x.type !== 'row' && x.type !== 'text')) expect(p.datasource).toEqual({ type: 'prometheus', uid: 'llm-platform-amp' });
  });

  test('covers what the issue asks: traffic, errors by provider and model, p95 against the SLO, TTFT, fallbacks and cooldowns, rate-limit hits, tokens and spend by team', () => {
    const titles = panels(d).map((p) => p.title);
    expect(titles.filter((_t, i) => panels(d)[i].type === 'row')).toEqual(['Service level', 'Traffic and errors', 'Latency', 'Providers: fallbacks and cooldowns', 'Usage and spend']);
    for (const t of ['Requests per second by team', 'Errors by provider and model', 'p95 latency against the SLO', 'Time to first token (p95)',
      'Fallbacks', 'Cooldowns (15 min)', 'Deployment state', 'Rate-limit hits', 'Tokens per second by team', 'Spend by team (USD per hour)']) {
      expect(titles).toContain(t);
    }
    const p95 = panels(d).find((p) => p.title === 'p95 latency against the SLO') as unknown as { fieldConfig: { defaults: { thresholds: { steps: Array<{ value: number | null }> } } } };
    expect(p95.fieldConfig.defaults.thresholds.steps.map((s) => s.value)).toEqual([null, 1.2]);
  });

  test('panel ids are unique and 1..n; panels never overlap and fit the 24-column grid', () => {
    const ps = panels(d);
    expect(ps.map((p) => p.id)).toEqual(ps.map((_, i) => i + 1));
    for (const p of ps) expect(p.gridPos.x + p.gridPos.w).toBeLessThanOrEqual(24);
    for (let i = 0; i < ps.length; i++) {
      for (let j = i + 1; j < ps.length; j++) {
        const a = ps[i].gridPos;
        const b = ps[j].gridPos;
        const overlap = a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
        expect(overlap ? `${ps[i].title} overlaps ${ps[j].title}` : '').toBe('');
      }
    }
  });

  test('without a datasource uid, a datasource variable is used ($datasource, never ${...})', () => {
    const v = platformDashboard({ gateway: 'prod', slo: SLO });
    expect(v.templating?.list?.map((x) => [x.name, x.type])).toEqual([['datasource', 'datasource']]);
    expect(JSON.stringify(v)).toContain('"uid":"$datasource"');
    expect(JSON.stringify(v)).not.toMatch(/\$\{|%\{/);
  });

  test('reads only the gateway recordings that gatewayRuleGroups records', () => {
    const recorded = new Set(gatewayRuleGroups({ gateway: 'prod', slo: SLO }).flatMap((g) => g.rules).filter((r) => !isAlertingRule(r)).map((r) => (r as { record: string }).record));
    const used = recordingRulesUsed(d);
    expect(used.length).toBeGreaterThan(0);
    for (const name of used) expect(recorded.has(name) ? name : `${name} is not recorded`).toBe(name);
  });

  test('is deterministic', () => {
    expect(JSON.stringify(platformDashboard({ gateway: 'prod', slo: SLO, datasourceUid: 'llm-platform-amp', runbookUrl: 'https://runbooks.example.com/gw' }))).toBe(JSON.stringify(d));
    expect(d).toMatchSnapshot();
  });
});

describe('teamDashboard', () => {
  const evaluation: FeatureDashboardExtension = {
    name: 'evaluation',
    panels: (f) => [{ build: () => ({ type: 'stat', title: `${f.feature}: golden-prompt pass rate`, targets: [{ refId: 'A', expr: `probe_pass_ratio{${f.matchers}}` }] }) } as never],
  };
  const d = teamDashboard({ gateway: 'prod', team: 'hiring', slo: SLO, features: FEATURES, runbookUrl: 'https://runbooks.example.com/hiring', datasourceUid: 'ds', extensions: [evaluation] });
  const titles = panels(d).map((p) => p.title);

  test('answers the four incident questions in order, then one row per feature', () => {
    expect(panels(d).filter((p) => p.type === 'row').map((p) => p.title)).toEqual([
      '1. How many requests are failing?', '2. Is fallback carrying them?', '3. When does the provider recover?', '4. Wait, switch model, or turn the feature off?',
      'Feature jd-gen (hiring/jd-gen)', 'Feature summarize (hiring/summarize)',
    ]);
    expect(titles[0]).toBe('What to do');
  });

  test('links the team runbook and the feature runbooks (header, guide, feature panels)', () => {
    expect((d.links ?? []).map((l) => l.url)).toEqual(['https://runbooks.example.com/hiring', 'https://runbooks.example.com/hiring/jd-gen']);
    const guide = panels(d)[0] as unknown as { options: { content: string } };
    expect(guide.options.content).toContain('[Team runbook](https://runbooks.example.com/hiring)');
    expect(guide.options.content).toContain('[jd-gen runbook](https://runbooks.example.com/hiring/jd-gen)');
    const jdPanel = panels(d).find((p) => p.title === 'jd-gen: error ratio against the SLO')!;
    expect(jdPanel.links?.map((l) => l.url)).toEqual(['https://runbooks.example.com/hiring/jd-gen']);
    const sumPanel = panels(d).find((p) => p.title === 'summarize: error ratio against the SLO')!;
    expect(sumPanel.links?.map((l) => l.url)).toEqual(['https://runbooks.example.com/hiring']);
  });

  test('each feature row uses the feature\'s SLO (or the team\'s) and selects its key alias', () => {
    const sum = dashboardExpressions(d).filter((e) => e.panel.startsWith('summarize:'));
    expect(sum.every((e) => e.expr.includes('api_key_alias=~"hiring/summarize(@(pending|retired-[0-9]+))?"'))).toBe(true);
    const latency = panels(d).find((p) => p.title === 'summarize: p95 latency against the SLO') as unknown as { fieldConfig: { defaults: { thresholds: { steps: Array<{ value: number | null }> } } } };
    expect(latency.fieldConfig.defaults.thresholds.steps[1].value).toBe(3);
    const jd = panels(d).find((p) => p.title === 'jd-gen: p95 latency against the SLO') as unknown as { fieldConfig: { defaults: { thresholds: { steps: Array<{ value: number | null }> } } } };
    expect(jd.fieldConfig.defaults.thresholds.steps[1].value).toBe(1.2);
  });

  test('extensions add their panels to every feature row, after the feature\'s own (issue 15 evaluation row)', () => {
    expect(titles).toContain('jd-gen: golden-prompt pass rate');
    expect(titles).toContain('summarize: golden-prompt pass rate');
    expect(titles.indexOf('jd-gen: golden-prompt pass rate')).toBe(titles.indexOf('Feature summarize (hiring/summarize)') - 1);
    const probe = dashboardExpressions(d).find((e) => e.panel === 'summarize: golden-prompt pass rate');
    expect(probe?.expr).toBe('probe_pass_ratio{gateway="prod", api_key_alias=~"hiring/summarize(@(pending|retired-[0-9]+))?"}');
  });

  test('reads only recordings that the team and feature rule groups record', () => {
    const groups = [
      ...teamRuleGroups({ gateway: 'prod', team: 'hiring', slo: SLO }),
      ...FEATURES.flatMap((f) => featureRuleGroups({ gateway: 'prod', team: 'hiring', feature: f.name, keyAlias: f.keyAlias, slo: f.slo ?? SLO })),
    ];
    const recorded = new Set(groups.flatMap((g) => g.rules).filter((r) => !isAlertingRule(r)).map((r) => (r as { record: string }).record));
    for (const name of recordingRulesUsed(d)) expect(recorded.has(name) ? name : `${name} is not recorded`).toBe(name);
  });

  test('uid is stable, readable when short and hashed past 40 characters', () => {
    expect(d.uid).toBe('llm-team-prod-hiring');
    const long = teamDashboard({ gateway: 'a'.repeat(32), team: 'b'.repeat(40), slo: SLO });
    expect(long.uid).toMatch(/^llm-team-[0-9a-f]{31}$/);
    expect(teamDashboard({ gateway: 'a'.repeat(32), team: 'b'.repeat(40), slo: SLO }).uid).toBe(long.uid);
    expect(teamDashboard({ gateway: 'a'.repeat(32), team: 'c'.repeat(40), slo: SLO }).uid).not.toBe(long.uid);
  });

  test('is deterministic, and a team without features still has the four incident rows', () => {
    expect(d).toMatchSnapshot();
    const bare = teamDashboard({ gateway: 'prod', team: 'tiny', slo: SLO });
    expect(panels(bare).filter((p) => p.type === 'row')).toHaveLength(4);
    expect(JSON.stringify(bare)).not.toMatch(/\$\{|%\{/);
  });

  test('bad input is one ValidationError with every problem', () => {
    let error: unknown;
    try {
      teamDashboard({
        gateway: 'prod',
        team: 'Hiring',
        slo: { availability: 1, latencyP95Ms: 1200 },
        features: [{ name: 'a', keyAlias: 'hiring/a' }, { name: 'a', keyAlias: 'hiring/a2' }],
        datasourceUid: 'has space',
        extensions: [{ name: 'x' } as never],
      }, 'platform/obs');
    } catch (e) { error = e; }
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).problems.map((p) => p.path).sort()).toEqual(['datasourceUid', 'extensions[0]', 'features[1].name', 'slo.availability', 'team']);
  });
});
