import * as fs from 'node:fs';
import * as path from 'node:path';
import { awsPlatform, awsQuota, newApp, teamStack } from './helpers';
import { App } from '../../src/core/cdktf';

/** Every stack's synthesized JSON of an app, by stack id. */
function synthAll(app: App): Record<string, string> {
  app.synth();
  const dir = path.join(app.outdir, 'stacks');
  return Object.fromEntries(fs.readdirSync(dir).sort().map((s) => [s, fs.readFileSync(path.join(dir, s, 'cdk.tf.json'), 'utf8')]));
}

/** An app with the platform and `teams` team stacks (two keys each). */
function appWith(teams: ReadonlyArray<string>, explicitTenancy = true): Record<string, string> {
  const app = newApp();
  const { gateway } = awsPlatform(app, 'platform', { tenancy: explicitTenancy });
  for (const team of teams) {
    const q = awsQuota(teamStack(app, team), gateway, team);
    q.addKey('assistant', { tokensPerMinute: 50_000 });
    q.addKey('summaries', { requestsPerMinute: 100, rotationDays: 14 });
  }
  return synthAll(app);
}

describe('TenantQuota in team stacks', () => {
  // GIVEN the platform with one, two and no team stacks
  const one = appWith(['hiring']);
  const two = appWith(['hiring', 'search']);
  const none = appWith([]);
  const firstUse = appWith(['hiring'], false);

  it('leaves the platform stack byte-identical when a team is added', () => {
    // THEN the platform stack's JSON is the same with one or two teams (and with none: outputs are pre-registered)
    expect(two.platform).toBe(one.platform);
    expect(none.platform).toBe(one.platform);
  });

  it('creates the control plane in the gateway\'s stack on first use when the platform did not', () => {
    const platform = JSON.parse(firstUse.platform);
    expect(Object.keys(platform.resource.aws_lambda_function).sort()).toEqual(expect.arrayContaining([expect.stringMatching(/^gateway_Tenancy_Aws_Reconciler_Function/)]));
    expect(firstUse['team-hiring']).not.toMatch(/aws_lambda_function"/);
  });

  it('gives every team stack the same fixed set of platform outputs', () => {
    const inputs = (json: string): string[] => [...new Set([...json.matchAll(/terraform_remote_state\.[\w-]+\.outputs\.([\w-]+)/g)].map((m) => m[1]))].sort();
    const hiring = inputs(two['team-hiring']);
    // THEN three outputs (reconciler name, rotation function, secrets key), the same for each team
    expect(hiring).toHaveLength(3);
    // (the caller security group is a fourth output, read by stacks that attach it to their workloads)
    expect(inputs(two['team-search'])).toEqual(hiring);
    const outputs = Object.keys(JSON.parse(one.platform).output ?? {}).filter((o) => o.startsWith('cross-stack-output-')).sort();
    expect(outputs).toEqual(expect.arrayContaining(hiring));
    expect(outputs).toHaveLength(4);
  });

  it('keeps the first team stack unchanged when a second team is added', () => {
    expect(two['team-hiring']).toBe(one['team-hiring']);
  });

  it('puts only team resources in the team stack', () => {
    const json = JSON.parse(two['team-search']);
    const types = Object.keys(json.resource).sort();
    expect(types).toEqual([
      'aws_budgets_budget', 'aws_iam_policy', 'aws_iam_role', 'aws_iam_role_policy', 'aws_lambda_invocation',
      'aws_secretsmanager_secret', 'aws_secretsmanager_secret_rotation',
    ]);
    // No Lambda function, KMS key or security group rule per team: those live once in the platform.
    expect(two['team-search']).not.toMatch(/aws_lambda_function"|aws_kms_key"|aws_vpc_security_group/);
  });
});
