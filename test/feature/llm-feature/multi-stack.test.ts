import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Runtime } from './fixtures';

/**
 * Synthesizes a platform with the given teams and features in a fresh module registry (cdktf numbers tokens
 * per process: a fresh registry numbers every variant the same way, as separate `cdktf synth` runs would) and
 * returns each stack's `cdk.tf.json` text.
 */
function synthesize(runtime: Runtime, teams: Record<string, ReadonlyArray<string>>): Record<string, string> {
  const out: Record<string, string> = {};
  jest.isolateModules(() => {
    /* eslint-disable @typescript-eslint/no-require-imports */
    const { App } = require('../../../src/core/cdktf');
    const { featureProps, platform, team } = require('./fixtures') as typeof import('./fixtures');
    const { FeatureCaller, StandardLlmFeature } = require('../../../src/feature') as typeof import('../../../src/feature');
    /* eslint-enable @typescript-eslint/no-require-imports */
    const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'feature-multi-')), stackTraces: false });
    const p = platform(runtime, { app });
    for (const [name, features] of Object.entries(teams)) {
      const t = team(p, name);
      for (const f of features) {
        const caller = runtime === 'kubernetes' ? [FeatureCaller.kubernetesServiceAccount(`team-${name}`, `${f}-app`)] : undefined;
        new StandardLlmFeature(t.stack, f, featureProps(runtime, caller ? { callers: caller } : {}));
      }
    }
    app.synth();
    for (const s of app.node.children.filter((c: any) => c.constructor.name !== 'Construct' && c.node.id !== undefined)) {
      const file = path.join(app.outdir, 'stacks', s.node.id, 'cdk.tf.json');
      if (fs.existsSync(file)) out[s.node.id] = normalize(fs.readFileSync(file, 'utf8'));
    }
  });
  return out;
}

/**
 * The Cloud Run migration job's name hashes the image path, which holds a token (the Artifact Registry
 * repository id); cdktf numbers tokens per process (a global map, not reset by isolateModules), so in one test
 * process the hash differs between variants. Separate `cdktf synth` runs number them alike. Reported on the
 * board (GW-RUNTIME, cloud-run.ts migrate job name); normalized here, and only here.
 */
function normalize(json: string): string {
  return json.replace(/llm-gw-migrate-[0-9a-f]{8}-[0-9a-f]{8}/g, 'llm-gw-migrate-<image-hash>');
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
