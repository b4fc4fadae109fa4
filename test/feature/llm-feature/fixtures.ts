import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { GoogleProvider } from '@cdktf/provider-google/lib/provider';
import { HelmProvider } from '@cdktf/provider-helm/lib/provider';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { RandomProvider } from '@cdktf/provider-random/lib/provider';
import { SecretRef } from '../../../src/core';
import { App, LocalBackend, Testing, TerraformStack } from '../../../src/core/cdktf';
import { FeatureCaller, StandardLlmFeature, TeamContext, ToolExecution, type StandardLlmFeatureProps, type TeamContextProps } from '../../../src/feature';
import { DataClassification, GatewayRuntime, LlmGateway, ModelDeployment } from '../../../src/gateway';
import { KubernetesIngress, KubernetesRedis } from '../../../src/gateway/runtimes/kubernetes';
import { ObservabilityStack, ObservabilityTarget, type TeamObservability } from '../../../src/observability';
import { PolicyBundle, PolicyPack } from '../../../src/policy';
import { GatewayTenancy, TeamIdentity, TenantQuota } from '../../../src/tenancy';
import { VectorBackend, VectorStore } from '../../../src/vector-store';

export type Runtime = 'aws' | 'gcp' | 'kubernetes';

export const VPC = 'vpc-0123456789abcdef0';
export const SUBNETS = ['subnet-0123456789abcdef0', 'subnet-0123456789abcdef1'];
export const CERT = 'arn:aws:acm:us-east-1:123456789012:certificate/00000000-0000-0000-0000-000000000000';
export const PROJECT = 'acme-llm-prod';
export const BOUNDARY = 'arn:aws:iam::123456789012:policy/llm-platform-boundary';
export const ACCESS_LABELS = { 'llm-platform.io/gateway-access': 'llm-gw' };
export const HMAC = {
  serviceAccountEmail: `llm-audit-writer@${PROJECT}.iam.gserviceaccount.com`,
  accessId: SecretRef.gcpSecretManager(`projects/${PROJECT}/secrets/audit-hmac-access-id`),
  secret: SecretRef.gcpSecretManager(`projects/${PROJECT}/secrets/audit-hmac-secret`),
};

export interface Platform {
  readonly app: App;
  readonly stack: TerraformStack;
  readonly gateway: LlmGateway;
  readonly observability?: ObservabilityStack;
  readonly vectorStore?: VectorStore;
  readonly runtime: Runtime;
}

export interface PlatformOptions {
  /** Watch the gateway with an ObservabilityStack. @default true */
  readonly observability?: boolean;
  /** Environment tag of the gateway. @default 'prod' */
  readonly environment?: string;
  readonly allowMessageLogging?: boolean;
  readonly app?: App;
  /** Kubernetes: serve callers through an Ingress with TLS (else the in-cluster http Service). @default true */
  readonly kubernetesTls?: boolean;
  /** Add a VectorStore (Aurora pgvector on AWS, Cloud SQL on GCP, Qdrant on Kubernetes). @default false */
  readonly vectorStore?: boolean;
}

/** A platform stack on one runtime: gateway with a fallback, observability, policy, tenancy control plane. */
export function platform(runtime: Runtime, options: PlatformOptions = {}): Platform {
  const app = options.app ?? Testing.app({ stackTraces: false });
  const stack = new TerraformStack(app, 'platform');
  new LocalBackend(stack, { path: 'platform.tfstate' });
  const environment = options.environment ?? 'prod';
  let observability: ObservabilityStack | undefined;
  let gatewayRuntime: GatewayRuntime;
  let models: ModelDeployment[];
  if (runtime === 'aws') {
    new AwsProvider(stack, 'aws', { region: 'us-east-1' });
    if (options.observability !== false) observability = new ObservabilityStack(stack, 'obs', { target: ObservabilityTarget.aws({ grafana: { allowedVpcEndpointIds: ['vpce-0123456789abcdef0'] } }) });
    gatewayRuntime = GatewayRuntime.ecsFargate({ vpcId: VPC, privateSubnetIds: SUBNETS, certificateArn: CERT, domainName: 'llm.internal.example.com', permissionsBoundaryArn: BOUNDARY });
    models = [
      ModelDeployment.bedrock({ alias: 'chat', modelId: 'anthropic.claude-3-5-haiku-20241022-v1:0', region: 'us-east-1' }),
      ModelDeployment.bedrock({ alias: 'chat-fallback', modelId: 'amazon.nova-lite-v1:0', region: 'us-east-1' }),
      ModelDeployment.bedrock({ alias: 'embed', modelId: 'amazon.titan-embed-text-v2:0', region: 'us-east-1' }),
      ModelDeployment.bedrock({ alias: 'embed', modelId: 'amazon.titan-embed-text-v2:0', region: 'us-west-2', id: 'embed-bedrock-west' }),
    ];
  } else if (runtime === 'gcp') {
    new GoogleProvider(stack, 'google', {});
    if (options.observability !== false) observability = new ObservabilityStack(stack, 'obs', { target: ObservabilityTarget.gcp({ project: PROJECT, region: 'europe-west1', audit: { hmacKey: HMAC } }) });
    gatewayRuntime = GatewayRuntime.cloudRun({ project: PROJECT, region: 'europe-west1', network: 'projects/acme-net/global/networks/main', subnetwork: 'projects/acme-net/regions/europe-west1/subnetworks/run' });
    models = [
      ModelDeployment.vertexAi({ alias: 'chat', model: 'gemini-1.5-pro', project: PROJECT, location: 'europe-west1' }),
      ModelDeployment.vertexAi({ alias: 'chat-fallback', model: 'gemini-1.5-flash', project: PROJECT, location: 'europe-west4' }),
      ModelDeployment.vertexAi({ alias: 'embed', model: 'text-embedding-004', project: PROJECT, location: 'europe-west1' }),
      ModelDeployment.vertexAi({ alias: 'embed', model: 'text-embedding-004', project: PROJECT, location: 'europe-west4', id: 'embed-vertex-west4' }),
    ];
  } else {
    new KubernetesProvider(stack, 'k8s', {});
    new HelmProvider(stack, 'helm', {});
    new RandomProvider(stack, 'random', {});
    if (options.observability !== false) observability = new ObservabilityStack(stack, 'obs', { target: ObservabilityTarget.kubernetes({ tracesEndpoint: 'http://otel-collector.observability:4318/v1/traces' }) });
    gatewayRuntime = GatewayRuntime.kubernetes({
      namespace: 'llm',
      redis: KubernetesRedis.external({ host: 'master.llm.abc123.use1.cache.amazonaws.com', password: SecretRef.kubernetes('redis-auth', 'password') }),
      callerNamespaceLabels: ACCESS_LABELS,
      ...(options.kubernetesTls === false ? {} : { ingress: KubernetesIngress.awsLoadBalancer({ host: 'llm.internal.example.com', certificateArn: CERT, loadBalancerSourceCidrs: ['10.0.0.0/16'] }) }),
    });
    models = [
      ModelDeployment.bedrock({ alias: 'chat', modelId: 'anthropic.claude-3-5-haiku-20241022-v1:0', region: 'us-east-1' }),
      ModelDeployment.bedrock({ alias: 'chat-fallback', modelId: 'amazon.nova-lite-v1:0', region: 'us-east-1' }),
      ModelDeployment.bedrock({ alias: 'embed', modelId: 'amazon.titan-embed-text-v2:0', region: 'us-east-1' }),
      ModelDeployment.bedrock({ alias: 'embed', modelId: 'amazon.titan-embed-text-v2:0', region: 'us-west-2', id: 'embed-bedrock-west' }),
    ];
  }
  new PolicyBundle(stack, 'Policy', { packs: [PolicyPack.securityBaseline(), PolicyPack.llmGovernance()] });
  const gateway = new LlmGateway(stack, 'gateway', {
    name: 'llm-gw',
    runtime: gatewayRuntime,
    models,
    fallbacks: [{ from: 'chat', to: ['chat-fallback'] }],
    tags: { team: 'platform', environment },
    ...(observability ? { observability } : {}),
    ...(options.allowMessageLogging !== undefined ? { allowMessageLogging: options.allowMessageLogging } : {}),
  });
  new GatewayTenancy(stack, 'Tenancy', { gateway });
  const vectorStore = options.vectorStore ? new VectorStore(stack, 'vectors', {
    backend: runtime === 'aws' ? VectorBackend.auroraPgvector({ vpcId: VPC, subnetIds: SUBNETS })
      : runtime === 'gcp' ? VectorBackend.cloudSqlPgvector({ project: PROJECT, region: 'europe-west1', network: 'projects/acme-net/global/networks/main', bootstrapSubnetwork: 'projects/acme-net/regions/europe-west1/subnetworks/run' })
        : VectorBackend.qdrantHelm({ namespace: 'vectors' }),
  }) : undefined;
  // Every team's callers attach the tenancy's caller group: the database admits it once, from here.
  if (vectorStore && runtime === 'aws') vectorStore.allowConnectionsFrom('gateway-callers', GatewayTenancy.of(gateway).aws!.outputs.callerSecurityGroupId);
  return { app, stack, gateway, observability, vectorStore, runtime };
}

export interface Team {
  readonly stack: TerraformStack;
  readonly tenant: TenantQuota;
  readonly observability?: TeamObservability;
  readonly context: TeamContext;
}

/** A team stack composed by hand (no LlmPlatform): provider, policy, quota, dashboard, registered context. */
export function team(p: Platform, name = 'hiring', context: Partial<TeamContextProps> = {}): Team {
  const stack = new TerraformStack(p.app, `team-${name}`);
  new LocalBackend(stack, { path: `${name}.tfstate` });
  if (p.runtime === 'aws') new AwsProvider(stack, 'aws', { region: 'us-east-1' });
  else if (p.runtime === 'gcp') new GoogleProvider(stack, 'google', {});
  else new KubernetesProvider(stack, 'k8s', {});
  new PolicyBundle(stack, 'Policy', { packs: [PolicyPack.securityBaseline(), PolicyPack.llmGovernance()] });
  const identity = p.runtime === 'aws' ? TeamIdentity.awsRole() : p.runtime === 'gcp' ? TeamIdentity.gcpServiceAccount() : TeamIdentity.kubernetesNamespace({ namespace: `team-${name}` });
  const tenant = new TenantQuota(stack, 'Quota', {
    gateway: p.gateway,
    team: name,
    models: ['chat', 'chat-fallback', 'embed'],
    monthlyBudgetUsd: 5_000,
    tokensPerMinute: 200_000,
    requestsPerMinute: 600,
    identity,
    owner: `${name}-squad`,
  });
  const observability = p.observability?.addTeamDashboard(name, { scope: stack, monthlyBudgetUsd: 5_000 });
  const ctx = TeamContext.register(stack, {
    tenant,
    ...(p.vectorStore ? { vectorStore: p.vectorStore } : {}),
    ...(observability ? { observability } : {}),
    ...(p.runtime === 'kubernetes' ? { secretsEncryptionAtRest: 'EKS envelope encryption with KMS' } : {}),
    ...context,
  });
  return { stack, tenant, observability, context: ctx };
}

/** A caller that fits the runtime. */
export function callerFor(runtime: Runtime, name = 'jd-gen'): FeatureCaller {
  if (runtime === 'aws') return FeatureCaller.awsRole(`${name}-task`);
  if (runtime === 'gcp') return FeatureCaller.gcpServiceAccount(`${name}-svc@${PROJECT}.iam.gserviceaccount.com`);
  return FeatureCaller.kubernetesServiceAccount('team-hiring', `${name}-app`);
}

/** Valid props (override any). */
export function featureProps(runtime: Runtime, overrides: Partial<StandardLlmFeatureProps> = {}): StandardLlmFeatureProps {
  return {
    models: ['chat'],
    quota: { tokensPerMinute: 50_000, requestsPerMinute: 200, monthlyBudgetUsd: 1_000 },
    slo: { availability: 0.999, latencyP95Ms: 1200 },
    dataClassification: DataClassification.CONFIDENTIAL,
    toolExecution: ToolExecution.none(),
    businessFallback: 'Show the manual form; the posting is saved as a draft',
    prompts: { repository: 'https://git.example.com/hiring/prompts', evaluation: { goldenDataset: 'evals/job-description.jsonl', minScore: 0.8 } },
    callers: [callerFor(runtime)],
    owner: 'hiring-squad',
    oncall: 'hiring-oncall',
    ...overrides,
  };
}

/** A platform, a team and one feature on `runtime`. */
export function oneFeature(runtime: Runtime, overrides: Partial<StandardLlmFeatureProps> = {}, options: PlatformOptions = {}) {
  const p = platform(runtime, options);
  const t = team(p);
  const feature = new StandardLlmFeature(t.stack, 'job-description-gen', featureProps(runtime, overrides));
  return { ...p, team: t, feature };
}

/** Synthesized JSON of a stack, after preparing the whole app (cross-stack references resolved). */
export function synthJson(app: App, stack: TerraformStack): any {
  app.synth();
  return JSON.parse(Testing.synth(stack));
}

/** Resources of one type, keyed by their logical id. */
export function resources(json: any, type: string): Record<string, any> {
  return json.resource?.[type] ?? {};
}
