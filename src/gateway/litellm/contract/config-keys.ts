import type { ContractSourceId } from './sources';

/**
 * What LiteLLM accepts at one place of its config. Absent `type` means any value; `keys` lists the known
 * keys of a mapping (others are violations unless `openKeys`); `items` describes list items or, with
 * `openKeys`, the values of a free-keyed mapping; `values` the allowed scalars (or list items).
 */
export interface ContractKey {
  readonly source: ContractSourceId;
  readonly type?: 'string' | 'number' | 'boolean' | 'list' | 'map';
  readonly values?: ReadonlyArray<string | number | boolean>;
  readonly keys?: Readonly<Record<string, ContractKey>>;
  readonly items?: ContractKey;
  readonly openKeys?: boolean;
  /** Why the entry is shaped this way, or what LiteLLM does with it. */
  readonly note?: string;
}

const str = (source: ContractSourceId, note?: string): ContractKey => ({ source, type: 'string', ...(note ? { note } : {}) });
const num = (source: ContractSourceId, note?: string): ContractKey => ({ source, type: 'number', ...(note ? { note } : {}) });
const bool = (source: ContractSourceId, note?: string): ContractKey => ({ source, type: 'boolean', ...(note ? { note } : {}) });
const listOf = (source: ContractSourceId, items: ContractKey, note?: string): ContractKey => ({ source, type: 'list', items, ...(note ? { note } : {}) });
const map = (source: ContractSourceId, keys: Record<string, ContractKey>, note?: string): ContractKey => ({ source, type: 'map', keys, ...(note ? { note } : {}) });

/** Callbacks the pinned image knows by name (`_custom_logger_compatible_callbacks_literal`, plus the proxy hook). */
export const CONTRACT_CALLBACKS: Readonly<Record<string, ContractKey>> = {
  prometheus: str('litellmInit', 'mounts /metrics (public unless require_auth_for_metrics_endpoint)'),
  otel: str('litellmInit', 'exporter from OTEL_* environment variables'),
  s3_v2: str('litellmInit', 'batched S3 logger; reads s3_callback_params'),
  detect_prompt_injection: str('promptInjectionHook', 'proxy hook; reads prompt_injection_params'),
};

const cacheParams = map('proxyServer', {
  type: { source: 'proxyServer', type: 'string', values: ['local', 'redis'], note: 'the proxy defaults to redis' },
  host: str('proxyServer', 'os.environ/ values are resolved'),
  port: str('proxyServer'),
  password: str('proxyServer'),
  mode: { source: 'proxyServer', type: 'string', values: ['default_off', 'default_on'] },
  ttl: num('proxyServer'),
  namespace: str('proxyServer'),
});

const promptInjectionParams = map('proxyTypes', {
  heuristics_check: bool('proxyTypes'),
  vector_db_check: bool('proxyTypes'),
  llm_api_check: bool('proxyTypes', 'true needs llm_api_name, llm_api_system_prompt and llm_api_fail_call_string, else ValueError at startup'),
  llm_api_name: str('proxyTypes'),
  llm_api_system_prompt: str('proxyTypes'),
  llm_api_fail_call_string: str('proxyTypes'),
  reject_as_response: bool('proxyTypes'),
});

const s3CallbackParams = map('s3v2', {
  s3_bucket_name: str('s3v2'),
  s3_region_name: str('s3v2'),
  s3_path: str('s3v2'),
  s3_endpoint_url: str('s3v2'),
  s3_aws_access_key_id: str('s3v2'),
  s3_aws_secret_access_key: str('s3v2'),
  s3_aws_role_name: str('s3v2'),
  s3_aws_session_name: str('s3v2'),
  s3_aws_web_identity_token: str('s3v2'),
  s3_use_team_prefix: bool('s3v2'),
  s3_use_key_prefix: bool('s3v2'),
  s3_server_side_encryption: str('s3v2'),
  s3_sse_kms_key_id: str('s3v2'),
});

const fallbackRules = listOf('router', { source: 'router', type: 'map', openKeys: true, items: listOf('router', str('router')) }, '[{ <model group>: [<fallback group>, ...] }]');

/** `config.yaml`, section by section. */
export const CONTRACT_CONFIG: Readonly<Record<string, ContractKey>> = {
  model_list: listOf('router', map('router', {
    model_name: str('router'),
    litellm_params: map('router', {
      model: str('router', 'provider/model-id'),
      api_key: str('router'),
      api_base: str('router'),
      api_version: str('router'),
      rpm: num('router'),
      tpm: num('router'),
      weight: num('router', 'simple-shuffle pick weight'),
      timeout: num('router'),
      stream_timeout: num('router'),
      max_retries: num('router'),
      silent_model: str('router', 'names a model group that gets a shadow copy'),
      tags: listOf('router', str('router')),
      aws_region_name: str('router'),
      vertex_project: str('router'),
      vertex_location: str('router'),
    }, 'every key is passed to the provider call: an unknown key reaches the provider API'),
    model_info: { source: 'router', type: 'map', openKeys: true, note: 'ModelInfo allows extra keys (stored, returned by /model/info)' },
  })),
  litellm_settings: map('proxyServer', {
    callbacks: listOf('proxyServer', { source: 'litellmInit', type: 'string', values: Object.keys(CONTRACT_CALLBACKS) }),
    service_callback: listOf('litellmInit', { source: 'litellmInit', type: 'string', values: ['prometheus_system'] }),
    turn_off_message_logging: bool('litellmInit'),
    redact_user_api_key_info: bool('litellmInit'),
    request_timeout: num('litellmInit'),
    json_logs: bool('proxyCli', 'read by the CLI only from a --config file, by the proxy always'),
    cache: bool('proxyServer'),
    cache_params: cacheParams,
    prometheus_latency_buckets: listOf('litellmInit', num('litellmInit'), 'since v1.83.7 (PR #25527)'),
    custom_prometheus_metadata_labels: listOf('prometheus', str('prometheus')),
    require_auth_for_metrics_endpoint: bool('litellmInit'),
    prompt_injection_params: promptInjectionParams,
    s3_callback_params: s3CallbackParams,
  }, 'unknown keys are set on the litellm module and do nothing: a typo passes LiteLLM silently, so the contract rejects it'),
  router_settings: map('proxyServer', {
    routing_strategy: { source: 'router', type: 'string', values: ['simple-shuffle', 'least-busy', 'usage-based-routing', 'usage-based-routing-v2', 'latency-based-routing', 'cost-based-routing'] },
    redis_host: str('router'),
    redis_port: str('router'),
    redis_password: str('router'),
    num_retries: num('router'),
    retry_policy: map('router', Object.fromEntries(['BadRequestErrorRetries', 'AuthenticationErrorRetries', 'TimeoutErrorRetries', 'RateLimitErrorRetries', 'ContentPolicyViolationErrorRetries', 'InternalServerErrorRetries'].map((k) => [k, num('router')]))),
    allowed_fails: num('router'),
    cooldown_time: num('router'),
    disable_cooldowns: bool('router'),
    timeout: num('router'),
    stream_timeout: num('router'),
    max_fallbacks: num('router'),
    enable_pre_call_checks: bool('router'),
    enable_tag_filtering: bool('router'),
    fallbacks: fallbackRules,
    context_window_fallbacks: fallbackRules,
    content_policy_fallbacks: fallbackRules,
    default_fallbacks: listOf('router', str('router')),
    model_group_alias: { source: 'router', type: 'map', openKeys: true },
  }, 'keys that are not Router.__init__ parameters are dropped silently, so the contract rejects them'),
  general_settings: map('proxyTypes', {
    master_key: str('proxyServer'),
    database_url: str('proxyTypes'),
    database_connection_pool_limit: num('proxyCli', 'applied by the CLI only when the config comes from --config'),
    database_connection_timeout: num('proxyCli'),
    disable_prisma_schema_update: bool('prismaClient'),
    proxy_batch_write_at: num('proxyTypes'),
    disable_spend_logs: bool('proxyTypes'),
    disable_error_logs: bool('proxyTypes'),
    background_health_checks: bool('proxyTypes'),
    health_check_interval: num('proxyTypes'),
    max_request_size_mb: num('proxyTypes'),
    allow_requests_on_db_unavailable: bool('proxyTypes'),
    store_model_in_db: bool('proxyServer'),
    allowed_routes: listOf('proxyTypes', str('proxyTypes'), 'Enterprise'),
  }),
  guardrails: { source: 'guardrailTypes', type: 'list', note: 'checked entry by entry against CONTRACT_GUARDRAILS' },
  callback_settings: map('proxyServer', {
    otel: map('otel', { message_logging: bool('otel') }),
  }, 'top-level section (not under litellm_settings)'),
  environment_variables: { source: 'proxyTypes', type: 'map', openKeys: true, items: str('proxyTypes') },
};
