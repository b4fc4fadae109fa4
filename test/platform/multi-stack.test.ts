import * as fs from 'node:fs';
import * as path from 'node:path';
import { CLOUDS, platformOn, teamWithFeatures, type Cloud } from './helpers';
import { Testing } from '../../src/core/cdktf';
import type { LlmPlatform } from '../../src/platform';

/** The platform stack's cdk.tf.json (text) and every team stack's, from a full `app.synth()` with `teams` teams. */
function synthesize(cloud: Cloud, teams: number, extra?: (platform: LlmPlatform) => void): { platform: string; teams: Record<string, any> } {
  const app = Testing.app({ stackTraces: false });
  const platform = platformOn(cloud, app);
  const names = ['hiring', 'search', 'support'].slice(0, teams);
  // Each team has features, so every per-feature artefact (key, grants, dashboard row, alerts) is exercised too.
  names.forEach((team, i) => teamWithFeatures(platform, app, cloud, team, i + 1));
  extra?.(platform);
  app.synth();
  const read = (stack: string) => fs.readFileSync(path.join(app.outdir, 'stacks', stack, 'cdk.tf.json'), 'utf8');
  return { platform: read(platform.node.id), teams: Object.fromEntries(names.map((t) => [t, JSON.parse(read(`${platform.node.id}-${t}`))])) };
}

describe.each(CLOUDS)('LlmPlatform on %s: adding a team leaves the platform stack byte-identical', (cloud) => {
  const runs = [1, 2, 3].map((n) => synthesize(cloud, n));

  it('the platform stack\'s cdk.tf.json is the same with 1, 2 and 3 teams (each with features)', () => {
    // GIVEN apps with 1, 2 and 3 team stacks, WHEN each is synthesized, THEN the platform JSON does not change
    expect(runs[1].platform).toBe(runs[0].platform);
    expect(runs[2].platform).toBe(runs[0].platform);
  });

  it('control: the comparison sees a team artefact put in the platform stack', () => {
    // A team dashboard created without a team scope lands in the platform stack: exactly what teamStack() avoids.
    const leaked = synthesize(cloud, 1, (platform) => platform.observability.addTeamDashboard('intruder'));
    expect(leaked.platform).not.toBe(runs[0].platform);
  });

  it('team stacks read the platform only through the same fixed set of outputs', () => {
    const outputsRead = (json: any): string[] => {
      const text = JSON.stringify(json);
      return [...new Set([...text.matchAll(/data\.terraform_remote_state\.[\w-]+\.outputs\.([\w-]+)/g)].map((m) => m[1]))].sort();
    };
    const sets = runs[2] && Object.values(runs[2].teams).map(outputsRead);
    // Every team reads a subset of one fixed set (the platform's registered outputs), whatever the number of teams.
    const platformOutputs = Object.keys(JSON.parse(runs[0].platform).output ?? {}).sort();
    for (const set of sets) for (const o of set) expect(platformOutputs).toContain(o);
    // And the same subset for teams built alike (team 2 and 3 have more features, not more references).
    expect(sets[1]).toEqual(sets[2]);
  });
});
