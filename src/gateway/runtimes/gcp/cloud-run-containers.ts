/**
 * The containers of the Cloud Run gateway's services and migrations job, as provider structs: LiteLLM's
 * environment, the sidecars, the Cloud SQL Auth Proxy, traffic targets. Pure: no cdktf resources (types only).
 */
import type { CloudRunV2JobTemplateTemplateContainers, CloudRunV2JobTemplateTemplateContainersEnv } from '@cdktf/provider-google/lib/cloud-run-v2-job';
import type { CloudRunV2ServiceTemplateContainers, CloudRunV2ServiceTemplateContainersEnv, CloudRunV2ServiceTraffic } from '@cdktf/provider-google/lib/cloud-run-v2-service';
import type { CloudRunTraffic } from './cloud-run-options';
import {
  CLOUD_SQL_PROXY_CONTAINER,
  CLOUD_SQL_PROXY_HEALTH_PORT,
  CLOUD_SQL_PROXY_IMAGE,
  CLOUD_SQL_PROXY_LIVENESS_PATH,
  CLOUD_SQL_PROXY_STARTUP_PATH,
  cloudSqlProxyArgs,
} from './cloud-sql-proxy';
import type { GatewayRuntimeContext, GatewaySidecar } from '../../runtime-contract';

export const CONFIG_DIR = '/etc/litellm/config';
export const CONFIG_FILE = 'config.yaml';
export const REDIS_CA_DIR = '/etc/litellm/redis-ca';
export const REDIS_CA_FILE = 'ca.pem';
/** Secret Manager's payload limit (64 KiB). */
export const MAX_CONFIG_BYTES = 65536;
export const GATEWAY_CONTAINER = 'litellm';
export const EDGE_CONTAINER = 'edge';
/** Health endpoints: litellm.md §7 (readiness checks DB + cache; never `/health`, which calls models). */
export const READINESS_PATH = '/health/readiness';
export const LIVENESS_PATH = '/health/liveliness';
/** Enough for one predict call on publisher models (Gemini, Claude on Vertex): `generateContent`, `rawPredict`, `countTokens`. */
export const VERTEX_PERMISSIONS = ['aiplatform.endpoints.predict'];
/** Names the runtime sets itself; the gateway must not set them too. Cloud Run reserves `PORT` and `K_*`. */
export const RUNTIME_ENV = ['DATABASE_URL', 'LITELLM_CONFIG_SHA256', 'LITELLM_MASTER_KEY', 'LITELLM_SALT_KEY', 'PORT', 'REDIS_HOST', 'REDIS_PASSWORD', 'REDIS_PORT', 'REDIS_SSL', 'REDIS_SSL_CA_CERTS'];

/** One environment variable of a Cloud Run container: a plain value or a pinned secret reference. */
export interface EnvVar {
  readonly name: string;
  readonly value?: string;
  readonly secret?: { readonly secret: string; readonly version: string };
}

export function sortByName<T extends { name: string }>(items: T[]): T[] {
  return [...items].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

export function toServiceEnv(env: EnvVar[]): CloudRunV2ServiceTemplateContainersEnv[] {
  return env.map((e) => (e.secret
    ? { name: e.name, valueSource: { secretKeyRef: { secret: e.secret.secret, version: e.secret.version } } }
    : { name: e.name, value: e.value }));
}

export function toJobEnv(e: EnvVar): CloudRunV2JobTemplateTemplateContainersEnv {
  return e.secret
    ? { name: e.name, valueSource: { secretKeyRef: { secret: e.secret.secret, version: e.secret.version } } }
    : { name: e.name, value: e.value };
}

/** The containers LiteLLM waits for: the Cloud SQL proxy (when the runtime made the database) and sidecars that ask. */
export function dependsOnContainers(sidecars: ReadonlyArray<GatewaySidecar>, sqlProxy: boolean): string[] | undefined {
  const names = [...(sqlProxy ? [CLOUD_SQL_PROXY_CONTAINER] : []), ...sidecars.filter((s) => s.startBeforeGateway).map((s) => s.name)];
  return names.length > 0 ? names : undefined;
}

/**
 * The Cloud SQL Auth Proxy sidecar (gcp/cloud-sql-proxy.ts). LiteLLM starts once its startup probe passes; in a
 * service it is restarted when `/liveness` stops answering.
 */
export function cloudSqlProxyContainer(connectionName: string, oneShot: true): CloudRunV2JobTemplateTemplateContainers;
export function cloudSqlProxyContainer(connectionName: string, oneShot: false): CloudRunV2ServiceTemplateContainers;
export function cloudSqlProxyContainer(
  connectionName: string, oneShot: boolean,
): CloudRunV2ServiceTemplateContainers | CloudRunV2JobTemplateTemplateContainers {
  const probe = (path: string) => ({ httpGet: { path, port: CLOUD_SQL_PROXY_HEALTH_PORT } });
  return {
    name: CLOUD_SQL_PROXY_CONTAINER,
    image: CLOUD_SQL_PROXY_IMAGE,
    args: cloudSqlProxyArgs(connectionName, { oneShot }),
    resources: { limits: { cpu: '1', memory: '512Mi' } },
    startupProbe: { ...probe(CLOUD_SQL_PROXY_STARTUP_PATH), periodSeconds: 2, timeoutSeconds: 1, failureThreshold: 30 },
    // A job's containers have no liveness probe.
    ...(oneShot ? {} : { livenessProbe: { ...probe(CLOUD_SQL_PROXY_LIVENESS_PATH), periodSeconds: 30, timeoutSeconds: 5, failureThreshold: 3 } }),
  };
}

export function trafficTargets(traffic: CloudRunTraffic): CloudRunV2ServiceTraffic[] {
  if (traffic._canary) {
    const c = traffic._canary;
    return [
      { type: 'TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION', revision: c.stableRevision, percent: 100 - c.canaryPercent, tag: c.stableTag ?? 'stable' },
      { type: 'TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST', percent: c.canaryPercent, tag: c.canaryTag ?? 'canary' },
    ];
  }
  return [{ type: 'TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST', percent: 100, tag: traffic._latest?.tag }];
}

/** The gateway's sidecars (read at synth: they are added after construction). */
export function sidecarContainers(context: GatewayRuntimeContext, resolveImage: (image: string) => string): CloudRunV2ServiceTemplateContainers[] {
  return context.sidecars().map((s) => ({
    name: s.name,
    image: resolveImage(s.image),
    command: s.command ? [...s.command] : undefined,
    env: toServiceEnv(sortByName([
      ...Object.entries(s.environment ?? {}).map(([name, value]) => ({ name, value })),
      ...Object.entries(s.secrets ?? {}).map(([name, ref]) => ({ name, secret: ref.gcpSecret })),
    ])),
    resources: { limits: { cpu: `${s.cpu ?? 256}m`, memory: `${s.memoryMiB ?? 512}Mi` } },
    // A container dependency waits for its dependency's startup probe (Cloud Run "container startup order").
    startupProbe: s.healthCheck
      ? { httpGet: { path: s.healthCheck.path, port: s.healthCheck.port }, periodSeconds: 2, timeoutSeconds: 1, failureThreshold: 30 }
      : undefined,
  }));
}
