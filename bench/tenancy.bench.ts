/* eslint-disable no-console */
// Tenancy benchmarks (loaded by bench/run.ts, or `npx ts-node --swc bench/tenancy.bench.ts`): resources per team
// with N keys on each runtime, and the synth time of a platform with N team stacks (whole app, every stack,
// one process; median of 3), from which the cost of one more team follows. Prints; asserts nothing.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { GoogleProvider } from '@cdktf/provider-google/lib/provider';
import { HelmProvider } from '@cdktf/provider-helm/lib/provider';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { App, TerraformStack, Testing } from '../src/core/cdktf';
import { GatewayRuntime, LlmGateway, ModelDeployment } from '../src/gateway';
import { GatewayTenancy, TeamIdentity, TenantQuota } from '../src/tenancy';

type Cloud = 'aws' | 'kubernetes' | 'gcp';

function platform(app: App, cloud: Cloud): LlmGateway {
  const stack = new TerraformStack(app, 'platform');
  let runtime: GatewayRuntime;
  if (cloud === 'aws') {
    new AwsProvider(stack, 'aws', { region: 'us-east-1' });
    runtime = GatewayRuntime.ecsFargate({
      vpcId: 'vpc-0123456789abcdef0',
      privateSubnetIds: ['subnet-0123456789abcdef0', 'subnet-0123456789abcdef1'],
      certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/00000000-0000-0000-0000-000000000000',
      domainName: 'llm.internal.example.com',
    });
  } else if (cloud === 'kubernetes') {
    new KubernetesProvider(stack, 'k8s', {});
    new HelmProvider(stack, 'helm', {});
    runtime = GatewayRuntime.kubernetes({ minReplicas: 1, maxReplicas: 1, callerNamespaceLabels: { 'llm-platform.io/gateway-access': 'llm-gateway' } });
  } else {
    new GoogleProvider(stack, 'google', {});
    runtime = GatewayRuntime.cloudRun({ project: 'acme-llm-prod', region: 'europe-west1', network: 'projects/acme-net/global/networks/main', subnetwork: 'projects/acme-net/regions/europe-west1/subnetworks/run' });
  }
  const gateway = new LlmGateway(stack, 'gateway', {
    name: 'llm-gateway',
    runtime,
    models: [cloud === 'gcp'
      ? ModelDeployment.vertexAi({ alias: 'chat', model: 'gemini-1.5-pro', project: 'acme-llm-prod', location: 'europe-west1' })
      : ModelDeployment.bedrock({ alias: 'chat', modelId: 'amazon.nova-lite-v1:0', region: 'us-east-1' })],
    tags: { team: 'platform', environment: 'prod' },
  });
  new GatewayTenancy(stack, 'Tenancy', { gateway });
  return gateway;
}

function team(app: App, gateway: LlmGateway, cloud: Cloud, name: string, keys: number): TerraformStack {
  const stack = new TerraformStack(app, `team-${name}`);
  if (cloud === 'aws') new AwsProvider(stack, 'aws', { region: 'us-east-1' });
  if (cloud === 'kubernetes') {
    new KubernetesProvider(stack, 'k8s', {});
    new AwsProvider(stack, 'aws', { region: 'us-east-1' });
  }
  if (cloud === 'gcp') new GoogleProvider(stack, 'google', {});
  const identity = cloud === 'aws' ? TeamIdentity.awsRole() : cloud === 'gcp' ? TeamIdentity.gcpServiceAccount() : TeamIdentity.kubernetesNamespace();
  const cloudBudget = cloud === 'gcp'
    ? { monthlyLimitUsd: 100, billingAccount: '012345-6789AB-CDEF01', monitoringNotificationChannels: ['projects/acme-llm-prod/notificationChannels/1'] }
    : { monthlyLimitUsd: 100, emails: [`${name}@example.com`] };
  const quota = new TenantQuota(stack, 'Quota', {
    gateway, team: name, models: ['chat'], monthlyBudgetUsd: 1_000, tokensPerMinute: 100_000, requestsPerMinute: 300, identity, cloudBudget,
  });
  for (let k = 0; k < keys; k++) quota.addKey(`feature-${k}`);
  return stack;
}

function resourcesOf(app: App, stack: TerraformStack): number {
  app.synth();
  const json = JSON.parse(fs.readFileSync(path.join(app.outdir, 'stacks', stack.node.id, 'cdk.tf.json'), 'utf8'));
  return Object.values<any>(json.resource ?? {}).reduce((n, byName) => n + Object.keys(byName).length, 0);
}

/** Resources in one team's stack with `keys` keys. */
export function resourcesPerTeam(cloud: Cloud, keys: number): number {
  const app = Testing.app({ stackTraces: false });
  const gateway = platform(app, cloud);
  return resourcesOf(app, team(app, gateway, cloud, 'hiring', keys));
}

/** Wall time (ms) to build and synthesize the platform with `teams` team stacks of 2 keys each. */
function synthTeams(teams: number): number {
  const start = process.hrtime.bigint();
  const app = Testing.app({ stackTraces: false });
  const gateway = platform(app, 'aws');
  for (let i = 0; i < teams; i++) team(app, gateway, 'aws', `team${i}`, 2);
  app.synth();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

export function run(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const cloud of ['aws', 'kubernetes', 'gcp'] as const) {
    const counts = [1, 2, 5].map((n) => resourcesPerTeam(cloud, n));
    out[`tenancy: resources per team stack (${cloud}), with 1 / 2 / 5 keys`] = counts.join(' / ');
  }
  const times = new Map<number, number>();
  synthTeams(1); // warm-up: module loading
  for (const n of [1, 10, 50]) times.set(n, median([0, 1, 2].map(() => synthTeams(n))));
  out['tenancy: synth of platform + N team stacks (ECS, 2 keys each), N = 1 / 10 / 50, median of 3'] = [1, 10, 50].map((n) => `${times.get(n)!.toFixed(0)} ms`).join(' / ');
  out['tenancy: synth time per added team (slope 10 → 50)'] = `${((times.get(50)! - times.get(10)!) / 40).toFixed(1)} ms`;
  out['tenancy: synth time per added team (slope 1 → 10)'] = `${((times.get(10)! - times.get(1)!) / 9).toFixed(1)} ms`;
  return out;
}

if (require.main === module) {
  for (const [k, v] of Object.entries(run())) console.log(`${k}: ${v}`);
}
