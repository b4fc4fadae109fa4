import type { SecretRef } from '../../../core';

/**
 * Strategy classes for `GatewayRuntime.cloudRun()`: ingress, Redis, database, image source and traffic.
 * Each is a value object with static factories; the runtime validates the options it is given
 * (all problems at once, with the prop path) when the gateway is built.
 */

/** Where Cloud Run sends the gateway's outbound traffic through the VPC (Direct VPC egress). */
export enum CloudRunVpcEgress {
  /** Only RFC 1918 / private ranges go through the VPC (Redis, Cloud SQL); Google APIs go direct. */
  PRIVATE_RANGES_ONLY = 'PRIVATE_RANGES_ONLY',
  /** Everything goes through the VPC: needs Cloud NAT or Private Google Access for model APIs. */
  ALL_TRAFFIC = 'ALL_TRAFFIC',
}

/** How callers reach the gateway. */
export enum CloudRunIngressKind {
  /** `INGRESS_TRAFFIC_INTERNAL_ONLY`: only from VPC networks of the project / Shared VPC. */
  INTERNAL = 'internal',
  /** `INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER` behind a regional internal Application Load Balancer. */
  INTERNAL_LOAD_BALANCER = 'internal-load-balancer',
  /** `INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER` behind a global external Application Load Balancer with Cloud Armor. */
  PUBLIC_LOAD_BALANCER = 'public-load-balancer',
}

/** Options shared by both load-balanced ingresses. */
export interface CloudRunLoadBalancerOptions {
  /**
   * Compute SSL certificates (self links or ids) served by the HTTPS proxy. Regional certificates
   * for the internal load balancer, global ones for the public load balancer. There is no plaintext
   * listener.
   */
  readonly sslCertificates: ReadonlyArray<string>;
  /** Hostname callers use, matching the certificate. @default - `https://<forwarding rule IP>` */
  readonly hostname?: string;
  /** A reserved IP address (address or self link) for the forwarding rule. @default - an ephemeral address */
  readonly ipAddress?: string;
}

/** Options of `CloudRunIngress.internalLoadBalancer()`. */
export interface CloudRunInternalLoadBalancerOptions extends CloudRunLoadBalancerOptions {
  /** Let clients in other regions of the VPC reach the load balancer. @default false */
  readonly allowGlobalAccess?: boolean;
}

/** Options of `CloudRunIngress.publicLoadBalancer()`. */
export interface CloudRunPublicLoadBalancerOptions extends CloudRunLoadBalancerOptions {
  /** Cloud Armor security policy (name, id or self link) attached to the backend service. */
  readonly cloudArmorPolicy: string;
}

/** How the gateway is reached. Private by default; public is an explicit opt-in behind Cloud Armor. */
export class CloudRunIngress {
  /** Internal ingress only: callers in the VPC use the `run.app` URL (Private Google Access / PSC). */
  public static internal(): CloudRunIngress {
    return new CloudRunIngress(CloudRunIngressKind.INTERNAL);
  }

  /**
   * A regional internal Application Load Balancer (HTTPS, TLS 1.2+) in front of the service. Needs a
   * proxy-only subnet (`REGIONAL_MANAGED_PROXY`) in the region of the network.
   */
  public static internalLoadBalancer(options: CloudRunInternalLoadBalancerOptions): CloudRunIngress {
    return new CloudRunIngress(CloudRunIngressKind.INTERNAL_LOAD_BALANCER, options);
  }

  /**
   * A global external Application Load Balancer (HTTPS, TLS 1.2+) with a Cloud Armor policy. Callers
   * still need `run.invoker` (IAM stays on); the service itself only accepts traffic from the load balancer.
   */
  public static publicLoadBalancer(options: CloudRunPublicLoadBalancerOptions): CloudRunIngress {
    return new CloudRunIngress(CloudRunIngressKind.PUBLIC_LOAD_BALANCER, options);
  }

  private constructor(
    public readonly kind: CloudRunIngressKind,
    /** @internal */
    public readonly _options?: CloudRunInternalLoadBalancerOptions | CloudRunPublicLoadBalancerOptions,
  ) {}
}

/** Memorystore for Redis service tier. */
export enum MemorystoreTier {
  /** A primary and a replica in another zone with automatic failover. */
  STANDARD_HA = 'STANDARD_HA',
  /** A single node: no failover. */
  BASIC = 'BASIC',
}

/** Options of `CloudRunRedis.memorystore()`. */
export interface CloudRunMemorystoreOptions {
  /** Capacity in GiB (5 GiB and up is Memorystore's M2 band, with more network throughput). @default 5 */
  readonly memorySizeGb?: number;
  /** Service tier. @default MemorystoreTier.STANDARD_HA */
  readonly tier?: MemorystoreTier;
  /** Redis version (LiteLLM needs ≥ 7.0). @default 'REDIS_7_2' */
  readonly redisVersion?: string;
  /** Name of an allocated private services access range to place the instance in. @default - any allocated range */
  readonly reservedIpRange?: string;
}

/** Options of `CloudRunRedis.existing()`. */
export interface CloudRunExistingRedisOptions {
  /** Host name or private IP. */
  readonly host: string;
  /** Port. @default 6379 */
  readonly port?: number;
  /** The AUTH password, by reference (Secret Manager). */
  readonly password: SecretRef;
  /** Whether the server speaks TLS. @default true */
  readonly tls?: boolean;
  /** PEM CA certificate of the server, when it is not publicly trusted. @default - the system trust store */
  readonly caCertificate?: SecretRef;
}

/** The Redis that coordinates LiteLLM instances (rate limits, budgets, cooldowns). */
export class CloudRunRedis {
  /** A Memorystore for Redis instance with AUTH and TLS (server authentication), on private services access. */
  public static memorystore(options: CloudRunMemorystoreOptions = {}): CloudRunRedis {
    return new CloudRunRedis(options, undefined);
  }

  /** A Redis you run yourself. */
  public static existing(options: CloudRunExistingRedisOptions): CloudRunRedis {
    return new CloudRunRedis(undefined, options);
  }

  private constructor(
    /** @internal */
    public readonly _memorystore: CloudRunMemorystoreOptions | undefined,
    /** @internal */
    public readonly _existing: CloudRunExistingRedisOptions | undefined,
  ) {}
}

/** Cloud SQL availability. */
export enum CloudSqlAvailability {
  /** A standby in another zone with automatic failover. */
  REGIONAL = 'REGIONAL',
  /** One zone, no standby. */
  ZONAL = 'ZONAL',
}

/** Options of `CloudRunDatabase.cloudSql()`. */
export interface CloudRunCloudSqlOptions {
  /** Machine tier. @default 'db-custom-2-7680' */
  readonly tier?: string;
  /** High availability. @default CloudSqlAvailability.REGIONAL */
  readonly availabilityType?: CloudSqlAvailability;
  /** PostgreSQL major version. @default 'POSTGRES_16' */
  readonly databaseVersion?: string;
  /** Initial disk size; the disk grows automatically. @default 20 */
  readonly diskSizeGb?: number;
  /**
   * `max_connections` flag. LiteLLM's pool per worker is sized from it by the gateway.
   * @default 200
   */
  readonly maxConnections?: number;
  /** Automated backups kept. @default 14 */
  readonly retainedBackups?: number;
  /** Days of write-ahead log kept for point-in-time recovery (1-7 on Enterprise). @default 7 */
  readonly transactionLogRetentionDays?: number;
  /**
   * Bump to rotate the generated database password: the user's password and the `DATABASE_URL` secret
   * change in the same apply, and the service rolls to a revision that reads the new secret version.
   * @default 1
   */
  readonly passwordVersion?: number;
  /** Name of an allocated private services access range for the instance's IP. @default - any allocated range */
  readonly allocatedIpRange?: string;
}

/** Options of `CloudRunDatabase.existing()`. */
export interface CloudRunExistingDatabaseOptions {
  /** A secret holding the full `postgresql://` URL LiteLLM connects with (include `sslmode=require`). */
  readonly databaseUrl: SecretRef;
  /** The server's `max_connections`, to size LiteLLM's pool. */
  readonly maxConnections: number;
}

/** The PostgreSQL database LiteLLM keeps keys, teams, budgets and spend in. */
export class CloudRunDatabase {
  /** A Cloud SQL for PostgreSQL instance: private IP only, TLS enforced, backups + PITR, deletion protection. */
  public static cloudSql(options: CloudRunCloudSqlOptions = {}): CloudRunDatabase {
    return new CloudRunDatabase(options, undefined);
  }

  /** A database you run yourself. */
  public static existing(options: CloudRunExistingDatabaseOptions): CloudRunDatabase {
    return new CloudRunDatabase(undefined, options);
  }

  private constructor(
    /** @internal */
    public readonly _cloudSql: CloudRunCloudSqlOptions | undefined,
    /** @internal */
    public readonly _existing: CloudRunExistingDatabaseOptions | undefined,
  ) {}
}

/** Where Cloud Run pulls the LiteLLM image (and ghcr.io sidecar images) from. */
export class CloudRunImageSource {
  /**
   * An Artifact Registry remote repository that proxies `ghcr.io`: Cloud Run cannot pull from ghcr.io.
   * `ghcr.io/<path>` images are rewritten to `<region>-docker.pkg.dev/<project>/<repo>/<path>`; the tag
   * or digest is kept.
   */
  public static ghcrRemoteRepository(): CloudRunImageSource {
    return new CloudRunImageSource(undefined);
  }

  /**
   * An image you mirrored into a registry Cloud Run can pull from (Artifact Registry), pinned by digest
   * or version tag. Replaces the gateway's image.
   */
  public static mirrored(image: string): CloudRunImageSource {
    return new CloudRunImageSource(image);
  }

  private constructor(
    /** @internal */
    public readonly _mirroredImage: string | undefined,
  ) {}
}

/** Options of `CloudRunTraffic.latest()`. */
export interface CloudRunLatestTrafficOptions {
  /** A tag for the latest revision (gives it its own URL `https://<tag>---<service>...`). @default - no tag */
  readonly tag?: string;
}

/** Options of `CloudRunTraffic.canary()`. */
export interface CloudRunCanaryTrafficOptions {
  /** The revision that keeps most traffic, e.g. `llm-gateway-1a2b3c4d-00042-xyz` (see `latest_ready_revision`). */
  readonly stableRevision: string;
  /** Percentage of traffic for the newest revision (1-99). */
  readonly canaryPercent: number;
  /** Tag of the stable revision. @default 'stable' */
  readonly stableTag?: string;
  /** Tag of the canary (latest) revision. @default 'canary' */
  readonly canaryTag?: string;
}

/** How traffic is split between revisions of the gateway (canary rollouts of the gateway itself). */
export class CloudRunTraffic {
  /** All traffic to the latest ready revision. */
  public static latest(options: CloudRunLatestTrafficOptions = {}): CloudRunTraffic {
    return new CloudRunTraffic(options, undefined);
  }

  /**
   * `100 - canaryPercent` to a pinned stable revision, `canaryPercent` to the latest revision; both
   * tagged so each can be called directly. Promote by switching back to `latest()`.
   */
  public static canary(options: CloudRunCanaryTrafficOptions): CloudRunTraffic {
    return new CloudRunTraffic(undefined, options);
  }

  private constructor(
    /** @internal */
    public readonly _latest: CloudRunLatestTrafficOptions | undefined,
    /** @internal */
    public readonly _canary: CloudRunCanaryTrafficOptions | undefined,
  ) {}
}
