import { AuroraCapacity } from '../../../aws/aurora-postgres';
import { ProblemCollector, type SecretRef, SecretStore, type ValidationProblem } from '../../../core';
import { isUnresolved } from '../../../core/tokens';

/**
 * TLS policy of the HTTPS listener: TLS 1.3 and TLS 1.2 with forward-secret AEAD ciphers only
 * (ELB user guide, "Security policies for your Application Load Balancer"; AWS's recommended policy).
 */
export const DEFAULT_SSL_POLICY = 'ELBSecurityPolicy-TLS13-1-2-2021-06';

/** Options for the ElastiCache replication group the runtime creates. */
export interface EcsRedisElastiCacheOptions {
  /** @default 'cache.m7g.large' (2 vCPU, non-burstable: LiteLLM's ≤ 1K RPS tier, litellm.md §4) */
  readonly nodeType?: string;
  /** Redis OSS version (≥ 7.0). @default '7.1' */
  readonly engineVersion?: string;
  /** Primary plus replicas. @default 2 */
  readonly nodes?: number;
  /** Bump to rotate the AUTH token (then roll the service so tasks read it). @default 1 */
  readonly authTokenVersion?: number;
}

/** A Redis you already run. */
export interface EcsRedisExistingOptions {
  /** Primary endpoint host name. */
  readonly host: string;
  /** @default 6379 */
  readonly port?: number;
  /** AUTH token in Secrets Manager (`SecretRef.awsSecretsManager`). */
  readonly authToken: SecretRef;
  /** Connect with TLS (`REDIS_SSL`). @default true */
  readonly tls?: boolean;
  /**
   * Security group of the Redis: tasks get egress to it on `port`.
   * @default - egress on `port` to the VPC's CIDR
   */
  readonly securityGroupId?: string;
}

/** Where LiteLLM's Redis (router state, rate limits, cache) comes from. */
export class EcsRedis {
  /** An ElastiCache replication group created with the gateway (the default). */
  public static elastiCache(options: EcsRedisElastiCacheOptions = {}): EcsRedis {
    return new EcsRedis('elasticache', options, undefined);
  }

  /** A Redis you already run; its AUTH token comes from Secrets Manager. */
  public static existing(options: EcsRedisExistingOptions): EcsRedis {
    return new EcsRedis('existing', undefined, options);
  }

  private constructor(
    /** @internal */ public readonly _kind: 'elasticache' | 'existing',
    /** @internal */ public readonly _create: EcsRedisElastiCacheOptions | undefined,
    /** @internal */ public readonly _existing: EcsRedisExistingOptions | undefined,
  ) {}

  /** @internal */
  public _problems(path: string): ValidationProblem[] {
    const p = new ProblemCollector();
    const e = this._existing;
    if (e) {
      if (!isUnresolved(e.host) && !/^[A-Za-z0-9.-]{1,253}$/.test(e.host)) p.add(`${path}.host`, e.host, 'is not a host name', 'pass the primary endpoint, e.g. master.my-redis.abc123.use1.cache.amazonaws.com');
      if (e.port !== undefined && (!Number.isInteger(e.port) || e.port < 1 || e.port > 65535)) p.add(`${path}.port`, e.port, 'is not a port', 'use 1-65535');
      if (e.authToken?.store !== SecretStore.AWS_SECRETS_MANAGER) p.add(`${path}.authToken`, String(e.authToken), 'is not a Secrets Manager secret', 'pass SecretRef.awsSecretsManager(arn)');
      if (e.securityGroupId !== undefined && !isUnresolved(e.securityGroupId) && !/^sg-[0-9a-f]{8,17}$/.test(e.securityGroupId)) p.add(`${path}.securityGroupId`, e.securityGroupId, 'is not a security group id', 'pass e.g. sg-0123456789abcdef0');
    }
    const c = this._create;
    if (c) {
      if (c.nodes !== undefined && (!Number.isInteger(c.nodes) || c.nodes < 2 || c.nodes > 6)) p.add(`${path}.nodes`, c.nodes, 'must be 2-6 (a primary and at least one replica)', 'use 2 or more for failover');
      if (c.engineVersion !== undefined && !/^[7-9]\.\d+$/.test(c.engineVersion)) p.add(`${path}.engineVersion`, c.engineVersion, 'is not Redis OSS 7 or later', "use e.g. '7.1'");
      if (c.nodeType !== undefined && !/^cache\.[a-z0-9]+\.[a-z0-9]+$/.test(c.nodeType)) p.add(`${path}.nodeType`, c.nodeType, 'is not an ElastiCache node type', "use e.g. 'cache.m7g.large'");
      if (c.authTokenVersion !== undefined && (!Number.isInteger(c.authTokenVersion) || c.authTokenVersion < 1)) p.add(`${path}.authTokenVersion`, c.authTokenVersion, 'must be a positive integer', 'start at 1; increment to rotate');
    }
    return [...p.problems];
  }
}

/** Options for the Aurora PostgreSQL cluster the runtime creates. */
export interface EcsDatabaseAuroraOptions {
  /** @default AuroraCapacity.serverlessV2(0.5, 8) (writer + reader) */
  readonly capacity?: AuroraCapacity;
  /** @default '16.6' */
  readonly engineVersion?: string;
  /** @default 14 */
  readonly backupRetentionDays?: number;
  /** @default true */
  readonly deletionProtection?: boolean;
}

/** A PostgreSQL database you already run. */
export interface EcsDatabaseExistingOptions {
  /** `postgresql://…` connection URL in Secrets Manager (whole secret or one JSON key). */
  readonly url: SecretRef;
  /** The database's `max_connections` (sizes LiteLLM's pool). */
  readonly maxConnections: number;
  /** @default 5432 */
  readonly port?: number;
  /** Security group of the database: tasks get egress to it on `port`. @default - egress on `port` to the VPC's CIDR */
  readonly securityGroupId?: string;
}

/** Where LiteLLM's database (keys, teams, budgets, spend) comes from. */
export class EcsDatabase {
  /** Aurora PostgreSQL created with the gateway (the default), used through IAM database authentication. */
  public static aurora(options: EcsDatabaseAuroraOptions = {}): EcsDatabase {
    return new EcsDatabase('aurora', options, undefined);
  }

  /** A PostgreSQL you already run; LiteLLM reads `DATABASE_URL` from Secrets Manager. */
  public static existing(options: EcsDatabaseExistingOptions): EcsDatabase {
    return new EcsDatabase('existing', undefined, options);
  }

  private constructor(
    /** @internal */ public readonly _kind: 'aurora' | 'existing',
    /** @internal */ public readonly _aurora: EcsDatabaseAuroraOptions | undefined,
    /** @internal */ public readonly _existing: EcsDatabaseExistingOptions | undefined,
  ) {}

  /** `max_connections` of the database, for LiteLLM's pool sizing. */
  public get maxConnections(): number {
    if (this._existing) return this._existing.maxConnections;
    return (this._aurora?.capacity ?? DEFAULT_AURORA_CAPACITY).estimatedMaxConnections;
  }

  /** @internal */
  public _problems(path: string): ValidationProblem[] {
    const p = new ProblemCollector();
    const e = this._existing;
    if (e) {
      if (e.url?.store !== SecretStore.AWS_SECRETS_MANAGER) p.add(`${path}.url`, String(e.url), 'is not a Secrets Manager secret', 'pass SecretRef.awsSecretsManager(arn, jsonKey?)');
      if (!Number.isInteger(e.maxConnections) || e.maxConnections < 10) p.add(`${path}.maxConnections`, e.maxConnections, 'must be an integer of at least 10', "pass the database's max_connections (SHOW max_connections)");
      if (e.port !== undefined && (!Number.isInteger(e.port) || e.port < 1 || e.port > 65535)) p.add(`${path}.port`, e.port, 'is not a port', 'use 1-65535');
      if (e.securityGroupId !== undefined && !isUnresolved(e.securityGroupId) && !/^sg-[0-9a-f]{8,17}$/.test(e.securityGroupId)) p.add(`${path}.securityGroupId`, e.securityGroupId, 'is not a security group id', 'pass e.g. sg-0123456789abcdef0');
    }
    const a = this._aurora;
    if (a) {
      if (a.capacity !== undefined && !(a.capacity instanceof AuroraCapacity)) p.add(`${path}.capacity`, a.capacity, 'is not an AuroraCapacity', 'use AuroraCapacity.serverlessV2(min, max) or AuroraCapacity.provisioned(class)');
      if (a.backupRetentionDays !== undefined && (!Number.isInteger(a.backupRetentionDays) || a.backupRetentionDays < 1 || a.backupRetentionDays > 35)) p.add(`${path}.backupRetentionDays`, a.backupRetentionDays, 'must be 1-35', 'keep at least 7 days of backups');
    }
    return [...p.problems];
  }
}

/** Aurora capacity used when `EcsDatabase.aurora()` gets none: scales to 0.5 ACU when idle, 8 ACU (16 GiB) at peak. */
export const DEFAULT_AURORA_CAPACITY = AuroraCapacity.serverlessV2(0.5, 8, 2);


/**
 * Valid Fargate task sizes: CPU units → allowed memory (MiB). Source: Amazon ECS developer guide,
 * "Task CPU and memory" (Fargate, Linux); 8 and 16 vCPU need platform version 1.4.0.
 */
export const FARGATE_TASK_SIZES: Readonly<Record<number, ReadonlyArray<number>>> = {
  256: [512, 1024, 2048],
  512: range(1024, 4096, 1024),
  1024: range(2048, 8192, 1024),
  2048: range(4096, 16384, 1024),
  4096: range(8192, 30720, 1024),
  8192: range(16384, 61440, 4096),
  16384: range(32768, 122880, 8192),
};

function range(from: number, to: number, step: number): number[] {
  const out: number[] = [];
  for (let v = from; v <= to; v += step) out.push(v);
  return out;
}
