import type { ContractSourceId } from './sources';

/** One environment variable: who reads it and what it does. */
export interface ContractVariable {
  readonly source: ContractSourceId;
  /** `litellm`: the proxy reads it; `library`: a library in the image does (boto3, Prisma); `platform`: ours, LiteLLM ignores it. */
  readonly readBy: 'litellm' | 'library' | 'platform';
  /** Accepted values, when the variable is an enumeration. */
  readonly values?: ReadonlyArray<string>;
  readonly note?: string;
}

const litellm = (source: ContractSourceId, note?: string, values?: ReadonlyArray<string>): ContractVariable => ({ source, readBy: 'litellm', ...(note ? { note } : {}), ...(values ? { values } : {}) });

/**
 * Environment variables of the LiteLLM container the pinned image reads. Variables a config references as
 * `os.environ/NAME` are accepted too (LiteLLM reads them through the config); anything else is a typo or a
 * variable nobody reads.
 */
export const CONTRACT_ENVIRONMENT: Readonly<Record<string, ContractVariable>> = {
  LITELLM_MODE: litellm('proxyCli', 'anything but DEV skips load_dotenv', ['PRODUCTION', 'DEV']),
  LITELLM_LOG: litellm('proxyCli', 'uvicorn and proxy log level', ['ERROR', 'WARNING', 'INFO', 'DEBUG']),
  NUM_WORKERS: litellm('proxyCli', 'click envvar of --num_workers'),
  PORT: litellm('proxyCli', 'click envvar of --port'),
  HOST: litellm('proxyCli', 'click envvar of --host'),
  LITELLM_MASTER_KEY: litellm('proxyServer'),
  LITELLM_SALT_KEY: litellm('saltKey'),
  DATABASE_URL: litellm('proxyCli'),
  DIRECT_URL: litellm('proxyCli'),
  DATABASE_URL_READ_REPLICA: litellm('proxyCli'),
  DATABASE_HOST: litellm('dbEnv', 'host:port when DATABASE_URL is built from parts'),
  DATABASE_USERNAME: litellm('dbEnv'),
  DATABASE_PASSWORD: litellm('dbEnv'),
  DATABASE_NAME: litellm('dbEnv'),
  DATABASE_SCHEMA: litellm('dbEnv'),
  DATABASE_PORT: litellm('docsProd', 'RDS IAM auth (docs)'),
  DATABASE_USER: litellm('docsProd', 'RDS IAM auth (docs); the URL-from-parts path reads DATABASE_USERNAME'),
  IAM_TOKEN_DB_AUTH: litellm('proxyCli', 'or --iam_token_db_auth'),
  USE_AWS_KMS: litellm('proxyCli'),
  DISABLE_SCHEMA_UPDATE: litellm('prismaClient', 'serving containers skip migrations', ['true', 'false', 'True', 'False']),
  LITELLM_MIGRATION_DIR: litellm('migrationDir'),
  PROMETHEUS_MULTIPROC_DIR: litellm('proxyCli', 'must be writable'),
  LITELLM_CONFIG_BUCKET_NAME: litellm('configBucket'),
  LITELLM_CONFIG_BUCKET_OBJECT_KEY: litellm('configBucket'),
  LITELLM_CONFIG_BUCKET_TYPE: litellm('configBucket', undefined, ['s3', 'gcs']),
  CONFIG_FILE_PATH: litellm('configBucket'),
  REDIS_HOST: litellm('proxyServer'),
  REDIS_PORT: litellm('proxyServer'),
  REDIS_PASSWORD: litellm('proxyServer'),
  REDIS_SSL: litellm('docsProd', 'TLS to Redis (ElastiCache in-transit encryption)'),
  REDIS_SSL_CA_CERTS: litellm('docsProd', 'CA bundle for Redis TLS (Memorystore SERVER_AUTHENTICATION)'),
  DISABLE_ADMIN_UI: litellm('docsProd', undefined, ['True', 'False', 'true', 'false']),
  STORE_MODEL_IN_DB: litellm('docsProd'),
  LITELLM_LOCAL_MODEL_COST_MAP: litellm('docsProd'),
  OTEL_EXPORTER: litellm('otel', undefined, ['console', 'otlp_http', 'otlp_grpc']),
  OTEL_ENDPOINT: litellm('otel'),
  OTEL_HEADERS: litellm('otel'),
  OTEL_SERVICE_NAME: litellm('otel'),
  OTEL_ENVIRONMENT_NAME: litellm('otel'),
  OTEL_EXPORTER_OTLP_ENDPOINT: litellm('otel'),
  OTEL_EXPORTER_OTLP_PROTOCOL: litellm('otel'),
  OTEL_EXPORTER_OTLP_HEADERS: litellm('otel'),
  PRESIDIO_ANALYZER_API_BASE: litellm('presidio'),
  PRESIDIO_ANONYMIZER_API_BASE: litellm('presidio'),
  AWS_REGION_NAME: litellm('rdsIam'),
  AWS_REGION: { source: 'rdsIam', readBy: 'library', note: 'boto3 default region; LiteLLM falls back to it' },
  AWS_DEFAULT_REGION: { source: 'rdsIam', readBy: 'library', note: 'boto3 default region' },
  LITELLM_CONFIG_SHA256: { source: 'proxyServer', readBy: 'platform', note: 'the config hash: changes roll the service; LiteLLM ignores it' },
};

/** A CLI flag of `litellm` (the image's entrypoint passes its arguments on). */
export interface ContractFlag {
  readonly source: ContractSourceId;
  /** Whether the flag takes a value (the next argument). */
  readonly takesValue: boolean;
  readonly note?: string;
}

export const CONTRACT_CLI: Readonly<Record<string, ContractFlag>> = {
  '--config': { source: 'proxyCli', takesValue: true, note: 'also -c; the CLI applies general_settings database options only with it' },
  '-c': { source: 'proxyCli', takesValue: true },
  '--port': { source: 'proxyCli', takesValue: true },
  '--host': { source: 'proxyCli', takesValue: true },
  '--num_workers': { source: 'proxyCli', takesValue: true },
  '--skip_server_startup': { source: 'proxyCli', takesValue: false, note: 'runs database setup (migrations) and exits' },
  '--iam_token_db_auth': { source: 'proxyCli', takesValue: false },
  '--use_prisma_db_push': { source: 'proxyCli', takesValue: false },
  '--run_gunicorn': { source: 'proxyCli', takesValue: false },
  '--keepalive_timeout': { source: 'proxyCli', takesValue: true },
  '--max_requests_before_restart': { source: 'proxyCli', takesValue: true },
};
