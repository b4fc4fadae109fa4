/**
 * `GatewayRuntime.ecsFargate()` props: their types, defaults, schema and the checks that read only the props
 * (everything that needs the gateway runs when it binds). Pure: no cdktf.
 */
import { z } from 'zod';
import { DEFAULT_SSL_POLICY, EcsDatabase, EcsRedis, FARGATE_TASK_SIZES } from './options';
import { ProblemCollector, type ValidationProblem } from '../../../core';
import { isUnresolved } from '../../../core/tokens';
import { issuesToProblems, schemaFor, tokenOr, withFix } from '../../../core/validation';

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

/** Defaults of the props (and of a sidecar's share of the task) that more than one part of the runtime reads. */
export const ECS_DEFAULTS = {
  cpu: 2048,
  memoryMiB: 4096,
  minTasks: 2,
  maxTasks: 10,
  sidecarCpu: 256,
  sidecarMemoryMiB: 512,
} as const;

/** Share of the task kept for LiteLLM when sidecars reserve CPU and memory. */
export const GATEWAY_MIN_CPU = 512;
export const GATEWAY_MIN_MEMORY_MIB = 1024;

/** Every problem of the props alone, before anything is created. */
export function validateEcsFargateProps(props: unknown): ReadonlyArray<ValidationProblem> {
  const result = propsSchema.safeParse(props);
  if (!result.success) return issuesToProblems(result.error.issues, props);
  const p = new ProblemCollector();
  const r = result.data;
  const lb = r.loadBalancer ?? {};
  const cpu = r.cpu ?? ECS_DEFAULTS.cpu;
  const memory = r.memoryMiB ?? ECS_DEFAULTS.memoryMiB;
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
  const minTasks = r.minTasks ?? ECS_DEFAULTS.minTasks;
  const maxTasks = r.maxTasks ?? ECS_DEFAULTS.maxTasks;
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

function summarize(values: ReadonlyArray<number>): string {
  return values.length > 4 ? `${values[0]}-${values[values.length - 1]} in steps of ${values[1] - values[0]}` : values.join(', ');
}
