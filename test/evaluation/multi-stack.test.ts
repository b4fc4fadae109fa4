import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Runtime } from '../feature/llm-feature/fixtures';

/**
 * A feature's evaluation lives in its team's stack only: the platform stack's JSON is byte-identical with and
 * without evaluated features, and with one or three of them across two teams (fresh module registry per variant,
 * as separate `cdktf synth` runs would number tokens).
 */
function synthesize(runtime: Runtime, teams: Record<string, ReadonlyArray<string>>, evaluated: boolean): Record<string, string> {
  const out: Record<string, string> = {};
  jest.isolateModules(() => {
    /* eslint-disable @typescript-eslint/no-require-imports */
    const { App } = require('../../src/core/cdktf');
    const { featureProps, platform, team } = require('../feature/llm-feature/fixtures') as typeof import('../feature/llm-feature/fixtures');
    const { FeatureCaller, StandardLlmFeature } = require('../../src/feature') as typeof import('../../src/feature');
    const { EvalCheck, EvalDataset } = require('../../src/evaluation') as typeof import('../../src/evaluation');
    /* eslint-enable @typescript-eslint/no-require-imports */
    const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'eval-multi-')), stackTraces: false });
    const p = platform(runtime, { app });
    for (const [name, features] of Object.entries(teams)) {
      const t = team(p, name);
      for (const f of features) {
        const caller = runtime === 'kubernetes' ? [FeatureCaller.kubernetesServiceAccount(`team-${name}`, `${f}-app`)] : undefined;
        const evaluation = evaluated
          ? { evaluation: { goldenSet: EvalDataset.fromFile(path.join(__dirname, 'fixtures', 'job-description.jsonl')), checks: [EvalCheck.contains('Responsibilities')], minPassRate: 0.9 } }
          : {};
        new StandardLlmFeature(t.stack, f, featureProps(runtime, { ...(caller ? { callers: caller } : {}), ...evaluation }));
      }
    }
    app.synth();
    for (const s of app.node.children.filter((c: any) => c.node.id !== undefined)) {
      const file = path.join(app.outdir, 'stacks', s.node.id, 'cdk.tf.json');
      if (fs.existsSync(file)) out[s.node.id] = fs.readFileSync(file, 'utf8');
    }
  });
  return out;
}

describe.each(['aws', 'gcp', 'kubernetes'] as const)('evaluated features across stacks (%s)', (runtime) => {
  const plain = synthesize(runtime, { hiring: ['job-description-gen'] }, false);
  const one = synthesize(runtime, { hiring: ['job-description-gen'] }, true);
  const three = synthesize(runtime, { hiring: ['job-description-gen', 'cv-screening'], search: ['query-rewrite'] }, true);

  it('evaluating a feature leaves the platform stack byte-identical', () => {
    expect(one.platform).toBeDefined();
    expect(one.platform).toBe(plain.platform);
  });

  it('more evaluated features and teams leave the platform stack byte-identical', () => {
    expect(three.platform).toBe(plain.platform);
  });

  it('every platform value an evaluated team stack reads is an output the platform stack has without any evaluation', () => {
    const refs = (json: string) => [...new Set([...json.matchAll(/cross-stack-output-[A-Za-z0-9_.-]+/g)].map((m) => m[0]))].sort();
    const platformOutputs = Object.keys(JSON.parse(plain.platform).output ?? {});
    for (const r of [...refs(one['team-hiring']), ...refs(three['team-search'])]) expect(platformOutputs).toContain(r);
  });
});
