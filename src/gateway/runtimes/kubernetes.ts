import { z } from 'zod';
import {
  ProblemCollector,
  SecretRef,
  findLiteralSecrets,
  issuesToProblems,
  schemaFor,
  withFix,
  type ValidationProblem,
} from '../../core';
import { isUnresolved } from '../../core/tokens';
import { DEFAULT_LITELLM_IMAGE } from '../litellm/defaults';
import type { GatewayRuntimeBinding, GatewayRuntimeContext, IGatewayRuntime } from '../runtime-contract';
import { KubernetesDatabase } from './kubernetes/database';
import { KubernetesIngress } from './kubernetes/ingress';
import { KubernetesRedis } from './kubernetes/redis';
import { DNS_LABEL, DNS_SUBDOMAIN, IPV4_CIDR, LABEL_KEY, LABEL_VALUE, QUANTITY, checkAnnotations, checkCidrs, requireKubernetesSecret } from './kubernetes/shared';
import { KubernetesWorkloadIdentity } from './kubernetes/workload-identity';

export * from './kubernetes/database';
export * from './kubernetes/ingress';
export * from './kubernetes/redis';
export * from './kubernetes/workload-identity';
export { KUBERNETES_GATEWAY_METRICS_PORT } from './kubernetes/shared';

/** Horizontal Pod Autoscaler targets. */
export interface KubernetesAutoscalingOptions {
  /** Average CPU utilization (of requests) the HPA keeps. @default 70 */
  readonly targetCpuUtilizationPercent?: number;
  /** Average memory utilization (of requests) the HPA keeps. @default - memory is not a scaling signal */
  readonly targetMemoryUtilizationPercent?: number;
  /**
   * Requests per second per pod. Read from the custom metrics API (`pods` metric), so it needs the
   * Prometheus Adapter (or KEDA) exposing `requestsPerSecondMetric`, e.g. from
   * `rate(litellm_proxy_total_requests_metric_total[2m])` per pod.
   * @default - requests per second is not a scaling signal
   */
  readonly requestsPerSecondPerReplica?: number;
  /** Name of the per-pod custom metric. @default 'litellm_requests_per_second' */
  readonly requestsPerSecondMetric?: string;
  /** How long load must stay low before scaling in. @default 300 */
  readonly scaleDownStabilizationSeconds?: number;
}

/** CPU and memory of the LiteLLM container (Kubernetes quantities). */
export interface KubernetesResourceOptions {
  /** @default '1' */
  readonly cpuRequest?: string;
  /** @default '2' */
  readonly cpuLimit?: string;
  /** @default '2Gi' */
  readonly memoryRequest?: string;
  /** Equal to the request by default, so the pod is never killed for memory the node promised elsewhere. @default '2Gi' */
  readonly memoryLimit?: string;
}

/** The gateway's Kubernetes ServiceAccount. */
export interface KubernetesServiceAccountOptions {
  /** ServiceAccount name (what IRSA trust policies and Pod Identity associations name). @default - derived from the gateway name */
  readonly name?: string;
  /** How the pods get cloud credentials. @default - none (no cloud API access from the pods) */
  readonly workloadIdentity?: KubernetesWorkloadIdentity;
  /** Extra ServiceAccount annotations. @default {} */
  readonly annotations?: Readonly<Record<string, string>>;
}

/** One more destination the gateway pods may reach (e.g. an OpenTelemetry collector). */
export interface KubernetesEgressRule {
  /** IPv4 range. */
  readonly cidr: string;
  /** Port. */
  readonly port: number;
  /** @default 'TCP' */
  readonly protocol?: 'TCP' | 'UDP';
}

/** The database migration Job. */
export interface KubernetesMigrationOptions {
  /**
   * Read-only root filesystem for the migration pod. The pinned LiteLLM release's Prisma writes into
   * site-packages while it migrates (`MIGRATION_WRITABLE_ROOT_REASON`), so the Job's root filesystem is writable
   * (a reasoned, visible suppression of LLM-K8S-5; the serving pods stay read-only). Set `true` only for an
   * image that migrates without writing there.
   * @default false
   */
  readonly readOnlyRootFilesystem?: boolean;
  /** How long Terraform waits for the Job. @default 15 */
  readonly timeoutMinutes?: number;
}

/** Props of `GatewayRuntime.kubernetes`. */
export interface KubernetesRuntimeProps {
  /** Namespace the gateway runs in. @default 'llm-gateway' */
  readonly namespace?: string;
  /** Create the namespace (labelled for Pod Security Admission). `false` uses an existing one. @default true */
  readonly createNamespace?: boolean;
  /** Replicas that always run, spread over zones. > 1 requires `redis`. @default 2 */
  readonly minReplicas?: number;
  /** The autoscaling ceiling. @default 10 */
  readonly maxReplicas?: number;
  /** Uvicorn workers per pod (`NUM_WORKERS`); LiteLLM recommends one per pod and scaling out. @default 1 */
  readonly workersPerReplica?: number;
  /** HPA targets. @default - CPU 70 % */
  readonly autoscaling?: KubernetesAutoscalingOptions;
  /** Container resources. @default - 1 CPU / 2 GiB requested, 2 CPU / 2 GiB limit */
  readonly resources?: KubernetesResourceOptions;
  /** ServiceAccount name, annotations and workload identity. @default - a dedicated ServiceAccount without cloud identity */
  readonly serviceAccount?: KubernetesServiceAccountOptions;
  /**
   * Namespaces whose pods may call the gateway (NetworkPolicy). More can be added with
   * `gateway.connections.allowFrom(GatewayPeer.kubernetesNamespace(ns))`.
   * @default [] (nobody until allowed)
   */
  readonly callerNamespaces?: ReadonlyArray<string>;
  /**
   * Namespaces carrying all of these labels may call the gateway. Only safe where labelling
   * namespaces is restricted to platform admins.
   * @default - no label-based access
   */
  readonly callerNamespaceLabels?: Readonly<Record<string, string>>;
  /** How callers outside the cluster reach the gateway. @default - none (ClusterIP Service only) */
  readonly ingress?: KubernetesIngress;
  /** Redis for shared limits, budgets and cooldowns. Required when `maxReplicas` > 1. @default - none */
  readonly redis?: KubernetesRedis;
  /** Postgres for keys, teams, budgets and spend. @default - none: master key only, no virtual keys or spend tracking */
  readonly database?: KubernetesDatabase;
  /** `LITELLM_MASTER_KEY` from your own Kubernetes Secret (value starts with `sk-`). @default - generated into a Secret */
  readonly masterKey?: SecretRef;
  /** `LITELLM_SALT_KEY` from your own Kubernetes Secret. Never change it once set. @default - generated once into a Secret */
  readonly saltKey?: SecretRef;
  /** Ranges the pods may reach on 443 (model provider APIs, STS). @default ['0.0.0.0/0'] */
  readonly httpsEgressCidrs?: ReadonlyArray<string>;
  /** More egress the pods need (sidecar exporters, proxies). @default [] */
  readonly additionalEgress?: ReadonlyArray<KubernetesEgressRule>;
  /** Time to finish in-flight (streaming) requests on shutdown. @default 90 */
  readonly terminationGracePeriodSeconds?: number;
  /**
   * User and group the containers run as. The default is the `nobody` user (65534) that LiteLLM's non-root image
   * is built for: it owns `/app`, the Prisma engines baked into `/app/.cache` and the Prisma client, so nothing is
   * downloaded or generated at pod start (BerriAI/litellm `docker/Dockerfile.non_root`: `chown -R nobody:nogroup`,
   * `USER nobody`, `PRISMA_OFFLINE_MODE`).
   * @default 65534
   */
  readonly runAsUser?: number;
  /** Node selector for the pods. @default {} */
  readonly nodeSelector?: Readonly<Record<string, string>>;
  /** PriorityClass of the pods. @default - the cluster default */
  readonly priorityClassName?: string;
  /** Secrets for pulling the image from a private registry or mirror. @default [] */
  readonly imagePullSecrets?: ReadonlyArray<string>;
  /** The migration Job (created only with a `database`). @default - read-only root filesystem, 15 minute timeout */
  readonly migrations?: KubernetesMigrationOptions;
}

const PROP_PREFIX = 'runtime';
const RESERVED_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];
const MANAGED_SA_ANNOTATIONS = ['eks.amazonaws.com/role-arn', 'iam.gke.io/gcp-service-account'];

const strRecord = z.record(z.string(), z.string());
// `instanceOf` from core needs a public constructor; strategy classes keep theirs private.
const instanceOf = <T>(cls: Function & { prototype: T }, name: string, fix: string): z.ZodType<T> =>
  z.custom<T>((v) => v instanceof cls, { message: withFix(`must be a ${name}`, fix) });
const quantity = z.string().regex(QUANTITY, withFix('is not a Kubernetes quantity', "use e.g. '500m', '2' or '2Gi'"));

const propsSchema = schemaFor<KubernetesRuntimeProps>()(
  z.strictObject({
    namespace: z.string().regex(DNS_LABEL, withFix('is not a namespace name', 'use a DNS-1123 label, e.g. llm-gateway')).max(63).optional(),
    createNamespace: z.boolean().optional(),
    minReplicas: z.number().int().min(1).max(100).optional(),
    maxReplicas: z.number().int().min(1).max(500).optional(),
    workersPerReplica: z.number().int().min(1).max(32).optional(),
    autoscaling: z.strictObject({
      targetCpuUtilizationPercent: z.number().int().min(10).max(95).optional(),
      targetMemoryUtilizationPercent: z.number().int().min(10).max(95).optional(),
      requestsPerSecondPerReplica: z.number().positive().optional(),
      requestsPerSecondMetric: z.string().regex(/^[a-zA-Z_:][a-zA-Z0-9_:]*$/, withFix('is not a metric name', 'use a Prometheus-style metric name')).optional(),
      scaleDownStabilizationSeconds: z.number().int().min(0).max(3600).optional(),
    }).optional(),
    resources: z.strictObject({
      cpuRequest: quantity.optional(),
      cpuLimit: quantity.optional(),
      memoryRequest: quantity.optional(),
      memoryLimit: quantity.optional(),
    }).optional(),
    serviceAccount: z.strictObject({
      name: z.string().regex(DNS_SUBDOMAIN, withFix('is not a ServiceAccount name', 'use lowercase letters, digits, - and .')).max(253).optional(),
      workloadIdentity: instanceOf(KubernetesWorkloadIdentity, 'KubernetesWorkloadIdentity', 'use KubernetesWorkloadIdentity.eksIrsa(roleArn), .eksPodIdentity() or .gke(email)').optional(),
      annotations: strRecord.optional(),
    }).optional(),
    callerNamespaces: z.array(z.string().regex(DNS_LABEL, withFix('is not a namespace name', 'use a DNS-1123 label'))).optional(),
    callerNamespaceLabels: z.record(z.string().regex(LABEL_KEY, withFix('is not a label key', 'use e.g. llm-platform.io/gateway-access')), z.string().regex(LABEL_VALUE, withFix('is not a label value', 'use at most 63 of [A-Za-z0-9._-]'))).optional(),
    ingress: instanceOf(KubernetesIngress, 'KubernetesIngress', 'use KubernetesIngress.awsLoadBalancer(...), .gkeInternal(...) or .ingressClass(...)').optional(),
    redis: instanceOf(KubernetesRedis, 'KubernetesRedis', 'use KubernetesRedis.external(...) or KubernetesRedis.inClusterForNonProduction()').optional(),
    database: instanceOf(KubernetesDatabase, 'KubernetesDatabase', 'use KubernetesDatabase.fromUrlSecret(ref) or KubernetesDatabase.rdsIamAuth(...)').optional(),
    masterKey: instanceOf(SecretRef, 'SecretRef', "use SecretRef.kubernetes('name', 'key')").optional(),
    saltKey: instanceOf(SecretRef, 'SecretRef', "use SecretRef.kubernetes('name', 'key')").optional(),
    httpsEgressCidrs: z.array(z.string()).optional(),
    additionalEgress: z.array(z.strictObject({
      cidr: z.string(),
      port: z.number().int().min(1).max(65535),
      protocol: z.enum(['TCP', 'UDP']).optional(),
    })).optional(),
    terminationGracePeriodSeconds: z.number().int().min(30).max(3600).optional(),
    runAsUser: z.number().int().min(1, withFix('must not be root (0)', 'use a non-zero uid such as 65534 (the non-root image\'s user)')).optional(),
    nodeSelector: strRecord.optional(),
    priorityClassName: z.string().regex(DNS_SUBDOMAIN, withFix('is not a PriorityClass name', 'use lowercase letters, digits, - and .')).optional(),
    imagePullSecrets: z.array(z.string().regex(DNS_SUBDOMAIN, withFix('is not a Secret name', 'use lowercase letters, digits, - and .'))).optional(),
    migrations: z.strictObject({
      readOnlyRootFilesystem: z.boolean().optional(),
      timeoutMinutes: z.number().int().min(1).max(120).optional(),
    }).optional(),
  }),
);

/**
 * LiteLLM on any Kubernetes cluster (EKS, GKE, ...), through the user's `kubernetes` and `helm`
 * providers (this runtime creates no provider). Hardened and autoscaled by default:
 *
 * - a Deployment of ≥ 2 pods spread over zones, non-root, read-only root filesystem (emptyDirs for the
 *   paths LiteLLM writes), all capabilities dropped, seccomp `RuntimeDefault`, requests and limits, probes
 *   on `/health/liveliness` and `/health/readiness`, a preStop pause and a 90 s grace period;
 * - an HPA v2 (CPU, optionally memory and requests per second), a PodDisruptionBudget, a ClusterIP
 *   Service, and a NetworkPolicy that admits only the allowed namespaces and ingress path and lets the
 *   pods reach only DNS, Redis, the database and HTTPS;
 * - the config in a ConfigMap whose sha256 is on the pod template, so a config change rolls the pods;
 * - secrets only by reference (`SecretRef.kubernetes`); the master and salt keys are generated once into
 *   a Secret (write-only attribute, so the Secret's Terraform state holds no value);
 * - with a database, a migration Job per image before the Deployment rolls (serving pods never migrate).
 */
export class KubernetesRuntime implements IGatewayRuntime {
  public readonly kind = 'kubernetes';
  public readonly minReplicas: number;
  public readonly maxReplicas: number;
  public readonly workersPerReplica: number;
  public readonly databaseMaxConnections: number | undefined;
  public readonly providesRedis: boolean;
  /** The namespace the gateway runs in. */
  public readonly namespace: string;

  private readonly props: KubernetesRuntimeProps;
  private bound = false;

  constructor(props: KubernetesRuntimeProps = {}) {
    this.props = props;
    this.namespace = props.namespace ?? 'llm-gateway';
    this.minReplicas = props.minReplicas ?? 2;
    this.maxReplicas = props.maxReplicas ?? Math.max(10, this.minReplicas);
    this.workersPerReplica = props.workersPerReplica ?? 1;
    this.providesRedis = props.redis !== undefined;
    this.databaseMaxConnections = props.database instanceof KubernetesDatabase ? props.database._maxConnections : undefined;
  }

  public validate(): ReadonlyArray<ValidationProblem> {
    const props = this.props;
    const p = new ProblemCollector();
    p.addAll(findLiteralSecrets(props, PROP_PREFIX));
    const parsed = propsSchema.safeParse(props);
    if (!parsed.success) p.addAll(issuesToProblems(parsed.error.issues, props, PROP_PREFIX));
    const at = (path: string) => `${PROP_PREFIX}.${path}`;

    if (RESERVED_NAMESPACES.includes(this.namespace)) {
      p.add(at('namespace'), this.namespace, 'is a system namespace', 'run the gateway in its own namespace, e.g. llm-gateway');
    }
    if (this.minReplicas > this.maxReplicas) {
      p.add(at('maxReplicas'), this.maxReplicas, `is below minReplicas (${this.minReplicas})`, 'raise maxReplicas or lower minReplicas');
    }
    if (props.masterKey !== undefined) requireKubernetesSecret(p, at('masterKey'), props.masterKey);
    if (props.saltKey !== undefined) requireKubernetesSecret(p, at('saltKey'), props.saltKey);
    if (props.ingress instanceof KubernetesIngress) props.ingress._validate(p, at('ingress'));
    if (props.redis instanceof KubernetesRedis) props.redis._validate(p, at('redis'));
    if (props.database instanceof KubernetesDatabase) props.database._validate(p, at('database'));
    if (props.serviceAccount?.workloadIdentity instanceof KubernetesWorkloadIdentity) props.serviceAccount.workloadIdentity._validate(p, at('serviceAccount.workloadIdentity'));
    checkAnnotations(p, at('serviceAccount.annotations'), props.serviceAccount?.annotations, MANAGED_SA_ANNOTATIONS);
    if (Array.isArray(props.httpsEgressCidrs)) checkCidrs(p, at('httpsEgressCidrs'), props.httpsEgressCidrs, true);
    (Array.isArray(props.additionalEgress) ? props.additionalEgress : []).forEach((rule, i) => {
      if (rule && typeof rule.cidr === 'string' && !isUnresolved(rule.cidr) && !IPV4_CIDR.test(rule.cidr)) {
        p.add(at(`additionalEgress[${i}].cidr`), rule.cidr, 'is not an IPv4 CIDR', 'pass a range such as 10.0.0.0/16');
      }
    });
    const auto = props.autoscaling;
    if (auto?.requestsPerSecondMetric !== undefined && auto.requestsPerSecondPerReplica === undefined) {
      p.add(at('autoscaling.requestsPerSecondMetric'), auto.requestsPerSecondMetric, 'has no effect without requestsPerSecondPerReplica', 'set requestsPerSecondPerReplica, or remove the metric name');
    }
    const migrationsWithoutDb = props.migrations !== undefined && props.database === undefined;
    if (migrationsWithoutDb) p.add(at('migrations'), props.migrations, 'has no effect without a database', 'pass a database, or remove migrations');
    return p.problems;
  }

  public bind(context: GatewayRuntimeContext): GatewayRuntimeBinding {
    if (this.bound) throw new Error('A KubernetesRuntime can be bound to one gateway only; create one runtime per gateway.');
    this.bound = true;

    const problems = new ProblemCollector().addAll(this.validate());
    if (!isPinnedImage(context.image)) {
      problems.add('image', context.image, 'is not pinned', 'pin a version tag or, better, a digest (LiteLLM 1.82.7 and 1.82.8 were trojanized): ghcr.io/berriai/litellm@sha256:<digest>');
    }
    const image = kubernetesImage(context.image);
    if (ROOT_IMAGE.test(image)) {
      problems.add('image', context.image, 'is a LiteLLM image built to run as root: as a non-root pod, its Prisma engines (under /root/.cache) are unreadable and Prisma downloads them at start', `use the non-root variant of the same release, e.g. ${toNonRootImage(context.image)}`);
    }
    // LlmGateway reports this too (for every runtime); here it protects a direct bind.
    if ((this.maxReplicas > 1 || this.workersPerReplica > 1) && this.props.redis === undefined) {
      problems.add(`${PROP_PREFIX}.redis`, undefined, `is required with more than one LiteLLM process (maxReplicas ${this.maxReplicas}, workersPerReplica ${this.workersPerReplica}): without Redis, rate limits, budgets and cooldowns are per process`,
        'pass KubernetesRedis.external({ host, password }) (or KubernetesRedis.inClusterForNonProduction() outside production), or set minReplicas, maxReplicas and workersPerReplica to 1');
    }
    if (this.props.redis?._inCluster && /^prod/i.test(context.tags.environment ?? '')) {
      problems.add(`${PROP_PREFIX}.redis`, 'KubernetesRedis.inClusterForNonProduction()', `is not for production (environment '${context.tags.environment}')`, 'use KubernetesRedis.external({ host, password }) with ElastiCache or Memorystore');
    }
    this.checkSecretEnvironment(problems, context);
    problems.throwIfAny(context.scope);

    // Loaded here, not at import: the provider bindings it uses cost ~200 ms (importing the package stays cheap).
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { KubernetesGatewayResources } = require('./kubernetes/gateway-resources') as typeof import('./kubernetes/gateway-resources');
    return new KubernetesGatewayResources({ ...context, image }, this.props, this).binding;
  }

  private checkSecretEnvironment(p: ProblemCollector, context: GatewayRuntimeContext): void {
    for (const [name, ref] of Object.entries(context.secretEnvironment())) requireKubernetesSecret(p, `secretEnvironment.${name}`, ref);
    for (const sidecar of context.sidecars()) {
      for (const [name, ref] of Object.entries(sidecar.secrets ?? {})) requireKubernetesSecret(p, `sidecars.${sidecar.name}.secrets.${name}`, ref);
    }
  }

  /** @internal Same check at synth time, for secrets added after the gateway was constructed. */
  public _checkLate(context: GatewayRuntimeContext): void {
    const p = new ProblemCollector();
    this.checkSecretEnvironment(p, context);
    p.throwIfAny(context.scope);
  }
}

/** LiteLLM's images that run as root (the plain and the `-database` builds, on ghcr.io or Docker Hub). */
const ROOT_IMAGE = /^(ghcr\.io\/berriai|(docker\.io\/)?berriai)\/litellm(-database)?[:@]/;

/** The non-root variant of a LiteLLM root image reference (same tag; a digest cannot be carried over). */
function toNonRootImage(image: string): string {
  return image.replace(/\/litellm(-database)?([:@])/, '/litellm-non_root$2').replace(/@sha256:[a-f0-9]{64}$/, '@sha256:<digest of the non_root image>');
}

/**
 * The image the pods run: the gateway's default LiteLLM image becomes its non-root variant (same release, so
 * the same LiteLLM contract), which the pods' non-root user can run with a read-only root filesystem.
 */
function kubernetesImage(image: string): string {
  return image === DEFAULT_LITELLM_IMAGE ? DEFAULT_LITELLM_NON_ROOT_IMAGE : image;
}

/** `ghcr.io/berriai/litellm-non_root` at the release of `DEFAULT_LITELLM_IMAGE`. */
export const DEFAULT_LITELLM_NON_ROOT_IMAGE = DEFAULT_LITELLM_IMAGE.replace('/litellm:', '/litellm-non_root:');

function isPinnedImage(image: string): boolean {
  if (isUnresolved(image)) return true;
  if (/@sha256:[a-f0-9]{64}$/.test(image)) return true;
  const tag = /:([A-Za-z0-9_][A-Za-z0-9_.-]{0,127})$/.exec(image.split('/').pop() ?? '')?.[1];
  return tag !== undefined && !/^(latest|main|main-latest|main-stable|stable|nightly)$/.test(tag);
}
