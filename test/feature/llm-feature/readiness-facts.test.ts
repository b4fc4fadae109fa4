import * as fs from 'node:fs';
import * as path from 'node:path';
import { featureProps, oneFeature, platform, team } from './fixtures';
import { App, Testing } from '../../../src/core/cdktf';
import { evaluateReadiness, fact, evidence, FeatureReadiness, StandardLlmFeature, type Evidence, type FeatureReadinessFacts } from '../../../src/feature';

/** Every evidence reference in a facts object (walks the plain data). */
function allEvidence(x: unknown, out: Evidence[] = []): Evidence[] {
  if (Array.isArray(x)) {x.forEach((v) => allEvidence(v, out));} else if (x && typeof x === 'object') {
    const o = x as Record<string, unknown>;
    if (Array.isArray(o.evidence)) out.push(...(o.evidence as Evidence[]));
    for (const v of Object.values(o)) allEvidence(v, out);
  }
  return out;
}

function synthAll(app: App): Record<string, any> {
  app.synth();
  const out: Record<string, any> = {};
  for (const dir of fs.readdirSync(path.join(app.outdir, 'stacks'))) {
    out[dir] = JSON.parse(fs.readFileSync(path.join(app.outdir, 'stacks', dir, 'cdk.tf.json'), 'utf8'));
  }
  return out;
}

describe.each(['aws', 'gcp', 'kubernetes'] as const)('readiness facts of a feature (%s)', (runtime) => {
  const f = oneFeature(runtime);
  const stacks = synthAll(f.app);
  const facts: FeatureReadinessFacts = f.feature.readinessFacts();
  // As registered: the runbook and drills are added by the registration.
  const [result] = FeatureReadiness.resultsOf(f.team.stack);

  it('is ready for production: no required item fails; what synth cannot verify is declared, never passed', () => {
    expect(result.production).toBe(true);
    expect(result.items.filter((i) => i.required && i.status === 'failed')).toEqual([]);
    const prompt = result.items.find((i) => i.id === 'prompt-versioning')!;
    expect(prompt.status).toBe('declared');
    expect(result.items.find((i) => i.id === 'continuous-qa')!.status).toBe('declared');
  });

  it('fills the feature\'s own facts from its props, its key and its team', () => {
    expect(facts.feature).toMatchObject({ team: 'hiring', name: 'job-description-gen', keyAlias: 'hiring/job-description-gen', stack: 'team-hiring', constructPath: 'team-hiring/job-description-gen' });
    expect(facts.feature.environment.value).toBe('prod');
    expect(facts.quota.tokensPerMinute.value).toBe(50_000);
    expect(facts.quota.teamMonthlyBudgetUsd.value).toBe(5_000);
    expect(facts.quota.keyRotationDays.value).toBe(30);
    expect(facts.access.readers.value).toHaveLength(1);
    expect(facts.access.networkPath.value.length).toBeGreaterThan(0);
    expect(facts.access.encryption.value).toEqual({ atRest: true, inTransit: true });
    expect(facts.observability?.alerts.value).toEqual(['LlmAvailabilityBudgetBurn', 'LlmLatencyBudgetBurn', 'LlmSpendBudgetExhaustionProjected']);
    expect(facts.observability?.dashboard.value.file).toBe(`dashboards/${f.team.observability!.dashboardUid}.json`);
    expect(facts.policy.bundle.value?.packs).toEqual(['llm-governance', 'security-baseline']);
    expect(facts.models.map((m) => [m.alias, m.fallbacks.value])).toEqual([['chat', ['chat-fallback']]]);
  });

  it('every resource it cites exists in the synthesized stack it names', () => {
    const cited = allEvidence(facts).filter((e) => e.kind === 'resource');
    expect(cited.length).toBeGreaterThan(5);
    for (const e of cited) {
      const json = stacks[e.stack ?? 'team-hiring'];
      const [type, id] = e.ref.startsWith('data.') ? e.ref.slice(5).split('.') : e.ref.split('.');
      const block = e.ref.startsWith('data.') ? json.data?.[type]?.[id] : json.resource?.[type]?.[id];
      expect({ ref: e.ref, found: block !== undefined }).toEqual({ ref: e.ref, found: true });
    }
  });

  it('cites the key\'s secret, the grants and the desired state by address', () => {
    const refs = (fx: { evidence: ReadonlyArray<Evidence> }) => fx.evidence.map((e) => e.ref).join(' ');
    expect(refs(facts.access.keySecret)).toMatch(runtime === 'kubernetes' ? /kubernetes_config_map_v1\./ : /secret/);
    expect(refs(facts.access.readers)).toMatch(/iam_role_policy|secret_iam_member|kubernetes_role_v1/);
    expect(refs(facts.quota.tokensPerMinute)).toMatch(/props\.quota\.tokensPerMinute/);
  });

  it('writes the readiness report and the runbook beside the team stack', () => {
    const dir = path.join(f.app.outdir, 'stacks', 'team-hiring');
    const report = JSON.parse(fs.readFileSync(path.join(dir, 'readiness-report.json'), 'utf8'));
    expect(report.features.map((x: any) => [x.feature, x.ready])).toEqual([['job-description-gen', true]]);
    expect(fs.existsSync(path.join(dir, 'runbooks', 'job-description-gen.md'))).toBe(true);
  });
});

describe('readiness in production fails synthesis with the fix', () => {
  it('Kubernetes without TLS to the gateway: access-encryption', () => {
    const f = oneFeature('kubernetes', {}, { kubernetesTls: false });
    expect(() => f.app.synth()).toThrow(/readiness\.access-encryption.*in transit no/s);
  });

  it('without the team\'s observability: monitoring-logs', () => {
    const f = oneFeature('aws', {}, { observability: false });
    let err: unknown;
    try {
      f.app.synth();
    } catch (e) {
      err = e;
    }
    expect(String(err)).toMatch(/\[team-hiring\/job-description-gen\].*readiness\.monitoring-logs/s);
  });

  it('outside production the same feature synthesizes, its report says what is missing', () => {
    const f = oneFeature('aws', {}, { observability: false, environment: 'staging' });
    expect(() => f.app.synth()).not.toThrow();
    const [result] = FeatureReadiness.resultsOf(f.team.stack);
    // Not ready (the spend alert of limits-budget is required everywhere), but only production stops synthesis.
    expect(result).toMatchObject({ production: false, ready: false });
    expect(result.items.filter((i) => i.status === 'failed').map((i) => [i.id, i.required])).toEqual([
      ['monitoring-logs', false], ['limits-budget', true], ['llm-observability', false],
    ]);
  });
});

describe('issue 15 hook', () => {
  it('an evaluation probe turns continuous-qa into passed', () => {
    const p = platform('aws');
    const t = team(p);
    const feature = new StandardLlmFeature(t.stack, 'jd', featureProps('aws'));
    feature.setEvaluationProbe(() => ({
      goldenSet: fact({ location: 'evaluation/jd.jsonl', sha256: 'a'.repeat(64) }, evidence.file('evaluation/jd.jsonl')),
      schedule: fact('every 30 minutes', evidence.resource('aws_scheduler_schedule.jd')),
      minPassRate: fact(0.9, evidence.prop('props.evaluation.minPassRate')),
      probe: fact(true, evidence.resource('aws_lambda_function.jd')),
      regressionAlerts: fact(['LlmEvaluationRegression'], evidence.alert('LlmEvaluationRegression')),
    }));
    const result = evaluateReadiness(feature.readinessFacts());
    expect(result.items.find((i) => i.id === 'continuous-qa')!.status).toBe('passed');
    expect(Testing.synth(t.stack)).toBeDefined();
  });
});
