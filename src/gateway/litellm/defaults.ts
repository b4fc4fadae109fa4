/**
 * Production defaults for the LiteLLM gateway, in one place, each with where it comes from.
 * Pure data: no cdktf.
 */

/**
 * The LiteLLM image used when `LlmGateway` gets no `image`.
 *
 * Provenance: the tag `main-v1.83.14-stable` is a published LiteLLM stable release (BerriAI/litellm
 * release notes, `docs/my-website/release_notes`); it is later than v1.83.7, the first release with a
 * configurable `prometheus_latency_buckets` (PR #25527), and well clear of the trojanized PyPI 1.82.7 /
 * 1.82.8 (BerriAI/litellm#24512, OSV MAL-2026-2144). No registry digest for it could be verified from
 * here, so it is pinned by tag only: resolve it once (`crane digest ghcr.io/berriai/litellm:main-v1.83.14-stable`)
 * and pass `image: 'ghcr.io/berriai/litellm:main-v1.83.14-stable@sha256:<digest>'` to pin by digest.
 */
export const DEFAULT_LITELLM_IMAGE = 'ghcr.io/berriai/litellm:main-v1.83.14-stable';

/** LiteLLM's proxy port (litellm.md §2). */
export const LITELLM_PORT = 4000;

/**
 * LiteLLM versions that must never run: PyPI 1.82.7 and 1.82.8 were trojanized on 2026-03-24
 * (BerriAI/litellm#24512, OSV MAL-2026-2144).
 */
export const COMPROMISED_LITELLM_VERSIONS: ReadonlyArray<string> = ['1.82.7', '1.82.8'];

/** Tags that move: an image pinned to one of these is not pinned at all. */
export const FLOATING_IMAGE_TAGS: ReadonlyArray<string> = ['latest', 'main', 'main-latest', 'main-stable', 'stable', 'nightly', 'dev'];

export const ROUTING_DEFAULTS = {
  /** LiteLLM's default and recommended strategy (docs `proxy/prod`: usage-based routing costs throughput). */
  strategy: 'simple-shuffle',
  /**
   * LiteLLM defaults to 3. Two retries keep the worst case bounded: every retry can take up to `timeout`,
   * and each fallback group gets its own retries.
   */
  numRetries: 2,
  /** Upper bound we accept for `numRetries` and `maxFallbacks`: beyond it a failing request ties a worker up for many minutes. */
  maxRetriesBound: 5,
  /**
   * Per-call timeout, seconds. LiteLLM defaults to 600 s (`request_timeout`, router `timeout`), longer than
   * most load balancers keep an idle connection (ALB 60 s by default; runtimes raise theirs above this
   * value). 120 s covers non-streaming chat completions of a few thousand output tokens at ~30 tokens/s;
   * longer generations should stream or raise `timeoutSeconds` on the deployment.
   */
  timeoutSeconds: 120,
  /** Streaming calls: same bound, applied by LiteLLM per streaming call (time to the response, then between reads). */
  streamTimeoutSeconds: 120,
  /** LiteLLM config reference example values for `allowed_fails` / `cooldown_time` (docs `proxy/config_settings`). */
  allowedFails: 3,
  cooldownSeconds: 30,
  /** LiteLLM defaults to 5; two fallback hops are enough for region/provider failover and keep worst-case latency bounded. */
  maxFallbacks: 2,
} as const;

/**
 * Retries that cannot succeed cost money and latency: a bad request or a rejected credential fails again.
 * Keys from BerriAI/litellm `RetryPolicy`; the other exception types keep `num_retries`.
 */
export const RETRY_POLICY_DEFAULTS = {
  AuthenticationErrorRetries: 0,
  BadRequestErrorRetries: 0,
} as const;

/**
 * Latency histogram buckets, seconds. Must contain exactly 1.2: the platform's latency SLI is the ratio of
 * `litellm_request_total_latency_metric_bucket{le="1.2"}` to its count (observability.md §2). LiteLLM's
 * defaults have no 1.2 bound. The tail reaches 600 s, LiteLLM's own maximum request timeout.
 */
export const PROMETHEUS_LATENCY_BUCKETS: ReadonlyArray<number> = [0.1, 0.25, 0.5, 0.8, 1, 1.2, 1.5, 2, 3, 5, 10, 30, 60, 120, 300, 600];

export const DATABASE_POOL = {
  /** Share of the database's `max_connections` the gateway may use; the rest is for migrations, admin and bootstrap jobs. */
  shareOfMaxConnections: 0.8,
  /** Below two connections per worker, a spend-log batch write blocks key checks. */
  minPerWorker: 2,
  /** LiteLLM's default is 10; above 50 per worker a single worker can starve the others on a shared database. */
  maxPerWorker: 50,
} as const;

export const GENERAL_DEFAULTS = {
  /** Spend-log batch interval, seconds (litellm.md §3: 60; fewer, larger writes when many replicas share one database). */
  proxyBatchWriteAtSeconds: 60,
  /** Background health checks call every model (paid requests); when opted in, at most every 5 minutes (LiteLLM docs example). */
  healthCheckIntervalSeconds: 300,
} as const;

/** The environment variables the runtime must set for the config to resolve. */
export const ENV = {
  MASTER_KEY: 'LITELLM_MASTER_KEY',
  REDIS_HOST: 'REDIS_HOST',
  REDIS_PORT: 'REDIS_PORT',
  REDIS_PASSWORD: 'REDIS_PASSWORD',
} as const;

/**
 * Plain environment LiteLLM needs regardless of runtime (litellm.md §1 and §6). `NUM_WORKERS` is added
 * from the runtime's `workersPerReplica`.
 */
export const BASE_ENVIRONMENT: Readonly<Record<string, string>> = {
  // Migrations run as a separate one-off job that the runtime arranges; serving containers never migrate.
  DISABLE_SCHEMA_UPDATE: 'true',
  // Never DEBUG/INFO in production: debug logs include request bodies.
  LITELLM_LOG: 'ERROR',
  // Disables load_dotenv and other development conveniences.
  LITELLM_MODE: 'PRODUCTION',
  // Multi-worker Prometheus needs a writable directory shared by the workers; the runtime mounts it.
  PROMETHEUS_MULTIPROC_DIR: '/tmp/prometheus_multiproc',
};

/** Environment names the gateway or the runtime owns; `addEnvironment` may not override them. */
export const RESERVED_ENVIRONMENT: ReadonlyArray<string> = [
  ...Object.keys(BASE_ENVIRONMENT),
  'NUM_WORKERS',
  'DISABLE_ADMIN_UI',
  'LITELLM_CONFIG_SHA256',
  'LITELLM_MASTER_KEY',
  'LITELLM_SALT_KEY',
  'DATABASE_URL',
  'DATABASE_HOST',
  'DATABASE_PORT',
  'DATABASE_USER',
  'DATABASE_NAME',
  'DATABASE_HOST_READ_REPLICA',
  'IAM_TOKEN_DB_AUTH',
  'REDIS_HOST',
  'REDIS_PORT',
  'REDIS_PASSWORD',
  'REDIS_SSL',
  'REDIS_SSL_CA_CERTS',
];
