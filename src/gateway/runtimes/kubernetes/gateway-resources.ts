import { Release } from '@cdktf/provider-helm/lib/release';
import { ConfigMapV1 } from '@cdktf/provider-kubernetes/lib/config-map-v1';
import {
  DeploymentV1,
  deploymentV1SpecTemplateSpecContainerToTerraform,
  deploymentV1SpecTemplateSpecVolumeToTerraform,
  type DeploymentV1SpecTemplateSpecContainer,
  type DeploymentV1SpecTemplateSpecContainerEnv,
  type DeploymentV1SpecTemplateSpecContainerSecurityContext,
  type DeploymentV1SpecTemplateSpecContainerVolumeMount,
  type DeploymentV1SpecTemplateSpecVolume,
} from '@cdktf/provider-kubernetes/lib/deployment-v1';
import { HorizontalPodAutoscalerV2, type HorizontalPodAutoscalerV2SpecMetric } from '@cdktf/provider-kubernetes/lib/horizontal-pod-autoscaler-v2';
import { IngressV1 } from '@cdktf/provider-kubernetes/lib/ingress-v1';
import { JobV1 } from '@cdktf/provider-kubernetes/lib/job-v1';
import { NamespaceV1 } from '@cdktf/provider-kubernetes/lib/namespace-v1';
import {
  NetworkPolicyV1,
  networkPolicyV1SpecIngressToTerraform,
  type NetworkPolicyV1SpecEgress,
  type NetworkPolicyV1SpecEgressTo,
  type NetworkPolicyV1SpecIngress,
  type NetworkPolicyV1SpecIngressFrom,
} from '@cdktf/provider-kubernetes/lib/network-policy-v1';
import { PodDisruptionBudgetV1 } from '@cdktf/provider-kubernetes/lib/pod-disruption-budget-v1';
import { SecretV1 } from '@cdktf/provider-kubernetes/lib/secret-v1';
import { ServiceAccountV1 } from '@cdktf/provider-kubernetes/lib/service-account-v1';
import { ServiceV1 } from '@cdktf/provider-kubernetes/lib/service-v1';
import { Password } from '@cdktf/provider-random/lib/password';
import { Construct } from 'constructs';
import { stringify as toYaml } from 'yaml';
import { sortedRecord, type NetworkPeer } from './shared';
import { NameTarget, ProblemCollector, SecretRef, kubernetesLabels, makeName, stableHash } from '../../../core';
import { Annotations, Lazy, type ITerraformDependable } from '../../../core/cdktf';
import { GatewayPeerKind, type GatewayPeer } from '../../peer';
import type { GatewayRuntimeBinding, GatewayRuntimeContext, GatewaySidecar } from '../../runtime-contract';
import type { KubernetesRuntime, KubernetesRuntimeProps } from '../kubernetes';
import type { KubernetesIngress } from './ingress';

/**
 * The resources of a Kubernetes gateway. Kept apart from `KubernetesRuntime` (kubernetes.ts) because the
 * kubernetes/helm/random provider bindings cost ~200 ms to import: `KubernetesRuntime.bind` loads this
 * module only when a gateway is actually built.
 */

/** Where the container writes, each an emptyDir (the root filesystem is read-only). */
const PATHS = {
  config: '/etc/litellm',
  tmp: '/tmp',
  // Prisma and npm caches: the image's user has no home directory, so they land under `/`
  // (same mounts as the LiteLLM Helm chart's read-only-root-filesystem mode).
  cache: '/.cache',
  npm: '/.npm',
  prometheus: '/var/lib/litellm-runtime/prometheus',
  migrations: '/var/lib/litellm-runtime/migrations',
  redisCa: '/etc/litellm-redis-ca',
} as const;


interface EnvEntry {
  readonly name: string;
  readonly value?: string;
  readonly secret?: SecretRef;
}

/** Everything the runtime creates for one gateway. */
export class KubernetesGatewayResources {
  public readonly binding: GatewayRuntimeBinding;

  private readonly scope: Construct;
  private readonly namespaceName: string;
  private readonly baseName: string;
  private readonly labels: Record<string, string>;
  private readonly selector: Record<string, string>;
  private readonly policySelector: Record<string, string>;
  private readonly callerNamespaces = new Set<string>();
  private readonly callerCidrs = new Set<string>();
  private readonly runAs: string;
  private readonly secretEnv: EnvEntry[] = [];
  private readonly plainEnv: EnvEntry[] = [];
  private readonly extraVolumes: DeploymentV1SpecTemplateSpecVolume[] = [];
  private readonly extraMounts: DeploymentV1SpecTemplateSpecContainerVolumeMount[] = [];
  private readonly egress: NetworkPeer[] = [];

  constructor(
    private readonly context: GatewayRuntimeContext,
    private readonly props: KubernetesRuntimeProps,
    private readonly runtime: KubernetesRuntime,
  ) {
    this.scope = new Construct(context.scope, 'Kubernetes');
    this.baseName = makeName(NameTarget.KUBERNETES_LABEL, context.baseName);
    this.runAs = String(props.runAsUser ?? 1000);
    this.selector = { 'app.kubernetes.io/component': 'gateway', 'app.kubernetes.io/instance': this.baseName, 'app.kubernetes.io/name': 'litellm' };
    // Gateway pods and the migration Job's pods: both get the NetworkPolicy.
    this.policySelector = { 'app.kubernetes.io/instance': this.baseName, 'app.kubernetes.io/name': 'litellm' };
    this.labels = sortedRecord({ ...kubernetesLabels(context.tags), ...this.selector });
    (props.callerNamespaces ?? []).forEach((ns) => this.callerNamespaces.add(ns));

    const ns = this.createNamespace();
    this.namespaceName = ns ? ns.metadata.name : runtime.namespace;
    const serviceAccount = this.createServiceAccount();
    const keys = this.createKeys();
    const redisRelease = this.configureRedis();
    this.configureDatabase();
    this.configureEgress();
    const config = this.createConfigMap();
    const migrations = this.createMigrationJob(serviceAccount);

    const gates = [keys, migrations, redisRelease].filter((d): d is SecretV1 | JobV1 | Release => d !== undefined);
    const deployment = this.createDeployment(serviceAccount, config, gates);
    const ingress = props.ingress?._render();
    const service = this.createService(ingress?.serviceAnnotations ?? {});
    this.createAutoscaler(deployment);
    this.createDisruptionBudget();
    this.createNetworkPolicy(ingress?.sources ?? []);
    if (ingress) this.createIngress(service, ingress);
    this.warnAboutCloudAccess();

    const endpoint = ingress ? `https://${ingress.host}` : `http://${service.metadata.name}.${runtime.namespace}.svc.cluster.local:${context.containerPort}`;
    const secretRef = (name: string): SecretRef => this.secretEnv.find((e) => e.name === name)!.secret!;
    const masterKey = secretRef('LITELLM_MASTER_KEY');
    this.binding = {
      endpoint,
      allowFrom: (peer: GatewayPeer) => this.allowFrom(peer),
      // In-cluster management Jobs call the Service directly (never the ingress).
      management: {
        adminUrl: `http://${service.metadata.name}.${runtime.namespace}.svc.cluster.local:${context.containerPort}`,
        masterKey,
        saltKey: secretRef('LITELLM_SALT_KEY'),
        kubernetes: {
          namespace: this.namespaceName,
          deploymentName: this.baseName,
          masterKeySecret: masterKey.kubernetesSecret,
          ...(props.callerNamespaceLabels && Object.keys(props.callerNamespaceLabels).length > 0 ? { callerNamespaceLabels: sortedRecord(props.callerNamespaceLabels) } : {}),
        },
      },
    };
  }

  private name(...suffix: string[]): string {
    return makeName(NameTarget.KUBERNETES_LABEL, this.context.baseName, ...suffix);
  }

  private metadata(name: string, extra: { annotations?: Record<string, string>; labels?: Record<string, string> } = {}) {
    return {
      name,
      namespace: this.namespaceName,
      labels: sortedRecord({ ...this.labels, ...(extra.labels ?? {}) }),
      ...(extra.annotations && Object.keys(extra.annotations).length > 0 ? { annotations: sortedRecord(extra.annotations) } : {}),
    };
  }

  private allowFrom(peer: GatewayPeer): void {
    if (peer.kind === GatewayPeerKind.KUBERNETES_NAMESPACE) {
      this.callerNamespaces.add(peer.value);
    } else if (peer.kind === GatewayPeerKind.CIDR) {
      this.callerCidrs.add(peer.value);
    } else {
      const p = new ProblemCollector();
      p.add('allowFrom(peer)', peer.toString(), 'is not a peer the Kubernetes runtime can admit', 'use GatewayPeer.kubernetesNamespace(ns) for pods in the cluster or GatewayPeer.cidr(range) for callers in your network');
      p.throwIfAny(this.context.scope);
    }
  }

  // --- namespace, identity, keys ---------------------------------------------------------------

  private createNamespace(): NamespaceV1 | undefined {
    if (this.props.createNamespace === false) return undefined;
    // Pod Security Admission: every pod here meets `restricted`. The in-cluster Valkey chart is not
    // verified against it, so that non-production setup enforces `baseline` and warns on `restricted`.
    const level = this.props.redis?._inCluster ? 'baseline' : 'restricted';
    return new NamespaceV1(this.scope, 'Namespace', {
      metadata: {
        name: this.runtime.namespace,
        labels: sortedRecord({
          ...kubernetesLabels(this.context.tags),
          'pod-security.kubernetes.io/audit': 'restricted',
          'pod-security.kubernetes.io/enforce': level,
          'pod-security.kubernetes.io/warn': 'restricted',
        }),
      },
    });
  }

  private serviceAccountName(): string {
    return this.props.serviceAccount?.name ?? this.baseName;
  }

  private createServiceAccount(): ServiceAccountV1 {
    const sa = this.props.serviceAccount;
    return new ServiceAccountV1(this.scope, 'ServiceAccount', {
      metadata: this.metadata(this.serviceAccountName(), {
        annotations: { ...(sa?.annotations ?? {}), ...(sa?.workloadIdentity?._annotations() ?? {}) },
      }),
      // LiteLLM never calls the Kubernetes API; IRSA and Pod Identity inject their own projected tokens.
      automountServiceAccountToken: false,
    });
  }

  private createKeys(): SecretV1 | undefined {
    const generated: Record<string, string> = {};
    const secretName = this.name('keys');
    if (this.props.masterKey) {
      this.secretEnv.push({ name: 'LITELLM_MASTER_KEY', secret: this.props.masterKey });
    } else {
      const master = new Password(this.scope, 'MasterKeyValue', { length: 48, special: false });
      // LiteLLM requires master keys to start with `sk-`.
      generated['master-key'] = `sk-${master.result}`;
      this.secretEnv.push({ name: 'LITELLM_MASTER_KEY', secret: SecretRef.kubernetes(secretName, 'master-key') });
    }
    if (this.props.saltKey) {
      this.secretEnv.push({ name: 'LITELLM_SALT_KEY', secret: this.props.saltKey });
    } else {
      // The salt encrypts the credentials stored in the database: it must never change. No keepers, and
      // every change to the resource is ignored so not even a provider upgrade can replace it.
      const salt = new Password(this.scope, 'SaltKeyValue', { length: 48, special: false, lifecycle: { ignoreChanges: 'all' } });
      generated['salt-key'] = salt.result;
      this.secretEnv.push({ name: 'LITELLM_SALT_KEY', secret: SecretRef.kubernetes(secretName, 'salt-key') });
    }
    if (Object.keys(generated).length === 0) return undefined;
    return new SecretV1(this.scope, 'GeneratedKeys', {
      metadata: this.metadata(secretName),
      type: 'Opaque',
      // Write-only (Terraform ≥ 1.11): the value reaches the cluster but not this resource's state.
      dataWo: generated,
      dataWoRevision: 1,
    });
  }

  // --- Redis and database ---------------------------------------------------------------------

  private configureRedis(): Release | undefined {
    const redis = this.props.redis;
    if (!redis) return undefined;
    if (!redis._inCluster) {
      const o = redis._external;
      const port = o.port ?? 6379;
      const tls = o.tls !== false;
      this.plainEnv.push({ name: 'REDIS_HOST', value: o.host }, { name: 'REDIS_PORT', value: String(port) }, { name: 'REDIS_SSL', value: tls ? 'true' : 'false' });
      this.secretEnv.push({ name: 'REDIS_PASSWORD', secret: o.password });
      if (o.caCertificate) {
        const { name, key } = o.caCertificate.kubernetesSecret;
        this.extraVolumes.push({ name: 'redis-ca', secret: { secretName: name, defaultMode: '0444', items: [{ key, path: 'ca.crt' }] } });
        this.extraMounts.push({ name: 'redis-ca', mountPath: PATHS.redisCa, readOnly: true });
        this.plainEnv.push({ name: 'REDIS_SSL_CA_CERTS', value: `${PATHS.redisCa}/ca.crt` });
      }
      redis._egressCidrs().forEach((cidr) => this.egress.push({ cidr, port }));
      return undefined;
    }

    const chart = redis._chart;
    const release = makeName(NameTarget.KUBERNETES_LABEL, this.context.baseName.slice(0, 30), 'redis');
    const password = new Password(this.scope, 'RedisPasswordValue', { length: 48, special: false });
    const secret = new SecretV1(this.scope, 'RedisAuth', {
      metadata: this.metadata(this.name('redis-auth')),
      type: 'Opaque',
      dataWo: { password: password.result },
      dataWoRevision: 1,
    });
    const values = {
      fullnameOverride: release,
      image: { tag: chart.imageTag },
      // ACL auth with the generated password; the chart never renders a password of its own.
      auth: {
        enabled: true,
        usersExistingSecret: secret.metadata.name,
        aclUsers: { default: { permissions: '~* &* +@all', passwordKey: 'password' } },
      },
      commonLabels: this.context.tags.team ? { 'llm-platform.io/team': kubernetesLabels(this.context.tags)['llm-platform.io/team'] } : {},
      resources: { limits: { cpu: '500m', memory: '512Mi' }, requests: { cpu: '100m', memory: '256Mi' } },
    };
    const helm = new Release(this.scope, 'Redis', {
      name: release,
      namespace: this.namespaceName,
      repository: chart.chartRepository,
      chart: 'valkey',
      version: chart.chartVersion,
      values: [toYaml(values, { sortMapEntries: true })],
      atomic: true,
      cleanupOnFail: true,
      wait: true,
      timeout: 600,
      maxHistory: 5,
      dependsOn: [secret],
    });
    this.plainEnv.push(
      { name: 'REDIS_HOST', value: `${release}.${this.runtime.namespace}.svc.cluster.local` },
      { name: 'REDIS_PORT', value: '6379' },
      { name: 'REDIS_SSL', value: 'false' },
    );
    this.secretEnv.push({ name: 'REDIS_PASSWORD', secret: SecretRef.kubernetes(this.name('redis-auth'), 'password') });
    // The chart's selector labels (valkey-io/valkey-helm `valkey.selectorLabels`).
    this.egress.push({ podLabels: { 'app.kubernetes.io/instance': release, 'app.kubernetes.io/name': 'valkey' }, port: 6379 });
    return helm;
  }

  private configureDatabase(): void {
    const db = this.props.database;
    if (!db) return;
    for (const e of db._env()) (e.secret ? this.secretEnv : this.plainEnv).push(e);
    db._egressCidrs().forEach((cidr) => this.egress.push({ cidr, port: db._port }));
  }

  private configureEgress(): void {
    for (const cidr of this.props.httpsEgressCidrs ?? ['0.0.0.0/0']) this.egress.push({ cidr, port: 443 });
    this.props.serviceAccount?.workloadIdentity?._egress().forEach((e) => this.egress.push(e));
    for (const rule of this.props.additionalEgress ?? []) this.egress.push({ cidr: rule.cidr, port: rule.port, protocol: rule.protocol ?? 'TCP' });
  }

  // --- config, pods ---------------------------------------------------------------------------

  private createConfigMap(): ConfigMapV1 {
    return new ConfigMapV1(this.scope, 'Config', {
      metadata: this.metadata(this.name('config')),
      data: { 'config.yaml': Lazy.stringValue({ produce: () => this.context.renderConfig() }) },
    });
  }

  private hardenedContainerSecurity(readOnlyRootFilesystem = true): DeploymentV1SpecTemplateSpecContainerSecurityContext {
    return {
      allowPrivilegeEscalation: false,
      privileged: false,
      readOnlyRootFilesystem,
      runAsNonRoot: true,
      runAsUser: this.runAs,
      runAsGroup: this.runAs,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
    };
  }

  private podSecurity() {
    return { runAsNonRoot: true, runAsUser: this.runAs, runAsGroup: this.runAs, fsGroup: this.runAs, seccompProfile: { type: 'RuntimeDefault' } };
  }

  private writableVolumes(): DeploymentV1SpecTemplateSpecVolume[] {
    return [
      { name: 'tmp', emptyDir: { sizeLimit: '512Mi' } },
      { name: 'cache', emptyDir: { sizeLimit: '512Mi' } },
      { name: 'npm', emptyDir: { sizeLimit: '256Mi' } },
      { name: 'prometheus', emptyDir: { sizeLimit: '256Mi' } },
      { name: 'migrations', emptyDir: { sizeLimit: '128Mi' } },
    ];
  }

  private writableMounts(): DeploymentV1SpecTemplateSpecContainerVolumeMount[] {
    return [
      { name: 'tmp', mountPath: PATHS.tmp },
      { name: 'cache', mountPath: PATHS.cache },
      { name: 'npm', mountPath: PATHS.npm },
      { name: 'prometheus', mountPath: PATHS.prometheus },
      { name: 'migrations', mountPath: PATHS.migrations },
    ];
  }

  private envList(plain: ReadonlyArray<EnvEntry>, secret: ReadonlyArray<EnvEntry>): DeploymentV1SpecTemplateSpecContainerEnv[] {
    const byName = new Map<string, EnvEntry>();
    for (const e of plain) byName.set(e.name, e);
    for (const e of secret) byName.set(e.name, e);
    return [...byName.values()]
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
      .map((e) => {
        if (!e.secret) return { name: e.name, value: e.value ?? '' };
        // LiteLLM reads secrets as os.environ/NAME, so they must be environment variables (not files, as
        // CKV_K8S_35 prefers); they come from Secrets by reference and never appear in the Deployment.
        const { name, key } = e.secret.kubernetesSecret;
        return { name: e.name, valueFrom: { secretKeyRef: { name, key } } };
      });
  }

  private gatewayEnv(): DeploymentV1SpecTemplateSpecContainerEnv[] {
    this.runtime._checkLate(this.context);
    const plain: EnvEntry[] = Object.entries(this.context.environment()).map(([name, value]) => ({ name, value }));
    plain.push(...this.plainEnv);
    plain.push(
      // Serving pods never migrate: the migration Job does, once per image.
      { name: 'DISABLE_SCHEMA_UPDATE', value: 'true' },
      { name: 'LITELLM_CONFIG_SHA256', value: this.context.configHash() },
      { name: 'LITELLM_MIGRATION_DIR', value: PATHS.migrations },
      { name: 'NUM_WORKERS', value: String(this.runtime.workersPerReplica) },
      { name: 'PROMETHEUS_MULTIPROC_DIR', value: PATHS.prometheus },
    );
    const secret: EnvEntry[] = Object.entries(this.context.secretEnvironment()).map(([name, ref]) => ({ name, secret: ref }));
    secret.push(...this.secretEnv);
    return this.envList(plain, secret);
  }

  private gatewayContainer(): DeploymentV1SpecTemplateSpecContainer {
    const r = this.props.resources ?? {};
    const port = this.context.containerPort;
    const probe = (path: string, periodSeconds: number, failureThreshold: number) => ({
      httpGet: { path, port: 'http', scheme: 'HTTP' },
      periodSeconds,
      timeoutSeconds: 5,
      failureThreshold,
    });
    return {
      name: 'litellm',
      image: this.context.image,
      imagePullPolicy: 'IfNotPresent',
      args: ['--config', `${PATHS.config}/config.yaml`, '--port', String(port), '--num_workers', String(this.runtime.workersPerReplica)],
      port: [{ name: 'http', containerPort: port, protocol: 'TCP' }],
      env: this.gatewayEnv(),
      resources: {
        requests: { cpu: r.cpuRequest ?? '1', memory: r.memoryRequest ?? '2Gi' },
        limits: { cpu: r.cpuLimit ?? '2', memory: r.memoryLimit ?? r.memoryRequest ?? '2Gi' },
      },
      securityContext: this.hardenedContainerSecurity(),
      // Never `/health`: it calls every model (paid requests).
      livenessProbe: probe('/health/liveliness', 15, 3),
      readinessProbe: probe('/health/readiness', 10, 3),
      // Startup waits for the database and Redis; 30 × 10 s as in LiteLLM's Helm chart.
      startupProbe: probe('/health/readiness', 10, 30),
      lifecycle: {
        // Keep serving while the endpoint is removed from Services and load balancers. The image has no
        // curl and may have no `sleep`, but it always has Python.
        preStop: [{ exec: { command: ['python', '-c', 'import time; time.sleep(15)'] } }],
      },
      volumeMount: [{ name: 'config', mountPath: PATHS.config, readOnly: true }, ...this.writableMounts(), ...this.extraMounts],
    };
  }

  private sidecarContainer(sidecar: GatewaySidecar): DeploymentV1SpecTemplateSpecContainer {
    const cpu = `${sidecar.cpu ?? 256}m`;
    const memory = `${sidecar.memoryMiB ?? 512}Mi`;
    return {
      name: sidecar.name,
      image: sidecar.image,
      imagePullPolicy: 'IfNotPresent',
      ...(sidecar.command ? { command: [...sidecar.command] } : {}),
      port: (sidecar.ports ?? []).map((containerPort) => ({ containerPort, protocol: 'TCP' })),
      env: this.envList(
        Object.entries(sidecar.environment ?? {}).map(([name, value]) => ({ name, value })),
        Object.entries(sidecar.secrets ?? {}).map(([name, secret]) => ({ name, secret })),
      ),
      resources: { requests: { cpu, memory }, limits: { cpu, memory } },
      securityContext: this.hardenedContainerSecurity(),
      volumeMount: [{ name: `${sidecar.name}-tmp`.slice(0, 63), mountPath: PATHS.tmp }],
    };
  }

  private containers(): DeploymentV1SpecTemplateSpecContainer[] {
    const sidecars = [...this.context.sidecars()];
    // Containers start in order; sidecars LiteLLM depends on go first.
    const first = sidecars.filter((s) => s.startBeforeGateway).map((s) => this.sidecarContainer(s));
    const rest = sidecars.filter((s) => !s.startBeforeGateway).map((s) => this.sidecarContainer(s));
    return [...first, this.gatewayContainer(), ...rest];
  }

  private volumes(config: ConfigMapV1): DeploymentV1SpecTemplateSpecVolume[] {
    return [
      { name: 'config', configMap: { name: config.metadata.name, defaultMode: '0444', items: [{ key: 'config.yaml', path: 'config.yaml' }] } },
      ...this.writableVolumes(),
      ...this.extraVolumes,
      ...this.context.sidecars().map((s) => ({ name: `${s.name}-tmp`.slice(0, 63), emptyDir: { sizeLimit: '128Mi' } })),
    ];
  }

  private createDeployment(serviceAccount: ServiceAccountV1, config: ConfigMapV1, dependsOn: ITerraformDependable[]): DeploymentV1 {
    const spread = (topologyKey: string, whenUnsatisfiable: string) => ({
      topologyKey,
      maxSkew: 1,
      whenUnsatisfiable,
      labelSelector: [{ matchLabels: this.selector }],
      // Spread each rollout's pods, not old and new together.
      matchLabelKeys: ['pod-template-hash'],
    });
    return new DeploymentV1(this.scope, 'Deployment', {
      metadata: this.metadata(this.baseName),
      spec: {
        // The HPA owns the replica count after creation (see lifecycle below).
        replicas: String(this.runtime.minReplicas),
        selector: { matchLabels: this.selector },
        revisionHistoryLimit: 5,
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '0' } },
        template: {
          metadata: {
            labels: this.labels,
            annotations: {
              // A config change changes the pod template, so the Deployment rolls.
              'checksum/config': Lazy.stringValue({ produce: () => this.context.configHash() }),
              'kubectl.kubernetes.io/default-container': 'litellm',
            },
          },
          spec: {
            serviceAccountName: serviceAccount.metadata.name,
            automountServiceAccountToken: false,
            enableServiceLinks: false,
            securityContext: this.podSecurity(),
            terminationGracePeriodSeconds: this.props.terminationGracePeriodSeconds ?? 90,
            topologySpreadConstraint: [spread('topology.kubernetes.io/zone', 'DoNotSchedule'), spread('kubernetes.io/hostname', 'ScheduleAnyway')],
            ...(this.props.nodeSelector ? { nodeSelector: sortedRecord(this.props.nodeSelector) } : {}),
            ...(this.props.priorityClassName ? { priorityClassName: this.props.priorityClassName } : {}),
            ...(this.props.imagePullSecrets?.length ? { imagePullSecrets: this.props.imagePullSecrets.map((name) => ({ name })) } : {}),
            container: Lazy.anyValue({ produce: () => this.containers().map(deploymentV1SpecTemplateSpecContainerToTerraform) }),
            volume: Lazy.anyValue({ produce: () => this.volumes(config).map(deploymentV1SpecTemplateSpecVolumeToTerraform) }),
          },
        },
      },
      waitForRollout: true,
      timeouts: { create: '15m', update: '15m' },
      lifecycle: { ignoreChanges: ['spec[0].replicas'] },
      dependsOn,
    });
  }

  private createMigrationJob(serviceAccount: ServiceAccountV1): JobV1 | undefined {
    const db = this.props.database;
    if (!db) return undefined;
    const m = this.props.migrations ?? {};
    const timeout = `${m.timeoutMinutes ?? 15}m`;
    // One Job per image: a new LiteLLM version migrates once, before the Deployment rolls to it.
    const name = this.name('migrate', stableHash([this.context.image]));
    const env = this.envList(
      [...db._env().filter((e) => !e.secret), { name: 'DISABLE_SCHEMA_UPDATE', value: 'false' }, { name: 'LITELLM_MIGRATION_DIR', value: PATHS.migrations }],
      db._env().filter((e) => e.secret),
    );
    return new JobV1(this.scope, 'Migrations', {
      metadata: this.metadata(name, { labels: { 'app.kubernetes.io/component': 'migrations' } }),
      spec: {
        // A single pod at a time; Prisma's migrate deploy also takes an advisory lock.
        parallelism: 1,
        completions: 1,
        backoffLimit: 3,
        template: {
          metadata: { labels: { ...this.labels, 'app.kubernetes.io/component': 'migrations' } },
          spec: {
            restartPolicy: 'Never',
            serviceAccountName: serviceAccount.metadata.name,
            automountServiceAccountToken: false,
            enableServiceLinks: false,
            securityContext: this.podSecurity(),
            ...(this.props.imagePullSecrets?.length ? { imagePullSecrets: this.props.imagePullSecrets.map((n) => ({ name: n })) } : {}),
            container: [{
              name: 'migrations',
              image: this.context.image,
              imagePullPolicy: 'IfNotPresent',
              // As LiteLLM's Helm chart migration job.
              command: ['python', 'litellm/proxy/prisma_migration.py'],
              workingDir: '/app',
              env,
              resources: { requests: { cpu: '250m', memory: '512Mi' }, limits: { cpu: '1', memory: '1Gi' } },
              securityContext: this.hardenedContainerSecurity(m.readOnlyRootFilesystem ?? true),
              volumeMount: this.writableMounts(),
            }],
            volume: this.writableVolumes(),
          },
        },
      },
      waitForCompletion: true,
      timeouts: { create: timeout, update: timeout },
    });
  }

  // --- traffic --------------------------------------------------------------------------------

  private createService(annotations: Record<string, string>): ServiceV1 {
    return new ServiceV1(this.scope, 'Service', {
      metadata: this.metadata(this.baseName, { annotations }),
      spec: {
        type: 'ClusterIP',
        selector: this.selector,
        port: [{ name: 'http', port: this.context.containerPort, targetPort: 'http', protocol: 'TCP', appProtocol: 'http' }],
      },
    });
  }

  private createAutoscaler(deployment: DeploymentV1): void {
    const a = this.props.autoscaling ?? {};
    const utilization = (name: string, averageUtilization: number): HorizontalPodAutoscalerV2SpecMetric => ({
      type: 'Resource',
      resource: { name, target: { type: 'Utilization', averageUtilization } },
    });
    const metric: HorizontalPodAutoscalerV2SpecMetric[] = [utilization('cpu', a.targetCpuUtilizationPercent ?? 70)];
    if (a.targetMemoryUtilizationPercent !== undefined) metric.push(utilization('memory', a.targetMemoryUtilizationPercent));
    if (a.requestsPerSecondPerReplica !== undefined) {
      metric.push({
        type: 'Pods',
        pods: { metric: { name: a.requestsPerSecondMetric ?? 'litellm_requests_per_second' }, target: { type: 'AverageValue', averageValue: String(a.requestsPerSecondPerReplica) } },
      });
    }
    new HorizontalPodAutoscalerV2(this.scope, 'Autoscaler', {
      metadata: this.metadata(this.baseName),
      spec: {
        minReplicas: this.runtime.minReplicas,
        maxReplicas: this.runtime.maxReplicas,
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: deployment.metadata.name },
        metric,
        behavior: {
          // Out fast (double, or +2 pods, per minute), in slowly (one pod per minute after the window).
          scaleUp: [{ stabilizationWindowSeconds: 0, selectPolicy: 'Max', policy: [{ type: 'Percent', value: 100, periodSeconds: 60 }, { type: 'Pods', value: 2, periodSeconds: 60 }] }],
          scaleDown: [{ stabilizationWindowSeconds: a.scaleDownStabilizationSeconds ?? 300, selectPolicy: 'Min', policy: [{ type: 'Pods', value: 1, periodSeconds: 60 }] }],
        },
      },
    });
  }

  private createDisruptionBudget(): void {
    new PodDisruptionBudgetV1(this.scope, 'DisruptionBudget', {
      metadata: this.metadata(this.baseName),
      // One pod at a time may be evicted by drains and upgrades.
      spec: { maxUnavailable: '1', selector: { matchLabels: this.selector } },
    });
  }

  private createNetworkPolicy(ingressSources: ReadonlyArray<NetworkPeer>): void {
    const port = String(this.context.containerPort);
    const ingress = (): NetworkPolicyV1SpecIngress[] => {
      const from: NetworkPolicyV1SpecIngressFrom[] = [];
      const namespaces = new Set(this.callerNamespaces);
      ingressSources.filter((s) => s.namespace).forEach((s) => namespaces.add(s.namespace!));
      if (namespaces.size > 0) {
        from.push({ namespaceSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: [...namespaces].sort() }] } });
      }
      if (this.props.callerNamespaceLabels && Object.keys(this.props.callerNamespaceLabels).length > 0) {
        from.push({ namespaceSelector: { matchLabels: sortedRecord(this.props.callerNamespaceLabels) } });
      }
      const cidrs = new Set([...this.callerCidrs, ...ingressSources.filter((s) => s.cidr).map((s) => s.cidr!)]);
      [...cidrs].sort().forEach((cidr) => from.push({ ipBlock: { cidr } }));
      // No sources: no rule at all, which denies every caller (an empty `from` would admit everyone).
      return from.length === 0 ? [] : [{ from, ports: [{ port, protocol: 'TCP' }] }];
    };

    const dnsPorts = [{ port: '53', protocol: 'UDP' }, { port: '53', protocol: 'TCP' }];
    const egress: NetworkPolicyV1SpecEgress[] = [{
      to: [
        { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } },
        // NodeLocal DNSCache's link-local address (Kubernetes docs, "Using NodeLocal DNSCache").
        { ipBlock: { cidr: '169.254.20.10/32' } },
        // Cloud DNS on GKE (see KubernetesWorkloadIdentity._dnsResolvers).
        ...(this.props.serviceAccount?.workloadIdentity?._dnsResolvers() ?? []).map((cidr) => ({ ipBlock: { cidr } })),
      ],
      ports: dnsPorts,
    }];
    // One rule per port, destinations sorted, so the output is stable.
    const byPort = new Map<string, NetworkPolicyV1SpecEgressTo[]>();
    for (const e of this.egress) {
      const key = `${e.port ?? ''}/${e.protocol ?? 'TCP'}`;
      const to: NetworkPolicyV1SpecEgressTo = e.cidr
        ? { ipBlock: { cidr: e.cidr } }
        : { podSelector: { matchLabels: sortedRecord(e.podLabels ?? {}) } };
      byPort.set(key, [...(byPort.get(key) ?? []), to]);
    }
    const sortKey = (k: string) => { const [p, proto] = k.split('/'); return `${proto}/${p.padStart(5, '0')}`; };
    for (const key of [...byPort.keys()].sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : 1))) {
      const [p, protocol] = key.split('/');
      const to = [...new Map(byPort.get(key)!.map((t) => [JSON.stringify(t), t])).entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, t]) => t);
      egress.push({ to, ports: [{ port: p, protocol }] });
    }

    new NetworkPolicyV1(this.scope, 'NetworkPolicy', {
      metadata: this.metadata(this.baseName),
      spec: {
        podSelector: { matchLabels: this.policySelector },
        policyTypes: ['Ingress', 'Egress'],
        ingress: Lazy.anyValue({ produce: () => ingress().map(networkPolicyV1SpecIngressToTerraform) }),
        egress,
      },
    });
  }

  private createIngress(service: ServiceV1, ingress: ReturnType<KubernetesIngress['_render']>): void {
    new IngressV1(this.scope, 'Ingress', {
      metadata: this.metadata(this.baseName, { annotations: ingress.annotations }),
      spec: {
        ...(ingress.className ? { ingressClassName: ingress.className } : {}),
        rule: [{
          host: ingress.host,
          http: { path: [{ path: '/', pathType: 'Prefix', backend: { service: { name: service.metadata.name, port: { number: this.context.containerPort } } } }] },
        }],
        tls: [{ hosts: ingress.tls.hosts, ...(ingress.tls.secretName ? { secretName: ingress.tls.secretName } : {}) }],
      },
      // Fail the apply if no controller provisions a load balancer.
      waitForLoadBalancer: true,
    });
  }

  private warnAboutCloudAccess(): void {
    const access = this.context.cloudAccess();
    if ((access.bedrock.length > 0 || access.vertex.length > 0) && !this.props.serviceAccount?.workloadIdentity) {
      Annotations.of(this.scope).addWarning(
        'The gateway calls Bedrock or Vertex AI models but the Kubernetes runtime has no serviceAccount.workloadIdentity: '
        + 'the pods will have no cloud credentials. Pass KubernetesWorkloadIdentity.eksPodIdentity(), .eksIrsa(roleArn) or .gke(email) '
        + 'and grant that identity the model permissions.',
      );
    }
  }
}
