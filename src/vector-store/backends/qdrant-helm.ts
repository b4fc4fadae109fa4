import { Release } from '@cdktf/provider-helm/lib/release';
import { ConfigMapV1 } from '@cdktf/provider-kubernetes/lib/config-map-v1';
import { CronJobV1 } from '@cdktf/provider-kubernetes/lib/cron-job-v1';
import { JobV1 } from '@cdktf/provider-kubernetes/lib/job-v1';
import { Manifest } from '@cdktf/provider-kubernetes/lib/manifest';
import { NetworkPolicyV1 } from '@cdktf/provider-kubernetes/lib/network-policy-v1';
import { SecretV1 } from '@cdktf/provider-kubernetes/lib/secret-v1';
import { ServiceAccountV1 } from '@cdktf/provider-kubernetes/lib/service-account-v1';
import { Construct } from 'constructs';
import { stringify } from 'yaml';
import { Lazy, TerraformStack } from '../../core/cdktf';
import type { ProblemCollector } from '../../core/errors';
import { terraformExpression } from '../../core/literal-guard';
import { stableHash } from '../../core/naming';
import { kubernetesLabels } from '../../core/tags';
import type { QdrantHelmOptions } from '../backend';
import { QDRANT_MAX_DIMENSIONS, VectorRemovalPolicy, type CollectionSpec } from '../model';
import { VectorPrincipalKind } from '../principal';
import { QdrantTls, qdrantTlsDnsNames } from '../qdrant-tls';
import type { StoreView, BackendBinding, TeamBackendScope, TeamStoreView, VectorConnectionInfo, VectorGrant } from './binding';
import { QDRANT_BOOTSTRAP_SCRIPT, qdrantTokenSecretName, renderQdrantSpec } from './qdrant-bootstrap';
import { API_KEY, BOOTSTRAP_POD_LABEL, bootstrapPodSpec, QDRANT_TOKEN_TTL_DAYS, tokenWriterRole, type QdrantShared } from './qdrant-pod';
import { QdrantTeamScope } from './qdrant-team';
import { QDRANT_CHART_VERSION, qdrantChartValues } from './qdrant-values';

export { qdrantCollectionName, qdrantTeamCollectionName } from './qdrant-bootstrap';
export { QDRANT_CHART_VERSION } from './qdrant-values';

/** Helm release names are at most 53 characters (Helm's limit, so that `<release>-<suffix>` names fit 63). */
export const HELM_RELEASE_NAME_MAX = 53;

/**
 * The release name of a store: readable parts and a hash of *all* of them (two stores whose last name
 * part is the same get different releases), at most 53 characters, always containing `qdrant`.
 */
export function qdrantReleaseName(nameParts: ReadonlyArray<string>): string {
  const parts = [...nameParts, 'qdrant'];
  const hash = stableHash(parts);
  const body = parts.join('-').toLowerCase().replace(/[^a-z0-9-]/g, '-').replace(/-{2,}/g, '-').replace(/^[^a-z]+/, '');
  const room = HELM_RELEASE_NAME_MAX - hash.length - 'qdrant-'.length - 1;
  // Readable parts first, then `qdrant` and the hash (kept whole however long the parts are).
  const readable = body.replace(/-?qdrant$/, '').slice(0, room).replace(/-+$/, '');
  return `${readable ? `${readable}-` : ''}qdrant-${hash}`;
}
export { QDRANT_TOKEN_TTL_DAYS } from './qdrant-pod';

const READ_ONLY_API_KEY = 'read-only-api-key';

/**
 * Qdrant from its Helm chart, hardened: ≥ 3 replicas in cluster mode, data and snapshot volumes,
 * requests/limits, a PodDisruptionBudget, non-root read-only containers with every capability dropped,
 * API and read-only keys from a Kubernetes Secret that Terraform writes but never stores, JWT RBAC,
 * TLS on the API and between peers, a NetworkPolicy (API only from granted namespaces, peer port only
 * from peers), and metrics. Collections and per-principal tokens are made by an in-cluster Job at apply
 * time (and re-issued daily by a CronJob).
 *
 * Key rotation (`apiKeyVersion`): the new version rewrites the key Secret, changes the pods' annotation
 * (so Helm re-renders and the chart's own key copy and checksum change, rolling the pods), and renames
 * the Job, which waits until Qdrant accepts the new key before it signs tokens with it.
 *
 * Teams declared from their own stacks (QdrantTeamScope) run the same script with their own spec from a
 * Job in this namespace; everything they need here (key and TLS Secrets, the bootstrap account) is known
 * by name, so this stack exports nothing for them and does not change.
 */
export class QdrantHelmBinding extends Construct implements BackendBinding {
  public readonly connectionInfo: VectorConnectionInfo;
  public readonly principalKinds = [VectorPrincipalKind.KUBERNETES_SERVICE_ACCOUNT];
  public readonly maxDimensions = QDRANT_MAX_DIMENSIONS;
  // Qdrant's HNSW has no dimension cap below its vector size limit.
  public readonly maxIndexedDimensions = QDRANT_MAX_DIMENSIONS;
  public readonly release: Release;
  public readonly releaseName: string;
  public readonly keysSecretName: string;
  /** Secret holding tls.crt, tls.key and ca.crt of the Qdrant certificate. */
  public readonly tlsSecretName: string;
  public readonly networkPolicy: NetworkPolicyV1;
  /** What a team's bootstrap reuses (see QdrantTeamScope). */
  public readonly shared: QdrantShared;
  private readonly namespaces = new Set<string>();
  private readonly bootstrapAccount: string;
  private readonly tokenSecrets = new Map<string, Set<string>>();

  constructor(scope: Construct, id: string, options: QdrantHelmOptions, nameParts: ReadonlyArray<string>, view: StoreView) {
    super(scope, id);
    const namespace = options.namespace;
    const releaseName = options.releaseName ?? qdrantReleaseName(nameParts);
    this.releaseName = releaseName;
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

    // --- TLS: API (HTTPS, gRPC) and peers ---
    const tls = options.tls ?? QdrantTls.privateCa();
    const certificate = this.certificate(scope, tls, releaseName, namespace, labels);
    this.tlsSecretName = certificate.secretName;

    const storage = options.storageSize ?? '50Gi';
    const values = qdrantChartValues({
      releaseName,
      replicas: options.replicas ?? 3,
      storageSize: storage,
      snapshotStorageSize: options.snapshotStorageSize ?? storage,
      storageClassName: options.storageClassName,
      cpuRequest: options.cpuRequest ?? '1',
      cpuLimit: options.cpuLimit ?? '2',
      memory: options.memory ?? '4Gi',
      serviceMonitor: options.serviceMonitor ?? false,
      keysSecretName: this.keysSecretName,
      apiKeyVersion: keyVersion,
      tlsSecretName: certificate.secretName,
    });
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
      dependsOn: [keys, ...certificate.resources],
    });
    const host = `${releaseName}.${namespace}.svc.cluster.local`;
    const url = `https://${host}:6333`;
    this.connectionInfo = { endpoint: host, port: 6333, protocol: 'https' };

    // --- Network: the API only from granted namespaces (and the bootstrap), the peer port only from peers ---
    const qdrantPods = { 'app.kubernetes.io/name': 'qdrant', 'app.kubernetes.io/instance': releaseName };
    const bootstrapPods = { [BOOTSTRAP_POD_LABEL]: releaseName };
    const extraNamespaces = [...(options.allowedNamespaces ?? [])];
    this.networkPolicy = new NetworkPolicyV1(scope, 'NetworkPolicy', {
      metadata: { name: `${releaseName}-ingress`, namespace, labels },
      spec: {
        podSelector: { matchLabels: qdrantPods },
        policyTypes: ['Ingress'],
        ingress: [
          { from: [{ podSelector: { matchLabels: qdrantPods } }], ports: [{ port: '6335', protocol: 'TCP' }] },
          {
            from: Lazy.anyValue({
              produce: () => {
                const admitted = [...new Set([...this.namespaces, ...extraNamespaces])].sort();
                return [
                  { pod_selector: { match_labels: bootstrapPods } },
                  ...(admitted.length > 0
                    ? [{ namespace_selector: { match_expressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: admitted }] } }]
                    : []),
                ];
              },
            }) as any,
            ports: [{ port: '6333', protocol: 'TCP' }, { port: '6334', protocol: 'TCP' }],
          },
        ],
      },
    });

    // --- In-cluster bootstrap: collections + tokens ---
    const bootstrap = new Construct(scope, 'Bootstrap');
    this.bootstrapAccount = `${releaseName}-bootstrap`.slice(0, 63);
    // No token by default; the bootstrap pods mount one because they write token Secrets through the API.
    new ServiceAccountV1(bootstrap, 'Account', { metadata: { name: this.bootstrapAccount, namespace, labels }, automountServiceAccountToken: false });
    const spec = () =>
      renderQdrantSpec(
        view.collections,
        view.grants.map((g) => {
          const [ns, name] = g.principal.identity.split('/');
          return { namespace: ns, name, team: g.team, collection: g.collection?.name, access: g.access };
        }),
        options.replicationFactor ?? 2,
        QDRANT_TOKEN_TTL_DAYS,
        { releaseName, removal: view.removalPolicy === VectorRemovalPolicy.DESTROY ? 'destroy' : 'retain' },
      );
    let memo: { key: string; json: string } | undefined;
    const specJson = () => {
      const json = JSON.stringify(spec(), null, 2);
      if (memo?.key !== json) memo = { key: json, json };
      return memo.json;
    };
    const config = new ConfigMapV1(bootstrap, 'Config', {
      metadata: { name: `${releaseName}-bootstrap`.slice(0, 63), namespace, labels },
      data: { 'bootstrap.py': QDRANT_BOOTSTRAP_SCRIPT, 'spec.json': Lazy.stringValue({ produce: specJson }) },
    });
    this.shared = {
      namespace,
      releaseName,
      url,
      labels,
      bootstrapAccount: this.bootstrapAccount,
      keysSecretName: this.keysSecretName,
      tlsSecretName: certificate.secretName,
      keyVersion,
      image: options.bootstrapImage ?? 'python:3.12-alpine',
      replicationFactor: options.replicationFactor ?? 2,
    };
    const podLabels = { ...labels, ...bootstrapPods };
    const pod = () => bootstrapPodSpec(this.shared, config.metadata.name);
    // The spec, the script and the key version are in the Job's name: a change of any is a new Job, run
    // (and awaited) at apply, after the release has rolled.
    new JobV1(bootstrap, 'Job', {
      metadata: {
        name: Lazy.stringValue({ produce: () => `${releaseName.slice(0, 40)}-boot-${stableHash([specJson(), QDRANT_BOOTSTRAP_SCRIPT, String(keyVersion)])}` }),
        namespace,
        labels,
      },
      spec: { backoffLimit: 4, activeDeadlineSeconds: 900, template: { metadata: { labels: podLabels }, spec: pod() } },
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
        jobTemplate: { metadata: { labels }, spec: { backoffLimit: 4, template: { metadata: { labels: podLabels }, spec: pod() } } },
      },
      dependsOn: [this.release, config],
    });
  }

  public createTeamScope(scope: Construct, view: TeamStoreView): TeamBackendScope {
    return new QdrantTeamScope(scope, 'Qdrant', this.shared, view);
  }

  /** The token Secret a principal's workload mounts (in its own namespace). */
  public tokenSecretName(serviceAccount: string): string {
    return qdrantTokenSecretName(serviceAccount, this.releaseName);
  }

  /**
   * The certificate Secret, and the cert-manager resources that issue it. A private CA is a self-signed
   * root (its own Issuer) that signs the server certificate through a CA Issuer; cert-manager renews the
   * server certificate 30 days before it expires.
   */
  private certificate(
    scope: Construct,
    tls: QdrantTls,
    release: string,
    namespace: string,
    labels: Record<string, string>,
  ): { secretName: string; resources: Manifest[] } {
    if (tls.kind === 'secret') return { secretName: tls.secretName!, resources: [] };
    const manifest = (id: string, kind: string, name: string, spec: Record<string, unknown>, dependsOn: Manifest[] = []) =>
      new Manifest(scope, id, {
        manifest: { apiVersion: 'cert-manager.io/v1', kind, metadata: { name, namespace, labels }, spec },
        wait: { condition: [{ type: 'Ready', status: 'True' }] },
        dependsOn,
      });
    const resources: Manifest[] = [];
    let issuerRef: { name: string; kind: string; group: string };
    if (tls.kind === 'private-ca') {
      const root = manifest('TlsRootIssuer', 'Issuer', `${release}-root`, { selfSigned: {} });
      const ca = manifest('TlsCa', 'Certificate', `${release}-ca`, {
        isCA: true,
        commonName: `${release} CA`,
        secretName: `${release}-ca`,
        duration: '87600h',
        privateKey: { algorithm: 'ECDSA', size: 256 },
        issuerRef: { name: `${release}-root`, kind: 'Issuer', group: 'cert-manager.io' },
      }, [root]);
      const issuer = manifest('TlsIssuer', 'Issuer', `${release}-ca`, { ca: { secretName: `${release}-ca` } }, [ca]);
      resources.push(root, ca, issuer);
      issuerRef = { name: `${release}-ca`, kind: 'Issuer', group: 'cert-manager.io' };
    } else {
      issuerRef = { name: tls.issuer!.name, kind: tls.issuer!.kind, group: 'cert-manager.io' };
    }
    const secretName = `${release}-tls`;
    const server = manifest('TlsCertificate', 'Certificate', secretName, {
      secretName,
      dnsNames: qdrantTlsDnsNames(release, namespace),
      duration: '2160h',
      renewBefore: '720h',
      privateKey: { algorithm: 'ECDSA', size: 256, rotationPolicy: 'Always' },
      // Server auth for clients, client auth for the connections a peer opens to another.
      usages: ['server auth', 'client auth', 'digital signature', 'key encipherment'],
      issuerRef,
    }, [...resources]);
    resources.push(server);
    return { secretName, resources };
  }

  public checkCollection(_spec: CollectionSpec, _problems: ProblemCollector): void {}

  public onGrant(grant: VectorGrant): void {
    const [namespace, serviceAccount] = grant.principal.identity.split('/');
    const secretName = this.tokenSecretName(serviceAccount);
    const names = this.tokenSecrets.get(namespace) ?? new Set<string>();
    this.tokenSecrets.set(namespace, names);
    names.add(secretName);
    if (this.namespaces.has(namespace)) return;
    this.namespaces.add(namespace);
    // The bootstrap may write the token Secrets in the grantee's namespace, and read no other Secret there.
    tokenWriterRole(this, this.shared, namespace, `${this.bootstrapAccount.slice(0, 48)}-tokens`, names);
  }
}
