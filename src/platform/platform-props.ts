import { z } from 'zod';
import type { PlatformStackRole } from './clouds/contract';
import { PlatformCloud } from './platform-cloud';
import type { TerraformStack } from '../core/cdktf';
import { schemaFor, withFix } from '../core/validation';
import { Guardrail } from '../gateway/guardrail';
import { FallbackKind, RoutingStrategy, type GatewayRoutingOptions, type ModelFallback } from '../gateway/llm-gateway';
import { ModelDeployment } from '../gateway/model-deployment';
import { AlertChannel, type ObservabilityAlerting } from '../observability/alert-channel';
import { runbookUrlSchema, sloSchema } from '../observability/slo/inputs';
import type { SloObjectives } from '../observability/slo/types';
import type { TeamCloudBudget } from '../tenancy/cloud-budget';
import { TeamIdentity } from '../tenancy/team-identity';
import { TenantRemovalPolicy } from '../tenancy/tenant-quota';
import { VectorRemovalPolicy } from '../vector-store/model';

/** Who owns the platform stack's resources (tags on AWS, labels on GCP and Kubernetes). */
export interface PlatformOwnership {
  /** Owning team of the platform stack. @default 'platform' */
  readonly team?: string;
  /** Cost center, on the platform stack and (unless a team names its own) on every team stack. @default - none */
  readonly costCenter?: string;
  /** More tags/labels on every stack. @default {} */
  readonly extra?: Readonly<Record<string, string>>;
}

/** The platform's vector store, when it is not just on or off. */
export interface PlatformVectorStoreOptions {
  /** What the bootstrap does with removed collections and teams. @default VectorRemovalPolicy.RETAIN */
  readonly removalPolicy?: VectorRemovalPolicy;
}

/** Which stack a `configureStack` hook is called for. */
export interface PlatformStackInfo {
  readonly role: PlatformStackRole;
  /** The team, for a team stack. */
  readonly team?: string;
}

/** Props of `LlmPlatform`. */
export interface LlmPlatformProps {
  /** The cloud: `PlatformCloud.aws({...})`, `.gcp({...})` or `.kubernetes({...})`. */
  readonly cloud: PlatformCloud;
  /** Model deployments behind their aliases (more with `platform.gateway.addModel`). */
  readonly models: ReadonlyArray<ModelDeployment>;
  /** Fallback rules between aliases. @default [] */
  readonly fallbacks?: ReadonlyArray<ModelFallback>;
  /** Aliases tried for any alias without fallbacks of its own. @default [] */
  readonly defaultFallbacks?: ReadonlyArray<string>;
  /**
   * The reviewed provider models (`provider/modelId`, e.g. `bedrock/amazon.nova-lite-v1:0`): LLM-GOV-1 fails synthesis
   * of any stack of the platform that deploys another. Required in production.
   * @default - no model allow-list (outside production only)
   */
  readonly modelAllowList?: ReadonlyArray<string>;
  /** The platform's objectives (teams and features may set their own). @default DEFAULT_SLO (99.9 %, p95 1200 ms) */
  readonly slo?: SloObjectives;
  /**
   * Environment name: tags, which policy rules and readiness items are required (`prod`/`production`: all of them,
   * and the packs are strict).
   * @default 'production'
   */
  readonly environment?: string;
  /** Readable name of the platform: the gateway's name and the base of every resource name. @default - the stack id */
  readonly name?: string;
  /** Ownership tags/labels. @default { team: 'platform' } */
  readonly ownership?: PlatformOwnership;
  /** Where pages and tickets go. @default - alerts are evaluated and visible, nobody is notified */
  readonly alerting?: ObservabilityAlerting;
  /** The platform's runbook, linked from every alert and dashboard (teams and features may link their own). @default - none */
  readonly runbookUrl?: string;
  /** A vector store (backend from the cloud) for the teams' collections. @default true */
  readonly vectorStore?: boolean | PlatformVectorStoreOptions;
  /** More guardrails on the gateway (the policy bundle adds PII masking and prompt-injection detection). @default [] */
  readonly guardrails?: ReadonlyArray<Guardrail>;
  /** Router behaviour (retries, timeouts, cooldowns). @default - the gateway's defaults */
  readonly routing?: GatewayRoutingOptions;
  /** Let logging callbacks see prompts and responses. @default false */
  readonly allowMessageLogging?: boolean;
  /** The LiteLLM image, pinned. @default DEFAULT_LITELLM_IMAGE */
  readonly image?: string;
  /**
   * Called for the platform stack and every team stack right after it is created, e.g. to give each its own state
   * backend: `(stack, { role, team }) => new S3Backend(stack, { bucket, key: \`llm/${team ?? 'platform'}.tfstate\` })`.
   * @default - none
   */
  readonly configureStack?: (stack: TerraformStack, info: PlatformStackInfo) => void;
}

/** Props of `LlmPlatform.teamStack`. */
export interface TeamStackProps {
  /** The team's monthly LLM budget in USD (LiteLLM `max_budget`, reset monthly); features share it. */
  readonly monthlyBudgetUsd: number;
  /** Tokens per minute of the whole team; features share it. */
  readonly tokensPerMinute: number;
  /** Requests per minute of the whole team; features share it. */
  readonly requestsPerMinute: number;
  /** Owning squad (team metadata, tags, readiness report). */
  readonly owner: string;
  /** Who is paged for the team (features may name their own). @default - none */
  readonly oncall?: string;
  /** The team's runbook (linked from its alerts). @default - the platform's */
  readonly runbookUrl?: string;
  /** Aliases the team may call. @default - every alias of the gateway */
  readonly models?: ReadonlyArray<string>;
  /** Alert-only budget, % of `monthlyBudgetUsd`. @default 80 */
  readonly softBudgetPercent?: number;
  /**
   * The team's cloud identity. @default - from the cloud: an IAM role (AWS), a service account (GCP), the namespace
   * `team-<team>` (Kubernetes)
   */
  readonly identity?: TeamIdentity;
  /** A budget on the team's own tagged cloud spend. @default - none */
  readonly cloudBudget?: TeamCloudBudget;
  /** The team's objectives. @default - the platform's */
  readonly slo?: SloObjectives;
  /** Cost center on the team stack's resources. @default - the platform's */
  readonly costCenter?: string;
  /** What happens in LiteLLM when the team stack is destroyed. @default TenantRemovalPolicy.RETAIN */
  readonly removalPolicy?: TenantRemovalPolicy;
}

/** Gateway names as `LlmGateway` accepts them (also the base of every resource name). */
export const PLATFORM_NAME = /^[a-z]([a-z0-9-]{0,30}[a-z0-9])?$/;
/**
 * Team names: a key alias part, a stack id, a Kubernetes namespace part, a Prometheus label and a vector-store
 * schema name (so no `--` or `_`, and a letter first).
 */
export const TEAM_NAME = /^[a-z](?:[a-z0-9]|-(?=[a-z0-9])){0,38}[a-z0-9]$|^[a-z]$/;
const ENVIRONMENT = /^[a-z0-9]([a-z0-9-]{0,30}[a-z0-9])?$/;
const MAX_LIMIT = 2_147_483_647;
const text = (what: string, max: number) => z.string()
  .refine((s) => s.trim().length > 0 && s.length <= max && !/[\u0000-\u001f\u007f]/.test(s), withFix(`is not a ${what}`, `pass one line of 1-${max} characters`));
const classOf = <T>(cls: Function, fix: string) => z.custom<T>((v) => v instanceof cls, { message: withFix(`is not a ${cls.name}`, fix) });
const positiveInt = (example: string) => z.number().refine((n) => Number.isInteger(n) && n > 0 && n <= MAX_LIMIT, withFix('must be a whole number above 0', `pass e.g. ${example}`));
const budget = z.number().refine((n) => Number.isFinite(n) && n > 0 && n <= 1e9, withFix('must be a positive number of USD', 'pass the monthly budget in USD, e.g. 5000'));
const tags = z.strictObject({
  team: text('team tag', 128).optional(),
  costCenter: text('cost center', 128).optional(),
  extra: z.record(z.string(), z.string()).optional(),
});

export const platformPropsSchema = schemaFor<LlmPlatformProps>()(z.strictObject({
  cloud: classOf<PlatformCloud>(PlatformCloud, 'use PlatformCloud.aws({...}), .gcp({...}) or .kubernetes({...})'),
  models: z.array(classOf<ModelDeployment>(ModelDeployment, 'use ModelDeployment.bedrock({...}), .vertexAi({...}), .openai({...}), ...'))
    .min(1, withFix('is empty', 'deploy at least one model')),
  fallbacks: z.array(z.strictObject({ from: z.string(), to: z.array(z.string()).min(1), kind: z.enum(FallbackKind).optional() })).optional(),
  defaultFallbacks: z.array(z.string()).optional(),
  modelAllowList: z.array(z.string()).min(1, withFix('is empty', 'list the reviewed provider/modelId ids')).optional(),
  slo: sloSchema.optional(),
  environment: z.string().regex(ENVIRONMENT, withFix('is not an environment name', "use 1-32 lowercase letters, digits and -, e.g. 'production'")).optional(),
  name: z.string().regex(PLATFORM_NAME, withFix('is not a valid platform name', 'use 1-32 lowercase letters, digits and -, starting with a letter')).optional(),
  ownership: tags.optional(),
  alerting: z.strictObject({
    page: z.array(classOf<AlertChannel>(AlertChannel, 'use AlertChannel.email(...), .snsTopic(...) or .pagerDuty(...)')).optional(),
    ticket: z.array(classOf<AlertChannel>(AlertChannel, 'use AlertChannel.email(...), .snsTopic(...) or .pagerDuty(...)')).optional(),
  }).optional(),
  runbookUrl: runbookUrlSchema.optional(),
  vectorStore: z.union([z.boolean(), z.strictObject({ removalPolicy: z.enum(VectorRemovalPolicy).optional() })]).optional(),
  guardrails: z.array(classOf<Guardrail>(Guardrail, 'use Guardrail.contentFilter(...), .bedrock(...), ...')).optional(),
  routing: z.strictObject({
    strategy: z.enum(RoutingStrategy).optional(),
    numRetries: z.number().optional(),
    timeoutSeconds: z.number().optional(),
    streamTimeoutSeconds: z.number().optional(),
    allowedFails: z.number().optional(),
    cooldownSeconds: z.number().optional(),
    maxFallbacks: z.number().optional(),
  }).optional(),
  allowMessageLogging: z.boolean().optional(),
  image: z.string().optional(),
  configureStack: z.custom<LlmPlatformProps['configureStack']>((v) => typeof v === 'function', { message: withFix('is not a function', 'pass (stack, { role, team }) => { ... }') }).optional(),
}));

export const teamStackPropsSchema = schemaFor<TeamStackProps>()(z.strictObject({
  monthlyBudgetUsd: budget,
  tokensPerMinute: positiveInt('200000'),
  requestsPerMinute: positiveInt('600'),
  owner: text('owner', 128),
  oncall: text('on-call name', 256).optional(),
  runbookUrl: runbookUrlSchema.optional(),
  models: z.array(z.string()).min(1, withFix('is empty', 'list the aliases the team may call, or omit models for all of them')).optional(),
  softBudgetPercent: z.number().optional(),
  identity: classOf<TeamIdentity>(TeamIdentity, 'use TeamIdentity.awsRole(), .gcpServiceAccount() or .kubernetesNamespace()').optional(),
  cloudBudget: z.custom<TeamCloudBudget>((v) => v !== null && typeof v === 'object', { message: withFix('is not a cloud budget', 'pass { monthlyLimitUsd, emails, ... }') }).optional(),
  slo: sloSchema.optional(),
  costCenter: text('cost center', 128).optional(),
  removalPolicy: z.enum(TenantRemovalPolicy).optional(),
}));
