/**
 * The Helm values of the Qdrant chart, as a pure function (no cdktf), and the chart's value keys at the
 * pinned version, so a test can prove every key we render exists there.
 */

/** Pinned chart (qdrant/qdrant-helm `charts/qdrant/Chart.yaml`, version 1.15.1 = Qdrant v1.15.1). */
export const QDRANT_CHART_VERSION = '1.15.1';

/**
 * Value paths the chart reads at 1.15.1 (qdrant/qdrant-helm tag qdrant-1.15.1, commit 2353e4f:
 * values.yaml and the templates that read `.Values`). `config` is copied whole into Qdrant's
 * production.yaml (templates/configmap.yaml), so below it the keys are Qdrant's, listed from
 * qdrant/qdrant config/config.yaml at v1.15.1 (commit af7ab5b). A rendered path must equal one of these or
 * extend one that ends in `*` (a free-form map or list).
 */
export const QDRANT_CHART_VALUE_PATHS: ReadonlyArray<string> = [
  'replicaCount',
  'fullnameOverride',
  'podAnnotations.*',
  'podLabels.*',
  'resources.*',
  'containerSecurityContext.*',
  'podSecurityContext.*',
  'updateVolumeFsOwnership',
  'topologySpreadConstraints.*',
  'persistence.accessModes.*',
  'persistence.size',
  'persistence.storageClassName',
  'snapshotPersistence.enabled',
  'snapshotPersistence.accessModes.*',
  'snapshotPersistence.size',
  'snapshotPersistence.storageClassName',
  'podDisruptionBudget.enabled',
  'podDisruptionBudget.maxUnavailable',
  'livenessProbe.enabled',
  'readinessProbe.enabled',
  'startupProbe.enabled',
  'metrics.serviceMonitor.enabled',
  'apiKey.valueFrom.secretKeyRef.name',
  'apiKey.valueFrom.secretKeyRef.key',
  'readOnlyApiKey.valueFrom.secretKeyRef.name',
  'readOnlyApiKey.valueFrom.secretKeyRef.key',
  'additionalVolumes.*',
  'additionalVolumeMounts.*',
  // Qdrant's own configuration (production.yaml).
  'config.cluster.enabled',
  'config.cluster.p2p.port',
  'config.cluster.p2p.enable_tls',
  'config.cluster.consensus.tick_period_ms',
  'config.service.jwt_rbac',
  'config.service.enable_tls',
  'config.service.verify_https_client_certificate',
  'config.telemetry_disabled',
  'config.tls.cert',
  'config.tls.key',
  'config.tls.ca_cert',
  'config.tls.cert_ttl',
];

/** Where the chart's pods mount the TLS Secret. */
export const QDRANT_TLS_MOUNT = '/qdrant/tls';

/** Pod annotation carrying the API key version: a new version changes the values, so Helm re-renders. */
export const QDRANT_KEY_VERSION_ANNOTATION = 'llm-platform.io/api-key-version';

export interface QdrantValuesInput {
  readonly releaseName: string;
  readonly replicas: number;
  readonly storageSize: string;
  readonly snapshotStorageSize: string;
  readonly storageClassName?: string;
  readonly cpuRequest: string;
  readonly cpuLimit: string;
  readonly memory: string;
  readonly serviceMonitor: boolean;
  readonly keysSecretName: string;
  readonly apiKeyVersion: number;
  /** Secret with tls.crt, tls.key, ca.crt. */
  readonly tlsSecretName: string;
}

/** The chart values (plain data; the caller serialises them). */
export function qdrantChartValues(v: QdrantValuesInput): Record<string, unknown> {
  const storageClass = v.storageClassName ? { storageClassName: v.storageClassName } : {};
  return {
    // The chart's names (StatefulSet, Services, PDB) = the release name, whatever the release is called.
    fullnameOverride: v.releaseName,
    replicaCount: v.replicas,
    config: {
      cluster: { enabled: true, p2p: { port: 6335, enable_tls: true }, consensus: { tick_period_ms: 100 } },
      // JWT RBAC: per-principal tokens signed with the API key, scoped to collections. HTTPS and gRPC
      // over TLS; clients are not asked for certificates (they authenticate with their token).
      service: { jwt_rbac: true, enable_tls: true, verify_https_client_certificate: false },
      telemetry_disabled: true,
      // cert_ttl: Qdrant re-reads the HTTPS certificate hourly (not the gRPC/p2p one: a pod restart does).
      tls: { cert: `${QDRANT_TLS_MOUNT}/tls.crt`, key: `${QDRANT_TLS_MOUNT}/tls.key`, ca_cert: `${QDRANT_TLS_MOUNT}/ca.crt`, cert_ttl: 3600 },
    },
    // The chart copies the keys into its own Secret at render time (`lookup`, templates/_helpers.tpl
    // "qdrant.secret") and rolls the pods on that Secret's checksum; a changed annotation is what makes
    // Terraform run `helm upgrade` when only the key Secret changed.
    podAnnotations: { [QDRANT_KEY_VERSION_ANNOTATION]: String(v.apiKeyVersion) },
    apiKey: { valueFrom: { secretKeyRef: { name: v.keysSecretName, key: 'api-key' } } },
    readOnlyApiKey: { valueFrom: { secretKeyRef: { name: v.keysSecretName, key: 'read-only-api-key' } } },
    additionalVolumes: [{ name: 'qdrant-tls', secret: { secretName: v.tlsSecretName, defaultMode: 0o440 } }],
    additionalVolumeMounts: [{ name: 'qdrant-tls', mountPath: QDRANT_TLS_MOUNT, readOnly: true }],
    persistence: { accessModes: ['ReadWriteOnce'], size: v.storageSize, ...storageClass },
    // A separate snapshot volume, so a large snapshot cannot fill the data volume (anchors trap 14).
    snapshotPersistence: { enabled: true, accessModes: ['ReadWriteOnce'], size: v.snapshotStorageSize, ...storageClass },
    // A CPU limit well above the request: a bound for the node (LLM-K8S-2) that rarely throttles.
    resources: { requests: { cpu: v.cpuRequest, memory: v.memory }, limits: { cpu: v.cpuLimit, memory: v.memory } },
    podDisruptionBudget: { enabled: true, maxUnavailable: 1 },
    // The chart probes over HTTPS when config.service.enable_tls is set (templates/statefulset.yaml).
    livenessProbe: { enabled: true },
    readinessProbe: { enabled: true },
    startupProbe: { enabled: true },
    containerSecurityContext: {
      runAsNonRoot: true,
      runAsUser: 1000,
      runAsGroup: 2000,
      allowPrivilegeEscalation: false,
      privileged: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
    },
    // fsGroup makes the volumes (and the 0440 TLS files) readable; the chart's root chown init container
    // is not needed.
    podSecurityContext: { runAsNonRoot: true, fsGroup: 3000, fsGroupChangePolicy: 'OnRootMismatch', seccompProfile: { type: 'RuntimeDefault' } },
    updateVolumeFsOwnership: false,
    topologySpreadConstraints: [
      { maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { 'app.kubernetes.io/instance': v.releaseName } } },
      { maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: { 'app.kubernetes.io/instance': v.releaseName } } },
    ],
    metrics: { serviceMonitor: { enabled: v.serviceMonitor } },
  };
}

/** Leaf paths of a values object (`a.b.c`; list items as their index). */
export function valuePaths(values: unknown, prefix = ''): string[] {
  if (values === null || typeof values !== 'object') return [prefix];
  const entries = Array.isArray(values) ? values.map((v, i) => [String(i), v] as const) : Object.entries(values);
  if (entries.length === 0) return [prefix];
  return entries.flatMap(([k, v]) => valuePaths(v, prefix ? `${prefix}.${k}` : k));
}

/** Rendered paths the chart does not read (empty when every key exists at the pinned version). */
export function unknownValuePaths(values: unknown): string[] {
  return valuePaths(values).filter(
    (p) => !QDRANT_CHART_VALUE_PATHS.some((known) => (known.endsWith('.*') ? p.startsWith(known.slice(0, -1)) : p === known)),
  );
}
