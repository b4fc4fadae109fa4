import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Construct } from 'constructs';
import { ValidationError } from '../../../src/core';
import { App, TerraformStack, Testing } from '../../../src/core/cdktf';
import { stackFilePaths } from '../../../src/core/stack-files';
import { synthStack } from '../../../src/testing/synth';
import { FeatureReadiness, fact, type FeatureReadinessFacts } from '../api';
import { readyFacts, tweak } from '../fixtures';

function teamStack(app: App, facts: (name: string) => FeatureReadinessFacts, names: string[], drills = false): TerraformStack {
  const stack = new TerraformStack(app, 'hiring');
  for (const n of names) {
    const feature = new Construct(stack, n);
    FeatureReadiness.register(feature, () => ({ ...facts(n), feature: { ...facts(n).feature, constructPath: feature.node.path } }), { drills });
  }
  return stack;
}

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  return undefined;
}

describe('FeatureReadiness.register', () => {
  test('a ready production feature synthesizes', () => {
    const stack = teamStack(Testing.app(), (n) => readyFacts({ name: n }), ['job-description-gen']);
    expect(() => synthStack(stack)).not.toThrow();
  });

  test('in production, a failing required item fails synthesis with a ValidationError naming the feature, the item and the fix', () => {
    const noLimits = (n: string) => {
      const f = readyFacts({ name: n });
      return tweak(f, { quota: { ...f.quota, tokensPerMinute: fact(undefined), monthlyBudgetUsd: fact(undefined) } });
    };
    const stack = teamStack(Testing.app(), noLimits, ['job-description-gen']);
    const e = thrown(() => synthStack(stack));
    expect(e).toBeInstanceOf(ValidationError);
    const err = e as ValidationError;
    expect(err.constructPath).toBe('hiring/job-description-gen');
    expect(err.problems.map((p) => `${p.path}: ${p.fix}`)).toEqual([
      'readiness.limits-budget: set quota.tokensPerMinute',
      'readiness.limits-budget: set quota.monthlyBudgetUsd (LiteLLM rejects requests once it is spent)',
    ]);
    expect(err.message).toContain("required readiness item 'TPM/RPM limits and cost budget' fails in production: tokens per minute limit");
  });

  test('outside production the same gap is reported, not fatal', () => {
    const f = (n: string) => tweak(readyFacts({ name: n, environment: 'staging' }), { businessFallback: fact(undefined) });
    const stack = teamStack(Testing.app(), f, ['job-description-gen']);
    expect(() => synthStack(stack)).not.toThrow();
    const [result] = FeatureReadiness.resultsOf(stack);
    expect(result.items.find((i) => i.id === 'fault-tolerance')!.status).toBe('failed');
    expect(result.ready).toBe(true);
  });

  test('registers one report per stack, a runbook per feature, drills only when enabled', () => {
    const app = Testing.app();
    const stack = teamStack(app, (n) => readyFacts({ name: n }), ['summarizer', 'job-description-gen']);
    expect(stackFilePaths(stack)).toEqual(['readiness-report.json', 'readiness-report.md', 'runbooks/job-description-gen.md', 'runbooks/summarizer.md']);
    const other = new TerraformStack(app, 'search');
    FeatureReadiness.register(new Construct(other, 'rank'), () => readyFacts({ team: 'search', name: 'rank' }), { drills: true });
    expect(stackFilePaths(other)).toEqual([
      'drills/rank-provider-failover.json', 'drills/rank-provider-failover.md', 'readiness-report.json', 'readiness-report.md', 'runbooks/rank.md',
    ]);
    const [rank] = FeatureReadiness.resultsOf(other);
    expect(rank.items.find((i) => i.id === 'runbook')!.status).toBe('passed');
  });
});

describe('the writer', () => {
  const synthInto = (drills: boolean) => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'readiness-'));
    const app = new App({ outdir, stackTraces: false });
    teamStack(app, (n) => readyFacts({ name: n }), ['job-description-gen', 'summarizer'], drills);
    app.synth();
    return path.join(outdir, 'stacks', 'hiring');
  };

  test('writes the reports, runbooks and drills beside cdk.tf.json, byte-identical on every synth', () => {
    const a = synthInto(true);
    const b = synthInto(true);
    const files = (dir: string) => fs.readdirSync(dir, { recursive: true }).map(String).filter((p) => fs.statSync(path.join(dir, p)).isFile()).sort();
    expect(files(a)).toEqual([
      'cdk.tf.json',
      path.join('drills', 'job-description-gen-provider-failover.json'),
      path.join('drills', 'job-description-gen-provider-failover.md'),
      path.join('drills', 'summarizer-provider-failover.json'),
      path.join('drills', 'summarizer-provider-failover.md'),
      'readiness-report.json',
      'readiness-report.md',
      path.join('runbooks', 'job-description-gen.md'),
      path.join('runbooks', 'summarizer.md'),
    ]);
    for (const f of files(a)) expect(fs.readFileSync(path.join(b, f), 'utf8')).toBe(fs.readFileSync(path.join(a, f), 'utf8'));
    const report = JSON.parse(fs.readFileSync(path.join(a, 'readiness-report.json'), 'utf8'));
    expect(report.stack).toBe('hiring');
    expect(report.features.map((x: { feature: string }) => x.feature)).toEqual(['job-description-gen', 'summarizer']);
    expect(report.ready).toBe(true);
    const drill = JSON.parse(fs.readFileSync(path.join(a, 'drills', 'summarizer-provider-failover.json'), 'utf8'));
    expect(drill).toMatchObject({ model: 'chat', mock_testing_fallbacks: true });
  });

  test('produces each feature\'s facts once per synthesis (validation computes them, the files reuse them)', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'readiness-'));
    const app = new App({ outdir, stackTraces: false });
    const stack = new TerraformStack(app, 'hiring');
    let calls = 0;
    FeatureReadiness.register(new Construct(stack, 'jd-gen'), () => {
      calls += 1;
      return readyFacts({ name: 'jd-gen' });
    }, { drills: true });
    app.synth();
    expect(calls).toBe(1);
    expect(fs.existsSync(path.join(outdir, 'stacks', 'hiring', 'runbooks', 'jd-gen.md'))).toBe(true);
  });
});
