import type { BoundaryAllowStatement } from '../aws/permissions-boundary';
import { ProblemCollector, type ValidationProblem } from '../core/errors';
import { isUnresolved } from '../core/tokens';

/** Which cloud identity a team gets. */
export enum TeamIdentityKind {
  /** An IAM role with a permissions boundary (gateway on ECS Fargate). */
  AWS_ROLE = 'aws-role',
  /** A Google service account (gateway on Cloud Run). */
  GCP_SERVICE_ACCOUNT = 'gcp-service-account',
  /** A namespace and ServiceAccount admitted by the gateway's NetworkPolicy (gateway on Kubernetes). */
  KUBERNETES_NAMESPACE = 'kubernetes-namespace',
}

/** Options of `TeamIdentity.awsRole()`. */
export interface TeamAwsRoleOptions {
  /**
   * AWS service principals that may assume the role: the compute the team's features run on.
   * @default ['ecs-tasks.amazonaws.com']
   */
  readonly trustedServices?: ReadonlyArray<string>;
  /** IAM roles (ARNs) that may assume the team's role, e.g. a feature's task role or a CI role. @default [] */
  readonly trustedRoleArns?: ReadonlyArray<string>;
  /**
   * More of the team's ceiling: what the team's workloads may do besides reading their own keys and vector
   * collection (e.g. their own S3 bucket). The boundary always denies privilege escalation and its own removal.
   * @default []
   */
  readonly boundaryAllow?: ReadonlyArray<BoundaryAllowStatement>;
  /**
   * Use your organisation's boundary instead of creating one per team. It must deny privilege escalation
   * and boundary removal itself (the policy pack cannot see inside it).
   * @default - a `PermissionsBoundary` per team
   */
  readonly permissionsBoundaryArn?: string;
  /**
   * PostgreSQL login of the team in an Aurora vector store (IAM database authentication): the boundary lets
   * the role connect as this user only. Grant collections to it with `VectorPrincipal.iamRole(roleName, dbUser)`.
   * @default - `<team>_app` (the team name with `-` as `_`)
   */
  readonly vectorDbUser?: string;
}

/** Options of `TeamIdentity.gcpServiceAccount()`. */
export interface TeamGcpServiceAccountOptions {
  /** Project of the service account. @default - the gateway's project */
  readonly project?: string;
  /**
   * Principals that may act as the service account (`roles/iam.serviceAccountUser`), e.g. a deployer
   * group. Workloads normally run *as* it instead. @default []
   */
  readonly actAsMembers?: ReadonlyArray<string>;
}

/** Options of `TeamIdentity.kubernetesNamespace()`. */
export interface TeamKubernetesNamespaceOptions {
  /** Namespace of the team's workloads and key Secrets. @default - `team-<team>` */
  readonly namespace?: string;
  /** Create the namespace (labelled so the gateway's NetworkPolicy admits it). `false`: it exists, labelled by you. @default true */
  readonly createNamespace?: boolean;
  /** ServiceAccount the team's workloads run as. @default - the team name */
  readonly serviceAccountName?: string;
  /** Annotations of the ServiceAccount (e.g. IRSA or GKE Workload Identity). @default {} */
  readonly serviceAccountAnnotations?: Readonly<Record<string, string>>;
  /**
   * Namespaces whose pods may reach the team's pods (e.g. your ingress controller's). The team namespace gets a
   * NetworkPolicy that admits its own pods and these, and denies every other ingress.
   * @default [] - only the team's own pods
   */
  readonly ingressFromNamespaces?: ReadonlyArray<string>;
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const IAM_ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/;
const POLICY_ARN = /^arn:aws[a-z-]*:iam::(\d{12}|aws):policy\/[\w+=,.@/-]+$/;
const SERVICE_PRINCIPAL = /^[a-z0-9.-]+\.amazonaws\.com(\.cn)?$/;
const DB_USER = /^[a-z_][a-z0-9_]{0,62}$/;
const GCP_PROJECT = /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/;
const GCP_MEMBER = /^(serviceAccount|group|user|principal|principalSet):.+$/;
const LABEL_KEY = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;

/**
 * The cloud identity a team's workloads run as. One factory per gateway runtime; the identity must match the
 * gateway's runtime (validated by `TenantQuota`).
 *
 * ```ts
 * TeamIdentity.awsRole({ trustedServices: ['ecs-tasks.amazonaws.com'] })
 * TeamIdentity.kubernetesNamespace({ namespace: 'hiring' })
 * TeamIdentity.gcpServiceAccount()
 * ```
 */
export class TeamIdentity {
  /**
   * An IAM role per team. Its permissions boundary allows reading only the team's own keys (and their KMS
   * key, through Secrets Manager) and connecting to its vector collection as its database user, plus
   * `boundaryAllow`; it denies privilege escalation and boundary removal.
   */
  public static awsRole(options: TeamAwsRoleOptions = {}): TeamIdentity {
    return new TeamIdentity(TeamIdentityKind.AWS_ROLE, options, {}, {});
  }

  /** A Google service account per team, with `secretAccessor` on its own key secrets only and `run.invoker` on the gateway. */
  public static gcpServiceAccount(options: TeamGcpServiceAccountOptions = {}): TeamIdentity {
    return new TeamIdentity(TeamIdentityKind.GCP_SERVICE_ACCOUNT, {}, options, {});
  }

  /**
   * A namespace and ServiceAccount per team. The namespace carries the labels the gateway's NetworkPolicy admits
   * (`callerNamespaceLabels` of the Kubernetes runtime, required), and holds the team's key Secrets.
   */
  public static kubernetesNamespace(options: TeamKubernetesNamespaceOptions = {}): TeamIdentity {
    return new TeamIdentity(TeamIdentityKind.KUBERNETES_NAMESPACE, {}, {}, options);
  }

  private constructor(
    public readonly kind: TeamIdentityKind,
    /** @internal */
    public readonly _aws: TeamAwsRoleOptions,
    /** @internal */
    public readonly _gcp: TeamGcpServiceAccountOptions,
    /** @internal */
    public readonly _kubernetes: TeamKubernetesNamespaceOptions,
  ) {}

  /** @internal Problems with the factory options, with paths under `path`. */
  public _problems(path: string): ValidationProblem[] {
    const p = new ProblemCollector();
    const at = (prop: string) => `${path}.${prop}`;
    const list = (prop: string, value: unknown, check: (v: string) => boolean, message: string, fix: string): void => {
      if (value === undefined) return;
      if (!Array.isArray(value)) {
        p.add(at(prop), value, 'is not a list', 'pass an array');
        return;
      }
      value.forEach((v, i) => {
        if (typeof v !== 'string' || (!isUnresolved(v) && !check(v))) p.add(at(`${prop}[${i}]`), v, message, fix);
      });
    };
    switch (this.kind) {
      case TeamIdentityKind.AWS_ROLE: {
        const o = this._aws ?? {};
        list('trustedServices', o.trustedServices, (v) => SERVICE_PRINCIPAL.test(v), 'is not an AWS service principal', "pass e.g. 'ecs-tasks.amazonaws.com'");
        list('trustedRoleArns', o.trustedRoleArns, (v) => IAM_ROLE_ARN.test(v), 'is not an IAM role ARN', 'pass arn:aws:iam::<account>:role/<name>');
        if (o.trustedServices !== undefined && o.trustedRoleArns !== undefined && Array.isArray(o.trustedServices) && Array.isArray(o.trustedRoleArns)
          && o.trustedServices.length === 0 && o.trustedRoleArns.length === 0) {
          p.add(at('trustedServices'), [], 'and trustedRoleArns are both empty: nobody could assume the role', 'list the service or role the team\'s workloads run as');
        }
        if (o.permissionsBoundaryArn !== undefined && (typeof o.permissionsBoundaryArn !== 'string' || (!isUnresolved(o.permissionsBoundaryArn) && !POLICY_ARN.test(o.permissionsBoundaryArn)))) {
          p.add(at('permissionsBoundaryArn'), o.permissionsBoundaryArn, 'is not an IAM policy ARN', 'pass arn:aws:iam::<account>:policy/<name>');
        }
        if (o.permissionsBoundaryArn !== undefined && o.boundaryAllow !== undefined) {
          p.add(at('boundaryAllow'), o.boundaryAllow, 'has no effect with permissionsBoundaryArn (your boundary is used as it is)', 'remove one of the two');
        }
        if (o.boundaryAllow !== undefined && !Array.isArray(o.boundaryAllow)) p.add(at('boundaryAllow'), o.boundaryAllow, 'is not a list', 'pass an array of Allow statements');
        if (o.vectorDbUser !== undefined && (typeof o.vectorDbUser !== 'string' || !DB_USER.test(o.vectorDbUser))) {
          p.add(at('vectorDbUser'), o.vectorDbUser, 'is not a PostgreSQL login name', 'use lowercase letters, digits and _ (at most 63), starting with a letter or _');
        }
        break;
      }
      case TeamIdentityKind.GCP_SERVICE_ACCOUNT: {
        const o = this._gcp ?? {};
        if (o.project !== undefined && (typeof o.project !== 'string' || (!isUnresolved(o.project) && !GCP_PROJECT.test(o.project)))) {
          p.add(at('project'), o.project, 'is not a project id', 'pass e.g. my-project-123');
        }
        list('actAsMembers', o.actAsMembers, (v) => GCP_MEMBER.test(v) && !/^(allUsers|allAuthenticatedUsers)$/.test(v), 'is not an IAM member', 'pass e.g. group:hiring-deployers@example.com');
        break;
      }
      case TeamIdentityKind.KUBERNETES_NAMESPACE: {
        const o = this._kubernetes ?? {};
        if (o.namespace !== undefined && (typeof o.namespace !== 'string' || !DNS_LABEL.test(o.namespace) || o.namespace.length > 63)) {
          p.add(at('namespace'), o.namespace, 'is not a namespace name', 'use a DNS-1123 label (lowercase letters, digits, -; at most 63)');
        } else if (o.namespace !== undefined && ['default', 'kube-system', 'kube-public', 'kube-node-lease'].includes(o.namespace)) {
          p.add(at('namespace'), o.namespace, 'is a system namespace', 'give the team its own namespace');
        }
        if (o.serviceAccountName !== undefined && (typeof o.serviceAccountName !== 'string' || !DNS_LABEL.test(o.serviceAccountName) || o.serviceAccountName.length > 63)) {
          p.add(at('serviceAccountName'), o.serviceAccountName, 'is not a ServiceAccount name', 'use a DNS-1123 label');
        }
        list('ingressFromNamespaces', o.ingressFromNamespaces, (v) => DNS_LABEL.test(v) && v.length <= 63, 'is not a namespace name', 'use a DNS-1123 label');
        if (o.createNamespace !== undefined && typeof o.createNamespace !== 'boolean') p.add(at('createNamespace'), o.createNamespace, 'is not a boolean', 'pass true or false');
        const ann = o.serviceAccountAnnotations;
        if (ann !== undefined) {
          const isMap = ann !== null && typeof ann === 'object' && !Array.isArray(ann);
          if (!isMap) p.add(at('serviceAccountAnnotations'), ann, 'is not a map', 'pass { key: value }');
          for (const [k, v] of isMap ? Object.entries(ann) : []) {
            if (!LABEL_KEY.test(k)) p.add(at(`serviceAccountAnnotations.${k}`), k, 'is not an annotation key', 'use e.g. eks.amazonaws.com/role-arn');
            if (typeof v !== 'string') p.add(at(`serviceAccountAnnotations.${k}`), v, 'is not a string', 'pass a string value');
          }
        }
        break;
      }
      default:
        p.add(path, this.kind, 'is not a team identity', 'use TeamIdentity.awsRole(), .gcpServiceAccount() or .kubernetesNamespace()');
    }
    return [...p.problems];
  }
}
