import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { GoogleProvider } from '@cdktf/provider-google/lib/provider';
import { HelmProvider } from '@cdktf/provider-helm/lib/provider';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { RandomProvider } from '@cdktf/provider-random/lib/provider';
import { INJECT, stringsOf, type FuzzTarget } from './engine';
import { AuroraCapacity, AuroraPostgres } from '../../src/aws/aurora-postgres';
import { GeneratedSecret } from '../../src/aws/generated-secret';
import { PlatformKey } from '../../src/aws/kms-key';
import { EncryptedLogGroup } from '../../src/aws/log-group';
import { PermissionsBoundary } from '../../src/aws/permissions-boundary';
import { ElastiCacheRedis } from '../../src/aws/redis';
import { BucketEncryption, SecureBucket } from '../../src/aws/secure-bucket';
import { Duration, OwnershipTagging, SecretRef } from '../../src/core';
import { Testing, TerraformStack, type App } from '../../src/core/cdktf';
import { liveTemplateSequences } from '../../src/core/terraform-literals';
import { EvalCheck, EvalDataset, EvalSchedule, evaluationManifest } from '../../src/evaluation';
import { FeatureCaller } from '../../src/feature/feature-caller';
import { StandardLlmFeature } from '../../src/feature/standard-llm-feature';
import { TeamContext } from '../../src/feature/team-context';
import { ToolExecution } from '../../src/feature/tool-execution';
import { ContentFilterPattern } from '../../src/gateway/content-filter-pattern';
import { Guardrail } from '../../src/gateway/guardrail';
import { LlmGateway } from '../../src/gateway/llm-gateway';
import { LoggingCallback } from '../../src/gateway/logging-callback';
import { DataClassification, ModelDeployment } from '../../src/gateway/model-deployment';
import { GatewayPeer } from '../../src/gateway/peer';
import { GatewayRuntime } from '../../src/gateway/runtime';
import { KubernetesRedis } from '../../src/gateway/runtimes/kubernetes';
import { AlertChannel } from '../../src/observability/alert-channel';
import { ObservabilityStack } from '../../src/observability/observability-stack';
import { ObservabilityTarget } from '../../src/observability/target';
import { LlmPlatform, PlatformCloud } from '../../src/platform';
import { PolicyBundle } from '../../src/policy/bundle';
import { PolicyPack } from '../../src/policy/pack';
import { GatewayTenancy } from '../../src/tenancy/gateway-tenancy';
import { TeamIdentity } from '../../src/tenancy/team-identity';
import { TenantQuota } from '../../src/tenancy/tenant-quota';
import { VectorBackend } from '../../src/vector-store/backend';
import { VectorPrincipal } from '../../src/vector-store/principal';
import { VectorStore } from '../../src/vector-store/vector-store';
import { FakeRuntime, runtimeOf } from '../gateway/helpers';

const ARN = {
  secret: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:openai-AbCdEf',
  kms: 'arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555',
  cert: 'arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555',
};
const VPC = { vpcId: 'vpc-0123456789abcdef0', subnetIds: ['subnet-0123456789abcdef0', 'subnet-0fedcba9876543210'] };

/** Builds strategy objects from plain descriptions; anything unrecognised is passed on as it is (that is the point). */
const any = (v: unknown): any => v;
/** `d` without the given keys (deleted, not set to undefined: strict schemas reject present-but-undefined keys). */
function without(d: any, ...keys: string[]): any {
  const out = { ...d };
  for (const k of keys) delete out[k];
  return out;
}
function secretFrom(d: any): unknown {
  if (d && typeof d === 'object' && 'aws' in d) return SecretRef.awsSecretsManager(d.aws, d.key);
  if (d && typeof d === 'object' && 'gcp' in d) return SecretRef.gcpSecretManager(d.gcp, d.version);
  if (d && typeof d === 'object' && 'k8s' in d) return SecretRef.kubernetes(d.k8s, d.key);
  return d;
}
const MODEL_FACTORIES: Record<string, (p: any) => ModelDeployment> = {
  bedrock: (p) => ModelDeployment.bedrock(p),
  openai: (p) => ModelDeployment.openai(p),
  azureOpenai: (p) => ModelDeployment.azureOpenai(p),
  vertexAi: (p) => ModelDeployment.vertexAi(p),
  anthropic: (p) => ModelDeployment.anthropic(p),
  openaiCompatible: (p) => ModelDeployment.openaiCompatible(p),
};
function modelFrom(d: any): unknown {
  if (!d || typeof d !== 'object' || typeof d.kind !== 'string' || !(d.kind in MODEL_FACTORIES)) return d;
  const props = d.props && typeof d.props === 'object' && 'apiKey' in d.props ? { ...d.props, apiKey: secretFrom(d.props.apiKey) } : d.props;
  return MODEL_FACTORIES[d.kind](props);
}
const GUARDRAIL_FACTORIES: Record<string, (p: any) => Guardrail> = {
  contentFilter: (p) => Guardrail.contentFilter(p && typeof p === 'object' && Array.isArray(p.patterns)
    ? { ...p, patterns: p.patterns.map((x: any) => (x && typeof x === 'object' && 'regex' in x ? ContentFilterPattern.regex(x.name, x.regex, x.action) : ContentFilterPattern.prebuilt(x?.prebuilt ?? x, x?.action))) }
    : p),
  litellmPii: (p) => Guardrail.litellmPii(p),
  presidio: (p) => Guardrail.presidio(p),
  bedrock: (p) => Guardrail.bedrock(p),
  promptInjection: (p) => Guardrail.promptInjection(p),
};
function guardrailFrom(d: any): unknown {
  return d && typeof d === 'object' && typeof d.kind === 'string' && d.kind in GUARDRAIL_FACTORIES ? GUARDRAIL_FACTORIES[d.kind](d.props) : d;
}

/** The parts of a gateway every runtime shares; the runtime-specific parts are added per target. */
function gatewayTemplate(secret: unknown, runtime: unknown, extra: Record<string, unknown> = {}): unknown[] {
  return [{
    runtime,
    models: [
      { kind: 'bedrock', props: { alias: 'chat', modelId: 'anthropic.claude-3-5-haiku-20241022-v1:0', region: 'us-east-1', tags: ['primary'] } },
      { kind: 'openai', props: { alias: 'chat-fast', model: 'gpt-4o-mini', apiKey: secret, weight: 5, governance: { owner: 'platform', intendedUse: 'chat' } } },
      { kind: 'openaiCompatible', props: { alias: 'local', model: 'llama-3', apiBase: 'https://llm.internal.example/v1' } },
    ],
    fallbacks: [{ from: 'chat', to: ['chat-fast'] }],
    defaultFallbacks: ['local'],
    guardrails: [
      { kind: 'contentFilter', props: { name: 'pii', patterns: [{ prebuilt: 'email' }, { name: 'ticket', regex: 'TCK-[0-9]{6}' }] } },
      { kind: 'promptInjection', props: { heuristicsCheck: true } },
    ],
    routing: { numRetries: 1, timeoutSeconds: 60 },
    name: 'fuzz-gw',
    tags: { team: 'hiring', environment: 'dev', extra: { 'data-class': 'internal' } },
    environment: { EXTRA_SETTING: 'plain value' },
    ...extra,
  }];
}

function buildGateway(args: unknown[], stack: TerraformStack, runtimeFactory: (p: any) => GatewayRuntime, peer: (v: any) => GatewayPeer): void {
  const d = any(args[0]);
  const props = d && typeof d === 'object'
    ? {
      ...without(d, 'environment', 'peer'),
      runtime: runtimeFactory(d.runtime),
      models: Array.isArray(d.models) ? d.models.map(modelFrom) : d.models,
      guardrails: Array.isArray(d.guardrails) ? d.guardrails.map(guardrailFrom) : d.guardrails,
    }
    : d;
  const gateway = new LlmGateway(stack, 'gateway', props);
  const env = d?.environment;
  if (env && typeof env === 'object') for (const [k, v] of Object.entries(env)) gateway.addEnvironment(k, v as string);
  if (d?.peer !== undefined) gateway.connections.allowFrom(peer(d.peer));
}

/** A gateway on a stand-in runtime (one SSM parameter), for targets that are checked when a gateway uses them. */
function callbackGateway(stack: TerraformStack): LlmGateway {
  new AwsProvider(stack, 'aws', { region: 'us-east-1' });
  const models = [ModelDeployment.bedrock({ alias: 'chat', modelId: 'anthropic.claude-3-5-haiku-20241022-v1:0', region: 'us-east-1' })];
  return new LlmGateway(stack, 'gateway', { runtime: runtimeOf(new FakeRuntime()), models });
}

/** Inputs of the LlmPlatform target accepted so far (its own output is checked on every 10th). */
let platformSynths = 0;

export const FUZZ_TARGETS: ReadonlyArray<FuzzTarget> = [
  // ---- Gateway on each runtime (the runtime factory's props are fuzzed with the gateway's) ----
  {
    name: 'LlmGateway + GatewayRuntime.ecsFargate',
    heavy: true,
    aws: true,
    template: () => gatewayTemplate({ aws: ARN.secret }, { vpcId: VPC.vpcId, privateSubnetIds: VPC.subnetIds, certificateArn: ARN.cert, minTasks: 2, maxTasks: 4 }, { peer: 'sg-0123456789abcdef0' }),
    build: (args, stack) => {
      new AwsProvider(stack, 'aws', { region: 'us-east-1' });
      buildGateway(args, stack, (p) => GatewayRuntime.ecsFargate(p), (v) => GatewayPeer.securityGroup(v));
    },
  },
  {
    name: 'LlmGateway + GatewayRuntime.cloudRun',
    heavy: true,
    template: () => gatewayTemplate({ gcp: 'projects/acme-llm/secrets/openai', version: '1' }, {
      project: 'acme-llm', region: 'europe-west1', network: 'projects/acme-net/global/networks/main', subnetwork: 'projects/acme-net/regions/europe-west1/subnetworks/run',
    }, { peer: 'serviceAccount:app@acme-llm.iam.gserviceaccount.com' }),
    build: (args, stack) => {
      new GoogleProvider(stack, 'google', { project: 'acme-llm', region: 'europe-west1' });
      buildGateway(args, stack, (p) => GatewayRuntime.cloudRun(p), (v) => GatewayPeer.gcpPrincipal(v));
    },
  },
  {
    name: 'LlmGateway + GatewayRuntime.kubernetes',
    heavy: true,
    template: () => gatewayTemplate({ k8s: 'provider-keys', key: 'openai' }, { namespace: 'llm-gateway', redisHost: 'redis.llm-gateway.svc.cluster.local' }, { peer: 'apps' }),
    build: (args, stack) => {
      new KubernetesProvider(stack, 'kubernetes', {});
      new HelmProvider(stack, 'helm', {});
      new RandomProvider(stack, 'random');
      buildGateway(args, stack, (p) => {
        if (!p || typeof p !== 'object' || !('redisHost' in p)) return GatewayRuntime.kubernetes(p);
        return GatewayRuntime.kubernetes({ ...without(p, 'redisHost'), redis: KubernetesRedis.external({ host: p.redisHost, password: SecretRef.kubernetes('redis-auth', 'password') }) });
      }, (v) => GatewayPeer.kubernetesNamespace(v));
    },
  },
  // ---- Model deployments, guardrails, peers, secret references ----
  ...Object.entries({
    bedrock: { alias: 'chat', modelId: 'anthropic.claude-3-5-haiku-20241022-v1:0', region: 'us-east-1', rpm: 100 },
    openai: { alias: 'chat', model: 'gpt-4o', apiKey: { aws: ARN.secret }, apiBase: 'https://api.openai.com/v1' },
    azureOpenai: { alias: 'chat', deployment: 'gpt-4o', apiBase: 'https://acme.openai.azure.com', apiVersion: '2024-10-21', apiKey: { aws: ARN.secret } },
    vertexAi: { alias: 'chat', model: 'gemini-1.5-pro', project: 'acme-llm', location: 'europe-west1', mirrorTo: 'shadow' },
    anthropic: { alias: 'chat', model: 'claude-3-5-sonnet-20241022', apiKey: { aws: ARN.secret }, timeoutSeconds: 30 },
    openaiCompatible: { alias: 'local', model: 'llama-3', apiBase: 'https://llm.internal.example/v1' },
  }).map(([kind, props]): FuzzTarget => ({ name: `ModelDeployment.${kind}`, template: () => [{ kind, props }], build: (args) => { modelFrom(args[0]) === args[0] && MODEL_FACTORIES[kind](args[0]); } })),
  ...Object.entries({
    contentFilter: { name: 'pii', patterns: [{ prebuilt: 'email', action: 'MASK' }, { name: 'ticket', regex: 'TCK-[0-9]{6}', action: 'BLOCK' }] },
    litellmPii: { entities: { EMAIL_ADDRESS: 'MASK', US_SSN: 'BLOCK' } },
    presidio: { analyzerApiBase: 'http://127.0.0.1:5002', anonymizerApiBase: 'http://127.0.0.1:5001', entities: { PERSON: 'MASK' }, language: 'en' },
    bedrock: { guardrailIdentifier: 'ff6ujrregl1q', guardrailVersion: '1', region: 'us-east-1' },
    promptInjection: { heuristicsCheck: true, rejectAsResponse: true },
  }).map(([kind, props]): FuzzTarget => ({ name: `Guardrail.${kind}`, template: () => [{ kind, props }], build: (args) => { guardrailFrom(args[0]) === args[0] && GUARDRAIL_FACTORIES[kind](args[0]); } })),
  // Logging callbacks are checked when a gateway adds them (the factories only record their options).
  {
    name: 'LoggingCallback.openTelemetry + addLoggingCallback',
    template: () => [{ endpoint: 'http://127.0.0.1:4318/v1/traces', serviceName: 'gateway', environment: 'prod' }],
    build: (a, stack) => callbackGateway(stack).addLoggingCallback(LoggingCallback.openTelemetry(any(a[0]))),
  },
  {
    name: 'LoggingCallback.s3Audit + addLoggingCallback',
    template: () => [{ bucketName: 'acme-llm-audit', region: 'us-east-1', path: 'litellm/audit', accessKeyId: { aws: ARN.secret } }],
    build: (a, stack) => {
      const d = any(a[0]);
      callbackGateway(stack).addLoggingCallback(LoggingCallback.s3Audit(d && typeof d === 'object' && 'accessKeyId' in d ? { ...d, accessKeyId: secretFrom(d.accessKeyId) } : d));
    },
  },
  { name: 'GatewayPeer.*', template: () => ['sg-0123456789abcdef0', '10.0.0.0/16', 'group:ops@acme.example', 'apps'], build: (a) => { GatewayPeer.securityGroup(any(a[0])); GatewayPeer.cidr(any(a[1])); GatewayPeer.gcpPrincipal(any(a[2])); GatewayPeer.kubernetesNamespace(any(a[3])); } },
  { name: 'SecretRef.awsSecretsManager', template: () => [ARN.secret, 'api_key'], build: (a) => { SecretRef.awsSecretsManager(any(a[0]), any(a[1])); } },
  { name: 'SecretRef.gcpSecretManager', template: () => ['projects/acme/secrets/openai', '3'], build: (a) => { SecretRef.gcpSecretManager(any(a[0]), any(a[1])); } },
  { name: 'SecretRef.kubernetes', template: () => ['provider-keys', 'openai'], build: (a) => { SecretRef.kubernetes(any(a[0]), any(a[1])); } },
  // ---- AWS building blocks ----
  { name: 'AuroraCapacity.provisioned', template: () => ['db.r6g.large', 2], build: (a) => { AuroraCapacity.provisioned(any(a[0]), any(a[1])); } },
  { name: 'AuroraCapacity.serverlessV2', template: () => [0.5, 8, 2], build: (a) => { AuroraCapacity.serverlessV2(any(a[0]), any(a[1]), any(a[2])); } },
  ...([
    ['PlatformKey', { description: 'Gateway data', nameParts: ['hiring', 'gw'], deletionWindowInDays: 30 }, (s: TerraformStack, p: any) => new PlatformKey(s, 'Key', p)],
    ['EncryptedLogGroup', { nameParts: ['hiring', 'gw'], kmsKeyArn: ARN.kms, retentionInDays: 365 }, (s: TerraformStack, p: any) => new EncryptedLogGroup(s, 'Logs', p)],
    ['GeneratedSecret', { nameParts: ['hiring', 'master'], description: 'LiteLLM master key', kmsKeyArn: ARN.kms, length: 48, prefix: 'sk-' }, (s: TerraformStack, p: any) => new GeneratedSecret(s, 'Secret', p)],
    ['ElastiCacheRedis', { ...VPC, nameParts: ['hiring'], kmsKeyArn: ARN.kms, logsKmsKeyArn: ARN.kms, nodes: 2 }, (s: TerraformStack, p: any) => new ElastiCacheRedis(s, 'Redis', p)],
    ['SecureBucket', { nameParts: ['hiring', 'config'], keyArn: ARN.kms, expireAfterDays: 30 }, (s: TerraformStack, p: any) => new SecureBucket(s, 'Bucket', p && typeof p === 'object' ? { ...without(p, 'keyArn'), encryption: BucketEncryption.kms(p.keyArn) } : p)],
    ['PermissionsBoundary', { nameParts: ['hiring'], description: 'Ceiling for the hiring roles', allow: [{ Sid: 'Models', Action: ['bedrock:InvokeModel'], Resource: 'arn:aws:bedrock:us-east-1::foundation-model/*' }] }, (s: TerraformStack, p: any) => new PermissionsBoundary(s, 'Boundary', p)],
    ['AuroraPostgres', { ...VPC, nameParts: ['hiring', 'db'], kmsKeyArn: ARN.kms, databaseName: 'litellm', capacity: [0.5, 8, 2] }, (s: TerraformStack, p: any) => new AuroraPostgres(s, 'Db', p && typeof p === 'object' && Array.isArray(p.capacity) ? { ...p, capacity: AuroraCapacity.serverlessV2(p.capacity[0], p.capacity[1], p.capacity[2]) } : p)],
  ] as const).map(([name, props, make]): FuzzTarget => ({
    name,
    aws: true,
    template: () => [props],
    build: (args, stack) => {
      new AwsProvider(stack, 'aws', { region: 'us-east-1' });
      make(stack, any(args[0]));
    },
  })),
  {
    name: 'OwnershipTagging.apply',
    aws: true,
    template: () => [{ team: 'hiring', environment: 'prod', costCenter: 'cc-42', extra: { 'data-class': 'internal' } }],
    build: (args, stack) => {
      new AwsProvider(stack, 'aws', { region: 'us-east-1' });
      OwnershipTagging.apply(stack, any(args[0]));
      new PlatformKey(stack, 'Key', { description: 'tagged', nameParts: ['t'] });
    },
  },
  // ---- Vector store ----
  {
    name: 'VectorStore + VectorBackend.auroraPgvector',
    heavy: true,
    aws: true,
    template: () => [{ backend: { ...VPC, databaseName: 'vectors' }, nameParts: ['hiring'], collection: { team: 'support', name: 'kb-articles', dimensions: 1536 } }],
    build: (args, stack) => {
      new AwsProvider(stack, 'aws', { region: 'us-east-1' });
      const d = any(args[0]);
      const store = new VectorStore(stack, 'Vectors', d && typeof d === 'object' ? { ...without(d, 'collection'), backend: VectorBackend.auroraPgvector(d.backend) } : d);
      if (d?.collection !== undefined) store.addCollection(d.collection);
    },
  },
  {
    name: 'VectorStore + VectorBackend.qdrantHelm',
    heavy: true,
    template: () => [{ backend: { namespace: 'vectors', replicas: 3, storageSize: '50Gi' }, collection: { team: 'support', name: 'kb', dimensions: 768 } }],
    build: (args, stack) => {
      new KubernetesProvider(stack, 'kubernetes', {});
      new HelmProvider(stack, 'helm', {});
      new RandomProvider(stack, 'random');
      const d = any(args[0]);
      const store = new VectorStore(stack, 'Vectors', d && typeof d === 'object' ? { ...without(d, 'collection'), backend: VectorBackend.qdrantHelm(d.backend) } : d);
      if (d?.collection !== undefined) store.addCollection(d.collection);
    },
  },
  {
    // The fuzzed stack is the team's; the store lives in a platform stack of the same app.
    name: 'VectorStore.addTeamCollection (Aurora, from a team stack)',
    heavy: true,
    aws: true,
    template: () => [{
      team: 'hiring',
      name: 'resumes',
      dimensions: 1024,
      distance: 'cosine',
      writers: [{ roleName: 'hiring-role', dbUser: 'hiring_app', securityGroupId: 'sg-0123456789abcdef0' }],
      readers: [{ roleName: 'hiring-reports', dbUser: 'hiring_reports' }],
    }],
    build: (args, stack) => {
      const platform = new TerraformStack(stack.node.root, 'platform');
      new AwsProvider(platform, 'aws', { region: 'us-east-1' });
      new AwsProvider(stack, 'aws', { region: 'us-east-1' });
      const store = new VectorStore(platform, 'Vectors', { backend: VectorBackend.auroraPgvector({ vpcId: VPC.vpcId, subnetIds: VPC.subnetIds }) });
      const d = any(args[0]);
      const principals = (list: any) => (Array.isArray(list)
        ? list.map((p) => (p && typeof p === 'object' ? VectorPrincipal.iamRole(p.roleName, p.dbUser, p.securityGroupId === undefined ? {} : { securityGroupId: p.securityGroupId }) : p))
        : list);
      const options = d && typeof d === 'object'
        ? { ...d, ...('writers' in d ? { writers: principals(d.writers) } : {}), ...('readers' in d ? { readers: principals(d.readers) } : {}) }
        : d;
      store.addTeamCollection(stack, options);
      // Cross-stack references are resolved when the app prepares its stacks (as App.synth() does).
      platform.prepareStack();
      stack.prepareStack();
    },
  },
  // ---- Observability (a team and a feature added through the stack, as StandardLlmFeature does) ----
  {
    name: 'ObservabilityStack + ObservabilityTarget.aws + addTeamDashboard/addFeature',
    heavy: true,
    aws: true,
    template: () => [
      {
        target: { grafana: { allowedVpcEndpointIds: ['vpce-0123456789abcdef0'], tokenTtlDays: 7 }, audit: { retentionDays: 30 }, tracing: true },
        slo: { availability: 0.999, latencyP95Ms: 1200 },
        alerting: { page: ['llm-oncall@example.com'], ticket: ['llm-platform@example.com'] },
        runbookUrl: 'https://runbooks.example.com/llm',
        name: 'obs',
      },
      { team: 'support', options: { monthlyBudgetUsd: 500, runbookUrl: 'https://runbooks.example.com/support' }, feature: { name: 'kb-search', keyAlias: 'support/kb-search', monthlyBudgetUsd: 100 } },
    ],
    build: (args, stack) => {
      new AwsProvider(stack, 'aws', { region: 'us-east-1' });
      const d = any(args[0]);
      const channels = (v: unknown) => (Array.isArray(v) ? v.map((e) => AlertChannel.email(e)) : v);
      const props = d && typeof d === 'object'
        ? { ...d, target: ObservabilityTarget.aws(d.target), ...(d.alerting && typeof d.alerting === 'object' ? { alerting: { ...d.alerting, page: channels(d.alerting.page), ticket: channels(d.alerting.ticket) } } : {}) }
        : d;
      const observability = new ObservabilityStack(stack, 'Observability', props);
      new LlmGateway(stack, 'Gateway', {
        name: 'fuzz-gw',
        runtime: GatewayRuntime.ecsFargate({ vpcId: VPC.vpcId, privateSubnetIds: VPC.subnetIds, certificateArn: ARN.cert }),
        models: [ModelDeployment.bedrock({ alias: 'chat', modelId: 'amazon.nova-lite-v1:0', region: 'us-east-1' })],
        observability,
      });
      const t = any(args[1]);
      const team = observability.addTeamDashboard(t?.team, t?.options);
      team.addFeature(t?.feature);
    },
  },
  // ---- Feature (issue 14) ----
  {
    name: 'StandardLlmFeature + TeamContext.register + ToolExecution/FeatureCaller',
    heavy: true,
    aws: true,
    template: () => [
      {
        models: ['chat'],
        quota: { tokensPerMinute: 50_000, requestsPerMinute: 200, monthlyBudgetUsd: 1_000 },
        slo: { availability: 0.999, latencyP95Ms: 1200 },
        dataClassification: 'confidential',
        toolExecution: { tools: ['lookup_order', 'create_ticket'] },
        structuredOutput: { schema: { type: 'object', properties: { title: { type: 'string' } }, required: ['title'] } },
        outputConsumer: 'automation',
        businessFallback: 'Show the manual form; the posting is saved as a draft',
        prompts: { repository: 'https://git.example.com/hiring/prompts', evaluation: { goldenDataset: 'evals/jd.jsonl', minScore: 0.8 } },
        callers: [{ awsRole: 'arn:aws:iam::123456789012:role/jd-task' }, 'team'],
        owner: 'hiring-squad',
        oncall: 'hiring-oncall',
        runbookUrl: 'https://runbooks.example.com/hiring/jd',
        keyRotationDays: 30,
      },
      'job-description-gen',
      { environment: 'dev', owner: 'hiring-squad', oncall: 'hiring-oncall', runbookUrl: 'https://runbooks.example.com/hiring' },
    ],
    build: (args, stack) => {
      new AwsProvider(stack, 'aws', { region: 'us-east-1' });
      const gateway = new LlmGateway(stack, 'Gateway', {
        name: 'fuzz-gw',
        runtime: GatewayRuntime.ecsFargate({ vpcId: VPC.vpcId, privateSubnetIds: VPC.subnetIds, certificateArn: ARN.cert }),
        models: [
          ModelDeployment.bedrock({ alias: 'chat', modelId: 'amazon.nova-lite-v1:0', region: 'us-east-1' }),
          ModelDeployment.bedrock({ alias: 'chat-fallback', modelId: 'amazon.nova-micro-v1:0', region: 'us-east-1' }),
        ],
        fallbacks: [{ from: 'chat', to: ['chat-fallback'] }],
        tags: { environment: 'dev' },
      });
      new GatewayTenancy(stack, 'Tenancy', { gateway });
      const tenant = new TenantQuota(stack, 'Quota', {
        gateway, team: 'hiring', models: ['chat', 'chat-fallback'], monthlyBudgetUsd: 5_000, tokensPerMinute: 200_000, requestsPerMinute: 600, identity: TeamIdentity.awsRole(),
      });
      const c = any(args[2]);
      TeamContext.register(stack, c && typeof c === 'object' ? { ...c, tenant } : c);
      const d = any(args[0]);
      const tool = (t: any) => (t && typeof t === 'object' && 'tools' in t ? ToolExecution.allowListed(t.tools) : t && typeof t === 'object' && t.mode === 'none' ? ToolExecution.none() : t);
      const caller = (x: any) => (x === 'team' ? FeatureCaller.teamIdentity()
        : x && typeof x === 'object' && 'awsRole' in x ? FeatureCaller.awsRole(x.awsRole)
          : x && typeof x === 'object' && 'gcp' in x ? FeatureCaller.gcpServiceAccount(x.gcp)
            : x && typeof x === 'object' && 'k8s' in x ? FeatureCaller.kubernetesServiceAccount(x.k8s?.[0], x.k8s?.[1]) : x);
      const props = d && typeof d === 'object'
        ? { ...d, toolExecution: tool(d.toolExecution), ...(Array.isArray(d.callers) ? { callers: d.callers.map(caller) } : {}) }
        : d;
      new StandardLlmFeature(stack, any(args[1]), props);
    },
  },
  // ---- Evaluation probe (issue 15): a feature's `evaluation` in a team with observability, AWS ----
  {
    name: 'StandardLlmFeature evaluation (EventBridge Scheduler → Lambda probe, regression rules)',
    heavy: true,
    aws: true,
    template: () => [
      {
        goldenSet: '{"id": "a", "messages": [{"role": "user", "content": "Senior backend engineer, Go, Berlin."}], "expect": {"contains": "Go"}}\n',
        schedule: { every: 30 },
        checks: [{ contains: 'Responsibilities' }, { maxLatencyMs: 5000 }],
        minPassRate: 0.9,
        maxRunCostUsd: 0.5,
        requestTimeout: 30,
        concurrency: 2,
      },
    ],
    build: (args, stack) => {
      new AwsProvider(stack, 'aws', { region: 'us-east-1' });
      const observability = new ObservabilityStack(stack, 'Observability', { target: ObservabilityTarget.aws({ grafana: { enabled: false }, audit: { enabled: false } }) });
      const gateway = new LlmGateway(stack, 'Gateway', {
        name: 'fuzz-gw',
        runtime: GatewayRuntime.ecsFargate({ vpcId: VPC.vpcId, privateSubnetIds: VPC.subnetIds, certificateArn: ARN.cert, domainName: 'llm.internal.example.com' }),
        models: [
          ModelDeployment.bedrock({ alias: 'chat', modelId: 'amazon.nova-lite-v1:0', region: 'us-east-1' }),
          ModelDeployment.bedrock({ alias: 'chat-fallback', modelId: 'amazon.nova-micro-v1:0', region: 'us-east-1' }),
        ],
        fallbacks: [{ from: 'chat', to: ['chat-fallback'] }],
        tags: { environment: 'dev' },
        observability,
      });
      new GatewayTenancy(stack, 'Tenancy', { gateway });
      const tenant = new TenantQuota(stack, 'Quota', {
        gateway, team: 'hiring', models: ['chat', 'chat-fallback'], monthlyBudgetUsd: 5_000, tokensPerMinute: 200_000, requestsPerMinute: 600, identity: TeamIdentity.awsRole(),
      });
      TeamContext.register(stack, { tenant, observability: observability.addTeamDashboard('hiring', { scope: stack }), environment: 'dev' });
      // Plain data → the evaluation's value classes (junk passes through as it is).
      const e = any(args[0]);
      const check = (c: any) => (c && typeof c === 'object' && 'contains' in c ? EvalCheck.contains(c.contains)
        : c && typeof c === 'object' && 'maxLatencyMs' in c ? EvalCheck.maxLatencyMs(c.maxLatencyMs) : c);
      const schedule = (v: any) => (v && typeof v === 'object' && 'every' in v ? EvalSchedule.every(Duration.minutes(v.every))
        : v && typeof v === 'object' && 'cron' in v ? EvalSchedule.cron(v.cron, { timeZone: v.timeZone }) : v);
      const evaluation = e && typeof e === 'object'
        ? {
          ...e,
          goldenSet: typeof e.goldenSet === 'string' ? EvalDataset.fromJsonLines(e.goldenSet, 'fuzz') : e.goldenSet,
          ...('schedule' in e ? { schedule: schedule(e.schedule) } : {}),
          ...(Array.isArray(e.checks) ? { checks: e.checks.map(check) } : {}),
          ...(typeof e.requestTimeout === 'number' ? { requestTimeout: Duration.seconds(e.requestTimeout) } : {}),
        }
        : e;
      new StandardLlmFeature(stack, 'job-description-gen', {
        models: ['chat'],
        quota: { tokensPerMinute: 50_000, requestsPerMinute: 200, monthlyBudgetUsd: 1_000 },
        slo: { availability: 0.999, latencyP95Ms: 1200 },
        dataClassification: DataClassification.INTERNAL,
        toolExecution: ToolExecution.none(),
        businessFallback: 'Show the manual form',
        callers: [FeatureCaller.awsRole('jd-task')],
        owner: 'hiring-squad',
        oncall: 'hiring-oncall',
        evaluation,
      });
    },
  },
  // ---- Platform (issue 14) ----
  {
    name: 'LlmPlatform + PlatformCloud.aws + teamStack',
    heavy: true,
    template: () => [
      {
        region: 'us-east-1',
        vpcId: VPC.vpcId,
        privateSubnetIds: VPC.subnetIds,
        certificateArn: ARN.cert,
        domainName: 'llm.internal.example.com',
        grafana: { allowedVpcEndpointIds: ['vpce-0123456789abcdef0'] },
        runtime: { minTasks: 2, maxTasks: 6 },
        vectorStore: { databaseName: 'vectors' },
      },
      {
        name: 'fuzz-platform',
        environment: 'production',
        fallbacks: [{ from: 'chat', to: ['chat-fallback'] }],
        modelAllowList: ['bedrock/amazon.nova-lite-v1:0', 'bedrock/amazon.nova-micro-v1:0'],
        slo: { availability: 0.999, latencyP95Ms: 1200 },
        ownership: { team: 'llm-platform', costCenter: 'cc-1234', extra: { product: 'llm' } },
        runbookUrl: 'https://runbooks.example.com/llm',
        routing: { numRetries: 2, timeoutSeconds: 60 },
      },
      'hiring',
      { monthlyBudgetUsd: 5_000, tokensPerMinute: 200_000, requestsPerMinute: 600, owner: 'hiring-squad', oncall: 'hiring-oncall', softBudgetPercent: 80, costCenter: 'cc-42' },
    ],
    build: (args, stack) => {
      // LlmPlatform and its team stacks are stacks of their own: they go into the input's app, next to `stack`.
      const app = stack.node.root as App;
      const d = any(args[1]);
      const models = [
        ModelDeployment.bedrock({ alias: 'chat', modelId: 'amazon.nova-lite-v1:0', region: 'us-east-1' }),
        ModelDeployment.bedrock({ alias: 'chat-fallback', modelId: 'amazon.nova-micro-v1:0', region: 'us-east-1' }),
      ];
      const props = d && typeof d === 'object' ? { ...d, cloud: PlatformCloud.aws(any(args[0])), models } : d;
      const platform = new LlmPlatform(app, 'FuzzPlatform', props);
      const team = platform.teamStack(app, any(args[2]), any(args[3]));
      // The engine synthesizes `stack` only: check the platform's and the team's own output here, as often as it
      // synthesizes a heavy target (a Terraform-live sequence made from user text is reported as a crash).
      if (++platformSynths % 10 === 1) {
        for (const s of [platform, team]) {
          const text = Testing.synth(s, true);
          if (text.includes('FUZZSECRET')) throw new Error(`the planted secret reached ${s.node.id}'s JSON`);
          for (const str of stringsOf(JSON.parse(text))) {
            const live = liveTemplateSequences(str).find((seq) => seq.text.includes(INJECT) || /\bfile\(/.test(seq.text));
            if (live) throw new Error(`live Terraform ${live.kind} from user text in ${s.node.id}: ${live.text.slice(0, 80)}`);
          }
        }
      }
    },
  },
  // ---- Evaluation (issue 15) ----
  { name: 'Duration.*', template: () => [30, 1.5], build: (a) => { Duration.minutes(any(a[0])).toSeconds(); Duration.hours(any(a[1])).toMinutes(); } },
  { name: 'EvalDataset.fromJsonLines', template: () => ['{"id": "a", "messages": [{"role": "user", "content": "hi"}], "expect": {"contains": "x", "jsonSchema": {"type": "object"}}, "params": {"temperature": 0}}'], build: (a) => { EvalDataset.fromJsonLines(any(a[0])); } },
  {
    name: 'EvalCheck.*',
    template: () => ['Responsibilities', 1200, { alias: 'judge', rubric: 'Lists responsibilities and requirements.', minScore: 0.7 }, { type: 'object', required: ['title'], properties: { title: { type: 'string', pattern: '^[A-Z]' } } }, { id: 'has-title', ignoreCase: true }],
    build: (a) => {
      EvalCheck.contains(any(a[0]), any(a[4])); EvalCheck.notContains(any(a[0])); EvalCheck.regex(any(a[0])); EvalCheck.exactMatch(any(a[0]));
      EvalCheck.maxLatencyMs(any(a[1])); EvalCheck.maxTokens(any(a[1])); EvalCheck.judge(any(a[2])); EvalCheck.jsonSchema(any(a[3]));
    },
  },
  { name: 'EvalSchedule.*', template: () => [30, '0 7-19 * * 1-5', { timeZone: 'Europe/Berlin' }], build: (a) => { EvalSchedule.every(Duration.minutes(any(a[0]))); EvalSchedule.cron(any(a[1]), any(a[2])); } },
  {
    name: 'evaluationManifest',
    template: () => [
      { gateway: 'llm-prod', team: 'hiring', feature: 'jd-gen', environment: 'prod', models: ['chat'], latencyP95Ms: 1200 },
      { goldenSet: '{"messages": [{"role": "user", "content": "hi"}]}', checks: ['Responsibilities'], minPassRate: 0.9, maxRunCostUsd: 0.5, concurrency: 2 },
    ],
    build: (a) => {
      const e = any(a[1]);
      const evaluation = e && typeof e === 'object'
        ? { ...e, goldenSet: typeof e.goldenSet === 'string' ? EvalDataset.fromJsonLines(e.goldenSet) : e.goldenSet, checks: Array.isArray(e.checks) ? e.checks.map((c: unknown) => (typeof c === 'string' ? EvalCheck.contains(c) : c)) : e.checks }
        : e;
      evaluationManifest(any(a[0]), evaluation);
    },
  },
  // ---- Policy ----
  {
    name: 'PolicyBundle + PolicyPack.*',
    template: () => [{ baseline: { strict: true }, governance: { modelAllowList: ['bedrock/anthropic.claude-3-5-haiku-20241022-v1:0'], aliasAllowList: ['chat'] }, reports: false, suppress: { ruleId: 'LLM-SEC-1', reason: 'Generated once by design; rotation would break stored data.' } }],
    build: (args, stack) => {
      const d = any(args[0]);
      const packs = d && typeof d === 'object' ? [PolicyPack.securityBaseline(d.baseline), PolicyPack.llmGovernance(d.governance)] : d;
      new PolicyBundle(stack, 'Policy', d && typeof d === 'object' ? { packs, reports: d.reports } : d);
      if (d?.suppress) PolicyBundle.suppress(stack, d.suppress.ruleId, d.suppress.reason);
    },
  },
];
