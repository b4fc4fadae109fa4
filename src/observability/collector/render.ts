import { Document } from 'yaml';
import { ADOT, COLLECTOR_HEALTH_PORT, COLLECTOR_OTLP_HTTP_PORT, type CollectorDistribution, OTELCOL_GOOGLE } from './contract';

/**
 * The OpenTelemetry collector configuration that runs beside a LiteLLM gateway: it scrapes LiteLLM's
 * Prometheus endpoint on localhost and exports the series (with a `gateway` label) to the target's
 * Prometheus; it receives LiteLLM's OTLP traces on localhost and exports them, with message content
 * stripped unless the gateway allows message logging. Pure: no cdktf.
 *
 * Pipeline order follows the collector's own guidance (observability.md §5): `memory_limiter` first,
 * `batch` last; content is stripped in the traces pipeline only (attribute rules would also rewrite
 * metric labels).
 */

/** Where scraped metrics go. */
export type CollectorMetricsExport =
  | { readonly kind: 'amp'; readonly remoteWriteUrl: string; readonly region: string }
  | { readonly kind: 'gmp'; readonly project: string };

/** Where traces go. */
export type CollectorTracesExport =
  | { readonly kind: 'xray'; readonly region: string }
  | { readonly kind: 'cloud-trace'; readonly project: string }
  | { readonly kind: 'otlp-http'; readonly endpoint: string };

export interface CollectorConfigInput {
  /** The image the config is for (decides the components available). */
  readonly distribution: CollectorDistribution;
  /** Value of the `gateway` label on every scraped series. */
  readonly gatewayName: string;
  /** `host:port` of LiteLLM inside the task/pod. @default '127.0.0.1:4000' */
  readonly scrapeTarget?: string;
  /** @default 30 */
  readonly scrapeIntervalSeconds?: number;
  readonly metrics: CollectorMetricsExport;
  /** @default - no traces pipeline */
  readonly traces?: CollectorTracesExport;
  /** Keep prompt/response attributes on spans (only when the gateway allows message logging). @default false */
  readonly keepMessageContent?: boolean;
  /** Memory of the collector container; the memory limiter keeps 80 % of it. */
  readonly memoryMiB: number;
}

/**
 * Span attributes that carry message content. GenAI semantic conventions (open-telemetry/semantic-conventions-genai,
 * sensitive opt-in attributes and the legacy indexed forms) and the OpenInference names LiteLLM also emits
 * (BerriAI/litellm `litellm/integrations/_types/open_inference.py` SpanAttributes: `input.value`,
 * `output.value`, `llm.input_messages.*`, `llm.output_messages.*`).
 */
export const CONTENT_ATTRIBUTE_KEYS: ReadonlyArray<string> = [
  'gen_ai.input.messages',
  'gen_ai.output.messages',
  'gen_ai.system_instructions',
  'gen_ai.tool.definitions',
  'input.value',
  'output.value',
];
export const CONTENT_ATTRIBUTE_PATTERNS: ReadonlyArray<string> = [
  '^gen_ai\\.(prompt|completion)\\..*',
  '^llm\\.(input|output)_messages\\..*',
];

/**
 * LiteLLM's `raw_gen_ai_request` span (BerriAI/litellm `litellm/integrations/opentelemetry.py`
 * `RAW_REQUEST_SPAN_NAME`) holds the provider request body; it is dropped unless content is kept.
 */
export const RAW_REQUEST_SPAN = 'raw_gen_ai_request';

/** High-cardinality or personal labels LiteLLM puts on its series (observability.md §1). */
export const DROPPED_METRIC_LABELS: ReadonlyArray<string> = ['hashed_api_key', 'client_ip', 'user_agent', 'end_user', 'user_email'];

/** Values shaped like LiteLLM/OpenAI/Anthropic keys, masked in span attributes where the image has `redaction`. */
export const SECRET_VALUE_PATTERNS: ReadonlyArray<string> = ['sk-[A-Za-z0-9_-]{20,}'];

/** LiteLLM's metrics route (litellm.md §1: `/metrics/` on the proxy port). */
export const LITELLM_METRICS_PATH = '/metrics/';

export type CollectorConfig = Record<string, unknown>;

/** The collector configuration object (render it with `renderCollectorYaml`). */
export function collectorConfig(input: CollectorConfigInput): CollectorConfig {
  const dist = input.distribution;
  const interval = `${input.scrapeIntervalSeconds ?? 30}s`;
  const limitMiB = Math.floor(input.memoryMiB * 0.8);
  const spikeMiB = Math.max(1, Math.floor(input.memoryMiB * 0.2));

  const extensions: Record<string, unknown> = {
    // 0.0.0.0: Cloud Run and Kubernetes probe the container's address, not its loopback.
    health_check: { endpoint: `0.0.0.0:${COLLECTOR_HEALTH_PORT}` },
  };
  const receivers: Record<string, unknown> = {
    prometheus: {
      config: {
        scrape_configs: [{
          job_name: 'litellm',
          scrape_interval: interval,
          scrape_timeout: '10s',
          metrics_path: LITELLM_METRICS_PATH,
          static_configs: [{ targets: [input.scrapeTarget ?? '127.0.0.1:4000'], labels: { gateway: input.gatewayName } }],
          metric_relabel_configs: [{ action: 'labeldrop', regex: DROPPED_METRIC_LABELS.join('|') }],
        }],
      },
    },
  };
  const processors: Record<string, unknown> = {
    memory_limiter: { check_interval: '1s', limit_mib: limitMiB, spike_limit_mib: spikeMiB },
    batch: { timeout: '10s', send_batch_size: 1024 },
  };
  const exporters: Record<string, unknown> = {};
  const pipelines: Record<string, unknown> = {};

  // ---- metrics ----
  const metricsProcessors = ['memory_limiter'];
  let metricsExporter: string;
  if (input.metrics.kind === 'amp') {
    extensions.sigv4auth = { region: input.metrics.region, service: 'aps' };
    exporters.prometheusremotewrite = {
      endpoint: input.metrics.remoteWriteUrl,
      auth: { authenticator: 'sigv4auth' },
      resource_to_telemetry_conversion: { enabled: false },
      // One `target_info` series per task adds nothing the `gateway` label does not already say.
      target_info: { enabled: false },
      timeout: '30s',
    };
    metricsExporter = 'prometheusremotewrite';
  } else {
    // Cloud Run: the prometheus_target monitored resource needs location/namespace from the gcp detector.
    processors.resourcedetection = { detectors: ['env', 'gcp'], timeout: '10s', override: false };
    metricsProcessors.push('resourcedetection');
    exporters.googlemanagedprometheus = { project: input.metrics.project };
    metricsExporter = 'googlemanagedprometheus';
  }
  metricsProcessors.push('batch');
  pipelines.metrics = { receivers: ['prometheus'], processors: metricsProcessors, exporters: [metricsExporter] };

  // ---- traces ----
  if (input.traces) {
    // Loopback only: LiteLLM shares the task's/pod's network namespace; nothing else may send spans.
    receivers.otlp = { protocols: { http: { endpoint: `127.0.0.1:${COLLECTOR_OTLP_HTTP_PORT}` } } };
    const traceProcessors = ['memory_limiter'];
    if (!input.keepMessageContent) {
      processors['filter/raw-requests'] = { error_mode: 'ignore', traces: { span: [`name == "${RAW_REQUEST_SPAN}"`] } };
      processors['attributes/strip-message-content'] = {
        actions: [
          ...CONTENT_ATTRIBUTE_KEYS.map((key) => ({ key, action: 'delete' })),
          ...CONTENT_ATTRIBUTE_PATTERNS.map((pattern) => ({ pattern, action: 'delete' })),
        ],
      };
      traceProcessors.push('filter/raw-requests', 'attributes/strip-message-content');
    }
    if (dist.components.processors.includes('redaction')) {
      processors['redaction/secrets'] = { allow_all_keys: true, blocked_values: [...SECRET_VALUE_PATTERNS], summary: 'silent' };
      traceProcessors.push('redaction/secrets');
    }
    traceProcessors.push('batch');
    let tracesExporter: string;
    switch (input.traces.kind) {
      case 'xray':
        // X-Ray indexes nothing by default; the team and model are what on-call filters by.
        exporters.awsxray = { region: input.traces.region, indexed_attributes: ['gen_ai.request.model', 'metadata.user_api_key_team_alias'] };
        tracesExporter = 'awsxray';
        break;
      case 'cloud-trace':
        exporters.googlecloud = { project: input.traces.project };
        tracesExporter = 'googlecloud';
        break;
      default:
        exporters.otlphttp = { traces_endpoint: input.traces.endpoint };
        tracesExporter = 'otlphttp';
    }
    pipelines.traces = { receivers: ['otlp'], processors: traceProcessors, exporters: [tracesExporter] };
  }

  return {
    extensions,
    receivers,
    processors,
    exporters,
    service: {
      extensions: Object.keys(extensions),
      // The collector's own telemetry stays local: nothing scrapes it and it must not bind a public port.
      telemetry: { metrics: { level: 'none' }, logs: { level: 'warn' } },
      pipelines,
    },
  };
}

/** Deterministic YAML for a collector config. */
export function renderCollectorYaml(config: CollectorConfig): string {
  const doc = new Document(config);
  doc.commentBefore = ' Generated by cdktf-llm-platform. Do not edit.';
  return doc.toString({ lineWidth: 0, indentSeq: true });
}

/** The distribution for a runtime's cloud. */
export function distributionFor(cloud: 'aws' | 'gcp'): CollectorDistribution {
  return cloud === 'aws' ? ADOT : OTELCOL_GOOGLE;
}
