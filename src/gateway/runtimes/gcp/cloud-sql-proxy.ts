/**
 * The Cloud SQL Auth Proxy sidecar that carries LiteLLM's database connections on Cloud Run. Pure: no cdktf
 * (values may hold tokens, which pass through as strings).
 *
 * Why a proxy and not Prisma's own TLS: Prisma's connection string cannot verify a Cloud SQL server. Its
 * `sslmode` knows only `disable|prefer|require` (anything else, `verify-ca` included, is logged and treated as
 * `prefer`), and `sslaccept=strict` + `sslcert=<CA>` verifies the chain *and* the host name, which for a
 * private-IP connection is the IP, while the per-instance CA's server certificate names `<project>:<instance>`
 * (prisma/prisma-engines `quaint/src/connector/postgres/url.rs` @0d495ae9, `native/mod.rs` @004522f9: the TLS
 * builder never disables host-name checks). Cloud Run's built-in Cloud SQL connection (`/cloudsql` socket) is
 * not documented for private-IP-only instances (GoogleCloudPlatform/cloud-sql-proxy#848: it falls back to the
 * private IP, "we don't recommend folks to rely on this").
 *
 * The proxy (GoogleCloudPlatform/cloud-sql-proxy v2.25.3, `cmd/root.go` @31c3b33e) connects with `--private-ip`
 * over TLS 1.3 with an ephemeral client certificate the SQL Admin API issues to the caller's IAM identity, and
 * verifies the server's chain against the instance's CA and its name (`project:instance`, or the instance's DNS
 * name) — cloud-sql-go-connector `internal/cloudsql/tls_verify.go` `verifyPeerCertificateFunc` @123d1d82. It is
 * the sidecar upstream shows for Cloud Run (`examples/multi-container/ruby/multicontainer.yaml`). LiteLLM talks
 * plain PostgreSQL to it on the instance's loopback, which never leaves the Cloud Run instance.
 */

/** Pinned: a version tag of `gcr.io/cloud-sql-connectors/cloud-sql-proxy` (README "Container Images" @v2.25.3). */
export const CLOUD_SQL_PROXY_IMAGE = 'gcr.io/cloud-sql-connectors/cloud-sql-proxy:2.25.3';
export const CLOUD_SQL_PROXY_CONTAINER = 'cloud-sql-proxy';
/** Where the proxy listens for LiteLLM (127.0.0.1, the proxy's default `--address`). */
export const CLOUD_SQL_PROXY_PORT = 5432;
/** `/startup`, `/readiness`, `/liveness` (`--health-check`). Cloud Run probes a sidecar from outside its loopback. */
export const CLOUD_SQL_PROXY_HEALTH_PORT = 9090;
/** The localhost-only admin server, with `/quitquitquit` (`--quitquitquit`, default `--admin-port`). */
export const CLOUD_SQL_PROXY_ADMIN_PORT = 9091;
export const CLOUD_SQL_PROXY_STARTUP_PATH = '/startup';
export const CLOUD_SQL_PROXY_LIVENESS_PATH = '/liveness';

/** Options of `cloudSqlProxyArgs`. */
export interface CloudSqlProxyArgsOptions {
  /**
   * A one-shot task (the migrations job): the proxy also serves `/quitquitquit`, which the task calls when it is
   * done, and exits 0 on SIGTERM, so the job's execution completes instead of waiting on a proxy that never exits.
   */
  readonly oneShot: boolean;
}

/** The proxy's arguments (its image's entrypoint is the proxy binary). */
export function cloudSqlProxyArgs(connectionName: string, options: CloudSqlProxyArgsOptions): string[] {
  return [
    // The instance has no public IP; the proxy reaches its private IP through the service's Direct VPC egress.
    '--private-ip',
    `--port=${CLOUD_SQL_PROXY_PORT}`,
    '--health-check',
    '--http-address=0.0.0.0',
    `--http-port=${CLOUD_SQL_PROXY_HEALTH_PORT}`,
    // "useful in environments where the CPU may be throttled outside of a request context, e.g., Cloud Run" (README).
    '--lazy-refresh',
    '--structured-logs',
    ...(options.oneShot ? ['--quitquitquit', '--exit-zero-on-sigterm'] : []),
    connectionName,
  ];
}

/**
 * LiteLLM's `DATABASE_URL` through the proxy. Plain PostgreSQL on the loopback (`sslmode=disable`): the proxy
 * encrypts and authenticates the hop that leaves the instance.
 */
export function proxiedDatabaseUrl(user: string, password: string, database: string): string {
  return `postgresql://${user}:${password}@127.0.0.1:${CLOUD_SQL_PROXY_PORT}/${database}?sslmode=disable`;
}

/**
 * The migrations container's command: LiteLLM with the given arguments, then the proxy is told to quit, and the
 * container exits with LiteLLM's status. The image's entrypoint is `docker/prod_entrypoint.sh` (`#!/bin/sh`,
 * `exec litellm "$@"`; BerriAI/litellm @129d2ba5), so `/bin/sh` and `litellm` are there; `python3` is on PATH in
 * the 1.83 images (see litellm-image.ts `PYTHON`), and the image has no curl.
 */
export function migrationsCommandThroughProxy(python: string): string[] {
  const quit = `import urllib.request; urllib.request.urlopen(urllib.request.Request('http://127.0.0.1:${CLOUD_SQL_PROXY_ADMIN_PORT}/quitquitquit', method='POST'), timeout=10)`;
  // `$@` is every argument after the script's own name ("migrations").
  return ['/bin/sh', '-c', `litellm "$@"; status=$?; ${python} -c "${quit}" || true; exit $status`, 'migrations'];
}
