/**
 * Where each entry of the LiteLLM contract was read. Every entry of the contract names one of these.
 *
 * The source index holds individual stored versions of BerriAI/litellm files, not the tree of one tag, so
 * each file is cited at the commit it was read at. `atPin` says how that version relates to the pinned
 * image (`v1.83.14-stable`): `newer`/`older` when the version is known to be after/before the pin (facts taken
 * from a newer version are ones whose history puts them before the pin), `unmapped` when the stored version's
 * date is unknown and the fact held in every stored version read, `docs` for facts read from LiteLLM's
 * documentation where no source file was at hand. Where a reference sheet gave no commit, `commit` names the
 * function read instead. `via` names the shared reference
 * sheet a citation was taken from (shared/reference/litellm-runtime.md, read file by file by another session).
 * Pure data: no cdktf.
 */
export interface ContractSource {
  readonly repo: 'BerriAI/litellm';
  readonly path: string;
  /** Full commit when read here; the short hash when taken from a reference sheet. */
  readonly commit: string;
  /** What was read there. */
  readonly read: string;
  readonly atPin: 'newer' | 'older' | 'unmapped' | 'docs';
  readonly via?: string;
}

const repo = 'BerriAI/litellm' as const;
const SHEET = 'shared/reference/litellm-runtime.md';

export const CONTRACT_SOURCES = {
  guardrailTypes: { repo, path: 'litellm/types/guardrails.py', commit: '00d71caa6c9de01d39e73e86d94cf903705a9607', atPin: 'newer', read: 'SupportedGuardrailIntegrations; LitellmParams = BaseLitellmParams(extra="allow") + ContentFilterConfigModel (patterns, blocked_words, categories, pattern_redaction_format), PresidioConfigModel, BedrockGuardrailConfigModel; mode: str | list | Mode' },
  guardrailTypesOld: { repo, path: 'litellm/types/guardrails.py', commit: '3adedc31', atPin: 'older', via: SHEET, read: 'the 13-entry SupportedGuardrailIntegrations (presidio, bedrock, lakera_v2, hide-secrets, ...); no litellm_pii' },
  guardrailRegistry: { repo, path: 'litellm/proxy/guardrails/guardrail_registry.py', commit: '00e06b86', atPin: 'newer', via: SHEET, read: 'unregistered types raise ValueError("Unsupported guardrail: ...") at startup; a hook whose import fails is dropped (then "Unsupported")' },
  contentFilterPatterns: { repo, path: 'litellm/proxy/guardrails/guardrail_hooks/litellm_content_filter/patterns.json', commit: '0672d9c6f4195a14ea18cb1a5e7120a24d19e84a', atPin: 'unmapped', read: 'prebuilt pattern names (us_ssn, email, us_phone, visa, mastercard, amex, discover, credit_card, aws_access_key, aws_secret_key, github_token, slack_token, generic_api_key, ipv4, ipv6, url, passport_*); unknown names raise "Unknown pattern name"' },
  presidio: { repo, path: 'litellm/proxy/guardrails/guardrail_hooks/presidio.py', commit: '002d3b68', atPin: 'newer', via: SHEET, read: 'analyzer and anonymizer api_base (params or PRESIDIO_ANALYZER_API_BASE / PRESIDIO_ANONYMIZER_API_BASE) are required: startup fails without either' },
  proxyCli: { repo, path: 'litellm/proxy/proxy_cli.py', commit: '00540380f3a3fee745e2d600eb50ff87bc413727', atPin: 'newer', read: 'click options (--host/HOST, --port/PORT, --num_workers/NUM_WORKERS, --config/-c, --skip_server_startup, --iam_token_db_auth, --use_prisma_db_push, ...); LITELLM_MODE; LITELLM_LOG; DATABASE_URL, DIRECT_URL, DATABASE_URL_READ_REPLICA, IAM_TOKEN_DB_AUTH, USE_AWS_KMS, PROMETHEUS_MULTIPROC_DIR; general_settings read only with --config (database_url, database_connection_pool_limit, database_connection_timeout, disable_prisma_schema_update)' },
  proxyServer: { repo, path: 'litellm/proxy/proxy_server.py', commit: '9344afb26bc94b9555d82a71a7bd6371c475c65b', atPin: 'older', read: 'initialize(): LITELLM_LOG; router_settings: keys not in inspect.getfullargspec(litellm.Router).args are dropped silently; litellm_settings: special keys (cache, cache_params, callbacks, success_callback, failure_callback, guardrails, ...) and setattr(litellm, key, value) for every other key (typos pass silently); general_settings.master_key or LITELLM_MASTER_KEY; callback_settings read from the top level (also at a stored newer version, index id 67515528)' },
  proxyTypes: { repo, path: 'litellm/proxy/_types.py', commit: '0bf90f0c206a923c997ac1ee780d1e4b02af811c', atPin: 'older', read: 'ConfigGeneralSettings (documents general_settings: master_key, database_url, database_connection_pool_limit, database_connection_timeout, background_health_checks, health_check_interval, max_request_size_mb, allowed_routes, ...), ConfigYAML sections, LiteLLMPromptInjectionParams (llm_api_check needs llm_api_name, llm_api_system_prompt, llm_api_fail_call_string), AllCallbacks.otel env (OTEL_EXPORTER, OTEL_ENDPOINT, OTEL_HEADERS), public_routes' },
  router: { repo, path: 'litellm/router.py', commit: 'f292d1ae7d83f2bc07c80c10d1a61bf63cb087bd', atPin: 'unmapped', read: 'Router.__init__ parameters (redis_host/port/password, num_retries, max_fallbacks, timeout, stream_timeout, default_fallbacks, fallbacks, context_window_fallbacks, content_policy_fallbacks, enable_pre_call_checks, retry_policy, allowed_fails, cooldown_time, routing_strategy Literal), the same in every stored version read around the pin' },
  litellmInit: { repo, path: 'litellm/__init__.py', commit: '89c6992f1228b0a056b39bd5ab4c369ba8090b60', atPin: 'unmapped', read: 'module attributes litellm_settings sets: _custom_logger_compatible_callbacks_literal (prometheus, otel, s3_v2, ...), callback_settings, prometheus_latency_buckets, require_auth_for_metrics_endpoint, turn_off_message_logging, redact_user_api_key_info, request_timeout, json_logs, cache, service_callback, custom_prometheus_metadata_labels, s3_callback_params (read in several stored versions; prometheus_latency_buckets since v1.83.7, PR #25527)' },
  promptInjectionHook: { repo, path: 'litellm/proxy/hooks/prompt_injection_detection.py', commit: '93a1a865f0012eb22067f16427a7c0e584e2ac62', atPin: 'docs', read: 'litellm_settings.callbacks: ["detect_prompt_injection"] loads the hook, which reads litellm_settings.prompt_injection_params (docs/my-website/docs/proxy/prompt_injection.md links this file at this commit)' },
  s3v2: { repo, path: 'litellm/integrations/s3_v2.py', commit: '035381e6', atPin: 'newer', via: SHEET, read: 's3_callback_params keys (s3_bucket_name, s3_region_name, s3_path, s3_endpoint_url, s3_aws_*, s3_use_team_prefix, s3_use_key_prefix, s3_server_side_encryption, s3_sse_kms_key_id); os.environ/ values resolved' },
  otel: { repo, path: 'litellm/integrations/opentelemetry.py', commit: '00145a6c', atPin: 'newer', via: SHEET, read: 'OTEL_EXPORTER, OTEL_ENDPOINT, OTEL_HEADERS, OTEL_SERVICE_NAME, OTEL_ENVIRONMENT_NAME and the OTEL_EXPORTER_OTLP_* forms; callback_settings.otel.message_logging' },
  prometheus: { repo, path: 'litellm/integrations/prometheus.py', commit: '002de3dd', atPin: 'newer', via: SHEET, read: 'prometheus callback mounts /metrics; custom_prometheus_metadata_labels; multiproc via PROMETHEUS_MULTIPROC_DIR' },
  dbEnv: { repo, path: 'litellm/proxy/utils.py', commit: 'construct_database_url_from_env_vars', atPin: 'newer', via: SHEET, read: 'DATABASE_HOST (host:port), DATABASE_USERNAME, DATABASE_PASSWORD, DATABASE_NAME, DATABASE_SCHEMA' },
  prismaClient: { repo, path: 'litellm/proxy/db/prisma_client.py', commit: 'should_update_prisma_schema', atPin: 'newer', via: SHEET, read: 'DISABLE_SCHEMA_UPDATE=true or general_settings.disable_prisma_schema_update skips migrations' },
  migrationDir: { repo, path: 'litellm-proxy-extras/litellm_proxy_extras/utils.py', commit: '#10336', atPin: 'newer', via: SHEET, read: 'LITELLM_MIGRATION_DIR: migrations are copied there before they run' },
  configBucket: { repo, path: 'litellm/proxy/proxy_server.py', commit: 'BaseProxyConfig.get_config', atPin: 'newer', via: SHEET, read: 'LITELLM_CONFIG_BUCKET_NAME, LITELLM_CONFIG_BUCKET_OBJECT_KEY, LITELLM_CONFIG_BUCKET_TYPE (bucket before file), CONFIG_FILE_PATH' },
  nonRootImage: { repo, path: 'docker/Dockerfile.non_root', commit: '004c6b1b', atPin: 'newer', via: SHEET, read: 'HOME=/app, PRISMA_BINARY_CACHE_DIR, XDG_CACHE_HOME, NPM_CONFIG_CACHE, PRISMA_OFFLINE_MODE set by the image' },
  saltKey: { repo, path: 'litellm/proxy/common_utils/encrypt_decrypt_utils.py', commit: '_get_salt_key', atPin: 'newer', via: 'BOARD (TEN-LAMBDA, 06:30)', read: 'LITELLM_SALT_KEY encrypts stored credentials (falls back to the master key when unset)' },
  rdsIam: { repo, path: 'litellm/proxy/auth/rds_iam_token.py', commit: '076d1da40725b5dac016ebfb505c264d440bee9e', atPin: 'newer', read: 'AWS_REGION_NAME, then AWS_REGION for the RDS token client; generate_iam_auth_token(db_host, db_port, db_user)' },
  requirements: { repo, path: 'requirements.txt', commit: '00e06b862370b670316c20336cb2bf1534ea7685', atPin: 'older', read: 'Python packages of the proxy image: prometheus_client 0.20.0, opentelemetry-api/sdk/exporter-otlp 1.25.0, boto3 1.36.0, redis 5.2.1, prisma 0.11.0 (+ nodejs-bin), detect-secrets 1.5.0 ("Enterprise"), litellm-enterprise; no presidio packages (openai==1.99.5 dates it before the pin)' },
  docsProd: { repo, path: 'docs/my-website/docs/proxy/prod.md', commit: 'docs.litellm.ai (unversioned)', atPin: 'docs', read: 'DISABLE_ADMIN_UI, STORE_MODEL_IN_DB, LITELLM_LOCAL_MODEL_COST_MAP, REDIS_SSL, RDS IAM: DATABASE_HOST, DATABASE_PORT, DATABASE_USER, DATABASE_NAME' },
} as const satisfies Record<string, ContractSource>;

export type ContractSourceId = keyof typeof CONTRACT_SOURCES;
