/**
 * What the pinned OpenTelemetry collector images actually contain, and the configuration keys of the
 * components this library configures. The rendered collector config is checked against this contract
 * (`checkCollectorConfig`), so a component missing from an image, or a misspelt key, fails the build here
 * rather than crash-looping a sidecar in production. Pure data: no cdktf.
 *
 * Provenance (read, not recalled):
 * - ADOT `public.ecr.aws/aws-observability/aws-otel-collector:v0.49.0`: aws-observability/aws-otel-collector
 *   tag v0.49.0 (commit 0771477f9db2879afad3ae3ff7811b5264a151a8), `pkg/defaultcomponents/defaults.go`
 *   (the factories registered in the binary), `go.mod` (contrib and core at v0.156.0),
 *   `cmd/awscollector/Dockerfile` (entrypoint `/awscollector`, a `/healthcheck` binary that GETs
 *   127.0.0.1:13133/), `pkg/config/config_factory.go` (`AOT_CONFIG_CONTENT` replaces `--config`).
 * - Google-Built OpenTelemetry Collector `us-docker.pkg.dev/cloud-ops-agents-artifacts/google-cloud-opentelemetry-collector/otelcol-google:0.156.1`:
 *   GoogleCloudPlatform/opentelemetry-operations-collector commit d90c141b19e88544445560ecec52bf3ccb6ff10e,
 *   `google-built-opentelemetry-collector/manifest.yaml` (the builder manifest: every component at contrib
 *   v0.156.0; `envprovider` for `--config=env:NAME`) and `Dockerfile` (entrypoint `/otelcol-google` with the
 *   feature gates repeated in `OTELCOL_GOOGLE_ENTRYPOINT`).
 * - Config keys, both images at contrib/core v0.156.0, from the ADOT tag's vendored sources
 *   (`vendor/github.com/open-telemetry/opentelemetry-collector-contrib/**` and `vendor/go.opentelemetry.io/collector/**`):
 *   `exporter/prometheusremotewriteexporter/config.schema.yaml`, `exporter/awsxrayexporter/config.schema.yaml`,
 *   `internal/aws/awsutil/config.schema.yaml`, `extension/sigv4authextension/config.schema.yaml`,
 *   `internal/healthcheck/config.go` (legacy `endpoint`/`path`), `internal/coreinternal/attraction/config.schema.yaml`,
 *   `processor/filterprocessor/config.go`, `processor/resourcedetectionprocessor/config.go`,
 *   `receiver/prometheusreceiver/config.schema.yaml` (the embedded Prometheus scrape config),
 *   `receiver/otlpreceiver/config.go`, `processor/batchprocessor/config.go`, `internal/memorylimiter/config.go`;
 *   and open-telemetry/opentelemetry-collector-contrib `exporter/googlemanagedprometheusexporter/config.go`,
 *   `exporter/googlecloudexporter/config.go`, `processor/redactionprocessor/config.go` (Google image only).
 */

/** Allowed keys of one configuration object: a leaf (any value), a nested object, a list or a free map. */
export type CollectorKeySpec =
  | 'leaf'
  | { readonly kind: 'object'; readonly keys: Readonly<Record<string, CollectorKeySpec>> }
  | { readonly kind: 'list'; readonly item: CollectorKeySpec }
  | { readonly kind: 'map'; readonly value: CollectorKeySpec };

const leaf = 'leaf' as const;
function obj(keys: Readonly<Record<string, CollectorKeySpec>>): CollectorKeySpec {
  return { kind: 'object', keys };
}
function list(item: CollectorKeySpec): CollectorKeySpec {
  return { kind: 'list', item };
}
function map(value: CollectorKeySpec = leaf): CollectorKeySpec {
  return { kind: 'map', value };
}

/** Collector component kinds (top-level sections of the config). */
export type ComponentKind = 'receivers' | 'processors' | 'exporters' | 'extensions';

// ---- Shared key sets ------------------------------------------------------------------------------

/** exporterhelper timeout/retry/queue (go.opentelemetry.io/collector/exporter/exporterhelper, config/configretry). */
const EXPORTER_HELPER: Readonly<Record<string, CollectorKeySpec>> = {
  timeout: leaf,
  retry_on_failure: obj({
    enabled: leaf, initial_interval: leaf, max_interval: leaf, max_elapsed_time: leaf, multiplier: leaf, randomization_factor: leaf,
  }),
  sending_queue: obj({ enabled: leaf, num_consumers: leaf, queue_size: leaf, storage: leaf }),
};

/** confighttp.ClientConfig (subset). */
const HTTP_CLIENT: Readonly<Record<string, CollectorKeySpec>> = {
  endpoint: leaf,
  auth: obj({ authenticator: leaf }),
  headers: map(),
  compression: leaf,
  tls: obj({ insecure: leaf, insecure_skip_verify: leaf, ca_file: leaf }),
};

/** Prometheus relabel config (receiver/prometheusreceiver config.schema.yaml `prom_relabel_config`). */
const RELABEL = obj({
  action: leaf, if: leaf, labels: map(), modulus: leaf, regex: leaf, replacement: leaf, separator: leaf, source_labels: leaf, target_label: leaf,
});

/** Prometheus scrape config (receiver/prometheusreceiver config.schema.yaml `prom_scrape_config`, subset). */
const SCRAPE_CONFIG = obj({
  job_name: leaf,
  scrape_interval: leaf,
  scrape_timeout: leaf,
  metrics_path: leaf,
  scheme: leaf,
  honor_labels: leaf,
  sample_limit: leaf,
  label_limit: leaf,
  static_configs: list(obj({ targets: leaf, labels: map() })),
  relabel_configs: list(RELABEL),
  metric_relabel_configs: list(RELABEL),
});

/** attraction.action_key_value (internal/coreinternal/attraction config.schema.yaml). */
const ATTRIBUTE_ACTION = obj({
  action: leaf, converted_type: leaf, default_value: leaf, from_attribute: leaf, from_context: leaf, key: leaf, pattern: leaf, value: leaf,
});

/** The configuration keys of every component type this library renders. */
export const COMPONENT_KEYS: Readonly<Record<ComponentKind, Readonly<Record<string, CollectorKeySpec>>>> = {
  receivers: {
    otlp: obj({ protocols: obj({ grpc: obj({ endpoint: leaf }), http: obj({ endpoint: leaf, traces_url_path: leaf }) }) }),
    prometheus: obj({
      config: obj({
        global: obj({ scrape_interval: leaf, scrape_timeout: leaf, external_labels: map() }),
        scrape_configs: list(SCRAPE_CONFIG),
      }),
    }),
  },
  processors: {
    memory_limiter: obj({ check_interval: leaf, limit_mib: leaf, spike_limit_mib: leaf, limit_percentage: leaf, spike_limit_percentage: leaf }),
    batch: obj({ timeout: leaf, send_batch_size: leaf, send_batch_max_size: leaf, metadata_keys: leaf, metadata_cardinality_limit: leaf }),
    attributes: obj({ actions: list(ATTRIBUTE_ACTION), include: leaf, exclude: leaf }),
    resource: obj({ attributes: list(ATTRIBUTE_ACTION) }),
    filter: obj({ error_mode: leaf, traces: obj({ span: leaf, spanevent: leaf, resource: leaf }) }),
    resourcedetection: obj({ detectors: leaf, override: leaf, timeout: leaf, refresh_interval: leaf }),
    redaction: obj({
      allow_all_keys: leaf,
      allowed_keys: leaf,
      blocked_key_patterns: leaf,
      ignored_keys: leaf,
      redact_all_types: leaf,
      blocked_values: leaf,
      allowed_values: leaf,
      summary: leaf,
    }),
  },
  exporters: {
    prometheusremotewrite: obj({
      ...HTTP_CLIENT,
      ...EXPORTER_HELPER,
      add_metric_suffixes: leaf,
      external_labels: map(),
      namespace: leaf,
      resource_to_telemetry_conversion: obj({ enabled: leaf }),
      target_info: obj({ enabled: leaf }),
      remote_write_queue: obj({ enabled: leaf, num_consumers: leaf, queue_size: leaf }),
      max_batch_size_bytes: leaf,
    }),
    awsxray: obj({
      aws_log_groups: leaf,
      index_all_attributes: leaf,
      indexed_attributes: leaf,
      endpoint: leaf,
      local_mode: leaf,
      max_retries: leaf,
      num_workers: leaf,
      region: leaf,
      request_timeout_seconds: leaf,
      resource_arn: leaf,
      role_arn: leaf,
    }),
    otlphttp: obj({ ...HTTP_CLIENT, ...EXPORTER_HELPER, traces_endpoint: leaf, metrics_endpoint: leaf, logs_endpoint: leaf }),
    googlecloud: obj({ project: leaf, user_agent: leaf, destination_project_quota: leaf, ...EXPORTER_HELPER }),
    googlemanagedprometheus: obj({ project: leaf, user_agent: leaf, metric: obj({ prefix: leaf }), ...EXPORTER_HELPER }),
  },
  extensions: {
    health_check: obj({ endpoint: leaf, path: leaf }),
    sigv4auth: obj({ region: leaf, service: leaf, assume_role: obj({ arn: leaf, external_id: leaf, session_name: leaf, sts_region: leaf }) }),
  },
};

/** A pinned collector image and the component types compiled into it. */
export interface CollectorDistribution {
  readonly id: 'adot' | 'otelcol-google';
  /** The image, pinned to a release tag. */
  readonly image: string;
  /** Component types registered in the binary, by kind. */
  readonly components: Readonly<Record<ComponentKind, ReadonlyArray<string>>>;
  /** Entrypoint and arguments that make the collector read its config from `CONFIG_ENVIRONMENT_VARIABLE`. */
  readonly command: ReadonlyArray<string>;
  /** Environment variable that carries the rendered YAML. */
  readonly configEnvironmentVariable: string;
}

/**
 * ADOT v0.49.0. Component type names are the factories' registered types (each factory's `metadata.yaml`
 * `type:` in the vendored module). `AOT_CONFIG_CONTENT` replaces the `--config` flag when it is set
 * (`pkg/config/config_factory.go`), so no command override is needed.
 */
export const ADOT: CollectorDistribution = {
  id: 'adot',
  image: 'public.ecr.aws/aws-observability/aws-otel-collector:v0.49.0',
  components: {
    receivers: ['awsecscontainermetrics', 'awscontainerinsightreceiver', 'awsxray', 'filelog', 'jaeger', 'kafka', 'otlp', 'prometheus', 'statsd', 'zipkin'],
    processors: [
      'attributes', 'batch', 'cumulativetodelta', 'deltatorate', 'filter', 'groupbytrace', 'k8sattributes', 'memory_limiter', 'metricstransform',
      'probabilistic_sampler', 'resource', 'resourcedetection', 'span', 'tail_sampling',
    ],
    exporters: ['awscloudwatchlogs', 'awsemf', 'awsxray', 'debug', 'file', 'kafka', 'loadbalancing', 'otlp', 'otlphttp', 'prometheus', 'prometheusremotewrite'],
    extensions: ['awsproxy', 'ecs_observer', 'file_storage', 'health_check', 'pprof', 'sigv4auth', 'zpages'],
  },
  command: [],
  configEnvironmentVariable: 'AOT_CONFIG_CONTENT',
};

/**
 * Google-Built OpenTelemetry Collector 0.156.1 (manifest.yaml). The image's entrypoint passes two feature
 * gates and `--config=/etc/otelcol-google/config.yaml`; the command below keeps the gates and reads the
 * config from the environment through the bundled `envprovider`.
 */
export const OTELCOL_GOOGLE: CollectorDistribution = {
  id: 'otelcol-google',
  image: 'us-docker.pkg.dev/cloud-ops-agents-artifacts/google-cloud-opentelemetry-collector/otelcol-google:0.156.1',
  components: {
    receivers: [
      'docker_stats', 'filelog', 'fluentforward', 'googlecloudmonitoring', 'googlecloudpubsub', 'hostmetrics', 'httpcheck', 'jaeger', 'jmx', 'journald',
      'k8s_cluster', 'k8s_events', 'k8sobjects', 'kubeletstats', 'otelarrow', 'otlp', 'otlpjsonfile', 'prometheus', 'prometheusremotewrite',
      'receiver_creator', 'redis', 'statsd', 'syslog', 'tcplog', 'zipkin',
    ],
    processors: [
      'attributes', 'batch', 'cumulativetodelta', 'deltatocumulative', 'deltatorate', 'filter', 'groupbyattrs', 'groupbytrace', 'interval', 'k8sattributes',
      'logdedup', 'memory_limiter', 'metricsgeneration', 'metricstarttime', 'metricstransform', 'probabilistic_sampler', 'redaction', 'remotetap',
      'resource', 'resourcedetection', 'tail_sampling', 'transform',
    ],
    exporters: [
      'debug', 'file', 'googlecloud', 'googlecloudpubsub', 'googlemanagedprometheus', 'googleservicecontrol', 'loadbalancing', 'nop', 'otelarrow',
      'otlp', 'otlphttp', 'prometheus', 'prometheusremotewrite',
    ],
    extensions: [
      'ack', 'basicauth', 'bearertokenauth', 'file_storage', 'googleclientauth', 'headers_setter', 'health_check', 'healthcheckv2', 'http_forwarder',
      'oauth2client', 'oidc', 'opamp', 'pprof', 'zpages',
    ],
  },
  command: [
    '/otelcol-google',
    '--feature-gates=exporter.googlemanagedprometheus.intToDouble,exporter.googlecloud.CustomMonitoredResources',
    '--config=env:OTELCOL_CONFIG',
  ],
  configEnvironmentVariable: 'OTELCOL_CONFIG',
};

/** The collector's health endpoint (health_check extension default port). */
export const COLLECTOR_HEALTH_PORT = 13133;

/**
 * ADOT's container health check: the image ships `/healthcheck` (`cmd/awscollector/Dockerfile` at v0.49.0,
 * `COPY --from=package /workspace/healthcheck /healthcheck`; source `cmd/healthcheck/main.go`), which GETs
 * `http://127.0.0.1:13133/` and exits non-zero unless it answers 200 (`--port` changes the port). The image is
 * `FROM scratch`: there is no shell, so ECS runs it in exec form (`CMD`).
 */
export const ADOT_HEALTHCHECK_COMMAND: ReadonlyArray<string> = ['/healthcheck', `--port=${COLLECTOR_HEALTH_PORT}`];
/** OTLP/HTTP receiver port. */
export const COLLECTOR_OTLP_HTTP_PORT = 4318;
