import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Runtime } from './fixtures';

/**
 * Synthesizes a platform with the given teams and features in a fresh module registry (cdktf numbers tokens
 * per process: a fresh registry numbers every variant the same way, as separate `cdktf synth` runs would) and
 * returns each stack's `cdk.tf.json` text.
 */
function synthesize(runtime: Runtime, teams: Record<string, ReadonlyArray<string>>, vectors = false): Record<string, string> {
  const out: Record<string, string> = {};
  jest.isolateModules(() => {
    /* eslint-disable @typescript-eslint/no-require-imports */
    const { App } = require('../../../src/core/cdktf');
    const { featureProps, platform, team } = require('./fixtures') as typeof import('./fixtures');
    const { FeatureCaller, StandardLlmFeature } = require('../../../src/feature') as typeof import('../../../src/feature');
    /* eslint-enable @typescript-eslint/no-require-imports */
    const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'feature-multi-')), stackTraces: false });
    const p = platform(runtime, { app, vectorStore: vectors });
    for (const [name, features] of Object.entries(teams)) {
      const t = team(p, name);
      for (const f of features) {
        const caller = runtime === 'kubernetes' ? [FeatureCaller.kubernetesServiceAccount(`team-${name}`, `${f}-app`)] : undefined;
        const extra = { ...(caller ? { callers: caller } : {}), ...(vectors ? { vectorCollection: { dimensions: 1024 } } : {}) };
        new StandardLlmFeature(t.stack, f, featureProps(runtime, extra));
      }
    }
    app.synth();
    for (const s of app.node.children.filter((c: any) => c.constructor.name !== 'Construct' && c.node.id !== undefined)) {
      const file = path.join(app.outdir, 'stacks', s.node.id, 'cdk.tf.json');
      if (fs.existsSync(file)) out[s.node.id] = fs.readFileSync(file, 'utf8');
    }
  });
  return out;
}

describe.each(['aws', 'gcp', 'kubernetes'] as const)('features across stacks (%s)', (runtime) => {
  const one = synthesize(runtime, { hiring: ['job-description-gen'] });
  const two = synthesize(runtime, { hiring: ['job-description-gen', 'cv-screening'] });
  const twoTeams = synthesize(runtime, { hiring: ['job-description-gen', 'cv-screening'], search: ['query-rewrite'] });

  it('a second feature leaves the platform stack byte-identical', () => {
    expect(two.platform).toBeDefined();
    expect(two.platform).toBe(one.platform);
  });

  it('a second team leaves the platform stack and the first team\'s stack byte-identical', () => {
    expect(twoTeams.platform).toBe(one.platform);
    expect(twoTeams['team-hiring']).toBe(two['team-hiring']);
  });

  it('the team stack reads the same fixed set of platform outputs with one feature as with two', () => {
    const refs = (json: string) => [...new Set([...json.matchAll(/cross-stack-output-[A-Za-z0-9_-]+/g)].map((m) => m[0]))].sort();
    expect(refs(two['team-hiring'])).toEqual(refs(one['team-hiring']));
    expect(refs(twoTeams['team-search'])).toEqual(refs(one['team-hiring']));
  });
});

describe.each(['aws', 'kubernetes'] as const)('features with vector collections across stacks (%s)', (runtime) => {
  it('a second feature and a second team, each with a collection, leave the platform stack byte-identical', () => {
    const one = synthesize(runtime, { hiring: ['job-description-gen'] }, true);
    const more = synthesize(runtime, { hiring: ['job-description-gen', 'cv-screening'], search: ['query-rewrite'] }, true);
    expect(more.platform).toBe(one.platform);
  });
});
