import { ProblemCollector } from '../core/errors';
import { isUnresolved } from '../core/tokens';
import { isReservedRoleName } from './sql/identifiers';

/** What kind of identity a `VectorPrincipal` is. */
export enum VectorPrincipalKind {
  AWS_IAM_ROLE = 'aws-iam-role',
  GCP_SERVICE_ACCOUNT = 'gcp-service-account',
  KUBERNETES_SERVICE_ACCOUNT = 'kubernetes-service-account',
}

/** Options of `VectorPrincipal.iamRole`. */
export interface VectorPrincipalIamRoleOptions {
  /**
   * Security group of the caller's compute (ECS task, Lambda, pod ENI). The database's security group
   * admits PostgreSQL from it; without one the grant gives database privileges but no network path.
   * @default - no network rule (add one with the group the caller uses)
   */
  readonly securityGroupId?: string;
}

// PostgreSQL login names we create: lowercase, no quoting surprises, never one of our own prefixes.
const DB_USER = /^[a-z_][a-z0-9_]{0,62}$/;
const IAM_ROLE_NAME = /^[\w+=,.@-]{1,64}$/;
const GCP_SA_EMAIL = /^[a-z][a-z0-9-]{4,28}[a-z0-9]@[a-z][a-z0-9-]{4,28}[a-z0-9]\.iam\.gserviceaccount\.com$/;
const K8S_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const SECURITY_GROUP_ID = /^sg-[0-9a-f]{8,17}$/;

/**
 * Who a collection is granted to. Each factory fits one backend: AWS IAM roles for Aurora (IAM database
 * authentication), GCP service accounts for Cloud SQL (IAM database users), Kubernetes service accounts
 * for Qdrant (a per-principal token Secret in the principal's namespace).
 */
export class VectorPrincipal {
  /**
   * An AWS IAM role that connects to Aurora with IAM database authentication as `dbUser`.
   * The role gets `rds-db:connect` on exactly that database user; the user gets exactly the granted
   * collections.
   * @param roleName name (not ARN) of the IAM role, e.g. `myRole.name`
   * @param dbUser PostgreSQL login the role connects as (lowercase, e.g. `support_app`)
   */
  public static iamRole(roleName: string, dbUser: string, options: VectorPrincipalIamRoleOptions = {}): VectorPrincipal {
    const p = new ProblemCollector();
    if (typeof roleName !== 'string' || (!isUnresolved(roleName) && !IAM_ROLE_NAME.test(roleName))) {
      p.add('VectorPrincipal.iamRole(roleName)', roleName, 'is not an IAM role name', 'pass the role name (1-64 of [A-Za-z0-9+=,.@_-]), not its ARN');
    }
    VectorPrincipal.checkDbUser(p, 'VectorPrincipal.iamRole(dbUser)', dbUser);
    const sg = options === null || typeof options !== 'object' ? undefined : options.securityGroupId;
    if (options === null || typeof options !== 'object') {
      p.add('VectorPrincipal.iamRole(options)', options, 'is not an object', 'pass { securityGroupId? } or nothing');
    } else if (sg !== undefined && (typeof sg !== 'string' || (!isUnresolved(sg) && !SECURITY_GROUP_ID.test(sg)))) {
      p.add('VectorPrincipal.iamRole(options.securityGroupId)', sg, 'is not a security group id', "pass the caller's group id, e.g. 'sg-0123456789abcdef0' (or a token)");
    }
    p.throwIfAny('VectorPrincipal');
    return new VectorPrincipal(VectorPrincipalKind.AWS_IAM_ROLE, dbUser, roleName, sg, undefined);
  }

  /**
   * A Google service account that connects to Cloud SQL as an IAM database user
   * (`google_sql_user` of type `CLOUD_IAM_SERVICE_ACCOUNT`; its PostgreSQL role is the e-mail without
   * `.gserviceaccount.com`).
   * @param email e.g. `support-app@my-project.iam.gserviceaccount.com`
   */
  public static gcpServiceAccount(email: string): VectorPrincipal {
    const p = new ProblemCollector();
    if (typeof email !== 'string') {
      p.add('VectorPrincipal.gcpServiceAccount(email)', email, 'is not a string', "pass the literal e-mail, e.g. 'app@project.iam.gserviceaccount.com'");
    } else if (isUnresolved(email)) {
      p.add('VectorPrincipal.gcpServiceAccount(email)', email, 'must be known at synth time (it names a database role)', "pass the literal e-mail, e.g. 'app@project.iam.gserviceaccount.com'");
    } else if (!GCP_SA_EMAIL.test(email)) {
      p.add('VectorPrincipal.gcpServiceAccount(email)', email, 'is not a user-managed service account e-mail', 'pass <id>@<project>.iam.gserviceaccount.com');
    } else if (isReservedRoleName(email.replace(/\.gserviceaccount\.com$/, ''))) {
      p.add('VectorPrincipal.gcpServiceAccount(email)', email, 'gives a database role name reserved by the engine', 'use a service account whose id does not start with rds or cloudsql');
    }
    p.throwIfAny('VectorPrincipal');
    return new VectorPrincipal(VectorPrincipalKind.GCP_SERVICE_ACCOUNT, email.replace(/\.gserviceaccount\.com$/, ''), undefined, undefined, email);
  }

  /**
   * A Kubernetes service account (Qdrant backend). The grant creates, in `namespace`, a Secret named
   * `<name>-qdrant` holding a Qdrant JWT scoped to the granted collections; mount it into the workload.
   */
  public static kubernetesServiceAccount(namespace: string, name: string): VectorPrincipal {
    const p = new ProblemCollector();
    if (typeof namespace !== 'string' || !K8S_NAME.test(namespace) || namespace.length > 63) {
      p.add('VectorPrincipal.kubernetesServiceAccount(namespace)', namespace, 'is not a namespace name', 'use a DNS-1123 label');
    }
    if (typeof name !== 'string' || !K8S_NAME.test(name) || name.length > 56) {
      p.add('VectorPrincipal.kubernetesServiceAccount(name)', name, 'is not a usable service account name', 'use a DNS-1123 label of at most 56 characters');
    }
    p.throwIfAny('VectorPrincipal');
    return new VectorPrincipal(VectorPrincipalKind.KUBERNETES_SERVICE_ACCOUNT, `${namespace}/${name}`, undefined, undefined, undefined);
  }

  private static checkDbUser(p: ProblemCollector, path: string, dbUser: string): void {
    if (typeof dbUser !== 'string' || isUnresolved(dbUser) || !DB_USER.test(dbUser)) {
      p.add(path, dbUser, 'is not a usable PostgreSQL login name', 'use a literal of lowercase letters, digits and _ (at most 63), starting with a letter or _');
    } else if (isReservedRoleName(dbUser)) {
      p.add(path, dbUser, 'collides with a reserved or managed role name', 'pick a name that does not start with vs_, pg_, rds or cloudsql and is not none, public, current_user, session_user, current_role, user, postgres or platform_admin');
    }
  }

  private constructor(
    public readonly kind: VectorPrincipalKind,
    /**
     * The identity inside the store: the PostgreSQL login (pgvector backends) or `namespace/name`
     * (Qdrant).
     */
    public readonly identity: string,
    /** IAM role name (AWS). */
    public readonly roleName: string | undefined,
    /** Security group admitted to the database (AWS). */
    public readonly securityGroupId: string | undefined,
    /** Service account e-mail (GCP). */
    public readonly email: string | undefined,
  ) {}
}
