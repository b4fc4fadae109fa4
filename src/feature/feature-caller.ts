import { ProblemCollector, renderReceived, type ValidationProblem } from '../core/errors';
import { isUnresolved } from '../core/tokens';

/** What kind of workload identity calls a feature. */
export enum FeatureCallerKind {
  /** An IAM role (gateway on ECS Fargate). */
  AWS_ROLE = 'aws-role',
  /** A Google service account (gateway on Cloud Run). */
  GCP_SERVICE_ACCOUNT = 'gcp-service-account',
  /** A Kubernetes ServiceAccount in the team's namespace (gateway on Kubernetes). */
  KUBERNETES_SERVICE_ACCOUNT = 'kubernetes-service-account',
  /** The team's own identity (its role, service account or ServiceAccount, whatever the runtime). */
  TEAM_IDENTITY = 'team-identity',
}

const IAM_ROLE_NAME = /^[\w+=,.@-]{1,64}$/;
const IAM_ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]{1,64})$/;
const GCP_SA_EMAIL = /^[a-z][a-z0-9-]{4,28}[a-z0-9]@[a-z][a-z0-9-]{4,28}[a-z0-9]\.iam\.gserviceaccount\.com$/;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/** Text of a value a user passed, for keys and messages: never throws (null-prototype objects, symbols, ...). */
function text(v: unknown): string {
  return typeof v === 'string' ? v : renderReceived(v);
}

/**
 * A workload that calls a feature: it is granted read on the feature's virtual key (and nothing else of the
 * team's) and network access to the gateway's inference routes. It must run on the gateway's cloud.
 *
 * ```ts
 * callers: [FeatureCaller.awsRole(taskRole.name)]
 * callers: [FeatureCaller.gcpServiceAccount('jd-gen@my-project.iam.gserviceaccount.com')]
 * callers: [FeatureCaller.kubernetesServiceAccount('team-hiring', 'jd-gen')]
 * callers: [FeatureCaller.teamIdentity()]
 * ```
 */
export class FeatureCaller {
  /**
   * An IAM role in the team stack's account, by name or ARN (the name is taken from the ARN). A token is
   * taken as a name: pass `role.name`, not `role.arn`.
   */
  public static awsRole(roleNameOrArn: string): FeatureCaller {
    const arn = typeof roleNameOrArn === 'string' ? IAM_ROLE_ARN.exec(roleNameOrArn) : null;
    return new FeatureCaller(FeatureCallerKind.AWS_ROLE, arn ? arn[1] : roleNameOrArn, undefined, roleNameOrArn);
  }

  /** A Google service account, by e-mail (`<id>@<project>.iam.gserviceaccount.com`). */
  public static gcpServiceAccount(email: string): FeatureCaller {
    return new FeatureCaller(FeatureCallerKind.GCP_SERVICE_ACCOUNT, email, undefined, email);
  }

  /**
   * A Kubernetes ServiceAccount. Its namespace must be the team's namespace: the key is a Secret there, and
   * the gateway admits that namespace.
   */
  public static kubernetesServiceAccount(namespace: string, name: string): FeatureCaller {
    return new FeatureCaller(FeatureCallerKind.KUBERNETES_SERVICE_ACCOUNT, name, namespace, `${text(namespace)}/${text(name)}`);
  }

  /** The team's own identity (`TeamIdentity` of its `TenantQuota`): its role, service account or ServiceAccount. */
  public static teamIdentity(): FeatureCaller {
    return new FeatureCaller(FeatureCallerKind.TEAM_IDENTITY, '', undefined, 'team identity');
  }

  private constructor(
    public readonly kind: FeatureCallerKind,
    /** Role name, service account e-mail or ServiceAccount name (empty for the team identity). */
    public readonly identity: string,
    /** Kubernetes: the ServiceAccount's namespace. */
    public readonly namespace: string | undefined,
    /** As given, for messages. */
    private readonly given: string,
  ) {}

  /** How the caller reads in reports: the role name, e-mail, `<namespace>/<name>` or `team identity`. */
  public toString(): string {
    return text(this.given);
  }

  /** @internal Problems with what the factory was given, with paths under `path`. */
  public _problems(path: string): ValidationProblem[] {
    const p = new ProblemCollector();
    const v = this.identity as unknown;
    switch (this.kind) {
      case FeatureCallerKind.AWS_ROLE:
        if (typeof v !== 'string' || (!isUnresolved(v) && !IAM_ROLE_NAME.test(v))) {
          p.add(path, this.given, 'is not an IAM role name or role ARN', 'pass the role name (1-64 of [A-Za-z0-9+=,.@_-]) or arn:aws:iam::<account>:role/<name>');
        }
        break;
      case FeatureCallerKind.GCP_SERVICE_ACCOUNT:
        if (typeof v !== 'string' || (!isUnresolved(v) && !GCP_SA_EMAIL.test(v))) {
          p.add(path, v, 'is not a user-managed service account e-mail', 'pass <id>@<project>.iam.gserviceaccount.com');
        }
        break;
      case FeatureCallerKind.KUBERNETES_SERVICE_ACCOUNT:
        if (typeof this.namespace !== 'string' || !DNS_LABEL.test(this.namespace)) {
          p.add(`${path}.namespace`, this.namespace, 'is not a namespace name', 'use a DNS-1123 label (lowercase letters, digits, -; at most 63)');
        }
        if (typeof v !== 'string' || !DNS_LABEL.test(v)) {
          p.add(`${path}.name`, v, 'is not a ServiceAccount name', 'use a DNS-1123 label (lowercase letters, digits, -; at most 63)');
        }
        break;
      case FeatureCallerKind.TEAM_IDENTITY:
        break;
      default:
        p.add(path, this.kind, 'is not a feature caller', 'use FeatureCaller.awsRole(), .gcpServiceAccount(), .kubernetesServiceAccount() or .teamIdentity()');
    }
    return [...p.problems];
  }

  /** @internal A key identifying the caller, to find duplicates. */
  public get _key(): string {
    return `${text(this.kind)}\u0000${text(this.namespace ?? '')}\u0000${text(this.identity)}`;
  }
}
