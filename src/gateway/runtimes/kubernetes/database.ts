import { PRIVATE_RANGES, checkCidrs, checkPort, matchesOrToken, requireKubernetesSecret } from './shared';
import { ProblemCollector, type SecretRef } from '../../../core';
import { isUnresolved } from '../../../core/tokens';

const HOST = /^[A-Za-z0-9]([-A-Za-z0-9]*[A-Za-z0-9])?(\.[A-Za-z0-9]([-A-Za-z0-9]*[A-Za-z0-9])?)*$/;
const PG_IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_$]{0,62}$/;

/** Options shared by every database strategy. */
export interface KubernetesDatabaseCommonOptions {
  /**
   * The database's `max_connections`; LiteLLM's pool per worker is sized so that
   * pool × workers × maxReplicas stays below it.
   * @default 100 (PostgreSQL's default)
   */
  readonly maxConnections?: number;
  /** @default 5432 */
  readonly port?: number;
  /** Where the NetworkPolicy lets the gateway reach the database (on `port` only). @default - the RFC 1918 ranges */
  readonly egressCidrs?: ReadonlyArray<string>;
}

/** Options for `KubernetesDatabase.fromUrlSecret`. */
export interface KubernetesDatabaseUrlOptions extends KubernetesDatabaseCommonOptions {}

/** Options for `KubernetesDatabase.rdsIamAuth`. */
export interface KubernetesRdsIamDatabaseOptions extends KubernetesDatabaseCommonOptions {
  /** Writer endpoint. */
  readonly host: string;
  /** Database user granted `rds_iam`. */
  readonly user: string;
  /** Database name. */
  readonly databaseName: string;
  /**
   * @deprecated Not supported: the pinned LiteLLM release reads no `DATABASE_HOST_READ_REPLICA` (see the LiteLLM
   * contract, src/gateway/litellm/contract/); setting it is a ValidationError. Reads go to the writer.
   */
  readonly readReplicaHost?: string;
}

enum Kind {
  URL = 'url',
  RDS_IAM = 'rds-iam',
}

/**
 * The Postgres database LiteLLM keeps keys, teams, budgets and spend logs in. Bring your own (Aurora,
 * RDS, Cloud SQL, ...): this runtime creates no database. Migrations run once per image as a Kubernetes
 * Job before the Deployment rolls.
 */
export class KubernetesDatabase {
  /**
   * `DATABASE_URL` from a Kubernetes Secret (`postgresql://user:password@host:5432/db?sslmode=require`),
   * e.g. synced from AWS Secrets Manager or Google Secret Manager by External Secrets Operator.
   */
  public static fromUrlSecret(url: SecretRef, options: KubernetesDatabaseUrlOptions = {}): KubernetesDatabase {
    return new KubernetesDatabase(Kind.URL, { ...options, url });
  }

  /**
   * RDS/Aurora IAM authentication (`IAM_TOKEN_DB_AUTH=true`): no password at all. The pod's workload
   * identity needs `rds-db:connect` on the user, and the user needs `GRANT rds_iam`.
   */
  public static rdsIamAuth(options: KubernetesRdsIamDatabaseOptions): KubernetesDatabase {
    return new KubernetesDatabase(Kind.RDS_IAM, options);
  }

  private constructor(private readonly kind: Kind, private readonly options: any) {}

  /** @internal */
  public get _maxConnections(): number {
    return this.options.maxConnections ?? 100;
  }

  /** @internal */
  public get _port(): number {
    return this.options.port ?? 5432;
  }

  /** @internal */
  public _egressCidrs(): string[] {
    return [...(this.options.egressCidrs ?? PRIVATE_RANGES)];
  }

  /** @internal */
  public _validate(p: ProblemCollector, path: string): void {
    const o = this.options ?? {};
    if (o.maxConnections !== undefined && !isUnresolved(o.maxConnections) && (!Number.isInteger(o.maxConnections) || o.maxConnections < 10)) {
      p.add(`${path}.maxConnections`, o.maxConnections, 'must be an integer of at least 10', "pass the database's max_connections setting");
    }
    checkPort(p, `${path}.port`, o.port);
    checkCidrs(p, `${path}.egressCidrs`, o.egressCidrs);
    if (this.kind === Kind.URL) {
      requireKubernetesSecret(p, `${path}.url`, o.url);
    } else {
      if (!matchesOrToken(o.host, HOST)) p.add(`${path}.host`, o.host, 'is not a host name', 'pass the writer endpoint, e.g. my-db.cluster-abc.us-east-1.rds.amazonaws.com');
      if (o.readReplicaHost !== undefined) p.add(`${path}.readReplicaHost`, o.readReplicaHost, 'is not read by the pinned LiteLLM release (it reads no DATABASE_HOST_READ_REPLICA; reads go to the writer)', 'remove readReplicaHost');
      if (!matchesOrToken(o.user, PG_IDENTIFIER)) p.add(`${path}.user`, o.user, 'is not a PostgreSQL user name', 'pass the IAM-enabled user, e.g. litellm');
      if (!matchesOrToken(o.databaseName, PG_IDENTIFIER)) p.add(`${path}.databaseName`, o.databaseName, 'is not a PostgreSQL database name', 'pass e.g. litellm');
    }
  }

  /** @internal Environment for LiteLLM and the migration job. */
  public _env(): Array<{ name: string; value?: string; secret?: SecretRef }> {
    const o = this.options;
    if (this.kind === Kind.URL) return [{ name: 'DATABASE_URL', secret: o.url }];
    const env: Array<{ name: string; value?: string; secret?: SecretRef }> = [
      { name: 'DATABASE_HOST', value: o.host },
      { name: 'DATABASE_NAME', value: o.databaseName },
      { name: 'DATABASE_PORT', value: String(this._port) },
      { name: 'DATABASE_USER', value: o.user },
      { name: 'IAM_TOKEN_DB_AUTH', value: 'true' },
    ];
    return env;
  }
}
