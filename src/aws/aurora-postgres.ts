import type { RdsCluster } from '@cdktf/provider-aws/lib/rds-cluster';
import type { RdsClusterInstance } from '@cdktf/provider-aws/lib/rds-cluster-instance';
import type { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { Construct } from 'constructs';
import { awsProviderResources } from './lazy-resources';
import { makeName, NameTarget, ProblemCollector } from '../core';
import { AwsEnvironment } from './environment';
import { isUnresolved } from '../core/tokens';
import { checkPropTypes } from '../core/validation';

/** How the cluster's compute is sized. */
export class AuroraCapacity {
  /**
   * Provisioned instances: one writer plus readers, spread over AZs by Aurora.
   * @param instanceClass e.g. `db.r6g.large`
   * @param instances total instances (writer + readers) @default 2
   */
  public static provisioned(instanceClass: string, instances = 2): AuroraCapacity {
    const p = new ProblemCollector();
    if (typeof instanceClass !== 'string' || !/^db\.[a-z][a-z0-9-]*\.[a-z0-9]+$/.test(instanceClass) || instanceClass === 'db.serverless') {
      p.add('AuroraCapacity.provisioned(instanceClass)', instanceClass, 'is not an Aurora instance class', "pass e.g. 'db.r6g.large' (use AuroraCapacity.serverlessV2 for db.serverless)");
    }
    AuroraCapacity.checkInstances(p, 'AuroraCapacity.provisioned(instances)', instances);
    p.throwIfAny('AuroraCapacity');
    return new AuroraCapacity(instanceClass, instances, undefined, undefined);
  }

  /** Aurora Serverless v2 between `minAcu` and `maxAcu`, with `instances` (writer + readers, default 2). */
  public static serverlessV2(minAcu: number, maxAcu: number, instances = 2): AuroraCapacity {
    const p = new ProblemCollector();
    // Serverless v2 capacity: 0-256 ACU in steps of 0.5, maximum at least 1 (Aurora user guide, "Aurora Serverless v2 capacity").
    const acu = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= 256 && Number.isInteger(v * 2);
    if (!acu(minAcu)) p.add('AuroraCapacity.serverlessV2(minAcu)', minAcu, 'is not a Serverless v2 capacity', 'use 0-256 ACU in steps of 0.5, e.g. 0.5');
    if (!acu(maxAcu) || maxAcu < 1) p.add('AuroraCapacity.serverlessV2(maxAcu)', maxAcu, 'is not a Serverless v2 maximum capacity', 'use 1-256 ACU in steps of 0.5, e.g. 8');
    else if (acu(minAcu) && minAcu > maxAcu) p.add('AuroraCapacity.serverlessV2(minAcu)', `${minAcu} > ${maxAcu}`, 'is above maxAcu', 'use minAcu <= maxAcu');
    AuroraCapacity.checkInstances(p, 'AuroraCapacity.serverlessV2(instances)', instances);
    p.throwIfAny('AuroraCapacity');
    return new AuroraCapacity('db.serverless', instances, minAcu, maxAcu);
  }

  /** One writer and up to 15 readers (Aurora quotas: 15 replicas per cluster). */
  private static checkInstances(p: ProblemCollector, path: string, instances: unknown): void {
    if (typeof instances !== 'number' || !Number.isInteger(instances) || instances < 1 || instances > 16) {
      p.add(path, instances, 'is not a number of Aurora instances', 'use 1-16 (writer plus up to 15 readers); 2 for production');
    }
  }

  private constructor(
    public readonly instanceClass: string,
    public readonly instances: number,
    public readonly minAcu: number | undefined,
    public readonly maxAcu: number | undefined,
  ) {}

  /**
   * Estimated `max_connections` per instance. Aurora PostgreSQL's default is
   * LEAST(DBInstanceClassMemory/9531392, 5000) (AWS "Maximum connections to an Aurora PostgreSQL DB
   * instance"); Serverless v2 uses the memory at max ACU (2 GiB per ACU). Estimates for sizing pools.
   */
  public get estimatedMaxConnections(): number {
    const memoryGiB = this.maxAcu !== undefined ? this.maxAcu * 2 : (INSTANCE_MEMORY_GIB[this.instanceClass] ?? 16);
    // DBInstanceClassMemory is somewhat below the nominal size; 0.9 keeps the estimate conservative.
    return Math.min(5000, Math.floor((memoryGiB * 0.9 * 1024 ** 3) / 9531392));
  }
}

// Nominal memory of common Aurora PostgreSQL classes (AWS instance class tables).
const INSTANCE_MEMORY_GIB: Record<string, number> = {
  'db.t4g.medium': 4,
  'db.t4g.large': 8,
  'db.r6g.large': 16,
  'db.r6g.xlarge': 32,
  'db.r6g.2xlarge': 64,
  'db.r7g.large': 16,
  'db.r7g.xlarge': 32,
  'db.r7g.2xlarge': 64,
};

export interface AuroraPostgresProps {
  readonly vpcId: string;
  /** Private subnets in at least two AZs. */
  readonly subnetIds: ReadonlyArray<string>;
  /** Readable parts of the cluster identifier. */
  readonly nameParts: ReadonlyArray<string>;
  /** Customer-managed KMS key for storage, Performance Insights and the master secret. */
  readonly kmsKeyArn: string;
  /** Initial database name. */
  readonly databaseName: string;
  /**
   * Engine version to create the cluster with; pgvector ≥ 0.8 ships with Aurora PostgreSQL 16.5+ (AWS release
   * notes, Nov 2024). Minor upgrades are automatic (`auto_minor_version_upgrade`), so a later plan must not try
   * to go back: with a major version only (`'16'`) the AWS provider treats `16.x` as matching (its
   * `compareActualEngineVersion` accepts an omitted minor); with `major.minor` Terraform ignores later changes of
   * `engine_version` (AWS owns minor versions from then on, and major upgrades are off).
   * @default '16.6'
   */
  readonly engineVersion?: string;
  /** @default AuroraCapacity.serverlessV2(0.5, 8, 2) */
  readonly capacity?: AuroraCapacity;
  /** @default 14 */
  readonly backupRetentionDays?: number;
  /** @default true */
  readonly deletionProtection?: boolean;
  /** Enables the RDS Data API (used to run bootstrap SQL at apply time). @default false */
  readonly enableDataApi?: boolean;
  /** @default 5432 */
  readonly port?: number;
}

/**
 * Aurora PostgreSQL, production defaults: CMK-encrypted storage, IAM database authentication, a master
 * password that RDS creates and rotates in Secrets Manager (never in Terraform config or state),
 * deletion protection, backups and a final snapshot, TLS enforced, slow-query logs exported, Performance
 * Insights, a writer and a reader across AZs, and a security group that admits only granted callers.
 */
export class AuroraPostgres extends Construct {
  public readonly cluster: RdsCluster;
  public readonly securityGroup: SecurityGroup;
  public readonly clusterArn: string;
  /** `cluster-<resource id>`: the id IAM database authentication ARNs use. */
  public readonly clusterResourceId: string;
  public readonly endpoint: string;
  public readonly readerEndpoint: string;
  public readonly port: number;
  public readonly databaseName: string;
  /** ARN of the RDS-managed master user secret. */
  public readonly masterUserSecretArn: string;
  public readonly capacity: AuroraCapacity;
  /** The writer and reader instances, in promotion order (depend on these to wait for a usable cluster). */
  public readonly instances: ReadonlyArray<RdsClusterInstance>;

  constructor(scope: Construct, id: string, props: AuroraPostgresProps) {
    super(scope, id);
    checkPropTypes(this, props, { vpcId: 'string', subnetIds: 'string[]', nameParts: 'string[]', kmsKeyArn: 'string', databaseName: 'string', engineVersion: 'string?', capacity: 'object?', backupRetentionDays: 'number?', deletionProtection: 'boolean?', enableDataApi: 'boolean?', port: 'number?' });
    // Bindings load on first construction, not at import (import cost, see lazy-resources.ts).
    const { DbSubnetGroup, RdsCluster, RdsClusterInstance, RdsClusterParameterGroup, SecurityGroup } = awsProviderResources();
    const capacity = props?.capacity ?? AuroraCapacity.serverlessV2(0.5, 8, 2);
    if (!(capacity instanceof AuroraCapacity)) {
      new ProblemCollector().add('capacity', capacity, 'is not an AuroraCapacity', 'use AuroraCapacity.provisioned(...) or AuroraCapacity.serverlessV2(...)').throwIfAny(this);
    }
    const port = props.port ?? 5432;
    const engineVersion = props.engineVersion ?? '16.6';
    const p = new ProblemCollector();
    if (!isUnresolved(props.subnetIds) && props.subnetIds.length < 2) p.add('subnetIds', props.subnetIds, 'needs subnets in at least two AZs', 'pass two or more private subnet ids');
    if (capacity.instances < 1 || !Number.isInteger(capacity.instances)) p.add('capacity.instances', capacity.instances, 'must be a positive integer', 'use 2 (writer + reader) for production');
    if (capacity.minAcu !== undefined && (capacity.minAcu < 0 || capacity.maxAcu! < capacity.minAcu || capacity.maxAcu! > 256)) {
      p.add('capacity', `${capacity.minAcu}-${capacity.maxAcu} ACU`, 'is not a valid Serverless v2 range', 'use 0-256 ACU with min <= max');
    }
    if (!/^\d+(\.\d+)?$/.test(engineVersion)) p.add('engineVersion', engineVersion, 'is not an Aurora PostgreSQL version', "use e.g. '16.6' (or the major version only, '16')");
    if (!/^[A-Za-z][A-Za-z0-9_]{0,62}$/.test(props.databaseName)) p.add('databaseName', props.databaseName, 'is not a valid database name', 'start with a letter; letters, digits and _');
    p.throwIfAny(this);

    const name = makeName(NameTarget.RDS_IDENTIFIER, ...props.nameParts);
    const subnetGroup = new DbSubnetGroup(this, 'SubnetGroup', {
      name,
      description: `Private subnets of ${name}`,
      subnetIds: [...props.subnetIds],
    });
    this.securityGroup = new SecurityGroup(this, 'SecurityGroup', {
      name: makeName(NameTarget.SECURITY_GROUP, ...props.nameParts, 'db'),
      description: `PostgreSQL ${name}: only granted callers`,
      vpcId: props.vpcId,
      // No egress: the database initiates no connections.
      egress: [],
    });
    const family = `aurora-postgresql${engineVersion.split('.')[0]}`;
    // AWS upgrades minor versions in the maintenance window; a pinned minor must not read as drift afterwards
    // (the next plan would try to "downgrade"). A major-only version needs nothing: the provider matches 16 to 16.x.
    const minorDrift = engineVersion.includes('.') ? { ignoreChanges: ['engine_version'] } : undefined;
    const parameters = new RdsClusterParameterGroup(this, 'Parameters', {
      name: `${name}-pg`.slice(0, 63).replace(/-+$/, ''),
      family,
      description: 'TLS only, slow-query logging',
      parameter: [
        { name: 'rds.force_ssl', value: '1' },
        // Log statements slower than 1 s only: query text can hold prompt fragments (anchors trap 2).
        { name: 'log_min_duration_statement', value: '1000' },
        { name: 'log_statement', value: 'none' },
      ],
    });
    this.cluster = new RdsCluster(this, 'Cluster', {
      clusterIdentifier: name,
      engine: 'aurora-postgresql',
      engineVersion,
      databaseName: props.databaseName,
      masterUsername: 'platform_admin',
      manageMasterUserPassword: true,
      masterUserSecretKmsKeyId: props.kmsKeyArn,
      iamDatabaseAuthenticationEnabled: true,
      storageEncrypted: true,
      kmsKeyId: props.kmsKeyArn,
      port,
      dbSubnetGroupName: subnetGroup.name,
      vpcSecurityGroupIds: [this.securityGroup.id],
      dbClusterParameterGroupName: parameters.name,
      backupRetentionPeriod: props.backupRetentionDays ?? 14,
      preferredBackupWindow: '03:00-04:00',
      preferredMaintenanceWindow: 'sun:04:30-sun:05:30',
      deletionProtection: props.deletionProtection ?? true,
      skipFinalSnapshot: false,
      finalSnapshotIdentifier: `${name}-final`.slice(0, 255),
      copyTagsToSnapshot: true,
      enabledCloudwatchLogsExports: ['postgresql'],
      enableHttpEndpoint: props.enableDataApi ?? false,
      serverlessv2ScalingConfiguration: capacity.minAcu !== undefined ? { minCapacity: capacity.minAcu, maxCapacity: capacity.maxAcu! } : undefined,
      allowMajorVersionUpgrade: false,
      lifecycle: minorDrift,
    });
    const instances: RdsClusterInstance[] = [];
    for (let i = 0; i < capacity.instances; i++) {
      instances.push(new RdsClusterInstance(this, `Instance${i + 1}`, {
        identifier: `${name.slice(0, 58).replace(/-+$/, '')}-${i + 1}`,
        clusterIdentifier: this.cluster.id,
        engine: 'aurora-postgresql',
        engineVersion,
        instanceClass: capacity.instanceClass,
        dbSubnetGroupName: subnetGroup.name,
        publiclyAccessible: false,
        performanceInsightsEnabled: true,
        performanceInsightsKmsKeyId: props.kmsKeyArn,
        performanceInsightsRetentionPeriod: 7,
        autoMinorVersionUpgrade: true,
        promotionTier: i,
        lifecycle: minorDrift,
      }));
    }
    this.instances = instances;
    this.clusterArn = this.cluster.arn;
    this.clusterResourceId = this.cluster.clusterResourceId;
    this.endpoint = this.cluster.endpoint;
    this.readerEndpoint = this.cluster.readerEndpoint;
    this.port = port;
    this.databaseName = props.databaseName;
    this.masterUserSecretArn = this.cluster.masterUserSecret.get(0).secretArn;
    this.capacity = capacity;
  }

  /**
   * Admits PostgreSQL connections from a security group.
   * @param id construct id of the rule (stable: security group ids may be tokens)
   */
  public allowFrom(id: string, securityGroupId: string, description: string): void {
    const { VpcSecurityGroupIngressRule } = awsProviderResources();
    new VpcSecurityGroupIngressRule(this, id, {
      securityGroupId: this.securityGroup.id,
      referencedSecurityGroupId: securityGroupId,
      ipProtocol: 'tcp',
      fromPort: this.port,
      toPort: this.port,
      description,
    });
  }

  /** `rds-db:connect` ARN for a database user (IAM database authentication). */
  public iamConnectArn(dbUser: string): string {
    const env = AwsEnvironment.of(this);
    return env.arn('rds-db', `dbuser:${this.clusterResourceId}/${dbUser}`);
  }
}
