import type { EcsCluster } from '@cdktf/provider-aws/lib/ecs-cluster';
import type { EcsService } from '@cdktf/provider-aws/lib/ecs-service';
import type { EcsTaskDefinition } from '@cdktf/provider-aws/lib/ecs-task-definition';
import type { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import type { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { Construct } from 'constructs';
import { z } from 'zod';
import { databaseBootstrapStatements } from './ecs/database-bootstrap';
import { DEFAULT_AURORA_CAPACITY, DEFAULT_SSL_POLICY, EcsDatabase, EcsRedis, FARGATE_TASK_SIZES } from './ecs/options';
import { AuroraPostgres } from '../../aws/aurora-postgres';
import { AuroraSqlBootstrap } from '../../aws/aurora-sql-bootstrap';
import { AwsEnvironment } from '../../aws/environment';
import { GeneratedSecret } from '../../aws/generated-secret';
import { PlatformKey } from '../../aws/kms-key';
import { EncryptedLogGroup } from '../../aws/log-group';
import { ElastiCacheRedis } from '../../aws/redis';
import { BucketEncryption, SecureBucket } from '../../aws/secure-bucket';
import {
  makeName,
  NameTarget,
  OwnershipTagging,
  ProblemCollector,
  type SecretRef,
  SecretStore,
  ValidationError,
  type ValidationProblem,
} from '../../core';
import { Lazy, type ITerraformDependable } from '../../core/cdktf';
import { isUnresolved } from '../../core/tokens';
import { issuesToProblems, schemaFor, tokenOr, withFix } from '../../core/validation';
import { GatewayPeerKind, type GatewayPeer } from '../peer';
import type { GatewayRuntimeBinding, GatewayRuntimeContext, IGatewayRuntime } from '../runtime-contract';
import { BEDROCK_PROFILE_REGIONS, bedrockResourceArns } from './ecs/bedrock';
import { CONTAINER, gatewayContainerDefinitions, type InitContainerSpec, litellmArgsForBucketConfig, VOLUMES } from './ecs/containers';
import type { GatewayLoadBalancer } from './ecs/load-balancer';
import type { GatewayWebAcl } from './ecs/waf';

export * from './ecs/options';
export { BEDROCK_PROFILE_REGIONS, bedrockResourceArns } from './ecs/bedrock';
export { databaseBootstrapSql, databaseBootstrapStatements } from './ecs/database-bootstrap';

/** Container Insights level of the ECS cluster. */
export enum ContainerInsights {
  /** Cluster- and service-level metrics (checkov CKV_AWS_65). */
  ENABLED = 'enabled',
  /** Adds task- and container-level metrics (more CloudWatch cost). */
  ENHANCED = 'enhanced',
}

/** CPU architecture of the Fargate tasks. */
export enum FargateCpuArchitecture {
  X86_64 = 'X86_64',
  /** Graviton: about 20 % cheaper; the LiteLLM images are published for arm64 too. */
  ARM64 = 'ARM64',
}

/** The load balancer in front of the tasks. */
export interface EcsLoadBalancerOptions {
  /**
   * Expose the gateway to the internet. Requires HTTPS (`certificateArn`), a WAF (`createWaf` or
   * `wafWebAclArn`) and public `subnetIds`.
   * @default false - an internal ALB in the private subnets
   */
  readonly internetFacing?: boolean;
  /** Subnets of the load balancer. @default - `privateSubnetIds` (required, and public, when `internetFacing`) */
  readonly subnetIds?: ReadonlyArray<string>;
  /** Create a WAFv2 web ACL (managed rule groups + rate limit) and attach it. @default false */
  readonly createWaf?: boolean;
  /** Attach an existing regional WAFv2 web ACL. @default - none */
  readonly wafWebAclArn?: string;
  /** TLS policy of the HTTPS listener. @default DEFAULT_SSL_POLICY (TLS 1.3 + 1.2) */
  readonly sslPolicy?: string;
  /**
   * Idle timeout. LiteLLM's own maximum request timeout is 600 s; the ALB default of 60 s would cut long
   * non-streaming completions.
   * @default 600
   */
  readonly idleTimeoutSeconds?: number;
  /** @default true */
  readonly deletionProtection?: boolean;
  /**
   * Admit the whole VPC CIDR to the caller listener (inference routes only). Off by default: grant callers
   * with `gateway.connections.allowFrom(GatewayPeer.securityGroup(sg))`, operators with `allowAdminFrom`.
   * @default false
   */
  readonly allowVpcCidr?: boolean;
}

/** WAF options (used when `loadBalancer.createWaf` is set). */
export interface EcsWafOptions {
  /**
   * Requests per 5 minutes from one client IP before it is blocked. Callers of an internal gateway are
   * services, each with its own task IP; 3000 / 5 min is 10 requests/s sustained per caller.
   * @default 3000
   */
  readonly rateLimitPerFiveMinutes?: number;
  /** WAF log destination (`aws-waf-logs-*` log group, Firehose or S3 ARN); Authorization headers are redacted. @default - no WAF logging */
  readonly logDestinationArn?: string;
}

/** Target-tracking autoscaling of the service between `minTasks` and `maxTasks`. */
export interface EcsAutoscalingOptions {
  /** Average CPU the service is kept at. @default 60 (headroom for bursts while new tasks start, ~1-2 min on Fargate) */
  readonly cpuTargetPercent?: number;
  /**
   * ALB requests per task per minute. A LiteLLM worker is one async process: CPU is the primary signal,
   * and request count reacts first to bursts of cheap requests (rejections, cache hits, key checks).
   * 500/min ≈ 8 requests/s per task, well under what one worker proxies when upstream latency dominates.
   * @default 500
   */
  readonly requestsPerTargetPerMinute?: number;
  /** @default 300 */
  readonly scaleInCooldownSeconds?: number;
  /** @default 60 */
  readonly scaleOutCooldownSeconds?: number;
}

/** Props of `GatewayRuntime.ecsFargate()`. */
export interface EcsFargateRuntimeProps {
  /** The VPC (bring your own; the example creates one). */
  readonly vpcId: string;
  /** Private subnets in at least two AZs, with a route to the internet (NAT) or the needed VPC endpoints. */
  readonly privateSubnetIds: ReadonlyArray<string>;
  /** ACM certificate of the HTTPS listener. Required unless `allowPlaintextHttp`. @default - none */
  readonly certificateArn?: string;
  /** Serve plain HTTP on port 80 instead of HTTPS. Explicit opt-in; never with `internetFacing`. @default false */
  readonly allowPlaintextHttp?: boolean;
  /** Name callers use (the certificate's name); the endpoint becomes `https://<domainName>`. @default - the ALB's DNS name */
  readonly domainName?: string;
  /** Route 53 zone in which to create an alias record for `domainName`. @default - no record */
  readonly hostedZoneId?: string;
  /** Task CPU units (1024 = 1 vCPU); a valid Fargate combination with `memoryMiB`. @default 2048 */
  readonly cpu?: number;
  /**
   * Task memory. The migration init container (Prisma) peaks above 1 GiB before LiteLLM starts, and
   * sidecars share the task. @default 4096
   */
  readonly memoryMiB?: number;
  /** @default FargateCpuArchitecture.X86_64 */
  readonly cpuArchitecture?: FargateCpuArchitecture;
  /** Tasks always running, spread over AZs. @default 2 */
  readonly minTasks?: number;
  /** Autoscaling ceiling. @default 10 */
  readonly maxTasks?: number;
  /** Allow `minTasks: 1` (no high availability). @default false */
  readonly allowSingleTask?: boolean;
  /** Uvicorn workers per task; LiteLLM recommends one per container and scaling out. @default 1 */
  readonly workersPerTask?: number;
  /** @default - see EcsAutoscalingOptions */
  readonly autoscaling?: EcsAutoscalingOptions;
  /** @default - internal ALB, see EcsLoadBalancerOptions */
  readonly loadBalancer?: EcsLoadBalancerOptions;
  /** @default - see EcsWafOptions */
  readonly waf?: EcsWafOptions;
  /** @default EcsRedis.elastiCache() */
  readonly redis?: EcsRedis;
  /** @default EcsDatabase.aurora() */
  readonly database?: EcsDatabase;
  /** Retention of the container, Redis slow-log and WAF logs. @default 365 */
  readonly logRetentionDays?: number;
  /** Permissions boundary for the execution and task roles. @default - none */
  readonly permissionsBoundaryArn?: string;
  /** ALB access logs to a private, TLS-only, encrypted bucket. @default true */
  readonly accessLogs?: boolean;
  /** @default 365 */
  readonly accessLogRetentionDays?: number;
  /** @default ContainerInsights.ENABLED */
  readonly containerInsights?: ContainerInsights;
  /**
   * Read-only root filesystem for LiteLLM and sidecars; writable task volumes are mounted at `/tmp` and
   * `PROMETHEUS_MULTIPROC_DIR`. The one-shot `migrations` container always has a writable root filesystem:
   * Prisma writes into site-packages at migration time (see `MIGRATION_WRITABLE_ROOT_REASON`); it runs once
   * before LiteLLM starts (not essential, awaited with SUCCESS), which policy LLM-ECS-3 exempts because its
   * writable layer ends with it. Turn this off only if your image writes elsewhere
   * while serving (policy LLM-ECS-3 will report it).
   * @default true
   */
  readonly readonlyRootFilesystem?: boolean;
  /** KMS keys of secrets passed in by reference (provider API keys, BYO Redis/DB), for the execution role to decrypt. @default [] */
  readonly secretsKmsKeyArns?: ReadonlyArray<string>;
  /** Geography prefix → Regions for Bedrock cross-Region inference profiles. @default BEDROCK_PROFILE_REGIONS */
  readonly bedrockProfileRegions?: Readonly<Record<string, ReadonlyArray<string>>>;
}

const VPC_ID = /^vpc-[0-9a-f]{8,17}$/;
const SUBNET_ID = /^subnet-[0-9a-f]{8,17}$/;
const ACM_ARN = /^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[A-Za-z0-9-]+$/;
const WAF_ARN = /^arn:aws[a-z-]*:wafv2:[a-z0-9-]+:\d{12}:regional\/webacl\/[\w-]+\/[\w-]+$/;
const KMS_ARN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/;
const POLICY_ARN = /^arn:aws[a-z-]*:iam::(\d{12}|aws):policy\/[\w+=,.@/-]+$/;
/** CloudWatch Logs retention values (PutRetentionPolicy API). */
const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

const subnetList = z.array(tokenOr(z.string().regex(SUBNET_ID, withFix('is not a subnet id', 'pass e.g. subnet-0123456789abcdef0'))));

const propsSchema = schemaFor<EcsFargateRuntimeProps>()(z.strictObject({
  vpcId: tokenOr(z.string().regex(VPC_ID, withFix('is not a VPC id', 'pass e.g. vpc-0123456789abcdef0'))),
  privateSubnetIds: subnetList,
  certificateArn: tokenOr(z.string().regex(ACM_ARN, withFix('is not an ACM certificate ARN', 'pass arn:aws:acm:<region>:<account>:certificate/<id>'))).optional(),
  allowPlaintextHttp: z.boolean().optional(),
  domainName: tokenOr(z.string().regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, withFix('is not a DNS name', 'pass e.g. llm.internal.example.com'))).optional(),
  hostedZoneId: tokenOr(z.string().regex(/^Z[A-Z0-9]{1,32}$/, withFix('is not a Route 53 hosted zone id', 'pass e.g. Z0123456789ABCDEFGHIJ'))).optional(),
  cpu: z.number().int().optional(),
  memoryMiB: z.number().int().optional(),
  cpuArchitecture: z.enum(FargateCpuArchitecture).optional(),
  minTasks: z.number().int().min(1, withFix('must be at least 1', 'use 2 or more for high availability')).optional(),
  maxTasks: z.number().int().min(1).max(1000).optional(),
  allowSingleTask: z.boolean().optional(),
  workersPerTask: z.number().int().min(1).max(16, withFix('is more than 16', 'use 1 worker per task and scale out with tasks (LiteLLM docs)')).optional(),
  autoscaling: z.strictObject({
    cpuTargetPercent: z.number().min(10).max(90, withFix('is above 90 %', 'leave headroom while new tasks start: use 50-70')).optional(),
    requestsPerTargetPerMinute: z.number().int().min(1).optional(),
    scaleInCooldownSeconds: z.number().int().min(0).max(3600).optional(),
    scaleOutCooldownSeconds: z.number().int().min(0).max(3600).optional(),
  }).optional(),
  loadBalancer: z.strictObject({
    internetFacing: z.boolean().optional(),
    subnetIds: subnetList.optional(),
    createWaf: z.boolean().optional(),
    wafWebAclArn: tokenOr(z.string().regex(WAF_ARN, withFix('is not a regional WAFv2 web ACL ARN', 'pass arn:aws:wafv2:<region>:<account>:regional/webacl/<name>/<id>'))).optional(),
    sslPolicy: z.string().regex(/^ELBSecurityPolicy-(TLS13-1-[23]-|FS-1-2-|TLS-1-2-)/, withFix('is not a TLS 1.2+ ELB security policy', `use ${DEFAULT_SSL_POLICY}`)).optional(),
    idleTimeoutSeconds: z.number().int().min(60, withFix('is below 60 s', 'LLM calls are long: keep it at least at the routing timeout')).max(4000).optional(),
    deletionProtection: z.boolean().optional(),
    allowVpcCidr: z.boolean().optional(),
  }).optional(),
  waf: z.strictObject({
    rateLimitPerFiveMinutes: z.number().int().min(10).max(2_000_000_000).optional(),
    logDestinationArn: z.string().min(20).optional(),
  }).optional(),
  redis: z.custom<EcsRedis>((v) => v instanceof EcsRedis, { message: withFix('is not an EcsRedis', 'use EcsRedis.elastiCache() or EcsRedis.existing({...})') }).optional(),
  database: z.custom<EcsDatabase>((v) => v instanceof EcsDatabase, { message: withFix('is not an EcsDatabase', 'use EcsDatabase.aurora() or EcsDatabase.existing({...})') }).optional(),
  logRetentionDays: z.number().int().refine((d) => LOG_RETENTION_DAYS.includes(d), { message: withFix('is not a CloudWatch Logs retention value', `use one of ${LOG_RETENTION_DAYS.join(', ')}`) }).optional(),
  permissionsBoundaryArn: tokenOr(z.string().regex(POLICY_ARN, withFix('is not an IAM policy ARN', 'pass arn:aws:iam::<account>:policy/<name>'))).optional(),
  accessLogs: z.boolean().optional(),
  accessLogRetentionDays: z.number().int().min(1).optional(),
  containerInsights: z.enum(ContainerInsights).optional(),
  readonlyRootFilesystem: z.boolean().optional(),
  secretsKmsKeyArns: z.array(tokenOr(z.string().regex(KMS_ARN, withFix('is not a KMS key ARN', 'pass arn:aws:kms:<region>:<account>:key/<id>')))).optional(),
  bedrockProfileRegions: z.record(z.string().regex(/^[a-z-]+$/), z.array(z.string().regex(/^[a-z]{2}(-gov)?-[a-z]+-\d$/)).min(1)).optional(),
}));

/** The LiteLLM database user (IAM authentication) and database. */
const DB_USER = 'litellm_app';
const DB_NAME = 'litellm';
const CONFIG_OBJECT_KEY = 'litellm/config.yaml';
/** Writable copy of LiteLLM's Prisma migrations (on the /tmp task volume). */
const MIGRATION_DIR = `${VOLUMES.TMP.path}/litellm_migrations`;
/** Fargate platform version, pinned: `LATEST` moves under a running service. */
const PLATFORM_VERSION = '1.4.0';
/** Share of the task kept for LiteLLM when sidecars reserve CPU and memory. */
const GATEWAY_MIN_CPU = 512;
const GATEWAY_MIN_MEMORY_MIB = 1024;

/**
 * LiteLLM on Amazon ECS Fargate behind an Application Load Balancer. Create it with
 * `GatewayRuntime.ecsFargate(props)`; `LlmGateway` binds it.
 *
 * Decisions (see the README's ECS section):
 * - **Database auth**: IAM database authentication (`IAM_TOKEN_DB_AUTH`), so no DB password reaches the
 *   gateway. The IAM login is created once at apply time by a Data API function (`AuroraSqlBootstrap`, with the
 *   RDS-managed master secret), outside the tasks: no task definition carries the master secret.
 * - **Migrations**: an init container (`migrations`, same image, `litellm --skip_server_startup`) runs in every
 *   task before LiteLLM starts (`dependsOn` SUCCESS); serving containers set `DISABLE_SCHEMA_UPDATE=true`.
 *   Concurrent runs are safe: `prisma migrate deploy` holds a Postgres advisory lock while it applies
 *   migrations and skips the ones already recorded in `_prisma_migrations`.
 * - **Config**: `config.yaml` is an SSE-KMS object in a private bucket read through `LITELLM_CONFIG_BUCKET_*`;
 *   its sha256 is in the task definition (`LITELLM_CONFIG_SHA256`), so a change rolls the service.
 * - **Redis**: ElastiCache with an AUTH token generated by Secrets Manager (see `ElastiCacheRedis` for
 *   where that token is stored).
 */
export class EcsFargateRuntime implements IGatewayRuntime {
  public readonly kind = 'ecs-fargate';
  public readonly providesRedis = true;
  private readonly props: EcsFargateRuntimeProps;

  constructor(props: EcsFargateRuntimeProps) {
    this.props = props;
  }

  public get minReplicas(): number {
    return this.props.minTasks ?? 2;
  }

  public get maxReplicas(): number {
    return this.props.maxTasks ?? 10;
  }

  public get workersPerReplica(): number {
    return this.props.workersPerTask ?? 1;
  }

  public get databaseMaxConnections(): number | undefined {
    const db = this.props.database instanceof EcsDatabase ? this.props.database : undefined;
    return db ? db.maxConnections : DEFAULT_AURORA_CAPACITY.estimatedMaxConnections;
  }

  public validate(): ReadonlyArray<ValidationProblem> {
    const props = this.props as unknown;
    const result = propsSchema.safeParse(props);
    if (!result.success) return issuesToProblems(result.error.issues, props);
    const p = new ProblemCollector();
    const r = result.data;
    const lb = r.loadBalancer ?? {};
    const cpu = r.cpu ?? 2048;
    const memory = r.memoryMiB ?? 4096;
    const sizes = FARGATE_TASK_SIZES[cpu];
    if (!sizes) p.add('cpu', cpu, 'is not a Fargate task CPU size', `use one of ${Object.keys(FARGATE_TASK_SIZES).join(', ')}`);
    else if (!sizes.includes(memory)) p.add('memoryMiB', memory, `is not a valid Fargate memory size for ${cpu} CPU units`, `use one of ${summarize(sizes)}`);
    // LiteLLM's own floor, checked here as well as at synth (where sidecars count): a task size below it is
    // never deployable, so it is reported with the other props instead of as a late cdktf validation error.
    if (sizes && cpu < GATEWAY_MIN_CPU) p.add('cpu', cpu, `leaves less than ${GATEWAY_MIN_CPU} CPU units for LiteLLM`, `use ${GATEWAY_MIN_CPU} or more (with a matching memoryMiB, e.g. 1024)`);
    if (sizes?.includes(memory) && memory < GATEWAY_MIN_MEMORY_MIB) p.add('memoryMiB', memory, `leaves less than ${GATEWAY_MIN_MEMORY_MIB} MiB for LiteLLM`, `use ${GATEWAY_MIN_MEMORY_MIB} or more`);
    if (!isUnresolved(r.privateSubnetIds)) {
      if (r.privateSubnetIds.length < 2) p.add('privateSubnetIds', r.privateSubnetIds, 'needs subnets in at least two AZs', 'pass two or more private subnet ids (tasks, Redis and Aurora spread over AZs)');
      if (new Set(r.privateSubnetIds).size !== r.privateSubnetIds.length) p.add('privateSubnetIds', r.privateSubnetIds, 'lists a subnet twice', 'list each subnet once');
    }
    const minTasks = r.minTasks ?? 2;
    const maxTasks = r.maxTasks ?? 10;
    if (minTasks < 2 && !r.allowSingleTask) p.add('minTasks', minTasks, 'leaves the gateway without a second task in another AZ', 'use 2 or more, or set allowSingleTask: true to accept no high availability');
    if (maxTasks < minTasks) p.add('maxTasks', maxTasks, `is below minTasks (${minTasks})`, 'raise maxTasks to at least minTasks');
    if (r.certificateArn === undefined && !r.allowPlaintextHttp) p.add('certificateArn', undefined, 'is required: the listener serves HTTPS', 'pass an ACM certificate ARN, or set allowPlaintextHttp: true for an internal test gateway');
    if (r.certificateArn !== undefined && r.allowPlaintextHttp) p.add('allowPlaintextHttp', true, 'conflicts with certificateArn', 'remove allowPlaintextHttp: with a certificate the listener serves HTTPS only');
    if (lb.internetFacing) {
      if (r.certificateArn === undefined) p.add('loadBalancer.internetFacing', true, 'requires HTTPS', 'pass certificateArn; a public gateway never serves plaintext');
      if (!lb.createWaf && lb.wafWebAclArn === undefined) p.add('loadBalancer.internetFacing', true, 'requires a WAF', 'set loadBalancer.createWaf: true or pass loadBalancer.wafWebAclArn');
      if (lb.subnetIds === undefined) p.add('loadBalancer.subnetIds', undefined, 'is required for an internet-facing load balancer', 'pass public subnet ids in at least two AZs');
    }
    if (lb.subnetIds !== undefined && !isUnresolved(lb.subnetIds) && lb.subnetIds.length < 2) p.add('loadBalancer.subnetIds', lb.subnetIds, 'needs subnets in at least two AZs', 'pass two or more subnet ids');
    if (lb.createWaf && lb.wafWebAclArn !== undefined) p.add('loadBalancer.wafWebAclArn', lb.wafWebAclArn, 'conflicts with createWaf', 'either create a web ACL or attach yours, not both');
    if (r.waf !== undefined && !lb.createWaf) p.add('waf', r.waf, 'has no effect without loadBalancer.createWaf', 'set loadBalancer.createWaf: true or remove waf');
    if (r.hostedZoneId !== undefined && r.domainName === undefined) p.add('hostedZoneId', r.hostedZoneId, 'needs domainName', 'pass the domainName the record is for');
    p.addAll(r.redis?._problems('redis') ?? []);
    p.addAll(r.database?._problems('database') ?? []);
    return [...p.problems];
  }

  public bind(context: GatewayRuntimeContext): GatewayRuntimeBinding {
    const problems = this.validate();
    if (problems.length > 0) throw new ValidationError(context.scope, problems.map((pr) => ({ ...pr, path: `runtime.${pr.path}` })));
    return new EcsFargateGateway(context.scope, 'EcsFargate', this.props, context).binding;
  }
}

function summarize(values: ReadonlyArray<number>): string {
  return values.length > 4 ? `${values[0]}-${values[values.length - 1]} in steps of ${values[1] - values[0]}` : values.join(', ');
}

interface ResolvedRedis {
  readonly host: string;
  readonly port: number;
  readonly tls: boolean;
  readonly authToken: SecretRef;
}

/** The resources of one ECS Fargate gateway. Created by `EcsFargateRuntime.bind`. */
export class EcsFargateGateway extends Construct {
  public readonly binding: GatewayRuntimeBinding;
  public readonly cluster: EcsCluster;
  public readonly service: EcsService;
  public readonly taskDefinition: EcsTaskDefinition;
  public readonly taskSecurityGroup: SecurityGroup;
  public readonly loadBalancer: GatewayLoadBalancer;
  public readonly executionRole: IamRole;
  public readonly taskRole: IamRole;
  public readonly database: AuroraPostgres | undefined;
  /** The function that creates LiteLLM's database login (with the gateway's own Aurora cluster). */
  public readonly databaseBootstrap: AuroraSqlBootstrap | undefined;
  public readonly redis: ElastiCacheRedis | undefined;
  public readonly configBucket: SecureBucket;
  public readonly webAcl: GatewayWebAcl | undefined;
  /** Secrets Manager ARN of the LiteLLM master key (admin API). */
  public readonly masterKeySecretArn: string;
  /**
   * The LiteLLM salt key. It is never rotated (a new value makes stored credentials undecryptable), so policy
   * LLM-SEC-1 reports it; accept that in your app with its reason:
   * `PolicyBundle.suppress(runtime.saltKey.secret, 'LLM-SEC-1', runtime.saltKey.neverRotatedReason!)`.
   */
  public readonly saltKey: GeneratedSecret;

  constructor(scope: Construct, id: string, props: EcsFargateRuntimeProps, ctx: GatewayRuntimeContext) {
    super(scope, id);
    // Loaded here, not at import: the provider bindings cost ~80 ms (importing the package stays cheap).
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const resources = require('./ecs/resources') as typeof import('./ecs/resources');
    const {
      AppautoscalingPolicy, AppautoscalingTarget, DataAwsVpc, EcsCluster, EcsService, EcsTaskDefinition, GatewayLoadBalancer, GatewayWebAcl,
      IamRole, IamRolePolicy, Route53Record, S3Object, SecurityGroup, VpcSecurityGroupEgressRule, VpcSecurityGroupIngressRule, Wafv2WebAclAssociation,
    } = resources;
    OwnershipTagging.apply(this, ctx.tags);
    const env = AwsEnvironment.of(this);
    const base = ctx.baseName;
    const port = ctx.containerPort;
    const lbProps = props.loadBalancer ?? {};
    const redisChoice = props.redis ?? EcsRedis.elastiCache();
    const dbChoice = props.database ?? EcsDatabase.aurora();
    const logRetentionDays = props.logRetentionDays ?? 365;
    const readonlyRoot = props.readonlyRootFilesystem ?? true;
    const cpu = props.cpu ?? 2048;
    const memory = props.memoryMiB ?? 4096;
    const minTasks = props.minTasks ?? 2;
    const maxTasks = props.maxTasks ?? 10;

    // ---- Keys, logs, generated secrets ------------------------------------------------------------
    const key = new PlatformKey(this, 'Key', {
      description: `LiteLLM gateway ${base}: secrets, database, cache and config`,
      nameParts: [base, 'data'],
    });
    const logsKey = new PlatformKey(this, 'LogsKey', {
      description: `LiteLLM gateway ${base}: logs`,
      nameParts: [base, 'logs'],
      servicePrincipals: ['logs'],
    });
    const logs = new EncryptedLogGroup(this, 'Logs', { nameParts: [base, 'ecs'], kmsKeyArn: logsKey.keyArn, retentionInDays: logRetentionDays });
    const masterKey = new GeneratedSecret(this, 'MasterKey', {
      nameParts: [base, 'litellm-master-key'],
      description: `LiteLLM master key of ${base} (admin API; issue virtual keys for callers)`,
      kmsKeyArn: key.keyArn,
      prefix: 'sk-',
    });
    this.masterKeySecretArn = masterKey.secretArn;
    const saltKey = (this.saltKey = new GeneratedSecret(this, 'SaltKey', {
      nameParts: [base, 'litellm-salt-key'],
      description: `LiteLLM salt key of ${base}: encrypts credentials stored in the database. Never change it.`,
      kmsKeyArn: key.keyArn,
      // Fixed forever (litellm.md §1.4): a new value makes every stored credential undecryptable.
      version: 1,
      neverRotatedReason: 'LiteLLM salt key: encrypts the provider credentials stored in the database; a new value makes them undecryptable, so it is never rotated (litellm.md §1.4).',
    }));

    // ---- Network ---------------------------------------------------------------------------------
    const vpc = new DataAwsVpc(this, 'Vpc', { id: props.vpcId });
    this.taskSecurityGroup = new SecurityGroup(this, 'TaskSecurityGroup', {
      name: makeName(NameTarget.SECURITY_GROUP, base, 'tasks'),
      description: `LiteLLM tasks of ${base}: ${port} from the load balancer only`,
      vpcId: props.vpcId,
    });
    const taskSg = this.taskSecurityGroup.id;
    const egress = (rid: string, spec: { port: number; cidr?: string; sg?: string; description: string }): void => {
      new VpcSecurityGroupEgressRule(this, rid, {
        securityGroupId: taskSg,
        ipProtocol: 'tcp',
        fromPort: spec.port,
        toPort: spec.port,
        cidrIpv4: spec.cidr,
        referencedSecurityGroupId: spec.sg,
        description: spec.description,
      });
    };
    // Model providers, ECR/ghcr.io, Secrets Manager, S3, CloudWatch Logs, STS and Bedrock are HTTPS
    // endpoints (through NAT or VPC endpoints). DNS to the VPC resolver is not subject to security groups.
    egress('EgressHttps', { port: 443, cidr: '0.0.0.0/0', description: 'HTTPS to AWS APIs and model providers' });

    const internetFacing = lbProps.internetFacing ?? false;
    this.loadBalancer = new GatewayLoadBalancer(this, 'LoadBalancer', {
      vpcId: props.vpcId,
      subnetIds: lbProps.subnetIds ?? props.privateSubnetIds,
      nameParts: [base],
      internetFacing,
      certificateArn: props.certificateArn,
      sslPolicy: lbProps.sslPolicy ?? DEFAULT_SSL_POLICY,
      containerPort: port,
      idleTimeoutSeconds: lbProps.idleTimeoutSeconds ?? 600,
      deletionProtection: lbProps.deletionProtection ?? true,
      accessLogs: props.accessLogs ?? true,
      accessLogRetentionDays: props.accessLogRetentionDays ?? 365,
      refuseRedactionOverride: !ctx.allowMessageLogging,
    });
    this.loadBalancer.allowToTasks(taskSg, port);
    new VpcSecurityGroupIngressRule(this, 'IngressFromLoadBalancer', {
      securityGroupId: taskSg,
      referencedSecurityGroupId: this.loadBalancer.securityGroup.id,
      ipProtocol: 'tcp',
      fromPort: port,
      toPort: port,
      description: 'LiteLLM from the load balancer',
    });
    if (lbProps.allowVpcCidr ?? false) this.loadBalancer.allowCidr(vpc.cidrBlock, 'Callers in the VPC (inference routes)');
    // Explicit public opt-in, validated to come with HTTPS and a WAF.
    if (internetFacing) this.loadBalancer.allowCidr('0.0.0.0/0', 'Internet (public gateway behind WAF)');

    if (lbProps.createWaf) {
      this.webAcl = new GatewayWebAcl(this, 'WebAcl', {
        nameParts: [base],
        rateLimitPerFiveMinutes: props.waf?.rateLimitPerFiveMinutes ?? 3000,
        logDestinationArn: props.waf?.logDestinationArn,
      });
    }
    const webAclArn = this.webAcl?.arn ?? lbProps.wafWebAclArn;
    if (webAclArn !== undefined) {
      new Wafv2WebAclAssociation(this, 'WebAclAssociation', { resourceArn: this.loadBalancer.loadBalancer.arn, webAclArn });
    }

    // ---- Redis -----------------------------------------------------------------------------------
    let redis: ResolvedRedis;
    const readyBeforeTasks: ITerraformDependable[] = [];
    if (redisChoice._existing) {
      const e = redisChoice._existing;
      redis = { host: e.host, port: e.port ?? 6379, tls: e.tls ?? true, authToken: e.authToken };
      egress('EgressRedis', { port: redis.port, sg: e.securityGroupId, cidr: e.securityGroupId ? undefined : vpc.cidrBlock, description: 'Redis' });
    } else {
      const o = redisChoice._create ?? {};
      this.redis = new ElastiCacheRedis(this, 'Redis', {
        vpcId: props.vpcId,
        subnetIds: props.privateSubnetIds,
        nameParts: [base],
        kmsKeyArn: key.keyArn,
        logsKmsKeyArn: logsKey.keyArn,
        nodeType: o.nodeType,
        engineVersion: o.engineVersion,
        nodes: o.nodes,
        authTokenVersion: o.authTokenVersion,
        logRetentionDays,
      });
      this.redis.allowFrom('AllowTasks', taskSg, 'LiteLLM tasks');
      redis = { host: this.redis.primaryEndpoint, port: this.redis.port, tls: true, authToken: this.redis.authToken };
      egress('EgressRedis', { port: redis.port, sg: this.redis.securityGroup.id, description: 'Redis (ElastiCache)' });
      readyBeforeTasks.push(this.redis.replicationGroup);
    }

    // ---- Database --------------------------------------------------------------------------------
    const dbEnvironment: Record<string, string> = {};
    const dbSecrets: Record<string, string> = {};
    const init: InitContainerSpec[] = [];
    let dbConnectArn: string | undefined;
    if (dbChoice._existing) {
      const e = dbChoice._existing;
      dbSecrets.DATABASE_URL = e.url.toEcsValueFrom();
      egress('EgressDatabase', { port: e.port ?? 5432, sg: e.securityGroupId, cidr: e.securityGroupId ? undefined : vpc.cidrBlock, description: 'PostgreSQL' });
    } else {
      const o = dbChoice._aurora ?? {};
      this.database = new AuroraPostgres(this, 'Database', {
        vpcId: props.vpcId,
        subnetIds: props.privateSubnetIds,
        nameParts: [base],
        kmsKeyArn: key.keyArn,
        databaseName: DB_NAME,
        engineVersion: o.engineVersion,
        capacity: o.capacity ?? DEFAULT_AURORA_CAPACITY,
        backupRetentionDays: o.backupRetentionDays,
        deletionProtection: o.deletionProtection,
        // The login is created through the Data API (below), not from inside the VPC.
        enableDataApi: true,
      });
      this.database.allowFrom('AllowTasks', taskSg, 'LiteLLM tasks');
      egress('EgressDatabase', { port: this.database.port, sg: this.database.securityGroup.id, description: 'PostgreSQL (Aurora)' });
      Object.assign(dbEnvironment, {
        IAM_TOKEN_DB_AUTH: 'True',
        DATABASE_HOST: this.database.endpoint,
        DATABASE_PORT: String(this.database.port),
        DATABASE_USER: DB_USER,
        DATABASE_NAME: DB_NAME,
      });
      dbConnectArn = this.database.iamConnectArn(DB_USER);
      // Once, out of the serving path: the master secret is read by this function only, never by a task.
      this.databaseBootstrap = new AuroraSqlBootstrap(this, 'DatabaseBootstrap', {
        database: this.database,
        kmsKeyArn: key.keyArn,
        logsKmsKeyArn: logsKey.keyArn,
        nameParts: [base, 'db-bootstrap'],
        description: `Creates the IAM-authenticated LiteLLM login of ${base} in its Aurora cluster (RDS Data API)`,
        logRetentionDays,
      });
      const payload = { statements: databaseBootstrapStatements(DB_USER, DB_NAME) };
      readyBeforeTasks.push(this.databaseBootstrap.run('LiteLlmLogin', () => payload), ...this.database.instances);
    }
    init.push({
      name: CONTAINER.MIGRATIONS,
      image: ctx.image,
      // `litellm --skip_server_startup` applies Prisma migrations (`prisma migrate deploy`) and exits.
      command: ['--skip_server_startup'],
      environment: {
        ...dbEnvironment,
        AWS_REGION: env.region,
        DISABLE_SCHEMA_UPDATE: 'false',
        LITELLM_LOG: 'ERROR',
        // Read-only root filesystem: LiteLLM copies its Prisma migrations here before applying them (litellm.md §2).
        LITELLM_MIGRATION_DIR: MIGRATION_DIR,
        LITELLM_MODE: 'PRODUCTION',
      },
      secrets: dbSecrets,
      // Prisma writes into site-packages while it migrates (MIGRATION_WRITABLE_ROOT_REASON); this container is
      // one-shot and not essential, and the serving container stays read-only.
      readonlyRootFilesystem: false,
      after: init.map((c) => c.name),
    });

    // ---- Config delivery -------------------------------------------------------------------------
    this.configBucket = new SecureBucket(this, 'ConfigBucket', {
      nameParts: [base, 'config'],
      encryption: BucketEncryption.kms(key.keyArn),
    });
    const configObject = new S3Object(this, 'Config', {
      bucket: this.configBucket.bucket.id,
      key: CONFIG_OBJECT_KEY,
      // Literal text: TerraformLiterals (src/core) escapes Terraform template sequences at synth.
      content: Lazy.stringValue({ produce: () => ctx.renderConfig() }),
      contentType: 'application/yaml',
      serverSideEncryption: 'aws:kms',
      kmsKeyId: key.keyArn,
    });
    const configObjectArn = `${this.configBucket.bucketArn}/${CONFIG_OBJECT_KEY}`;

    // ---- Environment and secrets of LiteLLM ------------------------------------------------------
    const runtimeEnvironment = (): Record<string, string> => ({
      ...dbEnvironment,
      AWS_REGION: env.region,
      LITELLM_CONFIG_BUCKET_NAME: this.configBucket.bucketName,
      LITELLM_CONFIG_BUCKET_OBJECT_KEY: CONFIG_OBJECT_KEY,
      // A new hash is a new task definition revision: config changes roll the service.
      LITELLM_CONFIG_SHA256: ctx.configHash(),
      REDIS_HOST: redis.host,
      REDIS_PORT: String(redis.port),
      REDIS_SSL: redis.tls ? 'True' : 'False',
    });
    const runtimeSecrets = (): Record<string, SecretRef> => ({
      LITELLM_MASTER_KEY: masterKey.ref,
      LITELLM_SALT_KEY: saltKey.ref,
      REDIS_PASSWORD: redis.authToken,
    });
    const gatewayEnvironment = (): Record<string, string> => ({ ...ctx.environment(), ...runtimeEnvironment() });
    const gatewaySecrets = (): Record<string, string> => {
      const out: Record<string, string> = { ...dbSecrets };
      for (const [name, ref] of Object.entries({ ...ctx.secretEnvironment(), ...runtimeSecrets() })) {
        // Other stores are reported by the validation below; ECS can only inject Secrets Manager secrets.
        if (ref.store === SecretStore.AWS_SECRETS_MANAGER) out[name] = ref.toEcsValueFrom();
      }
      return out;
    };
    const sidecarSecret = (sidecar: string, name: string): string => {
      const ref = ctx.sidecars().find((s) => s.name === sidecar)!.secrets![name];
      return ref.store === SecretStore.AWS_SECRETS_MANAGER ? ref.toEcsValueFrom() : '';
    };

    // ---- IAM -------------------------------------------------------------------------------------
    const assumeRole = jsonText({
      Version: '2012-10-17',
      Statement: [{
        Effect: 'Allow',
        Principal: { Service: 'ecs-tasks.amazonaws.com' },
        Action: 'sts:AssumeRole',
        // Confused-deputy protection: only ECS on behalf of this account.
        Condition: {
          StringEquals: { 'aws:SourceAccount': env.account },
          ArnLike: { 'aws:SourceArn': `arn:${env.partition}:ecs:${env.region}:${env.account}:*` },
        },
      }],
    });
    this.executionRole = new IamRole(this, 'ExecutionRole', {
      name: makeName(NameTarget.IAM_ROLE, base, 'ecs-execution'),
      description: `ECS agent of ${base}: pulls images, ships logs, injects secrets`,
      assumeRolePolicy: assumeRole,
      permissionsBoundary: props.permissionsBoundaryArn,
    });
    this.taskRole = new IamRole(this, 'TaskRole', {
      name: makeName(NameTarget.IAM_ROLE, base, 'ecs-task'),
      description: `LiteLLM of ${base}: reads its config, invokes its models, connects to its database`,
      assumeRolePolicy: assumeRole,
      permissionsBoundary: props.permissionsBoundaryArn,
    });

    const allSecretArns = (): string[] => {
      const refs: SecretRef[] = [
        ...Object.values(ctx.secretEnvironment()),
        ...Object.values(runtimeSecrets()),
        ...(dbChoice._existing ? [dbChoice._existing.url] : []),
        ...ctx.sidecars().flatMap((s) => Object.values(s.secrets ?? {})),
      ];
      const arns = new Set(refs.filter((r) => r.store === SecretStore.AWS_SECRETS_MANAGER).map((r) => r.awsIamResourceArn));
      return stableOrder(arns);
    };
    const images = (): string[] => stableOrder(new Set([ctx.image, ...init.map((c) => c.image), ...ctx.sidecars().map((s) => s.image)]));
    const executionPolicy = new IamRolePolicy(this, 'ExecutionPolicy', {
      name: 'ecs-execution',
      role: this.executionRole.id,
      policy: Lazy.stringValue({
        produce: () => jsonText(policyDocument([
          {
            Sid: 'Logs',
            Effect: 'Allow',
            Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
            Resource: `${logs.arn}:log-stream:*`,
          },
          {
            Sid: 'InjectSecrets',
            Effect: 'Allow',
            Action: 'secretsmanager:GetSecretValue',
            Resource: allSecretArns(),
          },
          {
            Sid: 'DecryptSecrets',
            Effect: 'Allow',
            Action: 'kms:Decrypt',
            Resource: [key.keyArn, ...(props.secretsKmsKeyArns ?? [])],
            Condition: { StringEquals: { 'kms:ViaService': `secretsmanager.${env.region}.${env.dnsSuffix}` } },
          },
          ...ecrStatements(images(), env.partition),
        ])),
      }),
    });

    const bedrockArns = (): string[] => bedrockResourceArns(ctx.cloudAccess().bedrock, {
      partition: env.partition,
      account: env.account,
      profileRegions: props.bedrockProfileRegions ?? BEDROCK_PROFILE_REGIONS,
    });
    const taskPolicy = new IamRolePolicy(this, 'TaskPolicy', {
      name: 'litellm',
      role: this.taskRole.id,
      policy: Lazy.stringValue({
        produce: () => {
          const bedrock = bedrockArns();
          // Bedrock guardrails (the gateway's and the policy bundle's): ApplyGuardrail on exactly those ARNs.
          const guardrailArns = (ctx.cloudAccess().bedrockGuardrails ?? []).map((g) => (g.guardrailIdentifier.startsWith('arn:')
            ? g.guardrailIdentifier
            : `arn:${env.partition}:bedrock:${g.region ?? env.region}:${env.account}:guardrail/${g.guardrailIdentifier}`));
          const guardrails = stableOrder(guardrailArns);
          return jsonText(policyDocument([
            { Sid: 'ReadConfig', Effect: 'Allow', Action: 's3:GetObject', Resource: configObjectArn },
            {
              Sid: 'DecryptConfig',
              Effect: 'Allow',
              Action: 'kms:Decrypt',
              Resource: key.keyArn,
              Condition: { StringEquals: { 'kms:ViaService': `s3.${env.region}.${env.dnsSuffix}` } },
            },
            ...(bedrock.length > 0 ? [{
              Sid: 'InvokeConfiguredBedrockModels',
              Effect: 'Allow',
              Action: ['bedrock:InvokeModel', 'bedrock:InvokeModelWithResponseStream'],
              Resource: bedrock,
            }] : []),
            ...(guardrails.length > 0 ? [{ Sid: 'ApplyConfiguredBedrockGuardrails', Effect: 'Allow', Action: 'bedrock:ApplyGuardrail', Resource: guardrails }] : []),
            ...(dbConnectArn ? [{ Sid: 'DatabaseIamAuth', Effect: 'Allow', Action: 'rds-db:connect', Resource: dbConnectArn }] : []),
          ]));
        },
      }),
    });

    // ---- Task definition, cluster, service -------------------------------------------------------
    this.taskDefinition = new EcsTaskDefinition(this, 'TaskDefinition', {
      family: makeName(NameTarget.ECS, base, 'litellm'),
      requiresCompatibilities: ['FARGATE'],
      networkMode: 'awsvpc',
      cpu: String(cpu),
      memory: String(memory),
      runtimePlatform: { operatingSystemFamily: 'LINUX', cpuArchitecture: props.cpuArchitecture ?? FargateCpuArchitecture.X86_64 },
      executionRoleArn: this.executionRole.arn,
      taskRoleArn: this.taskRole.arn,
      volume: [{ name: VOLUMES.PROMETHEUS.name }, { name: VOLUMES.TMP.name }],
      // JSON text, not jsonencode(): values may hold quotes (commands, user environment), which cdktf's
      // HCL rendering of function arguments does not escape.
      containerDefinitions: Lazy.stringValue({
        produce: () => jsonText(gatewayContainerDefinitions({
          image: ctx.image,
          port,
          command: litellmArgsForBucketConfig(port, this.configBucket.bucketName, CONFIG_OBJECT_KEY),
          environment: gatewayEnvironment(),
          secrets: gatewaySecrets(),
          log: { group: logs.name, region: env.region },
          readonlyRootFilesystem: readonlyRoot,
          init,
          sidecars: ctx.sidecars(),
          sidecarSecret,
        })),
      }),
    });

    this.cluster = new EcsCluster(this, 'Cluster', {
      name: makeName(NameTarget.ECS, base),
      setting: [{ name: 'containerInsights', value: props.containerInsights ?? ContainerInsights.ENABLED }],
    });

    this.service = new EcsService(this, 'Service', {
      name: makeName(NameTarget.ECS, base, 'litellm'),
      cluster: this.cluster.id,
      taskDefinition: this.taskDefinition.arn,
      desiredCount: minTasks,
      launchType: 'FARGATE',
      platformVersion: PLATFORM_VERSION,
      networkConfiguration: { subnets: [...props.privateSubnetIds], securityGroups: [taskSg], assignPublicIp: false },
      loadBalancer: [{ targetGroupArn: this.loadBalancer.targetGroup.arn, containerName: CONTAINER.GATEWAY, containerPort: port }],
      deploymentCircuitBreaker: { enable: true, rollback: true },
      // Never below the current capacity during a deployment; new tasks start before old ones stop.
      deploymentMinimumHealthyPercent: 100,
      deploymentMaximumPercent: 200,
      // Init containers (DB bootstrap, migrations) run before LiteLLM is even started.
      healthCheckGracePeriodSeconds: 300,
      availabilityZoneRebalancing: 'ENABLED',
      enableExecuteCommand: false,
      enableEcsManagedTags: true,
      propagateTags: 'SERVICE',
      // The autoscaler owns the running count after creation.
      lifecycle: { ignoreChanges: ['desired_count'] },
      // The target group must be attached to a listener, IAM must allow secret reads, and the stores
      // must be available before the first task starts (or the first deployment trips the breaker).
      dependsOn: [this.loadBalancer.listener, executionPolicy, taskPolicy, configObject, ...readyBeforeTasks],
    });

    const target = new AppautoscalingTarget(this, 'ScalingTarget', {
      serviceNamespace: 'ecs',
      scalableDimension: 'ecs:service:DesiredCount',
      resourceId: `service/${this.cluster.name}/${this.service.name}`,
      minCapacity: minTasks,
      maxCapacity: maxTasks,
    });
    const scaling = props.autoscaling ?? {};
    const tracking = (rid: string, metric: string, targetValue: number, resourceLabel?: string): void => {
      new AppautoscalingPolicy(this, rid, {
        name: makeName(NameTarget.ECS, base, rid),
        policyType: 'TargetTrackingScaling',
        serviceNamespace: target.serviceNamespace,
        scalableDimension: target.scalableDimension,
        resourceId: target.resourceId,
        targetTrackingScalingPolicyConfiguration: {
          targetValue,
          predefinedMetricSpecification: { predefinedMetricType: metric, resourceLabel },
          scaleInCooldown: scaling.scaleInCooldownSeconds ?? 300,
          scaleOutCooldown: scaling.scaleOutCooldownSeconds ?? 60,
        },
      });
    };
    tracking('ScaleOnCpu', 'ECSServiceAverageCPUUtilization', scaling.cpuTargetPercent ?? 60);
    tracking('ScaleOnRequests', 'ALBRequestCountPerTarget', scaling.requestsPerTargetPerMinute ?? 500,
      `${this.loadBalancer.loadBalancer.arnSuffix}/${this.loadBalancer.targetGroup.arnSuffix}`);

    if (props.hostedZoneId !== undefined && props.domainName !== undefined) {
      new Route53Record(this, 'DnsRecord', {
        zoneId: props.hostedZoneId,
        name: props.domainName,
        type: 'A',
        alias: { name: this.loadBalancer.loadBalancer.dnsName, zoneId: this.loadBalancer.loadBalancer.zoneId, evaluateTargetHealth: true },
      });
    }

    // ---- Checks that need the final tree (sidecars are added after construction) -----------------
    this.node.addValidation({
      validate: () => {
        const p = new ProblemCollector();
        const sidecars = ctx.sidecars();
        const sidecarCpu = sidecars.reduce((sum, s) => sum + (s.cpu ?? 256), 0);
        const sidecarMemory = sidecars.reduce((sum, s) => sum + (s.memoryMiB ?? 512), 0);
        if (cpu - sidecarCpu < GATEWAY_MIN_CPU) p.add('runtime.cpu', cpu, `leaves less than ${GATEWAY_MIN_CPU} CPU units for LiteLLM after sidecars (${sidecarCpu})`, 'raise cpu (and memoryMiB) or give sidecars less');
        if (memory - sidecarMemory < GATEWAY_MIN_MEMORY_MIB) p.add('runtime.memoryMiB', memory, `leaves less than ${GATEWAY_MIN_MEMORY_MIB} MiB for LiteLLM after sidecars (${sidecarMemory})`, 'raise memoryMiB or give sidecars less');
        const reserved: string[] = Object.values(CONTAINER);
        for (const s of sidecars) {
          if (reserved.includes(s.name)) p.add(`sidecars.${s.name}`, s.name, 'is a container name the ECS runtime uses', 'rename the sidecar');
          for (const name of Object.keys(s.secrets ?? {})) {
            if (s.secrets![name].store !== SecretStore.AWS_SECRETS_MANAGER) p.add(`sidecars.${s.name}.secrets.${name}`, String(s.secrets![name]), 'is not a Secrets Manager secret', 'ECS injects secrets from Secrets Manager: pass SecretRef.awsSecretsManager(arn)');
          }
        }
        const owned = new Set([...Object.keys(runtimeEnvironment()), ...Object.keys(runtimeSecrets()), ...Object.keys(dbSecrets)]);
        for (const name of [...Object.keys(ctx.environment()), ...Object.keys(ctx.secretEnvironment())]) {
          if (owned.has(name)) p.add(`environment.${name}`, name, 'is set by the ECS runtime', 'remove it; the runtime supplies this value');
        }
        for (const [name, ref] of Object.entries(ctx.secretEnvironment())) {
          if (ref.store !== SecretStore.AWS_SECRETS_MANAGER) p.add(`secretEnvironment.${name}`, String(ref), 'is not a Secrets Manager secret', 'ECS injects secrets from Secrets Manager: pass SecretRef.awsSecretsManager(arn)');
        }
        return p.problems.map((pr) => `${pr.path}: ${pr.message} (received ${pr.received}). Fix: ${pr.fix}`);
      },
    });

    const scheme = props.certificateArn !== undefined ? 'https' : 'http';
    const lb = this.loadBalancer;
    const root = this;
    const host = props.domainName ?? lb.loadBalancer.dnsName;
    const endpoint = `${scheme}://${host}`;
    const adminEndpoint = `${scheme}://${host}:${lb.adminListenerPort}`;
    const admitAdmin = (peer: GatewayPeer): void => {
      switch (peer.kind) {
        case GatewayPeerKind.AWS_SECURITY_GROUP:
          lb.allowAdminSecurityGroup(peer.value, 'Operations peer (security group): admin API');
          return;
        case GatewayPeerKind.CIDR:
          lb.allowAdminCidr(peer.value, 'Operations peer (CIDR): admin API');
          return;
        default:
          new ProblemCollector()
            .add('allowAdminFrom(peer)', peer.toString(), `is a ${peer.kind} peer, which an ECS gateway cannot admit`, 'pass GatewayPeer.securityGroup(sgId) or GatewayPeer.cidr(range)')
            .throwIfAny(root);
      }
    };
    const ownRedis = this.redis;
    const service = this.service;
    const cluster = this.cluster;
    this.binding = {
      endpoint,
      adminEndpoint,
      allowAdminFrom: admitAdmin,
      // Management jobs (tenancy reconciler, rotation) call the admin API through the admin listener.
      management: {
        adminUrl: adminEndpoint,
        masterKey: masterKey.ref,
        saltKey: saltKey.ref,
        aws: {
          vpcId: props.vpcId,
          subnetIds: [...props.privateSubnetIds],
          secretsKmsKeyArn: key.keyArn,
          clusterName: cluster.name,
          clusterArn: cluster.arn,
          serviceName: service.name,
          serviceArn: service.id,
          ...(ownRedis ? {
            redis: {
              replicationGroupId: ownRedis.replicationGroup.id,
              replicationGroupArn: ownRedis.replicationGroup.arn,
              primaryEndpoint: ownRedis.primaryEndpoint,
              port: ownRedis.port,
              securityGroupId: ownRedis.securityGroup.id,
              authTokenSecretArn: ownRedis.authTokenSecretArn,
              markExternallyRotated: () => ownRedis.markExternallyRotated(),
            },
          } : {}),
          allowAdminFrom: (securityGroupId: string, description: string) => lb.allowAdminSecurityGroup(securityGroupId, description),
        },
      },
      allowFrom(peer: GatewayPeer): void {
        switch (peer.kind) {
          case GatewayPeerKind.AWS_SECURITY_GROUP:
            lb.allowSecurityGroup(peer.value, 'Granted caller (security group)');
            return;
          case GatewayPeerKind.CIDR:
            lb.allowCidr(peer.value, 'Granted caller (CIDR)');
            return;
          default:
            new ProblemCollector()
              .add('allowFrom(peer)', peer.toString(), `is a ${peer.kind} peer, which an ECS gateway cannot admit`, 'pass GatewayPeer.securityGroup(sgId) or GatewayPeer.cidr(range)')
              .throwIfAny(root);
        }
      },
    };
  }
}

/**
 * Literal values sorted, then unresolved tokens in insertion order. Token strings (`${TfToken[TOKEN.n]}`) carry a
 * counter that depends on how many tokens exist at synthesis (e.g. constructs of other stacks in the app), so
 * sorting them would make this stack's JSON change when an unrelated stack is added.
 */
function stableOrder(values: Iterable<string>): string[] {
  const all = [...new Set(values)];
  return [...all.filter((v) => !isUnresolved(v)).sort(), ...all.filter((v) => isUnresolved(v))];
}

function policyDocument(statements: ReadonlyArray<Record<string, unknown>>): Record<string, unknown> {
  return { Version: '2012-10-17', Statement: statements };
}

const ECR_IMAGE = /^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?\/([^:@]+)/;

/** ECR pull permissions for images in private ECR repositories; nothing for public registries. */
function ecrStatements(images: ReadonlyArray<string>, partition: string): Array<Record<string, unknown>> {
  const repos = [...new Set(images.flatMap((image) => {
    const m = ECR_IMAGE.exec(image);
    return m ? [`arn:${partition}:ecr:${m[2]}:${m[1]}:repository/${m[3]}`] : [];
  }))].sort();
  if (repos.length === 0) return [];
  return [
    // GetAuthorizationToken has no resource-level permissions: AWS requires "*" (ECR IAM reference).
    { Sid: 'EcrLogin', Effect: 'Allow', Action: 'ecr:GetAuthorizationToken', Resource: '*' },
    { Sid: 'EcrPull', Effect: 'Allow', Action: ['ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'], Resource: repos },
  ];
}

/**
 * JSON text for a Terraform string argument. Rendered at synth time (not `jsonencode()`), so policy rules can
 * read the document and values with quotes survive; cdktf tokens inside become Terraform interpolations.
 */
function jsonText(value: unknown): string {
  return JSON.stringify(value);
}
