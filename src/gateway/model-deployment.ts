import { z } from 'zod';
import { ProblemCollector, SecretRef, isAwsRegion, isGcpLocation, osEnviron, stableHash } from '../core';
import { isUnresolved } from '../core/tokens';
import { schemaFor, tokenOr, validateProps, withFix } from '../core/validation';
import type { LiteLlmModelGovernance, LiteLlmModelListEntry, LiteLlmParams } from './litellm/config-model';

/** Which API a deployment calls. */
export enum ModelProvider {
  BEDROCK = 'bedrock',
  OPENAI = 'openai',
  AZURE_OPENAI = 'azure-openai',
  VERTEX_AI = 'vertex-ai',
  ANTHROPIC = 'anthropic',
  OPENAI_COMPATIBLE = 'openai-compatible',
}

/** What kind of endpoint a deployment serves (`model_info.mode`; LiteLLM health checks use it). */
export enum ModelMode {
  CHAT = 'chat',
  COMPLETION = 'completion',
  EMBEDDING = 'embedding',
  IMAGE_GENERATION = 'image_generation',
  AUDIO_TRANSCRIPTION = 'audio_transcription',
  AUDIO_SPEECH = 'audio_speech',
  RERANK = 'rerank',
}

/** How sensitive the data a model may receive is allowed to be. */
export enum DataClassification {
  PUBLIC = 'public',
  INTERNAL = 'internal',
  CONFIDENTIAL = 'confidential',
  RESTRICTED = 'restricted',
}

/** Governance facts about a model, read by the policy bundle and (optionally) published in `model_info`. */
export interface ModelGovernance {
  /** Licence of the model or its terms of use, e.g. `Apache-2.0` or `Anthropic Commercial Terms`. @default - not recorded */
  readonly license?: string;
  /** What the model is approved for, e.g. `internal drafting assistance`. @default - not recorded */
  readonly intendedUse?: string;
  /** The most sensitive class of data the model may receive. @default - not recorded */
  readonly dataClassification?: DataClassification;
  /** Accountable owner (team or person). @default - not recorded */
  readonly owner?: string;
}

/** Options every deployment takes. */
export interface ModelDeploymentOptions {
  /**
   * Deployment id (`model_info.id`): lowercase letters, digits and `-`, at most 64 characters. Keep it
   * stable: LiteLLM keys cooldowns, per-deployment metrics and the secret's environment name on it.
   * @default - `<alias>-<provider>-<hash>`, derived from the alias, provider and model (stable)
   */
  readonly id?: string;
  /** Relative weight inside the alias's model group (canaries: 95 / 5). @default - equal share */
  readonly weight?: number;
  /** Requests per minute this deployment may take (LiteLLM routes around a full deployment). @default - unlimited */
  readonly rpm?: number;
  /** Tokens per minute this deployment may take. @default - unlimited */
  readonly tpm?: number;
  /** Per-call timeout. @default - the gateway's routing timeout */
  readonly timeoutSeconds?: number;
  /** Per-call timeout for streaming calls. @default - the gateway's routing stream timeout */
  readonly streamTimeoutSeconds?: number;
  /** Retries of a failed call on this deployment (before the router's own retries). @default - LiteLLM's default */
  readonly maxRetries?: number;
  /** Endpoint kind. @default ModelMode.CHAT */
  readonly mode?: ModelMode;
  /**
   * Alias (model group) that receives a background shadow copy of every request this deployment serves
   * (LiteLLM `silent_model`; the caller's response is unaffected). Use it to evaluate a candidate model
   * on production traffic. The target must be the alias of another configured model.
   * @default - no mirroring
   */
  readonly mirrorTo?: string;
  /** Routing tags (`litellm_params.tags`, for tag-based routing). @default [] */
  readonly tags?: ReadonlyArray<string>;
  /** Base model for cost tracking when the model id does not name it (e.g. Azure deployments). @default - derived by LiteLLM */
  readonly baseModel?: string;
  /** Governance facts (licence, intended use, data classification, owner). @default - none recorded */
  readonly governance?: ModelGovernance;
}

/** Props of `ModelDeployment.bedrock`. */
export interface BedrockModelProps extends ModelDeploymentOptions {
  /** Public alias callers use (`model_name`); deployments sharing it are load-balanced. */
  readonly alias: string;
  /** Bedrock model id or inference profile id/ARN, e.g. `anthropic.claude-3-5-sonnet-20240620-v1:0`. */
  readonly modelId: string;
  /** AWS region that serves the model. */
  readonly region: string;
}

/** Props of `ModelDeployment.openai`. */
export interface OpenAiModelProps extends ModelDeploymentOptions {
  readonly alias: string;
  /** OpenAI model name, e.g. `gpt-4o-mini`. */
  readonly model: string;
  /** The API key, by reference. */
  readonly apiKey: SecretRef;
  /** Override of the API base URL (e.g. a regional or proxy endpoint). @default - api.openai.com */
  readonly apiBase?: string;
}

/** Props of `ModelDeployment.azureOpenai`. */
export interface AzureOpenAiModelProps extends ModelDeploymentOptions {
  readonly alias: string;
  /** Azure OpenAI deployment name. */
  readonly deployment: string;
  /** Resource endpoint, e.g. `https://my-resource.openai.azure.com`. */
  readonly apiBase: string;
  /** Azure OpenAI API version, e.g. `2024-10-21`. */
  readonly apiVersion: string;
  /** The resource key, by reference. */
  readonly apiKey: SecretRef;
}

/** Props of `ModelDeployment.vertexAi`. */
export interface VertexAiModelProps extends ModelDeploymentOptions {
  readonly alias: string;
  /** Vertex AI model, e.g. `gemini-1.5-pro-002`. */
  readonly model: string;
  /** Google Cloud project that calls Vertex AI. */
  readonly project: string;
  /** Vertex AI location, e.g. `europe-west4` (or `global`). */
  readonly location: string;
}

/** Props of `ModelDeployment.anthropic`. */
export interface AnthropicModelProps extends ModelDeploymentOptions {
  readonly alias: string;
  /** Anthropic model name, e.g. `claude-3-5-sonnet-20241022`. */
  readonly model: string;
  /** The API key, by reference. */
  readonly apiKey: SecretRef;
}

/** Which LiteLLM provider speaks to a self-hosted OpenAI-compatible server. */
export enum OpenAiCompatibleServer {
  /** Any OpenAI-compatible server (LiteLLM provider `openai/`). */
  GENERIC = 'openai',
  /** vLLM (LiteLLM provider `hosted_vllm/`, which handles vLLM's differences). */
  VLLM = 'hosted_vllm',
}

/** Props of `ModelDeployment.openaiCompatible`. */
export interface OpenAiCompatibleModelProps extends ModelDeploymentOptions {
  readonly alias: string;
  /** Model name as the server knows it, e.g. `meta-llama/Llama-3.1-8B-Instruct`. */
  readonly model: string;
  /** Base URL including `/v1`, e.g. `http://vllm.models.svc:8000/v1`. */
  readonly apiBase: string;
  /** API key, by reference, when the server requires one. @default - none */
  readonly apiKey?: SecretRef;
  /** Server flavour. @default OpenAiCompatibleServer.GENERIC */
  readonly server?: OpenAiCompatibleServer;
}

const ALIAS = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;
const DEPLOYMENT_ID = /^[a-z0-9]([a-z0-9-]{0,62}[a-z0-9])?$/;
const TAG = /^[A-Za-z0-9][A-Za-z0-9._:/-]{0,63}$/;
const NO_SPACE = /^\S+$/;

// SecretRef's constructor is private, so `instanceOf` (which wants a public constructor type) does not apply.
const secretRef = z.custom<SecretRef>((v) => v instanceof SecretRef, {
  message: withFix('is not a SecretRef', 'pass SecretRef.awsSecretsManager(arn), SecretRef.gcpSecretManager(id) or SecretRef.kubernetes(name, key)'),
});
const alias = tokenOrText(ALIAS, 'is not a valid alias', 'use 1-64 letters, digits, . _ : -, starting with a letter or digit');
const url = tokenOr(z.string().regex(/^https?:\/\/[^\s/]+(\/\S*)?$/, withFix('is not an http(s) URL', 'pass a URL such as https://host or http://host:8000/v1')));

function tokenOrText(re: RegExp, message: string, fix: string): z.ZodType<string> {
  return tokenOr(z.string().regex(re, withFix(message, fix)));
}

const commonShape = {
  id: z.string().regex(DEPLOYMENT_ID, withFix('is not a valid deployment id', 'use 1-64 lowercase letters, digits and -, starting and ending with a letter or digit')).optional(),
  weight: z.number().positive(withFix('must be greater than 0', 'use a positive weight, e.g. 95 for the main deployment and 5 for a canary')).finite().optional(),
  rpm: z.number().int().positive().optional(),
  tpm: z.number().int().positive().optional(),
  timeoutSeconds: z.number().positive().max(3600).optional(),
  streamTimeoutSeconds: z.number().positive().max(3600).optional(),
  maxRetries: z.number().int().min(0).max(5).optional(),
  mode: z.enum(ModelMode).optional(),
  mirrorTo: alias.optional(),
  tags: z.array(tokenOrText(TAG, 'is not a valid tag', 'use 1-64 letters, digits, . _ : / -')).optional(),
  baseModel: z.string().regex(NO_SPACE).optional(),
  governance: z.strictObject({
    license: z.string().min(1).max(256).optional(),
    intendedUse: z.string().min(1).max(1024).optional(),
    dataClassification: z.enum(DataClassification).optional(),
    owner: z.string().min(1).max(256).optional(),
  }).optional(),
};

const bedrockSchema = schemaFor<BedrockModelProps>()(z.strictObject({
  ...commonShape,
  alias,
  modelId: tokenOrText(/^[A-Za-z0-9][A-Za-z0-9._:/-]{0,2047}$/, 'is not a Bedrock model id, inference profile id or ARN', 'pass e.g. anthropic.claude-3-5-sonnet-20240620-v1:0 or eu.anthropic.claude-3-5-sonnet-20240620-v1:0'),
  region: z.string().refine((r) => isUnresolved(r) || isAwsRegion(r), { message: withFix('is not an AWS region', 'pass a region such as us-east-1 or eu-central-1') }),
}));

const openAiSchema = schemaFor<OpenAiModelProps>()(z.strictObject({
  ...commonShape,
  alias,
  model: tokenOrText(NO_SPACE, 'is not a model name', 'pass the provider model name, e.g. gpt-4o-mini'),
  apiKey: secretRef,
  apiBase: url.optional(),
}));

const azureSchema = schemaFor<AzureOpenAiModelProps>()(z.strictObject({
  ...commonShape,
  alias,
  deployment: tokenOrText(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'is not an Azure OpenAI deployment name', 'pass the deployment name from the Azure portal'),
  apiBase: url,
  apiVersion: tokenOrText(/^\d{4}-\d{2}-\d{2}(-preview)?$/, 'is not an Azure OpenAI API version', 'pass a version such as 2024-10-21'),
  apiKey: secretRef,
}));

const vertexSchema = schemaFor<VertexAiModelProps>()(z.strictObject({
  ...commonShape,
  alias,
  model: tokenOrText(NO_SPACE, 'is not a model name', 'pass the Vertex AI model, e.g. gemini-1.5-pro-002'),
  project: tokenOrText(/^[a-z][a-z0-9-]{4,28}[a-z0-9]$/, 'is not a Google Cloud project id', 'pass the project id (6-30 lowercase letters, digits, -)'),
  location: z.string().refine((l) => isUnresolved(l) || isGcpLocation(l), { message: withFix('is not a Google Cloud location', 'pass a location such as europe-west4 or global') }),
}));

const anthropicSchema = schemaFor<AnthropicModelProps>()(z.strictObject({
  ...commonShape,
  alias,
  model: tokenOrText(NO_SPACE, 'is not a model name', 'pass the Anthropic model name, e.g. claude-3-5-sonnet-20241022'),
  apiKey: secretRef,
}));

const compatibleSchema = schemaFor<OpenAiCompatibleModelProps>()(z.strictObject({
  ...commonShape,
  alias,
  model: tokenOrText(NO_SPACE, 'is not a model name', 'pass the model name the server serves'),
  apiBase: url,
  apiKey: secretRef.optional(),
  server: z.enum(OpenAiCompatibleServer).optional(),
}));

interface DeploymentSpec {
  readonly provider: ModelProvider;
  readonly options: ModelDeploymentOptions & { readonly alias: string };
  /** LiteLLM `model` string (`provider/id`). */
  readonly litellmModel: string;
  readonly providerParams: Partial<LiteLlmParams>;
  readonly apiKey?: SecretRef;
  readonly bedrock?: { readonly region: string; readonly modelId: string };
  readonly vertex?: { readonly project: string; readonly location: string };
  /** Extra parts of the generated id, so the same model in two places gets two ids. */
  readonly idParts: ReadonlyArray<string>;
}

const SECRET_ENV_PREFIX: Record<ModelProvider, string> = {
  [ModelProvider.BEDROCK]: 'BEDROCK',
  [ModelProvider.OPENAI]: 'OPENAI',
  [ModelProvider.AZURE_OPENAI]: 'AZURE_OPENAI',
  [ModelProvider.VERTEX_AI]: 'VERTEX_AI',
  [ModelProvider.ANTHROPIC]: 'ANTHROPIC',
  [ModelProvider.OPENAI_COMPATIBLE]: 'OPENAI_COMPATIBLE',
};

/**
 * One model deployment behind a public alias. Several deployments with the same alias form a
 * load-balanced model group (weights make canaries).
 *
 * ```ts
 * ModelDeployment.bedrock({ alias: 'chat-default', modelId: 'anthropic.claude-3-5-sonnet-20240620-v1:0', region: 'eu-central-1' })
 * ModelDeployment.openai({ alias: 'chat-fast', model: 'gpt-4o-mini', apiKey: SecretRef.awsSecretsManager(arn) })
 * ```
 */
export class ModelDeployment {
  /** A model on Amazon Bedrock, called with the gateway's workload identity (no API key). */
  public static bedrock(props: BedrockModelProps): ModelDeployment {
    const p = validateProps('ModelDeployment.bedrock', bedrockSchema, props);
    return new ModelDeployment({
      provider: ModelProvider.BEDROCK,
      options: p,
      litellmModel: `bedrock/${p.modelId}`,
      providerParams: { aws_region_name: p.region },
      bedrock: { region: p.region, modelId: p.modelId },
      idParts: [p.modelId, p.region],
    });
  }

  /** A model on the OpenAI API. */
  public static openai(props: OpenAiModelProps): ModelDeployment {
    const p = validateProps('ModelDeployment.openai', openAiSchema, props);
    return new ModelDeployment({
      provider: ModelProvider.OPENAI,
      options: p,
      litellmModel: `openai/${p.model}`,
      providerParams: p.apiBase ? { api_base: p.apiBase } : {},
      apiKey: p.apiKey,
      idParts: [p.model, p.apiBase ?? ''],
    });
  }

  /** A deployment on Azure OpenAI. */
  public static azureOpenai(props: AzureOpenAiModelProps): ModelDeployment {
    const p = validateProps('ModelDeployment.azureOpenai', azureSchema, props);
    return new ModelDeployment({
      provider: ModelProvider.AZURE_OPENAI,
      options: p,
      litellmModel: `azure/${p.deployment}`,
      providerParams: { api_base: p.apiBase, api_version: p.apiVersion },
      apiKey: p.apiKey,
      idParts: [p.deployment, p.apiBase],
    });
  }

  /** A model on Vertex AI, called with the gateway's workload identity (no API key). */
  public static vertexAi(props: VertexAiModelProps): ModelDeployment {
    const p = validateProps('ModelDeployment.vertexAi', vertexSchema, props);
    return new ModelDeployment({
      provider: ModelProvider.VERTEX_AI,
      options: p,
      litellmModel: `vertex_ai/${p.model}`,
      providerParams: { vertex_project: p.project, vertex_location: p.location },
      vertex: { project: p.project, location: p.location },
      idParts: [p.model, p.project, p.location],
    });
  }

  /** A model on the Anthropic API. */
  public static anthropic(props: AnthropicModelProps): ModelDeployment {
    const p = validateProps('ModelDeployment.anthropic', anthropicSchema, props);
    return new ModelDeployment({
      provider: ModelProvider.ANTHROPIC,
      options: p,
      litellmModel: `anthropic/${p.model}`,
      providerParams: {},
      apiKey: p.apiKey,
      idParts: [p.model],
    });
  }

  /** A self-hosted OpenAI-compatible server (vLLM, TGI, Ollama, ...). */
  public static openaiCompatible(props: OpenAiCompatibleModelProps): ModelDeployment {
    const p = validateProps('ModelDeployment.openaiCompatible', compatibleSchema, props);
    return new ModelDeployment({
      provider: ModelProvider.OPENAI_COMPATIBLE,
      options: p,
      litellmModel: `${p.server ?? OpenAiCompatibleServer.GENERIC}/${p.model}`,
      providerParams: { api_base: p.apiBase },
      apiKey: p.apiKey,
      idParts: [p.model, p.apiBase],
    });
  }

  /** Public alias (`model_name`). */
  public readonly alias: string;
  /** Deployment id (`model_info.id`). */
  public readonly id: string;
  public readonly provider: ModelProvider;
  /** LiteLLM model string, e.g. `bedrock/anthropic.claude-...`. */
  public readonly litellmModel: string;
  public readonly mode: ModelMode;
  /** Alias this deployment mirrors traffic to, if any. */
  public readonly mirrorTo?: string;
  /** Governance facts (empty object when none were given). */
  public readonly governance: ModelGovernance;
  /** Bedrock region and model id the workload identity must be allowed to invoke. */
  public readonly bedrock?: { readonly region: string; readonly modelId: string };
  /** Vertex AI project and location the workload identity must be allowed to call. */
  public readonly vertex?: { readonly project: string; readonly location: string };
  /** The API key, by reference (providers that use one). */
  public readonly apiKey?: SecretRef;

  private readonly spec: DeploymentSpec;

  private constructor(spec: DeploymentSpec) {
    this.spec = spec;
    const o = spec.options;
    this.alias = o.alias;
    this.provider = spec.provider;
    this.id = o.id ?? defaultDeploymentId(o.alias, spec.provider, spec.idParts);
    this.litellmModel = spec.litellmModel;
    this.mode = o.mode ?? ModelMode.CHAT;
    this.mirrorTo = o.mirrorTo;
    this.governance = { ...(o.governance ?? {}) };
    this.bedrock = spec.bedrock;
    this.vertex = spec.vertex;
    this.apiKey = spec.apiKey;
  }

  /**
   * Environment variable that carries this deployment's API key, e.g. `OPENAI_API_KEY_CHAT_FAST_OPENAI_1A2B3C4D`;
   * `undefined` for providers that authenticate with the workload identity.
   */
  public get apiKeyEnvironmentName(): string | undefined {
    if (!this.apiKey) return undefined;
    return `${SECRET_ENV_PREFIX[this.provider]}_API_KEY_${this.id.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
  }

  /** Secret environment this deployment needs: env name → secret reference. */
  public get secretEnvironment(): Readonly<Record<string, SecretRef>> {
    const name = this.apiKeyEnvironmentName;
    return name && this.apiKey ? { [name]: this.apiKey } : {};
  }

  /** @internal The `model_list` entry. */
  public _toLiteLlm(options: { readonly emitGovernance: boolean }): LiteLlmModelListEntry {
    const o = this.spec.options;
    const keyEnv = this.apiKeyEnvironmentName;
    const tags = o.tags && o.tags.length > 0 ? [...new Set(o.tags)].sort() : undefined;
    const governance = options.emitGovernance ? toLiteLlmGovernance(this.governance) : undefined;
    return {
      model_name: this.alias,
      litellm_params: {
        model: this.litellmModel,
        ...this.spec.providerParams,
        ...(keyEnv ? { api_key: osEnviron(keyEnv) } : {}),
        ...defined({
          rpm: o.rpm,
          tpm: o.tpm,
          weight: o.weight,
          timeout: o.timeoutSeconds,
          stream_timeout: o.streamTimeoutSeconds,
          max_retries: o.maxRetries,
          silent_model: o.mirrorTo,
          tags,
        }),
      },
      model_info: {
        id: this.id,
        mode: this.mode,
        ...defined({ base_model: o.baseModel, platform_governance: governance }),
      },
    };
  }
}

function defaultDeploymentId(aliasName: string, provider: ModelProvider, parts: ReadonlyArray<string>): string {
  const slug = aliasName.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 32).replace(/-+$/, '') || 'model';
  return `${slug}-${provider}-${stableHash([aliasName, provider, ...parts])}`;
}

function toLiteLlmGovernance(g: ModelGovernance): LiteLlmModelGovernance | undefined {
  const out = defined({ license: g.license, intended_use: g.intendedUse, data_classification: g.dataClassification, owner: g.owner });
  return Object.keys(out).length > 0 ? (out as LiteLlmModelGovernance) : undefined;
}

function defined<T extends Record<string, unknown>>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Throws a ValidationError for a `ModelDeployment` argument that is not one. */
export function assertModelDeployment(scope: string, path: string, value: unknown): asserts value is ModelDeployment {
  if (value instanceof ModelDeployment) return;
  new ProblemCollector().add(path, value, 'is not a ModelDeployment', 'create it with a ModelDeployment static factory, e.g. ModelDeployment.bedrock({...})').throwIfAny(scope);
}
