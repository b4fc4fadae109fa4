import { z } from 'zod';
import { FeatureCaller } from './feature-caller';
import { ToolExecution } from './tool-execution';
import { schemaFor, withFix } from '../core/validation';
import type { FeatureEvaluation } from '../evaluation/manifest';
import { DataClassification } from '../gateway/model-deployment';
import { runbookUrlSchema, sloSchema } from '../observability/slo/inputs';
import type { SloObjectives } from '../observability/slo/types';
import { VectorAccess, VectorDistance, VectorIndex } from '../vector-store/model';

/** Who consumes what the feature's model returns. */
export enum OutputConsumer {
  /** A person reads it (a draft, a summary, a chat answer). */
  PERSON = 'person',
  /** A program acts on it (a workflow, an API, a database write): LLM-GOV-7 requires `structuredOutput`. */
  AUTOMATION = 'automation',
}

/** What a feature's key may use: LiteLLM `tpm_limit`, `rpm_limit`, and `max_budget` reset monthly. */
export interface FeatureQuota {
  /** Tokens per minute, at most the team's. */
  readonly tokensPerMinute: number;
  /** Requests per minute, at most the team's. */
  readonly requestsPerMinute: number;
  /** Monthly budget in USD, at most the team's; LiteLLM rejects the key's requests once it is spent. */
  readonly monthlyBudgetUsd: number;
}

/** The feature's output contract, when a program consumes the output. */
export interface FeatureStructuredOutput {
  /** JSON schema of the response (what callers pass as `response_format.json_schema.schema`). */
  readonly schema: Readonly<Record<string, unknown>>;
}

/** A golden dataset the feature's prompts are evaluated against offline (declared; issue 15 runs it). */
export interface FeaturePromptEvaluation {
  /** Where the golden dataset lives (path or URL). */
  readonly goldenDataset: string;
  /** Minimum score in (0, 1] a prompt change must reach. */
  readonly minScore: number;
}

/** Where the feature's prompts are versioned and reviewed. */
export interface FeaturePrompts {
  /** Repository (URL or path) holding the prompts. */
  readonly repository: string;
  /** The offline evaluation of prompt changes. @default - none declared */
  readonly evaluation?: FeaturePromptEvaluation;
}

/** The feature's vector collection in the platform's vector store. */
export interface FeatureVectorCollection {
  /** Embedding size, e.g. 1536 (OpenAI text-embedding-3-small) or 1024 (Titan Text Embeddings v2). */
  readonly dimensions: number;
  /** Collection name, unique in the team. @default - the feature name */
  readonly name?: string;
  /** @default VectorDistance.COSINE */
  readonly distance?: VectorDistance;
  /** @default VectorIndex.hnsw() */
  readonly index?: VectorIndex;
  /** What the callers may do. @default VectorAccess.READ_WRITE */
  readonly access?: VectorAccess;
}

/** Props of `StandardLlmFeature`. */
export interface StandardLlmFeatureProps {
  /** Model aliases the feature calls: aliases of the gateway, within the team's models. Fallbacks come from the gateway. */
  readonly models: ReadonlyArray<string>;
  /** The feature key's limits and budget. */
  readonly quota: FeatureQuota;
  /** The feature's objectives; its latency must be a bucket boundary of the gateway's latency histogram. */
  readonly slo: SloObjectives;
  /** The most sensitive data the feature sends to models. */
  readonly dataClassification: DataClassification;
  /** Which tools the model may make the feature execute. */
  readonly toolExecution: ToolExecution;
  /** The output contract, when a program consumes the output. @default - none (LLM-GOV-7 reports it for an automation consumer) */
  readonly structuredOutput?: FeatureStructuredOutput;
  /** Who consumes the output. @default OutputConsumer.PERSON */
  readonly outputConsumer?: OutputConsumer;
  /** What users get when the feature is turned off or failing (the runbook's last resort). */
  readonly businessFallback: string;
  /** Where the prompts are versioned, and their offline evaluation. @default - none (the readiness report fails prompt-versioning) */
  readonly prompts?: FeaturePrompts;
  /** A collection in the team's part of the platform's vector store, granted to the callers. @default - none */
  readonly vectorCollection?: FeatureVectorCollection;
  /** The workloads that call the feature: each reads the key and reaches the gateway; nobody else reads the key. */
  readonly callers: ReadonlyArray<FeatureCaller>;
  /** The owning squad (key metadata, readiness report). */
  readonly owner: string;
  /** Who is paged: a rotation, alias or channel. */
  readonly oncall: string;
  /** The feature's runbook URL, linked from its alerts. @default - the team's */
  readonly runbookUrl?: string;
  /** Render drill templates (provider failover) for this feature. Opt-in per environment. @default false */
  readonly drills?: boolean;
  /** Days between automatic rotations of the key. @default 30 */
  readonly keyRotationDays?: number;
  /**
   * Continuous evaluation: the golden set a probe runs on the feature's key on a schedule (AWS: EventBridge
   * Scheduler → Lambda in the gateway's VPC; GCP: Cloud Scheduler → Cloud Run job; Kubernetes: CronJob), its
   * regression alerts, the dashboard's evaluation panels and the manifest the promotion gate reads
   * (`evaluation/<feature>.json` beside `cdk.tf.json`). Makes the readiness report's continuous-qa item pass.
   * @default - none (continuous-qa is only declared, from prompts.evaluation)
   */
  readonly evaluation?: FeatureEvaluation;
}

/** Feature names: a key alias part, a Kubernetes Secret name part, a Prometheus label and a vector collection name. */
export const FEATURE_NAME = /^[a-z](?:[a-z0-9-]{0,38}[a-z0-9])?$/;

const NO_CONTROL = /^[^\u0000-\u001f\u007f]*$/;
/** LiteLLM stores limits as 32-bit integers and budgets as floats; the tenancy desired state checks the same bounds. */
const MAX_LIMIT = 2_147_483_647;
const MAX_BUDGET_USD = 1_000_000_000;
const text = (what: string, max: number) => z.string()
  .refine((s) => s.trim().length > 0, withFix(`${what} is empty`, `state the ${what}`))
  .refine((s) => s.length <= max, withFix(`is longer than ${max} characters`, `shorten it to at most ${max} characters`))
  .refine((s) => NO_CONTROL.test(s), withFix('holds control characters', 'use one line of plain text'));

const positive = (what: string, example: string) => z.number().refine((n) => Number.isFinite(n) && n > 0, withFix(`must be a positive number (${what})`, `pass e.g. ${example}`));
const wholePositive = (what: string, example: string) => positive(what, example).refine((n) => Number.isInteger(n), withFix('must be a whole number', `pass e.g. ${example}`));

/** A JSON schema as a plain, JSON-serialisable object of bounded size. */
const jsonSchemaObject = z.custom<Readonly<Record<string, unknown>>>((v) => {
  if (v === null || typeof v !== 'object' || Array.isArray(v) || Object.keys(v).length === 0) return false;
  try {
    const s = JSON.stringify(v);
    return typeof s === 'string' && s.length <= 65_536;
  } catch {
    return false;
  }
}, { message: withFix('is not a JSON schema object', 'pass the response JSON schema as a plain object, e.g. { type: "object", properties: {...}, required: [...] } (at most 64 KiB)') });

const classOf = <T>(cls: Function, fix: string) => z.custom<T>((v) => v instanceof cls, { message: withFix(`must be a ${cls.name}`, fix) });

export const featurePropsSchema = schemaFor<StandardLlmFeatureProps>()(z.strictObject({
  models: z.array(z.string()).min(1, withFix('is empty', 'list the model aliases the feature calls, e.g. [\'chat\']')),
  quota: z.strictObject({
    tokensPerMinute: wholePositive('tokens per minute', '50000').refine((n) => n <= MAX_LIMIT, withFix(`is above LiteLLM's largest limit (${MAX_LIMIT})`, 'pass a smaller limit')),
    requestsPerMinute: wholePositive('requests per minute', '200').refine((n) => n <= MAX_LIMIT, withFix(`is above LiteLLM's largest limit (${MAX_LIMIT})`, 'pass a smaller limit')),
    monthlyBudgetUsd: positive('USD per month', '1000').refine((n) => n <= MAX_BUDGET_USD, withFix('is above 1e9 USD', 'pass a realistic monthly budget')),
  }),
  slo: sloSchema,
  dataClassification: z.enum(DataClassification),
  toolExecution: classOf<ToolExecution>(ToolExecution, 'use ToolExecution.none() or ToolExecution.allowListed([...])'),
  structuredOutput: z.strictObject({ schema: jsonSchemaObject }).optional(),
  outputConsumer: z.enum(OutputConsumer).optional(),
  businessFallback: text('business fallback', 1000),
  prompts: z.strictObject({
    repository: text('prompt repository', 2048),
    evaluation: z.strictObject({
      goldenDataset: text('golden dataset', 2048),
      minScore: z.number().refine((n) => Number.isFinite(n) && n > 0 && n <= 1, withFix('must be in (0, 1]', 'pass e.g. 0.8')),
    }).optional(),
  }).optional(),
  vectorCollection: z.strictObject({
    dimensions: wholePositive('embedding size', '1536'),
    name: z.string().optional(),
    distance: z.enum(VectorDistance).optional(),
    index: classOf<VectorIndex>(VectorIndex, 'pass VectorIndex.hnsw({...}) or VectorIndex.none()').optional(),
    access: z.enum(VectorAccess).optional(),
  }).optional(),
  callers: z.array(classOf<FeatureCaller>(FeatureCaller, 'use FeatureCaller.awsRole(), .gcpServiceAccount(), .kubernetesServiceAccount() or .teamIdentity()'))
    .min(1, withFix('is empty: nobody could read the key', 'list the workloads that call the feature, e.g. [FeatureCaller.awsRole(taskRole.name)]')),
  owner: text('owner', 128),
  oncall: text('on-call', 256),
  runbookUrl: runbookUrlSchema.optional(),
  drills: z.boolean().optional(),
  keyRotationDays: z.number().int().min(1).max(90, withFix('is more than 90 days', 'rotate keys at least every 90 days (LLM-SEC-1)')).optional(),
  // Checked with the team (featureEvaluationContextProblems): its models, runtime and observability decide what is valid.
  evaluation: z.custom<FeatureEvaluation>(() => true).optional(),
}));
