import type { QdrantTls } from './qdrant-tls';
import type { AuroraCapacity } from '../aws/aurora-postgres';

/** Which engine holds the vectors. */
export enum VectorBackendKind {
  AURORA_PGVECTOR = 'aurora-pgvector',
  CLOUD_SQL_PGVECTOR = 'cloud-sql-pgvector',
  QDRANT_HELM = 'qdrant-helm',
}

/** Options of `VectorBackend.auroraPgvector`. */
export interface AuroraPgvectorOptions {
  readonly vpcId: string;
  /** Private subnets in at least two AZs. */
  readonly subnetIds: ReadonlyArray<string>;
  /**
   * Aurora PostgreSQL version; must ship pgvector ≥ 0.8.0 (Aurora PostgreSQL 16.5+ / 17.x, AWS release
   * notes). The bootstrap also checks the installed pgvector and fails below 0.8.0.
   * @default '16.6'
   */
  readonly engineVersion?: string;
  /** @default AuroraCapacity.serverlessV2(0.5, 8, 2): a writer and a reader, Serverless v2 */
  readonly capacity?: AuroraCapacity;
  /** @default 'vectors' */
  readonly databaseName?: string;
  /** Customer-managed KMS key for storage, the master secret, Performance Insights and logs. @default - a new key with rotation */
  readonly kmsKeyArn?: string;
  /** @default 14 */
  readonly backupRetentionDays?: number;
  /** @default true */
  readonly deletionProtection?: boolean;
  /** Permissions boundary for the bootstrap function's role. @default - none */
  readonly permissionsBoundaryArn?: string;
  /** Retention of the bootstrap function's logs. @default 365 */
  readonly logRetentionDays?: number;
  /** Lambda runtime of the bootstrap function (must include AWS SDK v3). @default 'nodejs22.x' */
  readonly bootstrapRuntime?: string;
}

/** TLS requirement of a Cloud SQL instance (`settings.ip_configuration.ssl_mode`). */
export enum CloudSqlSslMode {
  /**
   * TLS required, no client certificate. Every client that speaks TLS can connect with IAM database
   * authentication (the bootstrap job, `psql sslmode=verify-ca`, LiteLLM). checkov CKV_GCP_6 flags it.
   */
  ENCRYPTED_ONLY = 'ENCRYPTED_ONLY',
  /**
   * TLS with a client certificate Cloud SQL trusts: in practice only the Cloud SQL Auth Proxy and the
   * Cloud SQL language connectors (ephemeral certificates). Passes CKV_GCP_6. The built-in bootstrap
   * job does not run the proxy, so this mode needs `bootstrapImage` to be an image that does.
   */
  TRUSTED_CLIENT_CERTIFICATE_REQUIRED = 'TRUSTED_CLIENT_CERTIFICATE_REQUIRED',
}

/** Options of `VectorBackend.cloudSqlPgvector`. */
export interface CloudSqlPgvectorOptions {
  readonly project: string;
  readonly region: string;
  /** VPC network self link or id (`projects/<p>/global/networks/<n>`) with private services access set up. */
  readonly network: string;
  /** Subnetwork the bootstrap job egresses from (Direct VPC egress), in `region`. */
  readonly bootstrapSubnetwork: string;
  /** @default 'POSTGRES_16' */
  readonly databaseVersion?: string;
  /** @default 'db-custom-2-7680' */
  readonly tier?: string;
  /** Regional (primary + standby in another zone, automatic failover). @default true */
  readonly highAvailability?: boolean;
  /** @default 'vectors' */
  readonly databaseName?: string;
  /** @default 20 */
  readonly diskSizeGb?: number;
  /** Cloud KMS key for CMEK (`projects/…/cryptoKeys/…`). @default - Google-managed encryption */
  readonly kmsKeyName?: string;
  /** @default 14 */
  readonly backupRetentionCount?: number;
  /** @default true */
  readonly deletionProtection?: boolean;
  /** @default CloudSqlSslMode.ENCRYPTED_ONLY (see the enum for the trade-off) */
  readonly sslMode?: CloudSqlSslMode;
  /**
   * Image of the bootstrap job: needs `sh` and `psql`. Pin it by digest in production.
   * @default 'postgres:16-alpine'
   */
  readonly bootstrapImage?: string;
  /** How often Cloud Scheduler re-runs the (idempotent) bootstrap job, cron syntax. @default '*\/15 * * * *' */
  readonly bootstrapSchedule?: string;
  /** Bump to generate and store a new bootstrap admin password. @default 1 */
  readonly adminPasswordVersion?: number;
}

/** Options of `VectorBackend.qdrantHelm`. */
export interface QdrantHelmOptions {
  /** Namespace of the release (must exist). */
  readonly namespace: string;
  /** Chart version, pinned. @default '1.15.1' */
  readonly chartVersion?: string;
  /** @default 'https://qdrant.github.io/qdrant-helm' */
  readonly chartRepository?: string;
  /** Pods in the Qdrant cluster; at least 3 for a quorum. @default 3 */
  readonly replicas?: number;
  /** Storage volume per pod. @default '50Gi' */
  readonly storageSize?: string;
  /** Snapshot volume per pod (separate from data, anchors trap 14). @default - same as storageSize */
  readonly snapshotStorageSize?: string;
  /** @default - the cluster's default StorageClass */
  readonly storageClassName?: string;
  /** CPU request of each Qdrant pod. @default '1' */
  readonly cpuRequest?: string;
  /** CPU limit of each Qdrant pod (keep it well above the request: a database should rarely be throttled). @default '2' */
  readonly cpuLimit?: string;
  /** Memory request and limit of each Qdrant pod. @default '4Gi' */
  readonly memory?: string;
  /** Replication factor of created collections. @default 2 */
  readonly replicationFactor?: number;
  /** Create a Prometheus-operator ServiceMonitor. @default false */
  readonly serviceMonitor?: boolean;
  /**
   * Image of the in-cluster bootstrap Job (collections and per-principal JWTs): needs `python3`
   * (standard library only).
   * @default 'python:3.12-alpine'
   */
  readonly bootstrapImage?: string;
  /**
   * Bump to generate new API keys: the key Secret is rewritten, the Qdrant pods roll to the new key, and
   * the bootstrap Job re-issues every token signed with it (old tokens stop working).
   * @default 1
   */
  readonly apiKeyVersion?: number;
  /**
   * TLS on the API (HTTPS, gRPC) and between peers.
   * @default QdrantTls.privateCa() (needs cert-manager in the cluster)
   */
  readonly tls?: QdrantTls;
  /**
   * More namespaces admitted to the API ports (6333/6334) besides those of granted principals, e.g. the
   * namespace of the Prometheus that scrapes `/metrics`.
   * @default []
   */
  readonly allowedNamespaces?: ReadonlyArray<string>;
  /**
   * Helm release name (also the StatefulSet's, the Services' and the Secrets' prefix). Set it to keep the
   * release of a store created before 0.x derived names from every name part (see README "Upgrading").
   * @default - readable name parts + a hash of all of them (qdrantReleaseName)
   */
  readonly releaseName?: string;
}

/**
 * Where the vectors live. One store per platform; each team's collections are isolated inside it.
 *
 * ```ts
 * VectorBackend.auroraPgvector({ vpcId, subnetIds })
 * VectorBackend.cloudSqlPgvector({ project, region, network, bootstrapSubnetwork })
 * VectorBackend.qdrantHelm({ namespace: 'vectors' })
 * ```
 */
export class VectorBackend {
  /** Aurora PostgreSQL with pgvector; bootstrap SQL runs at apply time through the RDS Data API. */
  public static auroraPgvector(options: AuroraPgvectorOptions): VectorBackend {
    return new VectorBackend(VectorBackendKind.AURORA_PGVECTOR, options);
  }

  /** Cloud SQL for PostgreSQL with pgvector; bootstrap SQL runs in a Cloud Run job. */
  public static cloudSqlPgvector(options: CloudSqlPgvectorOptions): VectorBackend {
    return new VectorBackend(VectorBackendKind.CLOUD_SQL_PGVECTOR, options);
  }

  /** Qdrant from its Helm chart; collections and tokens are made by an in-cluster Job. */
  public static qdrantHelm(options: QdrantHelmOptions): VectorBackend {
    return new VectorBackend(VectorBackendKind.QDRANT_HELM, options);
  }

  private constructor(
    public readonly kind: VectorBackendKind,
    /** The options passed to the factory. */
    public readonly options: AuroraPgvectorOptions | CloudSqlPgvectorOptions | QdrantHelmOptions,
  ) {}
}
