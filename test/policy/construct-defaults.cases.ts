/**
 * Every public construct, built with its defaults (only the props it requires), for the test that runs both
 * policy packs over them (issue 11 item 5: 0 error findings, no suppressions).
 *
 * Adding a construct: add a case below whose `covers` names the exported class(es) it exercises and whose
 * `build` creates the construct with required props only, in the stacks it returns (one app; the test governs
 * every returned stack with one app-level bundle). Multi-stack constructs (team stacks next to a platform
 * stack) return every stack. The test fails when an exported Construct subclass is in no case's `covers`
 * (and not in NOT_RESOURCE_CONSTRUCTS).
 */
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { GoogleProvider } from '@cdktf/provider-google/lib/provider';
import { HelmProvider } from '@cdktf/provider-helm/lib/provider';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import {
  AuroraPostgres,
  AuroraSqlBootstrap,
  BucketEncryption,
  ElastiCacheRedis,
  EncryptedLogGroup,
  GeneratedSecret,
  PermissionsBoundary,
  PlatformKey,
  SecureBucket,
} from '../../src/aws';
import { SecretRef } from '../../src/core';
import { LocalBackend, TerraformStack, type App } from '../../src/core/cdktf';
import { EvalDataset } from '../../src/evaluation';
import { FeatureCaller, StandardLlmFeature, TeamContext, ToolExecution } from '../../src/feature';
import { VectorStoreFailoverDrill } from '../../src/feature/drills/vector-store-failover-drill';
import { GatewayRuntime, KubernetesDatabase, KubernetesRedis, LlmGateway, ModelDeployment } from '../../src/gateway';
import { DataClassification } from '../../src/gateway/model-deployment';
import { ObservabilityStack, ObservabilityTarget, TeamObservability } from '../../src/observability';
import { KubernetesFlavour, LlmPlatform, PlatformCloud } from '../../src/platform';
import { GatewayTenancy, TeamIdentity, TenantQuota } from '../../src/tenancy';
import { VectorBackend, VectorPrincipal, VectorStore } from '../../src/vector-store';

export interface ConstructDefaultsCase {
  /** Shown in the test name. */
  readonly name: string;
  /** The exported construct classes this case builds (the completeness test reads it). */
  readonly covers: ReadonlyArray<string>;
  /** Builds the construct(s) with required props only; returns every stack to check. */
  build(app: App): TerraformStack[];
}

/** Exported constructs that create no resources of their own (helpers, the policy engine itself). */
export const NOT_RESOURCE_CONSTRUCTS: ReadonlyArray<string> = [
  // Looks up account/region/partition data sources for other constructs.
  'AwsEnvironment',
  // The policy engine.
  'PolicyBundle',
];

const VPC = 'vpc-0123456789abcdef0';
const SUBNETS = ['subnet-0123456789abcdef0', 'subnet-0123456789abcdef1'];
const KEY = 'arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555';
const CERT = 'arn:aws:acm:us-east-1:123456789012:certificate/00000000-0000-0000-0000-000000000000';
const BOUNDARY = 'arn:aws:iam::123456789012:policy/llm-boundary';

function aws(app: App, id = 'aws'): TerraformStack {
  const stack = new TerraformStack(app, id);
  new AwsProvider(stack, 'aws', { region: 'us-east-1' });
  return stack;
}

function google(app: App, id = 'gcp'): TerraformStack {
  const stack = new TerraformStack(app, id);
  new GoogleProvider(stack, 'google', { project: 'llm-platform-prod', region: 'europe-west1' });
  return stack;
}

function kubernetes(app: App, id = 'k8s'): TerraformStack {
  const stack = new TerraformStack(app, id);
  new KubernetesProvider(stack, 'kubernetes', {});
  new HelmProvider(stack, 'helm', {});
  return stack;
}

const bedrock = (): ModelDeployment[] => [
  ModelDeployment.bedrock({ alias: 'chat', modelId: 'anthropic.claude-3-5-haiku-20241022-v1:0', region: 'us-east-1' }),
  ModelDeployment.bedrock({ alias: 'chat-fallback', modelId: 'amazon.nova-lite-v1:0', region: 'us-east-1' }),
];
const vertexAi = (): ModelDeployment[] => [
  ModelDeployment.vertexAi({ alias: 'chat', model: 'gemini-2.5-flash', project: 'llm-platform-prod', location: 'europe-west1' }),
  ModelDeployment.vertexAi({ alias: 'chat-fallback', model: 'gemini-2.5-flash-lite', project: 'llm-platform-prod', location: 'europe-west1' }),
];
const FALLBACKS = [{ from: 'chat', to: ['chat-fallback'] }];

const ecsGateway = (stack: TerraformStack, extra: object = {}): LlmGateway =>
  new LlmGateway(stack, 'gateway', {
    runtime: GatewayRuntime.ecsFargate({ vpcId: VPC, privateSubnetIds: SUBNETS, certificateArn: CERT, permissionsBoundaryArn: BOUNDARY }),
    models: bedrock(),
    fallbacks: FALLBACKS,
    ...extra,
  });

/** `PlatformCloud` with its required options only. */
function platformCloud(cloud: 'aws' | 'gcp' | 'kubernetes'): PlatformCloud {
  if (cloud === 'aws') return PlatformCloud.aws({ region: 'us-east-1', vpcId: VPC, privateSubnetIds: SUBNETS, certificateArn: CERT, grafana: { allowedVpcEndpointIds: ['vpce-0123456789abcdef0'] } });
  if (cloud === 'gcp') {
    return PlatformCloud.gcp({
      project: 'llm-platform-prod', region: 'europe-west1', network: 'projects/net/global/networks/main', subnetwork: 'projects/net/regions/europe-west1/subnetworks/run', audit: { enabled: false },
    });
  }
  return PlatformCloud.kubernetes({
    flavour: KubernetesFlavour.GENERIC,
    providers: (stack) => {
      new KubernetesProvider(stack, 'kubernetes', {});
      new HelmProvider(stack, 'helm', {});
    },
    redis: KubernetesRedis.external({ host: 'redis.internal.example.com', password: SecretRef.kubernetes('redis-auth', 'password') }),
    database: KubernetesDatabase.fromUrlSecret(SecretRef.kubernetes('litellm-db', 'url')),
    secretsEncryptionAtRest: 'KMS envelope encryption of Secrets',
    vectorStore: { namespace: 'vectors' },
  });
}

export const CONSTRUCT_DEFAULTS_CASES: ReadonlyArray<ConstructDefaultsCase> = [
  {
    name: 'PlatformKey',
    covers: ['PlatformKey'],
    build: (app) => {
      const stack = aws(app);
      new PlatformKey(stack, 'Key', { nameParts: ['llm'], description: 'platform key' });
      return [stack];
    },
  },
  {
    name: 'EncryptedLogGroup',
    covers: ['EncryptedLogGroup'],
    build: (app) => {
      const stack = aws(app);
      new EncryptedLogGroup(stack, 'Logs', { nameParts: ['llm'], kmsKeyArn: KEY });
      return [stack];
    },
  },
  {
    name: 'GeneratedSecret',
    covers: ['GeneratedSecret'],
    build: (app) => {
      const stack = aws(app);
      new GeneratedSecret(stack, 'Secret', { nameParts: ['llm'], description: 'generated', kmsKeyArn: KEY });
      return [stack];
    },
  },
  {
    name: 'AuroraPostgres',
    covers: ['AuroraPostgres'],
    build: (app) => {
      const stack = aws(app);
      new AuroraPostgres(stack, 'Db', { vpcId: VPC, subnetIds: SUBNETS, nameParts: ['llm'], kmsKeyArn: KEY, databaseName: 'app' });
      return [stack];
    },
  },
  {
    name: 'AuroraSqlBootstrap',
    covers: ['AuroraSqlBootstrap'],
    build: (app) => {
      const stack = aws(app);
      const database = new AuroraPostgres(stack, 'Db', { vpcId: VPC, subnetIds: SUBNETS, nameParts: ['llm'], kmsKeyArn: KEY, databaseName: 'app', enableDataApi: true });
      new AuroraSqlBootstrap(stack, 'Sql', { database, kmsKeyArn: KEY, nameParts: ['llm', 'sql'], description: 'bootstrap' });
      return [stack];
    },
  },
  {
    name: 'SecureBucket',
    covers: ['SecureBucket'],
    build: (app) => {
      const stack = aws(app);
      new SecureBucket(stack, 'Bucket', { nameParts: ['llm'], encryption: BucketEncryption.kms(KEY) });
      return [stack];
    },
  },
  {
    name: 'ElastiCacheRedis',
    covers: ['ElastiCacheRedis'],
    build: (app) => {
      const stack = aws(app);
      new ElastiCacheRedis(stack, 'Redis', { vpcId: VPC, subnetIds: SUBNETS, nameParts: ['llm'], kmsKeyArn: KEY, logsKmsKeyArn: KEY });
      return [stack];
    },
  },
  {
    name: 'PermissionsBoundary',
    covers: ['PermissionsBoundary'],
    build: (app) => {
      const stack = aws(app);
      new PermissionsBoundary(stack, 'Boundary', { nameParts: ['llm'], description: 'ceiling', allow: [{ Sid: 'Models', Action: 'bedrock:InvokeModel', Resource: 'arn:aws:bedrock:*::foundation-model/*' }] });
      return [stack];
    },
  },
  {
    name: 'LlmGateway on ECS Fargate',
    covers: ['LlmGateway', 'EcsFargateGateway'],
    build: (app) => {
      const stack = aws(app);
      ecsGateway(stack);
      return [stack];
    },
  },
  {
    name: 'LlmGateway on Cloud Run',
    covers: ['LlmGateway', 'CloudRunGateway'],
    build: (app) => {
      const stack = google(app);
      new LlmGateway(stack, 'gateway', {
        runtime: GatewayRuntime.cloudRun({ project: 'llm-platform-prod', region: 'europe-west1', network: 'projects/net/global/networks/main', subnetwork: 'projects/net/regions/europe-west1/subnetworks/run' }),
        models: vertexAi(),
        fallbacks: FALLBACKS,
      });
      return [stack];
    },
  },
  {
    name: 'LlmGateway on Kubernetes',
    covers: ['LlmGateway'],
    build: (app) => {
      const stack = kubernetes(app);
      new LlmGateway(stack, 'gateway', {
        runtime: GatewayRuntime.kubernetes({ redis: KubernetesRedis.external({ host: 'redis.internal.example.com', password: SecretRef.kubernetes('redis-auth', 'password') }) }),
        models: bedrock(),
        fallbacks: FALLBACKS,
      });
      return [stack];
    },
  },
  {
    name: 'VectorStore on Aurora pgvector',
    covers: ['VectorStore'],
    build: (app) => {
      const stack = aws(app);
      const store = new VectorStore(stack, 'vectors', { backend: VectorBackend.auroraPgvector({ vpcId: VPC, subnetIds: SUBNETS }) });
      store.addCollection({ team: 'support', name: 'kb', dimensions: 8 }).grantReadWrite(VectorPrincipal.iamRole('support-app', 'support_app'));
      return [stack];
    },
  },
  {
    name: 'VectorStore on Cloud SQL pgvector',
    covers: ['VectorStore'],
    build: (app) => {
      const stack = google(app);
      const store = new VectorStore(stack, 'vectors', {
        backend: VectorBackend.cloudSqlPgvector({
          project: 'llm-platform-prod',
          region: 'europe-west1',
          network: 'projects/llm-platform-prod/global/networks/platform',
          bootstrapSubnetwork: 'projects/llm-platform-prod/regions/europe-west1/subnetworks/jobs',
        }),
      });
      store.addCollection({ team: 'support', name: 'kb', dimensions: 8 }).grantReadWrite(VectorPrincipal.gcpServiceAccount('support-app@llm-platform-prod.iam.gserviceaccount.com'));
      return [stack];
    },
  },
  {
    name: 'VectorStore on Qdrant (Helm)',
    covers: ['VectorStore'],
    build: (app) => {
      const stack = kubernetes(app);
      const store = new VectorStore(stack, 'vectors', { backend: VectorBackend.qdrantHelm({ namespace: 'vectors' }) });
      store.addCollection({ team: 'support', name: 'kb', dimensions: 8 }).grantReadWrite(VectorPrincipal.kubernetesServiceAccount('support', 'kb-api'));
      return [stack];
    },
  },
  {
    name: 'TeamVectorScope on Aurora, Cloud SQL and Qdrant (team stacks next to the platform stacks)',
    covers: ['TeamVectorScope'],
    build: (app) => {
      const stacks: TerraformStack[] = [];
      const backends: Array<[string, (a: App, id: string) => TerraformStack, VectorBackend, VectorPrincipal]> = [
        ['aws', aws, VectorBackend.auroraPgvector({ vpcId: VPC, subnetIds: SUBNETS }), VectorPrincipal.iamRole('hiring-app', 'hiring_app')],
        ['gcp', google, VectorBackend.cloudSqlPgvector({
          project: 'llm-platform-prod',
          region: 'europe-west1',
          network: 'projects/llm-platform-prod/global/networks/platform',
          bootstrapSubnetwork: 'projects/llm-platform-prod/regions/europe-west1/subnetworks/jobs',
        }), VectorPrincipal.gcpServiceAccount('hiring-app@llm-platform-prod.iam.gserviceaccount.com')],
        ['k8s', kubernetes, VectorBackend.qdrantHelm({ namespace: 'vectors' }), VectorPrincipal.kubernetesServiceAccount('team-hiring', 'hiring')],
      ];
      for (const [id, make, backend, principal] of backends) {
        const platform = make(app, `${id}-vectors`);
        const team = make(app, `${id}-team-hiring`);
        const store = new VectorStore(platform, 'vectors', { backend });
        store.addTeamCollection(team, { team: 'hiring', name: 'resumes', dimensions: 8, writers: [principal] });
        stacks.push(platform, team);
      }
      return stacks;
    },
  },
  {
    name: 'TenantQuota and GatewayTenancy (AWS, team stack next to the platform stack)',
    covers: ['TenantQuota', 'GatewayTenancy'],
    build: (app) => {
      const platform = aws(app, 'platform');
      const gateway = ecsGateway(platform, { name: 'llm-gateway' });
      new GatewayTenancy(platform, 'Tenancy', { gateway });
      const team = aws(app, 'team-support');
      new TenantQuota(team, 'support', {
        gateway,
        team: 'support',
        models: ['chat'],
        monthlyBudgetUsd: 1_000,
        tokensPerMinute: 100_000,
        requestsPerMinute: 300,
        identity: TeamIdentity.awsRole(),
        owner: 'support-squad',
      });
      return [platform, team];
    },
  },
  {
    name: 'ObservabilityStack and TeamObservability (AWS)',
    covers: ['ObservabilityStack', 'TeamObservability'],
    build: (app) => {
      const platform = aws(app, 'platform');
      new LocalBackend(platform, { path: 'platform.tfstate' });
      const observability = new ObservabilityStack(platform, 'obs', { target: ObservabilityTarget.aws({ grafana: { allowedVpcEndpointIds: ['vpce-0123456789abcdef0'] } }) });
      ecsGateway(platform, { name: 'llm-gw', observability });
      const team = aws(app, 'team-support');
      // TeamObservability is made through the stack (it needs the platform's outputs), in the team's stack.
      const dashboards: TeamObservability = observability.addTeamDashboard('support', { scope: team });
      dashboards.addFeature({ name: 'kb-search', keyAlias: 'support/kb-search' });
      return [platform, team];
    },
  },
  {
    name: 'StandardLlmFeature (AWS, team stack with a TeamContext)',
    covers: ['StandardLlmFeature'],
    build: (app) => {
      const platform = aws(app, 'platform');
      new LocalBackend(platform, { path: 'platform.tfstate' });
      const gateway = ecsGateway(platform, { name: 'llm-gateway' });
      new GatewayTenancy(platform, 'Tenancy', { gateway });
      const team = aws(app, 'team-hiring');
      const tenant = new TenantQuota(team, 'Quota', {
        gateway, team: 'hiring', models: ['chat'], monthlyBudgetUsd: 2_000, tokensPerMinute: 100_000, requestsPerMinute: 300, identity: TeamIdentity.awsRole(),
      });
      TeamContext.register(team, { tenant, environment: 'staging' });
      new StandardLlmFeature(team, 'job-description-gen', {
        models: ['chat'],
        quota: { tokensPerMinute: 50_000, requestsPerMinute: 200, monthlyBudgetUsd: 1_000 },
        slo: { availability: 0.999, latencyP95Ms: 1200 },
        dataClassification: DataClassification.CONFIDENTIAL,
        toolExecution: ToolExecution.none(),
        businessFallback: 'Show the manual form',
        callers: [FeatureCaller.awsRole('jd-task')],
        owner: 'hiring-squad',
        oncall: 'hiring-oncall',
      });
      return [platform, team];
    },
  },
  ...(['aws', 'gcp', 'kubernetes'] as const).map((cloud): ConstructDefaultsCase => ({
    name: `LlmPlatform and TeamStack on ${cloud} (platform stack, one team stack)`,
    covers: ['LlmPlatform', 'TeamStack'],
    build: (app) => {
      // Required props only: the cloud's required options, the models and (production is the default) their allow-list.
      const models = cloud === 'gcp' ? vertexAi() : bedrock();
      const platform = new LlmPlatform(app, 'platform', { cloud: platformCloud(cloud), models, fallbacks: FALLBACKS, modelAllowList: models.map((m) => m.litellmModel) });
      const team = platform.teamStack(app, 'hiring', { monthlyBudgetUsd: 1_000, tokensPerMinute: 100_000, requestsPerMinute: 300, owner: 'hiring-squad' });
      return [platform, team];
    },
  })),
  ...(['aws', 'gcp', 'kubernetes'] as const).map((cloud): ConstructDefaultsCase => ({
    name: `Evaluation probe on ${cloud} (a feature's evaluation with a golden set and minPassRate only)`,
    covers: [cloud === 'aws' ? 'AwsEvaluationProbe' : cloud === 'gcp' ? 'GcpEvaluationProbe' : 'KubernetesEvaluationProbe'],
    build: (app) => {
      const gcp = cloud === 'gcp';
      const models = gcp ? vertexAi() : bedrock();
      // The AWS probe calls the gateway by its certificate's name like the feature's callers (domainName): without it
      // an evaluation is a ValidationError. A non-production environment keeps the feature's own props to the required.
      const platformProps = cloud === 'aws'
        ? PlatformCloud.aws({ region: 'us-east-1', vpcId: VPC, privateSubnetIds: SUBNETS, certificateArn: CERT, domainName: 'llm.internal.example.com', grafana: { allowedVpcEndpointIds: ['vpce-0123456789abcdef0'] } })
        : platformCloud(cloud);
      const platform = new LlmPlatform(app, 'platform', { cloud: platformProps, models, fallbacks: FALLBACKS, modelAllowList: models.map((m) => m.litellmModel), environment: 'staging' });
      const team = platform.teamStack(app, 'hiring', { monthlyBudgetUsd: 1_000, tokensPerMinute: 100_000, requestsPerMinute: 300, owner: 'hiring-squad' });
      new StandardLlmFeature(team, 'job-description-gen', {
        models: ['chat'],
        quota: { tokensPerMinute: 50_000, requestsPerMinute: 200, monthlyBudgetUsd: 500 },
        slo: { availability: 0.999, latencyP95Ms: 1200 },
        dataClassification: DataClassification.INTERNAL,
        toolExecution: ToolExecution.none(),
        businessFallback: 'Show the manual form',
        callers: [cloud === 'aws' ? FeatureCaller.awsRole('jd-task') : gcp ? FeatureCaller.gcpServiceAccount('jd-service@llm-platform-prod.iam.gserviceaccount.com') : FeatureCaller.kubernetesServiceAccount('team-hiring', 'jd')],
        owner: 'hiring-squad',
        oncall: 'hiring-oncall',
        evaluation: {
          goldenSet: EvalDataset.fromJsonLines('{"messages": [{"role": "user", "content": "Senior backend engineer, Go, Berlin."}], "expect": {"contains": "Go"}}\n', 'golden'),
          minPassRate: 0.9,
        },
      });
      return [platform, team];
    },
  })),
  {
    name: 'VectorStoreFailoverDrill (AWS FIS)',
    covers: ['VectorStoreFailoverDrill'],
    build: (app) => {
      const stack = aws(app);
      new VectorStoreFailoverDrill(stack, 'drill', { auroraClusterIdentifier: 'llm-vectors-1a2b3c4d', loadBalancerName: 'llm-gateway-f7051705', slo: { availability: 0.999, latencyP95Ms: 1200 } });
      return [stack];
    },
  },
];
