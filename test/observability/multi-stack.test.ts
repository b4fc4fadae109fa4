import * as fs from 'node:fs';
import * as path from 'node:path';
import { platformDashboardUid, teamDashboardUid } from './helpers';

/**
 * Builds a platform stack (gateway + ObservabilityStack) and one stack per team with its dashboard, team
 * alerts and a feature's alerts, in a fresh module registry (cdktf numbers tokens per process: a fresh
 * registry gives every variant the same numbering, as separate `cdktf synth` runs would), synthesizes the
 * app and returns each stack's `cdk.tf.json` text.
 */
function synthesize(teams: ReadonlyArray<string>): Record<string, string> {
  const out: Record<string, string> = {};
  jest.isolateModules(() => {
    /* eslint-disable @typescript-eslint/no-require-imports */
    const { AwsProvider } = require('@cdktf/provider-aws/lib/provider');
    const { LocalBackend, TerraformStack } = require('../../src/core/cdktf');
    const { awsPlatform } = require('./helpers');
    /* eslint-enable @typescript-eslint/no-require-imports */
    const { app, observability } = awsPlatform();
    for (const team of teams) {
      const stack = new TerraformStack(app, `team-${team}`);
      new LocalBackend(stack, { path: `${team}.tfstate` });
      new AwsProvider(stack, 'aws', { region: 'us-east-1' });
      observability.addTeamDashboard(team, { scope: stack, monthlyBudgetUsd: 5000 }).addFeature({ name: 'summarize', monthlyBudgetUsd: 1000 });
    }
    app.synth();
    for (const s of app.node.children.filter((c: any) => TerraformStack.isStack(c))) {
      const dir = path.join(app.outdir, 'stacks', s.node.id);
      out[s.node.id] = fs.readFileSync(path.join(dir, 'cdk.tf.json'), 'utf8');
      out[`${s.node.id}/dashboards`] = fs.existsSync(path.join(dir, 'dashboards')) ? fs.readdirSync(path.join(dir, 'dashboards')).sort().join(',') : '';
    }
  });
  return out;
}

describe('ObservabilityStack across stacks', () => {
  const none = synthesize([]);
  const one = synthesize(['hiring']);
  const two = synthesize(['hiring', 'sales']);

  it('adding the first team leaves the platform stack byte-identical', () => {
    expect(one.platform).toBe(none.platform);
  });

  it('adding another team leaves the platform stack (and the first team\'s stack) byte-identical', () => {
    expect(two.platform).toBe(none.platform);
    expect(two['team-hiring']).toBe(one['team-hiring']);
  });

  it('puts a team\'s rules and dashboard in its own stack, reading only the fixed platform outputs', () => {
    const json = JSON.parse(two['team-sales']);
    expect(Object.keys(json.resource).sort()).toEqual(['aws_prometheus_rule_group_namespace', 'grafana_dashboard']);
    const refs = new Set([...two['team-sales'].matchAll(/outputs\.([A-Za-z0-9_-]+)/g)].map((m) => m[1]));
    const platformOutputs = Object.keys(JSON.parse(none.platform).output);
    expect([...refs].every((r) => platformOutputs.includes(r))).toBe(true);
    expect(refs.size).toBe(3);
    const names = Object.values<any>(json.resource.aws_prometheus_rule_group_namespace).map((n) => n.name).sort();
    expect(names).toEqual(['llm-gw-feature-sales-summarize', 'llm-gw-team-sales']);
  });

  it('writes each team dashboard JSON beside its own stack, the platform dashboard beside the platform', () => {
    expect(two['team-sales/dashboards']).toBe(`${teamDashboardUid('llm-gw', 'sales')}.json`);
    expect(two['team-hiring/dashboards']).toBe(`${teamDashboardUid('llm-gw', 'hiring')}.json`);
    expect(two['platform/dashboards']).toBe(`${platformDashboardUid('llm-gw')}.json`);
  });
});
