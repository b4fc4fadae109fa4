import { INFERENCE_ROUTES, NOT_AN_INFERENCE_ROUTE_BODY, REDACTION_OVERRIDE_HEADER, REDACTION_OVERRIDE_REFUSED_BODY } from './routes';

/**
 * The edge container that stands in front of LiteLLM where no load balancer can filter routes (Kubernetes, Cloud
 * Run): nginx forwarding only the inference routes to LiteLLM on localhost. Pure: no cdktf. The rendered config
 * is checked with the real nginx binary in the tests (`nginx -t`).
 */

/**
 * The edge image: nginx's unprivileged build (listens on 8080, runs as a non-root uid, writes only to /tmp),
 * published by NGINX Inc. Pin it by digest in production (`image:tag@sha256:...`).
 */
export const EDGE_PROXY_IMAGE = 'docker.io/nginxinc/nginx-unprivileged:1.27.4-alpine';

/** Port the edge listens on for callers. */
export const EDGE_PROXY_PORT = 8080;

/**
 * Port of the edge's metrics-only listener (Kubernetes: Service port `metrics`), for a Prometheus outside the pod:
 * it serves LiteLLM's `/metrics/` and nothing else, so a scraper never reaches the admin API.
 */
export const EDGE_METRICS_PORT = 9090;

/** What the metrics listener forwards: LiteLLM mounts its Prometheus app at `/metrics/` (litellm-runtime.md §4). */
export const EDGE_METRICS_PATH = '/metrics/';

/** Path the edge answers itself (probes of the edge container; never forwarded). */
export const EDGE_PROXY_HEALTH_PATH = '/edge-healthz';

/** Where the edge's config file is mounted, and the command that runs nginx with it (no image entrypoint scripts). */
export const EDGE_PROXY_CONFIG_DIR = '/etc/llm-edge';
export const EDGE_PROXY_COMMAND: ReadonlyArray<string> = ['nginx', '-c', `${EDGE_PROXY_CONFIG_DIR}/nginx.conf`, '-g', 'daemon off;'];

export interface EdgeProxyConfigInput {
  /** Port LiteLLM listens on, on localhost. */
  readonly upstreamPort: number;
  /** Refuse requests carrying LiteLLM's redaction override header (400). */
  readonly refuseRedactionOverride: boolean;
  /** Largest request body. @default 64 (MiB: multimodal prompts, audio uploads) */
  readonly maxBodyMiB?: number;
  /** Read/send timeout towards LiteLLM; above LiteLLM's own request timeouts. @default 600 */
  readonly timeoutSeconds?: number;
  /** nginx worker processes. @default 2 */
  readonly workers?: number;
  /** Port to listen on. @default EDGE_PROXY_PORT */
  readonly listenPort?: number;
  /** Writable directory for the pid and temp files (an emptyDir / in-memory volume). @default '/tmp' */
  readonly tmpDir?: string;
  /**
   * Also listen here for metrics scrapers: `GET /metrics` and `/metrics/` go to LiteLLM's `/metrics/`, everything
   * else is a 404. @default - no metrics listener
   */
  readonly metricsPort?: number;
}

/** nginx string literal (single-quoted; the renderer only ever quotes its own constants). */
function quote(text: string): string {
  if (/['\\\n]/.test(text)) throw new Error(`edge proxy: cannot quote ${JSON.stringify(text)}`);
  return `'${text}'`;
}

/** `location` blocks for the inference routes: `/x` exact, `/x/*` prefix. */
function routeLocations(): string[] {
  return INFERENCE_ROUTES.map((route) => {
    const prefix = route.endsWith('/*');
    const path = prefix ? route.slice(0, -1) : route;
    if (!/^\/[A-Za-z0-9/_.-]*$/.test(path) || (!prefix && route.includes('*'))) throw new Error(`edge proxy: unsupported route pattern ${route}`);
    return `    location ${prefix ? '^~' : '='} ${path} { proxy_pass http://litellm; }`;
  });
}

/**
 * The edge's `nginx.conf`: one server on `EDGE_PROXY_PORT` that forwards `INFERENCE_ROUTES` to LiteLLM on
 * localhost and answers 404 (OpenAI-style JSON) for everything else, 400 for the redaction override header and
 * for raw URIs with encoded dots or slashes or dot-segments (so no normalisation difference between nginx and
 * LiteLLM can turn an allowed path into an admin one). Streaming-safe: no buffering either way, HTTP/1.1 with
 * keep-alive to the upstream, long timeouts. Writes only under /tmp (pid, temp files), logs to stdout/stderr.
 */
export function renderEdgeProxyConfig(input: EdgeProxyConfigInput): string {
  const timeout = input.timeoutSeconds ?? 600;
  const tmp = input.tmpDir ?? '/tmp';
  if (!/^\/[A-Za-z0-9/_.-]*$/.test(tmp)) throw new Error(`edge proxy: unsupported tmpDir ${tmp}`);
  const lines = [
    '# Rendered by cdktf-llm-platform: callers reach LiteLLM\'s inference routes only.',
    `worker_processes ${input.workers ?? 2};`,
    `pid ${tmp}/nginx.pid;`,
    'error_log stderr warn;',
    'events { worker_connections 4096; }',
    'http {',
    '    server_tokens off;',
    '    access_log off;',
    `    client_body_temp_path ${tmp}/client_body;`,
    `    proxy_temp_path ${tmp}/proxy;`,
    `    fastcgi_temp_path ${tmp}/fastcgi;`,
    `    uwsgi_temp_path ${tmp}/uwsgi;`,
    `    scgi_temp_path ${tmp}/scgi;`,
    `    client_max_body_size ${input.maxBodyMiB ?? 64}m;`,
    '    # Header names with underscores are dropped (the default), so no variant of a LiteLLM header slips through.',
    '    ignore_invalid_headers on;',
    '    underscores_in_headers off;',
    '    upstream litellm {',
    `        server 127.0.0.1:${input.upstreamPort};`,
    '        keepalive 64;',
    '    }',
    '    proxy_http_version 1.1;',
    '    proxy_set_header Connection "";',
    '    proxy_set_header Host $host;',
    '    proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;',
    '    proxy_set_header X-Forwarded-Proto $scheme;',
    '    # Streaming completions: pass bytes through as they come, both ways.',
    '    proxy_buffering off;',
    '    proxy_request_buffering off;',
    `    proxy_read_timeout ${timeout}s;`,
    `    proxy_send_timeout ${timeout}s;`,
    '    server {',
    `        listen ${input.listenPort ?? EDGE_PROXY_PORT};`,
    '        default_type application/json;',
    // Only the path part of the raw URI (query strings may carry encoded slashes).
    '        if ($request_uri ~* "^[^?]*(%2e|%2f|%5c|/\\.\\.?(/|\\?|$))") {',
    `            return 400 ${quote(JSON.stringify({ error: { message: 'Invalid request path', type: 'invalid_request_error', code: 400 } }))};`,
    '        }',
    ...(input.refuseRedactionOverride ? [
      `        if ($http_${REDACTION_OVERRIDE_HEADER.replace(/-/g, '_')}) {`,
      `            return 400 ${quote(REDACTION_OVERRIDE_REFUSED_BODY)};`,
      '        }',
    ] : []),
    `        location = ${EDGE_PROXY_HEALTH_PATH} { return 200 '{"status":"ok"}'; }`,
    ...routeLocations().map((l) => `    ${l}`),
    `        location / { return 404 ${quote(NOT_AN_INFERENCE_ROUTE_BODY)}; }`,
    '    }',
    ...(input.metricsPort !== undefined ? metricsServer(input.metricsPort) : []),
    '}',
    '',
  ];
  return lines.join('\n');
}

/**
 * The metrics-only server: exact locations whose `proxy_pass` carries the URI, so LiteLLM receives `/metrics/` and
 * never the raw request path; reads only (GET, and HEAD, which nginx's `limit_except GET` includes).
 */
function metricsServer(port: number): string[] {
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`edge proxy: unsupported metricsPort ${port}`);
  const forward = `proxy_pass http://litellm${EDGE_METRICS_PATH}; limit_except GET { deny all; }`;
  return [
    '    server {',
    `        listen ${port};`,
    '        default_type application/json;',
    `        location = /metrics { ${forward} }`,
    `        location = ${EDGE_METRICS_PATH} { ${forward} }`,
    `        location / { return 404 ${quote(JSON.stringify({ error: { message: 'This port serves /metrics only.', type: 'not_found', code: 404 } }))}; }`,
    '    }',
  ];
}
