import * as fs from 'node:fs';
import * as path from 'node:path';
import { GoogleProvider } from '@cdktf/provider-google/lib/provider';
import { HelmProvider } from '@cdktf/provider-helm/lib/provider';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { awsPlatform, awsQuota, newApp, teamStack } from './helpers';
import { App, TerraformStack } from '../../src/core/cdktf';
import { GatewayRuntime, LlmGateway, ModelDeployment } from '../../src/gateway';
import { GatewayTenancy, TeamIdentity, TenantQuota } from '../../src/tenancy';

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

describe('TenantQuota in team stacks (Kubernetes and Cloud Run)', () => {
  /** Platform + team stacks on one runtime; returns every stack's JSON. */
  function appOn(runtime: 'kubernetes' | 'gcp', teams: ReadonlyArray<string>): Record<string, string> {
    const app = newApp();
    const platform = new TerraformStack(app, 'platform');
    let gateway: LlmGateway;
    if (runtime === 'kubernetes') {
      new KubernetesProvider(platform, 'k8s', {});
      new HelmProvider(platform, 'helm', {});
      gateway = new LlmGateway(platform, 'gateway', {
        name: 'llm-gateway',
        runtime: GatewayRuntime.kubernetes({ minReplicas: 1, maxReplicas: 1, callerNamespaceLabels: { 'llm-platform.io/gateway-access': 'llm-gateway' } }),
        models: [ModelDeployment.bedrock({ alias: 'chat', modelId: 'amazon.nova-lite-v1:0', region: 'us-east-1' })],
      });
    } else {
      new GoogleProvider(platform, 'google', {});
      gateway = new LlmGateway(platform, 'gateway', {
        name: 'llm-gateway',
        runtime: GatewayRuntime.cloudRun({ project: 'acme-llm-prod', region: 'europe-west1', network: 'projects/acme-net/global/networks/main', subnetwork: 'projects/acme-net/regions/europe-west1/subnetworks/run' }),
        models: [ModelDeployment.vertexAi({ alias: 'chat', model: 'gemini-1.5-pro', project: 'acme-llm-prod', location: 'europe-west1' })],
      });
    }
    new GatewayTenancy(platform, 'Tenancy', { gateway });
    for (const team of teams) {
      const stack = new TerraformStack(app, `team-${team}`);
      if (runtime === 'kubernetes') new KubernetesProvider(stack, 'k8s', {});
      else new GoogleProvider(stack, 'google', {});
      const q = new TenantQuota(stack, 'Quota', {
        gateway,
        team,
        models: ['chat'],
        monthlyBudgetUsd: 100,
        tokensPerMinute: 1_000,
        requestsPerMinute: 10,
        identity: runtime === 'kubernetes' ? TeamIdentity.kubernetesNamespace() : TeamIdentity.gcpServiceAccount(),
      });
      q.addKey('assistant');
    }
    return synthAll(app);
  }

  it.each(['kubernetes', 'gcp'] as const)('leaves the %s platform stack byte-identical when a team is added', (runtime) => {
    const one = appOn(runtime, ['hiring']);
    const two = appOn(runtime, ['hiring', 'search']);
    // The Cloud Run migration job's name hashes text holding a cdktf token, whose number depends on how many
    // tokens the process made before (two apps in one process); a fresh `cdktf synth` is stable. Reported to
    // GW-RUNTIME; normalized here so the comparison covers everything else.
    const stable = (json: string) => json.replace(/-migrate-[0-9a-f]{8}-[0-9a-f]{8}/g, '-migrate-<hash>');
    expect(stable(two.platform)).toBe(stable(one.platform));
    expect(two['team-hiring']).toBe(one['team-hiring']);
  });
});
