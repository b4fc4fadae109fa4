import { z } from 'zod';
import type { PlatformCloudStrategy, PlatformContext, PlatformStackRole } from './contract';
import { optionProblems, optionsBag, runtimeProblems } from './options';
import type { TerraformStack } from '../../core/cdktf';
import type { ValidationProblem } from '../../core/errors';
import { schemaFor, withFix } from '../../core/validation';
import { GatewayRuntime } from '../../gateway/runtime';
import type { KubernetesRuntimeProps } from '../../gateway/runtimes/kubernetes';
import { KubernetesDatabase } from '../../gateway/runtimes/kubernetes/database';
import { KubernetesIngress } from '../../gateway/runtimes/kubernetes/ingress';
import { KubernetesRedis } from '../../gateway/runtimes/kubernetes/redis';
import { ObservabilityTarget } from '../../observability/target';
import { KubernetesMonitoringApi, type KubernetesObservabilityTargetProps } from '../../observability/targets/kubernetes';
import { TeamIdentity } from '../../tenancy/team-identity';
import { VectorBackend, type QdrantHelmOptions } from '../../vector-store/backend';

/** Which Kubernetes the platform runs on: decides the monitoring API and what the team stacks' budgets use. */
export enum KubernetesFlavour {
  /** Amazon EKS: Prometheus Operator objects; team cloud budgets in AWS Budgets. */
  EKS = 'eks',
  /** Google GKE: Google Managed Prometheus objects (`PodMonitoring`, `Rules`); team cloud budgets in Cloud Billing. */
  GKE = 'gke',
  /** Any other conformant cluster: Prometheus Operator objects. */
  GENERIC = 'generic',
}

/** Kubernetes runtime options besides the ones `PlatformCloud.kubernetes` names. */
export type KubernetesPlatformRuntimeOptions = Omit<KubernetesRuntimeProps, 'namespace' | 'redis' | 'database' | 'ingress' | 'callerNamespaceLabels'>;

/** The Qdrant vector store: its namespace (which must exist) and the chart options. */
export type KubernetesPlatformVectorStoreOptions = QdrantHelmOptions;

/** Options of `PlatformCloud.kubernetes`. */
export interface KubernetesPlatformCloudOptions {
  readonly flavour: KubernetesFlavour;
  /**
   * Creates the providers of one stack: `kubernetes` and `helm` for the cluster (plus `aws`/`google` when team
   * cloud budgets or data sources need them). Called for the platform stack and for every team stack, each its own
   * Terraform state, so configure them from values every stack can read on its own (the cluster's name, not
   * another stack's outputs).
   */
  readonly providers: (stack: TerraformStack, role: PlatformStackRole) => void;
  /** Redis for LiteLLM's shared limits, budgets and cooldowns; `KubernetesRedis.external(...)` in production. */
  readonly redis: KubernetesRedis;
  /** LiteLLM's Postgres (keys, teams, budgets, spend). */
  readonly database: KubernetesDatabase;
  /** How callers outside the cluster reach the gateway (TLS). @default - none: in-cluster callers only (plain HTTP Service) */
  readonly ingress?: KubernetesIngress;
  /** Namespace of the gateway (created, Pod Security `restricted`). @default 'llm-gateway' */
  readonly namespace?: string;
  /**
   * How the cluster encrypts Secrets at rest (the feature keys are Secrets in team namespaces), e.g.
   * `'EKS envelope encryption with KMS'`. Synthesis cannot see the cluster; the readiness report shows what you
   * declare here. Required in production.
   * @default - not declared
   */
  readonly secretsEncryptionAtRest?: string;
  /** The Qdrant vector store (`namespace` must exist). Required unless the platform's `vectorStore` is `false`. */
  readonly vectorStore?: KubernetesPlatformVectorStoreOptions;
  /**
   * Prometheus and Grafana of the cluster (release label, namespaces, the OTLP traces URL).
   * @default - kube-prometheus-stack in `monitoring` (EKS, generic) or Google Managed Prometheus (GKE); no traces
   */
  readonly monitoring?: KubernetesObservabilityTargetProps;
  /** More of the Kubernetes runtime (replicas, resources, service account and workload identity, egress, ...). @default {} */
  readonly runtime?: KubernetesPlatformRuntimeOptions;
}

const K8S_NAME = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const classOf = <T>(cls: Function, fix: string) => z.custom<T>((v) => v instanceof cls, { message: withFix(`is not a ${cls.name}`, fix) });

const schema = schemaFor<KubernetesPlatformCloudOptions>()(z.strictObject({
  flavour: z.enum(KubernetesFlavour),
  providers: z.custom<KubernetesPlatformCloudOptions['providers']>((v) => typeof v === 'function', { message: withFix('is not a function', 'pass (stack) => { new KubernetesProvider(stack, ...); new HelmProvider(stack, ...) }') }),
  redis: classOf<KubernetesRedis>(KubernetesRedis, 'use KubernetesRedis.external({ host, password })'),
  database: classOf<KubernetesDatabase>(KubernetesDatabase, 'use KubernetesDatabase.fromUrlSecret(...) or .rdsIamAuth({...})'),
  ingress: classOf<KubernetesIngress>(KubernetesIngress, 'use KubernetesIngress.awsLoadBalancer(...), .gkeInternal(...) or .ingressClass(...)').optional(),
  namespace: z.string().regex(K8S_NAME, withFix('is not a namespace name', 'use a DNS-1123 label, e.g. llm-gateway')).optional(),
  secretsEncryptionAtRest: z.string().min(1).max(256).regex(/^[^\u0000-\u001f\u007f]+$/, withFix('is not one line of text', "describe it in one line, e.g. 'EKS envelope encryption with KMS'")).optional(),
  vectorStore: optionsBag<KubernetesPlatformVectorStoreOptions>('the Qdrant vector store').optional(),
  monitoring: optionsBag('the cluster\'s monitoring').optional(),
  runtime: optionsBag('the Kubernetes runtime').optional(),
}));

const NAMED_RUNTIME_OPTIONS = new Set(['namespace', 'redis', 'database', 'ingress']);
/** The label team namespaces carry so the gateway's NetworkPolicy admits them (the value is the gateway name). */
export const GATEWAY_ACCESS_LABEL = 'llm-platform.io/gateway-access';

/** The gateway, Prometheus Operator/GMP observability, Qdrant and the tenancy Jobs on your cluster; a namespace per team. */
export class KubernetesPlatformCloud implements PlatformCloudStrategy {
  public readonly kind = 'kubernetes';
  public readonly secretsEncryptionAtRest?: string;

  constructor(private readonly options: KubernetesPlatformCloudOptions) {
    this.secretsEncryptionAtRest = typeof options?.secretsEncryptionAtRest === 'string' ? options.secretsEncryptionAtRest : undefined;
  }

  public problems(production: boolean, vectorStore = true): ValidationProblem[] {
    const out = optionProblems(schema, this.options);
    if (out.length > 0) return out;
    const o = this.options;
    if (production && o.secretsEncryptionAtRest === undefined) {
      out.push({ path: 'cloud.secretsEncryptionAtRest', received: 'undefined', message: 'is required in production: feature keys are Secrets and the readiness report must show how they are encrypted', fix: "declare the cluster's Secret encryption, e.g. 'EKS envelope encryption with KMS' (turn it on first)" });
    }
    if (vectorStore && (o.vectorStore === undefined || typeof o.vectorStore.namespace !== 'string')) {
      out.push({ path: 'cloud.vectorStore.namespace', received: String(o.vectorStore?.namespace), message: 'is required: Qdrant is installed into an existing namespace', fix: "pass vectorStore: { namespace: 'vectors' } (create the namespace first), or vectorStore: false on the platform" });
    }
    // The parts' own checks, so every problem is reported at once, before anything is created.
    const target = this.target()._impl.validate().map((p) => ({ ...p, path: `cloud.monitoring${p.path ? `.${p.path}` : ''}` }));
    return [...out, ...runtimeProblems(this.runtime('llm-gateway'), NAMED_RUNTIME_OPTIONS), ...target];
  }

  public providers(stack: TerraformStack, role: PlatformStackRole): void {
    this.options.providers(stack, role);
  }

  public beforeGateway(): void {
    // The cluster, its add-ons and the gateway's cloud identity are the cluster owner's.
  }

  public gatewayRuntime(ctx: PlatformContext): GatewayRuntime {
    return this.runtime(ctx.name);
  }

  public observabilityTarget(_ctx: PlatformContext): ObservabilityTarget {
    return this.target();
  }

  private target(): ObservabilityTarget {
    const gke = this.options.flavour === KubernetesFlavour.GKE;
    return ObservabilityTarget.kubernetes({
      ...(gke ? { monitoring: KubernetesMonitoringApi.GOOGLE_MANAGED_PROMETHEUS } : {}),
      ...(this.options.monitoring ?? {}),
    });
  }

  public vectorBackend(_ctx: PlatformContext): VectorBackend {
    return VectorBackend.qdrantHelm(this.options.vectorStore!);
  }

  public tenancyProps() {
    return {};
  }

  public afterParts(): void {
    // A cluster you bring has its add-ons already; nothing to order here.
  }

  public teamIdentity(team: string): TeamIdentity {
    return TeamIdentity.kubernetesNamespace({ namespace: `team-${team}` });
  }

  private runtime(gatewayName: string): GatewayRuntime {
    const o = this.options;
    return GatewayRuntime.kubernetes({
      ...(o.runtime ?? {}),
      namespace: o.namespace ?? 'llm-gateway',
      redis: o.redis,
      database: o.database,
      ...(o.ingress ? { ingress: o.ingress } : {}),
      // Team namespaces carrying this label are admitted (their TenantQuota sets it): adding a team leaves the platform unchanged.
      callerNamespaceLabels: { [GATEWAY_ACCESS_LABEL]: gatewayName },
    });
  }
}
