import { HelmProvider } from '@cdktf/provider-helm/lib/provider';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { SecretRef } from '../../src/core';
import { App, Testing, type TerraformStack } from '../../src/core/cdktf';
import { FeatureCaller, StandardLlmFeature, ToolExecution, type StandardLlmFeatureProps } from '../../src/feature';
import { DataClassification, ModelDeployment } from '../../src/gateway';
import { KubernetesDatabase, KubernetesIngress, KubernetesRedis } from '../../src/gateway/runtimes/kubernetes';
import { KubernetesFlavour, LlmPlatform, PlatformCloud, type LlmPlatformProps, type TeamStack } from '../../src/platform';

export type Cloud = 'aws' | 'gcp' | 'kubernetes';
export const CLOUDS: ReadonlyArray<Cloud> = ['aws', 'gcp', 'kubernetes'];

export const VPC = 'vpc-0123456789abcdef0';
export const SUBNETS = ['subnet-0123456789abcdef0', 'subnet-0123456789abcdef1'];
export const CERT = 'arn:aws:acm:us-east-1:123456789012:certificate/00000000-0000-0000-0000-000000000000';
export const PROJECT = 'acme-llm-prod';
export const NETWORK = `projects/${PROJECT}/global/networks/main`;
export const SUBNETWORK = `projects/${PROJECT}/regions/europe-west1/subnetworks/run`;
export const HMAC = {
  serviceAccountEmail: `llm-audit-writer@${PROJECT}.iam.gserviceaccount.com`,
  accessId: SecretRef.gcpSecretManager(`projects/${PROJECT}/secrets/audit-hmac-access-id`),
  secret: SecretRef.gcpSecretManager(`projects/${PROJECT}/secrets/audit-hmac-secret`),
};

/** Kubernetes providers for any stack (no cluster lookup: tests need no AWS provider for this). */
export function kubernetesProviders(stack: TerraformStack): void {
  new KubernetesProvider(stack, 'kubernetes', {});
  new HelmProvider(stack, 'helm', {});
}

/** A valid `PlatformCloud` per cloud, production-ready. */
export function cloudOf(cloud: Cloud): PlatformCloud {
  if (cloud === 'aws') {
    return PlatformCloud.aws({
      region: 'us-east-1',
      vpcId: VPC,
      privateSubnetIds: SUBNETS,
      certificateArn: CERT,
      domainName: 'llm.internal.example.com',
      grafana: { allowedVpcEndpointIds: ['vpce-0123456789abcdef0'] },
    });
  }
  if (cloud === 'gcp') return PlatformCloud.gcp({ project: PROJECT, region: 'europe-west1', network: NETWORK, subnetwork: SUBNETWORK, audit: { hmacKey: HMAC } });
  return PlatformCloud.kubernetes({
    flavour: KubernetesFlavour.EKS,
    providers: kubernetesProviders,
    redis: KubernetesRedis.external({ host: 'master.llm.abc123.use1.cache.amazonaws.com', password: SecretRef.kubernetes('litellm-redis', 'password'), tls: true }),
    database: KubernetesDatabase.fromUrlSecret(SecretRef.kubernetes('litellm-database', 'url')),
    ingress: KubernetesIngress.awsLoadBalancer({ host: 'llm.internal.example.com', certificateArn: CERT, loadBalancerSourceCidrs: ['10.0.0.0/16'] }),
    secretsEncryptionAtRest: 'EKS envelope encryption with KMS',
    vectorStore: { namespace: 'vectors' },
    monitoring: { tracesEndpoint: 'http://otel-collector.observability:4318/v1/traces' },
  });
}

/** Models with a fallback on each cloud, and their allow-list. */
export function modelsOf(cloud: Cloud): Pick<LlmPlatformProps, 'models' | 'fallbacks' | 'modelAllowList'> {
  if (cloud === 'gcp') {
    return {
      models: [
        ModelDeployment.vertexAi({ alias: 'chat', model: 'gemini-2.5-pro', project: PROJECT, location: 'europe-west1' }),
        ModelDeployment.vertexAi({ alias: 'chat-fallback', model: 'gemini-2.5-flash', project: PROJECT, location: 'europe-west4' }),
      ],
      fallbacks: [{ from: 'chat', to: ['chat-fallback'] }],
      modelAllowList: ['vertex_ai/gemini-2.5-pro', 'vertex_ai/gemini-2.5-flash'],
    };
  }
  if (cloud === 'kubernetes') {
    return {
      models: [
        ModelDeployment.openai({ alias: 'chat', model: 'gpt-4o-mini', apiKey: SecretRef.kubernetes('llm-provider-keys', 'openai') }),
        ModelDeployment.anthropic({ alias: 'chat-fallback', model: 'claude-3-5-haiku-20241022', apiKey: SecretRef.kubernetes('llm-provider-keys', 'anthropic') }),
      ],
      fallbacks: [{ from: 'chat', to: ['chat-fallback'] }],
      modelAllowList: ['openai/gpt-4o-mini', 'anthropic/claude-3-5-haiku-20241022'],
    };
  }
  return {
    models: [
      ModelDeployment.bedrock({ alias: 'chat', modelId: 'anthropic.claude-3-5-haiku-20241022-v1:0', region: 'us-east-1' }),
      ModelDeployment.bedrock({ alias: 'chat-fallback', modelId: 'amazon.nova-lite-v1:0', region: 'us-east-1' }),
    ],
    fallbacks: [{ from: 'chat', to: ['chat-fallback'] }],
    modelAllowList: ['bedrock/anthropic.claude-3-5-haiku-20241022-v1:0', 'bedrock/amazon.nova-lite-v1:0'],
  };
}

/** A production platform on `cloud` in `app`. */
export function platformOn(cloud: Cloud, app: App = Testing.app({ stackTraces: false }), props: Partial<LlmPlatformProps> = {}): LlmPlatform {
  return new LlmPlatform(app, 'llm', { cloud: cloudOf(cloud), ...modelsOf(cloud), name: 'llm', ...props });
}

/** A caller that fits the cloud (in the team's namespace on Kubernetes). */
export function callerOf(cloud: Cloud, team: string, feature: string): FeatureCaller {
  if (cloud === 'aws') return FeatureCaller.awsRole(`${team}-${feature}`);
  if (cloud === 'gcp') return FeatureCaller.gcpServiceAccount(`${team}-${feature}`.slice(0, 30).replace(/-+$/, '') + `@${PROJECT}.iam.gserviceaccount.com`);
  return FeatureCaller.kubernetesServiceAccount(`team-${team}`, feature);
}

/** Props of a production-ready feature. */
export function featureProps(cloud: Cloud, team: string, feature: string, overrides: Partial<StandardLlmFeatureProps> = {}): StandardLlmFeatureProps {
  return {
    models: ['chat'],
    quota: { tokensPerMinute: 50_000, requestsPerMinute: 200, monthlyBudgetUsd: 1_000 },
    slo: { availability: 0.999, latencyP95Ms: 1200 },
    dataClassification: DataClassification.CONFIDENTIAL,
    toolExecution: ToolExecution.none(),
    businessFallback: 'Show the manual form; the draft is saved',
    prompts: { repository: 'https://git.example.com/prompts', evaluation: { goldenDataset: 'evals/golden.jsonl', minScore: 0.8 } },
    callers: [callerOf(cloud, team, feature)],
    owner: `${team}-squad`,
    oncall: `${team}-oncall`,
    ...overrides,
  };
}

/** A team stack with `features` features (`feature-0`, ...). */
export function teamWithFeatures(platform: LlmPlatform, app: App, cloud: Cloud, team: string, features = 1): TeamStack {
  const stack = platform.teamStack(app, team, { monthlyBudgetUsd: 5_000, tokensPerMinute: 200_000, requestsPerMinute: 600, owner: `${team}-squad`, oncall: `${team}-oncall` });
  for (let i = 0; i < features; i++) new StandardLlmFeature(stack, `feature-${i}`, featureProps(cloud, team, `feature-${i}`));
  return stack;
}

/** Resource count of a synthesized stack JSON. */
export function resourceCount(json: any): number {
  return Object.values<any>(json.resource ?? {}).reduce((n, byName) => n + Object.keys(byName).length, 0);
}

/** Resource addresses (`type.name`) of a synthesized stack JSON, sorted. */
export function addresses(json: any): string[] {
  return Object.entries<any>(json.resource ?? {}).flatMap(([type, byName]) => Object.keys(byName).map((n) => `${type}.${n}`)).sort();
}
