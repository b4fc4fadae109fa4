import { z } from 'zod';
import { schemaFor, tokenOr, withFix } from '../../core/validation';

/**
 * A typed model of the part of LiteLLM's proxy `config.yaml` this library writes.
 *
 * Keys are LiteLLM's own (snake_case) so the model reads like the documentation. Every object schema is
 * strict: a key LiteLLM does not document (or a typo of one) cannot be expressed. Secrets appear only as
 * `os.environ/NAME` references, which LiteLLM resolves from the container environment at start-up.
 *
 * Sources (checked against the pinned image, see `defaults.ts`): docs.litellm.ai `proxy/config_settings`,
 * `proxy/prod`, `proxy/reliability`, `traffic_mirroring`, `proxy/guardrails/*`, and BerriAI/litellm
 * `litellm/types/router.py` (RetryPolicy, ModelInfo with `extra="allow"`), `litellm/types/guardrails.py`,
 * `litellm/proxy/_types.py` (LiteLLMPromptInjectionParams).
 */

/** `os.environ/NAME`: the only form a secret may take in the config. */
export const OS_ENVIRON_PATTERN = /^os\.environ\/[A-Z_][A-Z0-9_]*$/;

const osEnviron = z
  .string()
  .regex(OS_ENVIRON_PATTERN, withFix('must be an os.environ/NAME reference; secret values never appear in the config', "reference an environment variable, e.g. 'os.environ/OPENAI_API_KEY'"));

const positiveInt = z.number().int().positive();
const nonNegativeInt = z.number().int().nonnegative();
const positiveNumber = z.number().positive().finite();
const name = z.string().min(1).max(128);
// URLs may be cdktf tokens (e.g. a sidecar or load balancer address known at apply time).
const url = tokenOr(z.string().regex(/^https?:\/\/\S+$/, withFix('must be an http(s) URL', 'pass a URL such as https://host:port')));

/** `model_info.mode`: what kind of endpoint a deployment serves (LiteLLM health checks use it). */
export type LiteLlmModelMode = 'chat' | 'completion' | 'embedding' | 'image_generation' | 'audio_transcription' | 'audio_speech' | 'rerank';
const MODEL_MODES = ['chat', 'completion', 'embedding', 'image_generation', 'audio_transcription', 'audio_speech', 'rerank'] as const;

/** `model_list[].litellm_params`. */
export interface LiteLlmParams {
  /** `provider/model-id`, e.g. `bedrock/anthropic.claude-3-5-sonnet-20240620-v1:0`. */
  readonly model: string;
  readonly api_key?: string;
  readonly api_base?: string;
  readonly api_version?: string;
  readonly rpm?: number;
  readonly tpm?: number;
  /** Relative pick weight inside the model group under `simple-shuffle`. */
  readonly weight?: number;
  readonly timeout?: number;
  readonly stream_timeout?: number;
  readonly max_retries?: number;
  /** Model group (a `model_name`) that receives a background shadow copy of each request. */
  readonly silent_model?: string;
  readonly tags?: ReadonlyArray<string>;
  readonly aws_region_name?: string;
  readonly vertex_project?: string;
  readonly vertex_location?: string;
}

/** Governance facts about a deployment, emitted under `model_info.platform_governance`. */
export interface LiteLlmModelGovernance {
  readonly license?: string;
  readonly intended_use?: string;
  readonly data_classification?: 'public' | 'internal' | 'confidential' | 'restricted';
  readonly owner?: string;
}

/** `model_list[].model_info`. LiteLLM's `ModelInfo` allows extra keys (`extra="allow"`). */
export interface LiteLlmModelInfo {
  /** Deployment id; stable ids keep per-deployment metrics and cooldowns across restarts. */
  readonly id: string;
  readonly mode?: LiteLlmModelMode;
  readonly base_model?: string;
  readonly max_tokens?: number;
  readonly max_input_tokens?: number;
  readonly max_output_tokens?: number;
  readonly input_cost_per_token?: number;
  readonly output_cost_per_token?: number;
  /** Library extension (an extra key LiteLLM stores and returns from `/model/info`). */
  readonly platform_governance?: LiteLlmModelGovernance;
}

/** One deployment; entries sharing `model_name` form one load-balanced model group. */
export interface LiteLlmModelListEntry {
  /** The public alias callers put in `model`. */
  readonly model_name: string;
  readonly litellm_params: LiteLlmParams;
  readonly model_info: LiteLlmModelInfo;
}

/** `litellm_settings.cache_params`. */
export interface LiteLlmCacheParams {
  readonly type: 'local' | 'redis';
  readonly host?: string;
  readonly port?: string;
  readonly password?: string;
  /** `default_off`: caching is opt-in per request. */
  readonly mode?: 'default_off' | 'default_on';
  readonly ttl?: number;
  readonly namespace?: string;
}

/** `litellm_settings.prompt_injection_params` (read by the `detect_prompt_injection` callback). */
export interface LiteLlmPromptInjectionParams {
  readonly heuristics_check?: boolean;
  readonly vector_db_check?: boolean;
  readonly llm_api_check?: boolean;
  readonly llm_api_name?: string;
  readonly llm_api_system_prompt?: string;
  readonly llm_api_fail_call_string?: string;
  readonly reject_as_response?: boolean;
}

/** Callbacks this library knows how to configure. */
export type LiteLlmCallback = 'prometheus' | 'otel' | 's3_v2' | 'detect_prompt_injection';
const CALLBACKS = ['prometheus', 'otel', 's3_v2', 'detect_prompt_injection'] as const;

/**
 * `litellm_settings.s3_callback_params`, read by the `s3_v2` callback (BerriAI/litellm
 * `litellm/integrations/s3_v2.py@035381e6` `_init_s3_params`; `os.environ/` values are resolved there).
 */
export interface LiteLlmS3CallbackParams {
  readonly s3_bucket_name: string;
  readonly s3_region_name: string;
  /** Prefix of the objects: `<s3_path>/<YYYY-MM-DD>/<id>.json` (`litellm/integrations/s3.py` `get_s3_object_key`). */
  readonly s3_path: string;
  /** S3-compatible endpoint (path-style `<endpoint>/<bucket>/<key>`), e.g. GCS interoperability. */
  readonly s3_endpoint_url?: string;
  readonly s3_aws_access_key_id?: string;
  readonly s3_aws_secret_access_key?: string;
}

/** Top-level `callback_settings` (`proxy_server.py` `config.get("callback_settings")`): per-callback settings. */
export interface LiteLlmCallbackSettings {
  /** `message_logging: false` keeps prompts and responses off the OpenTelemetry spans. */
  readonly otel?: { readonly message_logging: boolean };
}

/** `litellm_settings`. */
export interface LiteLlmSettings {
  readonly callbacks?: ReadonlyArray<LiteLlmCallback>;
  /**
   * Service-health callbacks (Redis/Postgres). `litellm.service_callback` is the module attribute in
   * BerriAI/litellm `litellm/__init__.py`; the config reference spells it `service_callbacks`. Modelled,
   * not emitted by default, until verified against the pinned image.
   */
  readonly service_callback?: ReadonlyArray<'prometheus_system'>;
  readonly turn_off_message_logging?: boolean;
  readonly redact_user_api_key_info?: boolean;
  readonly request_timeout?: number;
  readonly json_logs?: boolean;
  readonly cache?: boolean;
  readonly cache_params?: LiteLlmCacheParams;
  /** Histogram buckets (seconds) of every LiteLLM latency metric; configurable since v1.83.7 (PR #25527). */
  readonly prometheus_latency_buckets?: ReadonlyArray<number>;
  readonly prompt_injection_params?: LiteLlmPromptInjectionParams;
  readonly s3_callback_params?: LiteLlmS3CallbackParams;
}

/** `router_settings.routing_strategy`. */
export type LiteLlmRoutingStrategy = 'simple-shuffle' | 'least-busy' | 'usage-based-routing' | 'usage-based-routing-v2' | 'latency-based-routing';
const ROUTING_STRATEGIES = ['simple-shuffle', 'least-busy', 'usage-based-routing', 'usage-based-routing-v2', 'latency-based-routing'] as const;

/** `router_settings.retry_policy`: retries per exception type (BerriAI/litellm `RetryPolicy`). */
export interface LiteLlmRetryPolicy {
  readonly BadRequestErrorRetries?: number;
  readonly AuthenticationErrorRetries?: number;
  readonly TimeoutErrorRetries?: number;
  readonly RateLimitErrorRetries?: number;
  readonly ContentPolicyViolationErrorRetries?: number;
  readonly InternalServerErrorRetries?: number;
}

/** One fallback rule: `{ <model group>: [<fallback group>, ...] }` (order = priority). */
export type LiteLlmFallbackRule = Readonly<Record<string, ReadonlyArray<string>>>;

/** `router_settings`. */
export interface LiteLlmRouterSettings {
  readonly routing_strategy?: LiteLlmRoutingStrategy;
  readonly redis_host?: string;
  readonly redis_port?: string;
  readonly redis_password?: string;
  readonly num_retries?: number;
  readonly retry_policy?: LiteLlmRetryPolicy;
  readonly allowed_fails?: number;
  readonly cooldown_time?: number;
  readonly timeout?: number;
  readonly stream_timeout?: number;
  readonly max_fallbacks?: number;
  readonly enable_pre_call_checks?: boolean;
  readonly fallbacks?: ReadonlyArray<LiteLlmFallbackRule>;
  readonly context_window_fallbacks?: ReadonlyArray<LiteLlmFallbackRule>;
  readonly content_policy_fallbacks?: ReadonlyArray<LiteLlmFallbackRule>;
  readonly default_fallbacks?: ReadonlyArray<string>;
}

/** `general_settings`. */
export interface LiteLlmGeneralSettings {
  readonly master_key: string;
  /** Normally absent: the runtime sets `DATABASE_URL` (or the IAM-auth variables) in the environment. */
  readonly database_url?: string;
  readonly database_connection_pool_limit?: number;
  readonly database_connection_timeout?: number;
  readonly proxy_batch_write_at?: number;
  readonly disable_spend_logs?: boolean;
  readonly disable_error_logs?: boolean;
  readonly background_health_checks?: boolean;
  readonly health_check_interval?: number;
  readonly max_request_size_mb?: number;
  readonly allow_requests_on_db_unavailable?: boolean;
}

/** `guardrails[].litellm_params.mode` values. */
export type LiteLlmGuardrailMode = 'pre_call' | 'post_call' | 'during_call' | 'logging_only';
const GUARDRAIL_MODES = ['pre_call', 'post_call', 'during_call', 'logging_only'] as const;

/** Guardrail integrations this library configures (`guardrails[].litellm_params.guardrail`). */
export type LiteLlmGuardrailType = 'litellm_content_filter' | 'presidio' | 'bedrock';
const GUARDRAIL_TYPES = ['litellm_content_filter', 'presidio', 'bedrock'] as const;

/**
 * `litellm_content_filter` `patterns[]` entry (`ContentFilterPattern`, BerriAI/litellm
 * `litellm/types/proxy/guardrails/guardrail_hooks/litellm_content_filter.py`).
 */
export interface LiteLlmContentFilterPattern {
  readonly pattern_type: 'prebuilt' | 'regex';
  /** Required for `prebuilt`. */
  readonly pattern_name?: string;
  /** Required for `regex`. */
  readonly pattern?: string;
  readonly name?: string;
  readonly action: 'MASK' | 'BLOCK';
}

/** `guardrails[].litellm_params`. */
export interface LiteLlmGuardrailParams {
  readonly guardrail: LiteLlmGuardrailType;
  readonly mode: LiteLlmGuardrailMode | ReadonlyArray<LiteLlmGuardrailMode>;
  readonly default_on?: boolean;
  readonly api_key?: string;
  readonly api_base?: string;
  /** `litellm_content_filter`: prebuilt or regex patterns. */
  readonly patterns?: ReadonlyArray<LiteLlmContentFilterPattern>;
  /** `presidio`: entity → action. */
  readonly pii_entities_config?: Readonly<Record<string, 'MASK' | 'BLOCK'>>;
  readonly presidio_analyzer_api_base?: string;
  readonly presidio_anonymizer_api_base?: string;
  readonly presidio_language?: string;
  readonly output_parse_pii?: boolean;
  /** `bedrock`: guardrail id and version (LiteLLM keeps AWS's camelCase here). */
  readonly guardrailIdentifier?: string;
  readonly guardrailVersion?: string;
  readonly aws_region_name?: string;
  readonly disable_exception_on_block?: boolean;
}

/** One entry of `guardrails[]`. */
export interface LiteLlmGuardrail {
  readonly guardrail_name: string;
  readonly litellm_params: LiteLlmGuardrailParams;
}

/** The whole `config.yaml`. */
export interface LiteLlmConfig {
  readonly model_list: ReadonlyArray<LiteLlmModelListEntry>;
  readonly litellm_settings: LiteLlmSettings;
  readonly router_settings: LiteLlmRouterSettings;
  readonly general_settings: LiteLlmGeneralSettings;
  readonly guardrails?: ReadonlyArray<LiteLlmGuardrail>;
  readonly callback_settings?: LiteLlmCallbackSettings;
}

const governanceSchema = schemaFor<LiteLlmModelGovernance>()(z.strictObject({
  license: z.string().min(1).optional(),
  intended_use: z.string().min(1).optional(),
  data_classification: z.enum(['public', 'internal', 'confidential', 'restricted']).optional(),
  owner: z.string().min(1).optional(),
}));

const paramsSchema = schemaFor<LiteLlmParams>()(z.strictObject({
  model: z.string().regex(/^[a-z_]+\/\S+$/, withFix('must be provider/model-id', "prefix the model with its LiteLLM provider, e.g. 'bedrock/...'")),
  api_key: osEnviron.optional(),
  api_base: url.optional(),
  api_version: z.string().min(1).optional(),
  rpm: positiveInt.optional(),
  tpm: positiveInt.optional(),
  weight: positiveNumber.optional(),
  timeout: positiveNumber.optional(),
  stream_timeout: positiveNumber.optional(),
  max_retries: nonNegativeInt.optional(),
  silent_model: name.optional(),
  tags: z.array(name).optional(),
  aws_region_name: z.string().min(1).optional(),
  vertex_project: z.string().min(1).optional(),
  vertex_location: z.string().min(1).optional(),
}));

const modelInfoSchema = schemaFor<LiteLlmModelInfo>()(z.strictObject({
  id: z.string().regex(/^[a-z0-9]([a-z0-9-]{0,62}[a-z0-9])?$/),
  mode: z.enum(MODEL_MODES).optional(),
  base_model: z.string().min(1).optional(),
  max_tokens: positiveInt.optional(),
  max_input_tokens: positiveInt.optional(),
  max_output_tokens: positiveInt.optional(),
  input_cost_per_token: z.number().nonnegative().optional(),
  output_cost_per_token: z.number().nonnegative().optional(),
  platform_governance: governanceSchema.optional(),
}));

export const modelListEntrySchema = schemaFor<LiteLlmModelListEntry>()(z.strictObject({
  model_name: name,
  litellm_params: paramsSchema,
  model_info: modelInfoSchema,
}));

const cacheParamsSchema = schemaFor<LiteLlmCacheParams>()(z.strictObject({
  type: z.enum(['local', 'redis']),
  host: osEnviron.optional(),
  port: osEnviron.optional(),
  password: osEnviron.optional(),
  mode: z.enum(['default_off', 'default_on']).optional(),
  ttl: positiveInt.optional(),
  namespace: z.string().min(1).optional(),
}));

const promptInjectionSchema = schemaFor<LiteLlmPromptInjectionParams>()(z.strictObject({
  heuristics_check: z.boolean().optional(),
  vector_db_check: z.boolean().optional(),
  llm_api_check: z.boolean().optional(),
  llm_api_name: name.optional(),
  llm_api_system_prompt: z.string().min(1).optional(),
  llm_api_fail_call_string: z.string().min(1).optional(),
  reject_as_response: z.boolean().optional(),
}));

/** `s3_callback_params.s3_path`: an S3 key prefix of letters, digits, `_ . -` separated by `/`. */
export const S3_PATH_PATTERN = /^[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)*$/;

const s3CallbackParamsSchema = schemaFor<LiteLlmS3CallbackParams>()(z.strictObject({
  s3_bucket_name: z.string().min(1),
  s3_region_name: z.string().min(1),
  s3_path: z.string().regex(S3_PATH_PATTERN),
  s3_endpoint_url: url.optional(),
  s3_aws_access_key_id: osEnviron.optional(),
  s3_aws_secret_access_key: osEnviron.optional(),
}));

const callbackSettingsSchema = schemaFor<LiteLlmCallbackSettings>()(z.strictObject({
  otel: z.strictObject({ message_logging: z.boolean() }).optional(),
}));

const litellmSettingsSchema = schemaFor<LiteLlmSettings>()(z.strictObject({
  callbacks: z.array(z.enum(CALLBACKS)).optional(),
  service_callback: z.array(z.literal('prometheus_system')).optional(),
  turn_off_message_logging: z.boolean().optional(),
  redact_user_api_key_info: z.boolean().optional(),
  request_timeout: positiveNumber.optional(),
  json_logs: z.boolean().optional(),
  cache: z.boolean().optional(),
  cache_params: cacheParamsSchema.optional(),
  prometheus_latency_buckets: z.array(positiveNumber).min(1).optional(),
  prompt_injection_params: promptInjectionSchema.optional(),
  s3_callback_params: s3CallbackParamsSchema.optional(),
}));

const fallbackRuleSchema = z.record(name, z.array(name).min(1));

const retryPolicySchema = schemaFor<LiteLlmRetryPolicy>()(z.strictObject({
  BadRequestErrorRetries: nonNegativeInt.optional(),
  AuthenticationErrorRetries: nonNegativeInt.optional(),
  TimeoutErrorRetries: nonNegativeInt.optional(),
  RateLimitErrorRetries: nonNegativeInt.optional(),
  ContentPolicyViolationErrorRetries: nonNegativeInt.optional(),
  InternalServerErrorRetries: nonNegativeInt.optional(),
}));

const routerSettingsSchema = schemaFor<LiteLlmRouterSettings>()(z.strictObject({
  routing_strategy: z.enum(ROUTING_STRATEGIES).optional(),
  redis_host: osEnviron.optional(),
  redis_port: osEnviron.optional(),
  redis_password: osEnviron.optional(),
  num_retries: nonNegativeInt.optional(),
  retry_policy: retryPolicySchema.optional(),
  allowed_fails: nonNegativeInt.optional(),
  cooldown_time: z.number().nonnegative().finite().optional(),
  timeout: positiveNumber.optional(),
  stream_timeout: positiveNumber.optional(),
  max_fallbacks: nonNegativeInt.optional(),
  enable_pre_call_checks: z.boolean().optional(),
  fallbacks: z.array(fallbackRuleSchema).optional(),
  context_window_fallbacks: z.array(fallbackRuleSchema).optional(),
  content_policy_fallbacks: z.array(fallbackRuleSchema).optional(),
  default_fallbacks: z.array(name).optional(),
}));

const generalSettingsSchema = schemaFor<LiteLlmGeneralSettings>()(z.strictObject({
  master_key: osEnviron,
  database_url: osEnviron.optional(),
  database_connection_pool_limit: positiveInt.optional(),
  database_connection_timeout: positiveNumber.optional(),
  proxy_batch_write_at: positiveInt.optional(),
  disable_spend_logs: z.boolean().optional(),
  disable_error_logs: z.boolean().optional(),
  background_health_checks: z.boolean().optional(),
  health_check_interval: positiveInt.optional(),
  max_request_size_mb: positiveInt.optional(),
  allow_requests_on_db_unavailable: z.boolean().optional(),
}));

const piiActions = z.record(z.string().regex(/^[A-Z][A-Z0-9_]*$/), z.enum(['MASK', 'BLOCK']));
const guardrailMode = z.enum(GUARDRAIL_MODES);

const contentFilterPatternSchema = schemaFor<LiteLlmContentFilterPattern>()(z.strictObject({
  pattern_type: z.enum(['prebuilt', 'regex']),
  pattern_name: z.string().min(1).optional(),
  pattern: z.string().min(1).optional(),
  name: z.string().min(1).optional(),
  action: z.enum(['MASK', 'BLOCK']),
}).refine((p) => (p.pattern_type === 'prebuilt' ? p.pattern_name !== undefined && p.pattern === undefined : p.pattern !== undefined && p.pattern_name === undefined), {
  message: withFix('has the wrong keys for its pattern_type', 'prebuilt patterns take pattern_name, regex patterns take pattern (and name)'),
}));

const guardrailParamsSchema = schemaFor<LiteLlmGuardrailParams>()(z.strictObject({
  guardrail: z.enum(GUARDRAIL_TYPES),
  mode: z.union([guardrailMode, z.array(guardrailMode).min(1)]),
  default_on: z.boolean().optional(),
  api_key: osEnviron.optional(),
  api_base: url.optional(),
  patterns: z.array(contentFilterPatternSchema).min(1).optional(),
  pii_entities_config: piiActions.optional(),
  presidio_analyzer_api_base: url.optional(),
  presidio_anonymizer_api_base: url.optional(),
  presidio_language: z.string().regex(/^[a-z]{2}$/).optional(),
  output_parse_pii: z.boolean().optional(),
  guardrailIdentifier: z.string().min(1).optional(),
  guardrailVersion: z.string().min(1).optional(),
  aws_region_name: z.string().min(1).optional(),
  disable_exception_on_block: z.boolean().optional(),
}));

export const guardrailSchema = schemaFor<LiteLlmGuardrail>()(z.strictObject({
  guardrail_name: name,
  litellm_params: guardrailParamsSchema,
}));

/** The strict schema of the whole config: unknown keys and literal secrets are rejected. */
export const liteLlmConfigSchema = schemaFor<LiteLlmConfig>()(z.strictObject({
  model_list: z.array(modelListEntrySchema).min(1, withFix('must list at least one model', 'add a ModelDeployment')),
  litellm_settings: litellmSettingsSchema,
  router_settings: routerSettingsSchema,
  general_settings: generalSettingsSchema,
  guardrails: z.array(guardrailSchema).optional(),
  callback_settings: callbackSettingsSchema.optional(),
}));
