/* eslint-disable no-console */
// Observability benchmarks (loaded by bench/run.ts, or `npx ts-node --swc bench/observability.bench.ts`):
// synth time of the quickstart app (platform + 2 team stacks, written to disk like `cdktf synth`) with and
// without its ObservabilityStack, in-process, interleaved, median of 7; and the resources each target adds
// for one gateway and for one team. Prints; asserts nothing.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { GoogleProvider } from '@cdktf/provider-google/lib/provider';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { build as buildQuickstart } from '../examples/aws-ecs-gateway/main';
import { SecretRef } from '../src/core';
import { App, TerraformStack } from '../src/core/cdktf';
import { GatewayRuntime, LlmGateway, ModelDeployment } from '../src/gateway';
import { KubernetesRedis } from '../src/gateway/runtimes/kubernetes';
import { ObservabilityStack, ObservabilityTarget } from '../src/observability';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Builds and synthesizes the quickstart app into a fresh directory; milliseconds. */
function synthQuickstart(observability: boolean): number {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'obs-bench-'));
  const start = process.hrtime.bigint();
  const app = new App({ outdir, stackTraces: false });
  buildQuickstart(app, { observability });
  app.synth();
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  fs.rmSync(outdir, { recursive: true, force: true });
  return ms;
}

type Target = 'aws' | 'gcp' | 'kubernetes';
const PROJECT = 'acme-llm-prod';

/** Resource count of a one-gateway platform stack and a one-team stack, with or without observability. */
function counts(target: Target, observability: boolean): { platform: number; team: number } {
  const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'obs-count-')), stackTraces: false });
  const stack = new TerraformStack(app, 'platform');
  const team = new TerraformStack(app, 'team');
  let runtime: GatewayRuntime;
  let obsTarget: ObservabilityTarget;
  if (target === 'aws') {
    for (const s of [stack, team]) new AwsProvider(s, 'aws', { region: 'us-east-1' });
    runtime = GatewayRuntime.ecsFargate({
      vpcId: 'vpc-0123456789abcdef0',
      privateSubnetIds: ['subnet-0123456789abcdef0', 'subnet-0123456789abcdef1'],
      certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/00000000-0000-0000-0000-000000000000',
    });
    obsTarget = ObservabilityTarget.aws({ grafana: { allowedVpcEndpointIds: ['vpce-0123456789abcdef0'] } });
  } else if (target === 'gcp') {
    for (const s of [stack, team]) new GoogleProvider(s, 'google', { project: PROJECT });
    runtime = GatewayRuntime.cloudRun({ project: PROJECT, region: 'europe-west1', network: 'projects/acme-net/global/networks/main', subnetwork: 'projects/acme-net/regions/europe-west1/subnetworks/run' });
    obsTarget = ObservabilityTarget.gcp({
      project: PROJECT,
      region: 'europe-west1',
      audit: { hmacKey: { serviceAccountEmail: `llm-audit@${PROJECT}.iam.gserviceaccount.com`, accessId: SecretRef.gcpSecretManager(`projects/${PROJECT}/secrets/a`), secret: SecretRef.gcpSecretManager(`projects/${PROJECT}/secrets/b`) } },
    });
  } else {
    for (const s of [stack, team]) new KubernetesProvider(s, 'k8s', {});
    runtime = GatewayRuntime.kubernetes({ redis: KubernetesRedis.external({ host: 'redis.llm.svc.cluster.local', password: SecretRef.kubernetes('redis', 'password') }) });
    obsTarget = ObservabilityTarget.kubernetes();
  }
  const obs = observability ? new ObservabilityStack(stack, 'obs', { target: obsTarget }) : undefined;
  new LlmGateway(stack, 'gateway', {
    name: 'llm-gateway',
    runtime,
    models: [target === 'gcp'
      ? ModelDeployment.vertexAi({ alias: 'chat', model: 'gemini-2.5-flash', project: PROJECT, location: 'europe-west1' })
      : ModelDeployment.bedrock({ alias: 'chat', modelId: 'amazon.nova-lite-v1:0', region: 'us-east-1' })],
    ...(obs ? { observability: obs } : {}),
  });
  obs?.addTeamDashboard('hiring', { scope: team, monthlyBudgetUsd: 1000 }).addFeature({ name: 'summarize' });
  app.synth();
  const count = (s: TerraformStack): number => {
    const json = JSON.parse(fs.readFileSync(path.join(app.outdir, 'stacks', s.node.id, 'cdk.tf.json'), 'utf8'));
    return Object.values<Record<string, unknown>>(json.resource ?? {}).reduce((n, r) => n + Object.keys(r).length, 0);
  };
  const out = { platform: count(stack), team: count(team) };
  fs.rmSync(app.outdir, { recursive: true, force: true });
  return out;
}

export function run(): Record<string, string> {
  const results: Record<string, string> = {};
  synthQuickstart(true);
  synthQuickstart(false);
  const withObs: number[] = [];
  const without: number[] = [];
  for (let i = 0; i < 7; i++) {
    withObs.push(synthQuickstart(true));
    without.push(synthQuickstart(false));
  }
  const a = median(withObs);
  const b = median(without);
  results['quickstart synth, 3 stacks, with observability (median of 7)'] = `${a.toFixed(0)} ms`;
  results['quickstart synth, 3 stacks, without observability (median of 7)'] = `${b.toFixed(0)} ms (observability adds ${(a - b).toFixed(0)} ms, ${(((a - b) / b) * 100).toFixed(0)} %)`;
  for (const target of ['aws', 'gcp', 'kubernetes'] as const) {
    const on = counts(target, true);
    const off = counts(target, false);
    results[`observability resources, ${target}`] = `platform +${on.platform - off.platform} (one gateway), team stack ${on.team} (team dashboard + rules + one feature)`;
  }
  return results;
}

if (require.main === module) {
  for (const [k, v] of Object.entries(run())) console.log(`${k}: ${v}`);
}
