import { ProblemCollector, SecretRef, SecretStore } from '../../../core';
import { isUnresolved } from '../../../core/tokens';
import { EDGE_METRICS_PORT } from '../../edge-proxy';

/**
 * Small shared pieces of the Kubernetes runtime: shapes, checks and the internal description of a
 * network peer that the strategies (ingress, Redis, database, workload identity) hand to the
 * NetworkPolicy renderer.
 */

/**
 * Where a Prometheus outside the pod scrapes the gateway: the edge's metrics-only listener (`/metrics` → LiteLLM's
 * `/metrics/`, nothing else), as Service port `metrics` and container port `metrics` of the edge container. The
 * NetworkPolicy admits only peers granted with `connections.allowMetricsFrom` to it.
 */
export const KUBERNETES_GATEWAY_METRICS_PORT = { service: 'metrics', container: 'metrics', number: EDGE_METRICS_PORT } as const;

/** DNS-1123 label (namespaces, most object names). */
export const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** DNS-1123 subdomain (Secret and ConfigMap names, hostnames). */
export const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
/** IPv4 CIDR. */
export const IPV4_CIDR = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}\/(3[0-2]|[12]?\d)$/;
/** Kubernetes resource quantity (CPU or memory), e.g. `500m`, `2`, `1Gi`. */
export const QUANTITY = /^\d+(\.\d+)?(m|k|M|G|T|Ki|Mi|Gi|Ti)?$/;
/** Qualified label/annotation key: optional DNS prefix + name. */
export const LABEL_KEY = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
/** Label value. */
export const LABEL_VALUE = /^(|[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)$/;

/**
 * RFC 1918 private ranges: where managed Redis and Postgres (ElastiCache, Memorystore, Aurora, Cloud SQL
 * with private IP) live. NetworkPolicy cannot select by DNS name, so egress to them is limited to these
 * ranges on their one port unless the user narrows it.
 */
export const PRIVATE_RANGES: ReadonlyArray<string> = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'];

/** One allowed source or destination of the gateway pods' NetworkPolicy. */
export interface NetworkPeer {
  /** An IPv4 range. */
  readonly cidr?: string;
  /** A namespace, by name (`kubernetes.io/metadata.name`). */
  readonly namespace?: string;
  /** Pods with these labels (in `namespace`, or in the gateway's namespace when `namespace` is unset). */
  readonly podLabels?: Readonly<Record<string, string>>;
  /** Port; every port when unset. */
  readonly port?: number;
  /** @default 'TCP' */
  readonly protocol?: 'TCP' | 'UDP';
}

/** True for a string that is a token or matches `re`. */
export function matchesOrToken(value: unknown, re: RegExp): boolean {
  return typeof value === 'string' && (isUnresolved(value) || re.test(value));
}

/** Adds a problem unless `ref` is a Kubernetes SecretRef. */
export function requireKubernetesSecret(p: ProblemCollector, path: string, ref: unknown): void {
  if (!(ref instanceof SecretRef)) {
    p.add(path, ref, 'must be a SecretRef', "pass SecretRef.kubernetes('secret-name', 'key')");
  } else if (ref.store !== SecretStore.KUBERNETES) {
    p.add(path, ref.toString(), 'is not a Kubernetes Secret; pods on this runtime read secrets through secretKeyRef', "sync the secret into the cluster (External Secrets Operator, Secrets Store CSI driver) and pass SecretRef.kubernetes('secret-name', 'key')");
  }
}

/** Adds a problem for every entry of `cidrs` that is not an IPv4 CIDR (tokens pass). */
export function checkCidrs(p: ProblemCollector, path: string, cidrs: ReadonlyArray<string> | undefined, allowWorld = false): void {
  if (cidrs === undefined) return;
  if (!Array.isArray(cidrs)) {
    p.add(path, cidrs, 'must be a list of CIDRs', "pass e.g. ['10.0.0.0/16']");
    return;
  }
  cidrs.forEach((c, i) => {
    if (!matchesOrToken(c, IPV4_CIDR)) p.add(`${path}[${i}]`, c, 'is not an IPv4 CIDR', 'pass a range such as 10.0.0.0/16');
    else if (!allowWorld && c === '0.0.0.0/0') p.add(`${path}[${i}]`, c, 'opens this path to every address', 'use your VPC or private ranges');
  });
}

/** Adds a problem unless `port` is an integer port number. */
export function checkPort(p: ProblemCollector, path: string, port: number | undefined): void {
  if (port === undefined || isUnresolved(port)) return;
  if (!Number.isInteger(port) || port < 1 || port > 65535) p.add(path, port, 'is not a port number', 'use an integer from 1 to 65535');
}

/** Adds a problem for annotation keys the runtime manages itself (so a hardening default cannot be overridden silently). */
export function checkAnnotations(
  p: ProblemCollector,
  path: string,
  annotations: Readonly<Record<string, string>> | undefined,
  managed: ReadonlyArray<string>,
): void {
  if (annotations === undefined) return;
  if (annotations === null || typeof annotations !== 'object') {
    p.add(path, annotations, 'must be a map of annotation keys to values', "pass e.g. { 'example.com/owner': 'platform' }");
    return;
  }
  for (const [k, v] of Object.entries(annotations)) {
    if (!LABEL_KEY.test(k)) p.add(`${path}.${k}`, k, 'is not a valid annotation key', 'use an optional DNS prefix, a slash and a name of at most 63 characters');
    if (typeof v !== 'string') p.add(`${path}.${k}`, v, 'must be a string', 'quote the value');
    if (managed.includes(k)) p.add(`${path}.${k}`, k, 'is set by the runtime from its typed options', 'use the matching option instead of the raw annotation');
  }
}

/** Sorted copy of a string map, for deterministic output. */
export function sortedRecord(o: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
