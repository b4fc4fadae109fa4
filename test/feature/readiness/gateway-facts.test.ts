import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { GoogleProvider } from '@cdktf/provider-google/lib/provider';
import { HelmProvider } from '@cdktf/provider-helm/lib/provider';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { SecretRef } from '../../../src/core';
import { TerraformStack, Testing } from '../../../src/core/cdktf';
import { GatewayRuntime, KubernetesRedis, LlmGateway, ModelDeployment } from '../../../src/gateway';
import { PolicyBundle, PolicyPack } from '../../../src/policy';
import { gatewayReadinessFacts, modelRouteFacts } from '../api';

const FALLBACKS = [{ from: 'chat', to: ['chat-fallback'] }];
const bedrock = () => [
  ModelDeployment.bedrock({ alias: 'chat', modelId: 'anthropic.claude-3-5-haiku-20241022-v1:0', region: 'us-east-1' }),
  ModelDeployment.bedrock({ alias: 'chat-fallback', modelId: 'amazon.nova-lite-v1:0', region: 'us-east-1' }),
];

function ecs(options: { policy?: boolean; image?: string } = {}) {
  const stack = new TerraformStack(Testing.app(), 'platform');
  new AwsProvider(stack, 'aws', { region: 'eu-central-1' });
  if (options.policy) new PolicyBundle(stack, 'Policy', { packs: [PolicyPack.securityBaseline(), PolicyPack.llmGovernance()] });
  const gateway = new LlmGateway(stack, 'gateway', {
    name: 'llm-gateway',
    runtime: GatewayRuntime.ecsFargate({ vpcId: 'vpc-0123456789abcdef0', privateSubnetIds: ['subnet-0123456789abcdef0', 'subnet-0123456789abcdef1'], certificateArn: 'arn:aws:acm:eu-central-1:123456789012:certificate/00000000-0000-0000-0000-000000000000', domainName: 'llm.internal.example.com' }),
    models: bedrock(),
    fallbacks: FALLBACKS,
    ...(options.image ? { image: options.image } : {}),
  });
  return { stack, gateway };
}

/** The resource addresses a stack synthesizes, to check the evidence points at real blocks. */
function addresses(stack: TerraformStack): Set<string> {
  const json = JSON.parse(Testing.synth(stack, false));
  const out = new Set<string>();
  for (const [type, byId] of Object.entries(json.resource ?? {})) for (const id of Object.keys(byId as object)) out.add(`${type}.${id}`);
  for (const [type, byId] of Object.entries(json.data ?? {})) for (const id of Object.keys(byId as object)) out.add(`data.${type}.${id}`);
  return out;
}

describe('gatewayReadinessFacts on ECS Fargate', () => {
  const { stack, gateway } = ecs();
  const f = gatewayReadinessFacts(gateway);

  test('reads the runtime from its resources', () => {
    expect(f.kind.value).toBe('ecs-fargate');
    expect(f.replicas.value).toEqual({ min: 2, max: 10 });
    expect(f.autoscaling.value).toBe(true);
    expect(f.multiZone.value).toBe(true);
    expect(f.deploymentRollback.value).toBe(true);
    expect(f.healthChecks.value).toBe(true);
    expect(f.logRetentionDays.value).toBeGreaterThan(0);
    expect(f.image.value).toEqual({ reference: 'ghcr.io/berriai/litellm:main-v1.83.14-stable', pinned: true, digest: false });
  });

  test('every resource it cites exists in the synthesized stack', () => {
    const real = addresses(stack);
    const cited = [f.kind, f.replicas, f.autoscaling, f.multiZone, f.deploymentRollback, f.image, f.logRetentionDays, f.healthChecks]
      .flatMap((x) => x.evidence).filter((e) => e.kind === 'resource').map((e) => e.ref);
    expect(cited.length).toBeGreaterThan(6);
    for (const a of cited) expect(real.has(a) ? a : `missing ${a}`).toBe(a);
    expect(f.deploymentRollback.evidence[0].detail).toBe('deployment_circuit_breaker { enable = true, rollback = true }');
  });

  test('reads routing and logging from the rendered LiteLLM config', () => {
    expect(f.jsonLogs.value).toBe(true);
    expect(f.metrics.value).toBe(true);
    expect(f.timeToFirstToken.value).toBe(true);
    expect(f.messageLogging.value).toBe(false);
    expect(f.tracing.value).toBe(false); // no ObservabilityStack watches this gateway
    expect(f.routing.allowedFails.value).toBe(3);
    expect(f.routing.cooldownSeconds.evidence[0].ref).toBe('router_settings.cooldown_time');
    expect(f.routes.map((r) => [r.alias, r.fallbacks.value])).toEqual([['chat', ['chat-fallback']], ['chat-fallback', []]]);
    expect(modelRouteFacts(f, ['chat'])[0].fallbacks.evidence[0]).toMatchObject({ ref: 'router_settings.fallbacks', detail: 'chat → chat-fallback' });
    expect(modelRouteFacts(f, ['unknown'])[0].deployments.value).toEqual([]);
  });

  test('gives the runbook literal names', () => {
    expect(f.adminEndpoint).toBe('https://llm.internal.example.com:8443');
    expect(f.names.aws).toMatchObject({ region: 'eu-central-1' });
    for (const v of [f.names.aws!.clusterName, f.names.aws!.serviceName, f.names.aws!.taskDefinitionFamily, f.names.aws!.masterKeySecretName!]) {
      expect(v).toMatch(/^llm-gateway[a-z0-9/-]*$/);
    }
  });

  test('an image pinned by digest is reported with its digest (floating tags never get this far: the gateway rejects them)', () => {
    const digest = `ghcr.io/berriai/litellm:main-v1.83.14-stable@sha256:${'a'.repeat(64)}`;
    expect(gatewayReadinessFacts(ecs({ image: digest }).gateway).image.value).toEqual({ reference: digest, pinned: true, digest: true });
  });

  test('guardrails a governing PolicyBundle contributes are counted before the gateway stack synthesizes', () => {
    const governed = gatewayReadinessFacts(ecs({ policy: true }).gateway);
    expect(governed.guardrails.value.filter((g) => g.defaultOn).map((g) => g.purpose).sort()).toEqual(['pii', 'prompt-injection']);
    expect(f.guardrails.value).toEqual([]);
  });

  test('is memoized per gateway and config', () => {
    expect(gatewayReadinessFacts(gateway)).toBe(f);
  });
});

describe('gatewayReadinessFacts on Cloud Run and Kubernetes', () => {
  test('Cloud Run: the callers\' service scaling, regional, revisions; names for gcloud', () => {
    const stack = new TerraformStack(Testing.app(), 'gcp');
    new GoogleProvider(stack, 'google', { project: 'llm-platform-prod', region: 'europe-west1' });
    const gateway = new LlmGateway(stack, 'gateway', {
      runtime: GatewayRuntime.cloudRun({ project: 'llm-platform-prod', region: 'europe-west1', network: 'projects/net/global/networks/main', subnetwork: 'projects/net/regions/europe-west1/subnetworks/run' }),
      models: [
        ModelDeployment.vertexAi({ alias: 'chat', model: 'gemini-2.5-flash', project: 'llm-platform-prod', location: 'europe-west1' }),
        ModelDeployment.vertexAi({ alias: 'chat-fallback', model: 'gemini-2.5-flash-lite', project: 'llm-platform-prod', location: 'europe-west1' }),
      ],
      fallbacks: FALLBACKS,
    });
    const f = gatewayReadinessFacts(gateway);
    expect(f.kind.value).toBe('cloud-run');
    expect(f.replicas.value.min).toBeGreaterThanOrEqual(2);
    expect(f.autoscaling.value).toBe(true);
    expect(f.multiZone.value).toBe(true);
    expect(f.healthChecks.value).toBe(true);
    expect(f.names.gcp).toMatchObject({ project: 'llm-platform-prod', region: 'europe-west1' });
    expect(f.names.gcp!.serviceName).not.toBe(f.names.gcp!.adminServiceName);
    expect(f.names.gcp!.adminServiceName).toMatch(/admin/);
    const real = addresses(stack);
    expect(real.has(f.replicas.evidence[0].ref)).toBe(true);
  });

  test('Kubernetes: HPA, zone spread, rollout history; namespace and deployment names', () => {
    const stack = new TerraformStack(Testing.app(), 'k8s');
    new KubernetesProvider(stack, 'kubernetes', {});
    new HelmProvider(stack, 'helm', {});
    const gateway = new LlmGateway(stack, 'gateway', {
      runtime: GatewayRuntime.kubernetes({ redis: KubernetesRedis.external({ host: 'redis.internal.example.com', password: SecretRef.kubernetes('redis-auth', 'password') }) }),
      models: bedrock(),
      fallbacks: FALLBACKS,
    });
    const f = gatewayReadinessFacts(gateway);
    expect(f.kind.value).toBe('kubernetes');
    expect(f.autoscaling.value).toBe(true);
    expect(f.multiZone.value).toBe(true);
    expect(f.deploymentRollback.value).toBe(true);
    expect(f.healthChecks.value).toBe(true);
    expect(f.names.kubernetes!.namespace).not.toContain('<');
    expect(f.names.kubernetes!.deploymentName).toMatch(/^gateway-/);
    expect(f.names.kubernetes!.masterKeySecret?.key).toBe('master-key');
  });
});
