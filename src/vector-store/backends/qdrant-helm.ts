import { Release } from '@cdktf/provider-helm/lib/release';
import { ConfigMapV1 } from '@cdktf/provider-kubernetes/lib/config-map-v1';
import { CronJobV1 } from '@cdktf/provider-kubernetes/lib/cron-job-v1';
import { JobV1, type JobV1SpecTemplateSpec } from '@cdktf/provider-kubernetes/lib/job-v1';
import { RoleBindingV1 } from '@cdktf/provider-kubernetes/lib/role-binding-v1';
import { RoleV1 } from '@cdktf/provider-kubernetes/lib/role-v1';
import { SecretV1 } from '@cdktf/provider-kubernetes/lib/secret-v1';
import { ServiceAccountV1 } from '@cdktf/provider-kubernetes/lib/service-account-v1';
import { Construct } from 'constructs';
import { stringify } from 'yaml';
import { Lazy, TerraformStack } from '../../core/cdktf';
import type { ProblemCollector } from '../../core/errors';
import { terraformExpression } from '../../core/literal-guard';
import { makeName, NameTarget, stableHash } from '../../core/naming';
import { kubernetesLabels } from '../../core/tags';
import type { QdrantHelmOptions } from '../backend';
import { QDRANT_MAX_DIMENSIONS, type CollectionSpec } from '../model';
import { VectorPrincipalKind } from '../principal';
import type { BackendBinding, StoreView, VectorConnectionInfo, VectorGrant } from './binding';
import { QDRANT_BOOTSTRAP_SCRIPT, qdrantTokenSecretName, renderQdrantSpec } from './qdrant-bootstrap';

export { qdrantCollectionName } from './qdrant-bootstrap';

/** Pinned chart (qdrant/qdrant-helm `charts/qdrant/Chart.yaml`, version 1.15.1 = Qdrant v1.15.1). */
export const QDRANT_CHART_VERSION = '1.15.1';
/** Lifetime of per-principal JWTs; the daily CronJob re-issues them, so a revoked grant lapses within it. */
export const QDRANT_TOKEN_TTL_DAYS = 7;

const API_KEY = 'api-key';
const READ_ONLY_API_KEY = 'read-only-api-key';

/**
 * Qdrant from its Helm chart, hardened: ≥ 3 replicas in cluster mode, data and snapshot volumes,
 * requests/limits, a PodDisruptionBudget, non-root read-only containers with every capability dropped,
 * API and read-only keys from a Kubernetes Secret that Terraform writes but never stores, JWT RBAC, and
 * metrics. Collections and per-principal tokens are made by an in-cluster Job at apply time (and
 * re-issued daily by a CronJob).
 */
export class QdrantHelmBinding extends Construct implements BackendBinding {
  public readonly connectionInfo: VectorConnectionInfo;
  public readonly principalKinds = [VectorPrincipalKind.KUBERNETES_SERVICE_ACCOUNT];
  public readonly maxDimensions = QDRANT_MAX_DIMENSIONS;
  // Qdrant's HNSW has no dimension cap below its vector size limit.
  public readonly maxIndexedDimensions = QDRANT_MAX_DIMENSIONS;
  public readonly release: Release;
  public readonly keysSecretName: string;
  private readonly namespaces = new Set<string>();
  private readonly bootstrapAccount: string;
  private readonly namespace: string;
  private readonly tokenSecrets = new Map<string, Set<string>>();

  constructor(scope: Construct, id: string, options: QdrantHelmOptions, nameParts: ReadonlyArray<string>, view: StoreView) {
    super(scope, id);
    const namespace = options.namespace;
    this.namespace = namespace;
    const releaseName = makeName(NameTarget.KUBERNETES_LABEL, nameParts[nameParts.length - 1], 'qdrant').slice(0, 53).replace(/-+$/, '');
    const labels = kubernetesLabels({ extra: { 'app.kubernetes.io/part-of': 'vector-store' } });
    this.keysSecretName = `${releaseName}-keys`;
    const keyVersion = options.apiKeyVersion ?? 1;

    // Keys: generated ephemerally and written with data_wo, so they exist only in the cluster.
    const stack = TerraformStack.of(this);
    const ephemeral = (suffix: string): string => {
      const name = `qdrant_${suffix}_${stableHash([this.node.path, suffix], 12)}`;
      stack.addOverride(`ephemeral.random_password.${name}`, { length: 48, special: false });
      return terraformExpression(this, `ephemeral.random_password.${name}.result`);
    };
    const keys = new SecretV1(scope, 'ApiKeys', {
      metadata: { name: this.keysSecretName, namespace, labels },
      type: 'Opaque',
      dataWo: { [API_KEY]: ephemeral('api'), [READ_ONLY_API_KEY]: ephemeral('ro') },
      dataWoRevision: keyVersion,
    });

    const storage = options.storageSize ?? '50Gi';
    const memory = options.memory ?? '4Gi';
    const values = {
      replicaCount: options.replicas ?? 3,
      config: {
        cluster: { enabled: true, p2p: { port: 6335 }, consensus: { tick_period_ms: 100 } },
        // JWT RBAC: per-principal tokens signed with the API key, scoped to collections.
        service: { jwt_rbac: true },
        telemetry_disabled: true,
      },
      apiKey: { valueFrom: { secretKeyRef: { name: this.keysSecretName, key: API_KEY } } },
      readOnlyApiKey: { valueFrom: { secretKeyRef: { name: this.keysSecretName, key: READ_ONLY_API_KEY } } },
      persistence: { accessModes: ['ReadWriteOnce'], size: storage, ...(options.storageClassName ? { storageClassName: options.storageClassName } : {}) },
      // A separate snapshot volume, so a large snapshot cannot fill the data volume (anchors trap 14).
      snapshotPersistence: {
        enabled: true,
        accessModes: ['ReadWriteOnce'],
        size: options.snapshotStorageSize ?? storage,
        ...(options.storageClassName ? { storageClassName: options.storageClassName } : {}),
      },
      // A CPU limit well above the request: a bound for the node (LLM-K8S-2) that rarely throttles.
      resources: { requests: { cpu: options.cpuRequest ?? '1', memory }, limits: { cpu: options.cpuLimit ?? '2', memory } },
      podDisruptionBudget: { enabled: true, maxUnavailable: 1 },
      livenessProbe: { enabled: true },
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
      // fsGroup makes the volumes writable; the chart's root chown init container is not needed.
      podSecurityContext: { runAsNonRoot: true, fsGroup: 3000, fsGroupChangePolicy: 'OnRootMismatch', seccompProfile: { type: 'RuntimeDefault' } },
      updateVolumeFsOwnership: false,
      topologySpreadConstraints: [
        { maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { 'app.kubernetes.io/instance': releaseName } } },
        { maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: { 'app.kubernetes.io/instance': releaseName } } },
      ],
      metrics: { serviceMonitor: { enabled: options.serviceMonitor ?? false } },
    };
    this.release = new Release(scope, 'Release', {
      name: releaseName,
      namespace,
      repository: options.chartRepository ?? 'https://qdrant.github.io/qdrant-helm',
      chart: 'qdrant',
      version: options.chartVersion ?? QDRANT_CHART_VERSION,
      values: [stringify(values, { sortMapEntries: true })],
      wait: true,
      atomic: true,
      timeout: 900,
      maxHistory: 10,
      dependsOn: [keys],
    });
    const url = `http://${releaseName}.${namespace}.svc.cluster.local:6333`;
    this.connectionInfo = { endpoint: `${releaseName}.${namespace}.svc.cluster.local`, port: 6333, protocol: 'http' };

    // --- In-cluster bootstrap: collections + tokens ---
    const bootstrap = new Construct(scope, 'Bootstrap');
    this.bootstrapAccount = `${releaseName}-bootstrap`.slice(0, 63);
    new ServiceAccountV1(bootstrap, 'Account', { metadata: { name: this.bootstrapAccount, namespace, labels }, automountServiceAccountToken: true });
    const spec = () =>
      renderQdrantSpec(
        view.collections,
        view.grants.map((g) => {
          const [ns, name] = g.principal.identity.split('/');
          return { namespace: ns, name, team: g.team, collection: g.collection?.name, access: g.access };
        }),
        options.replicationFactor ?? 2,
        QDRANT_TOKEN_TTL_DAYS,
      );
    const specJson = () => JSON.stringify(spec(), null, 2);
    const config = new ConfigMapV1(bootstrap, 'Config', {
      metadata: { name: `${releaseName}-bootstrap`.slice(0, 63), namespace, labels },
      data: { 'bootstrap.py': QDRANT_BOOTSTRAP_SCRIPT, 'spec.json': Lazy.stringValue({ produce: specJson }) },
    });
    const pod = (): JobV1SpecTemplateSpec => ({
      serviceAccountName: this.bootstrapAccount,
      restartPolicy: 'Never',
      securityContext: { runAsNonRoot: true, runAsUser: '65532', runAsGroup: '65532', seccompProfile: { type: 'RuntimeDefault' } },
      container: [
        {
          name: 'bootstrap',
          image: options.bootstrapImage ?? 'python:3.12-alpine',
          command: ['python3', '/bootstrap/bootstrap.py'],
          env: [
            { name: 'QDRANT_URL', value: url },
            { name: 'QDRANT_API_KEY', valueFrom: { secretKeyRef: { name: this.keysSecretName, key: API_KEY } } },
          ],
          resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '250m', memory: '128Mi' } },
          securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
          volumeMount: [{ name: 'bootstrap', mountPath: '/bootstrap', readOnly: true }],
        },
      ],
      volume: [{ name: 'bootstrap', configMap: { name: config.metadata.name } }],
    });
    // The spec's hash is in the Job name: a changed spec is a new Job, run (and awaited) at apply.
    new JobV1(bootstrap, 'Job', {
      metadata: {
        name: Lazy.stringValue({ produce: () => `${releaseName.slice(0, 40)}-boot-${stableHash([specJson(), QDRANT_BOOTSTRAP_SCRIPT])}` }),
        namespace,
        labels,
      },
      spec: { backoffLimit: 4, activeDeadlineSeconds: 900, template: { metadata: { labels }, spec: pod() } },
      waitForCompletion: true,
      timeouts: { create: '15m', update: '15m' },
      dependsOn: [this.release, config],
    });
    // Daily re-issue keeps tokens short-lived (a revoked grant lapses within the TTL).
    new CronJobV1(bootstrap, 'Reissue', {
      metadata: { name: `${releaseName.slice(0, 40)}-reissue`, namespace, labels },
      spec: {
        schedule: '17 3 * * *',
        concurrencyPolicy: 'Forbid',
        successfulJobsHistoryLimit: 1,
        failedJobsHistoryLimit: 3,
        jobTemplate: { metadata: { labels }, spec: { backoffLimit: 4, template: { metadata: { labels }, spec: pod() } } },
      },
      dependsOn: [this.release, config],
    });
  }

  public checkCollection(_spec: CollectionSpec, _problems: ProblemCollector): void {}

  public onGrant(grant: VectorGrant): void {
    const [namespace, serviceAccount] = grant.principal.identity.split('/');
    const secretName = qdrantTokenSecretName(serviceAccount);
    const names = this.tokenSecrets.get(namespace) ?? new Set<string>();
    this.tokenSecrets.set(namespace, names);
    names.add(secretName);
    if (this.namespaces.has(namespace)) return;
    this.namespaces.add(namespace);
    // The bootstrap may create Secrets in the grantee's namespace (create cannot be limited by name) and
    // read or update only the token Secrets. It cannot list or read any other Secret there.
    const role = new RoleV1(this, `TokenWriter-${namespace}`, {
      metadata: { name: `${this.bootstrapAccount.slice(0, 48)}-tokens`, namespace },
      rule: [
        { apiGroups: [''], resources: ['secrets'], verbs: ['create'] },
        { apiGroups: [''], resources: ['secrets'], verbs: ['get', 'patch', 'update'], resourceNames: Lazy.listValue({ produce: () => [...names].sort() }) },
      ],
    });
    new RoleBindingV1(this, `TokenWriterBinding-${namespace}`, {
      metadata: { name: role.metadata.name, namespace },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: role.metadata.name },
      subject: [{ kind: 'ServiceAccount', name: this.bootstrapAccount, namespace: this.namespace }],
    });
  }
}
