import type { Construct } from 'constructs';
import { CONTAINER, type InitContainerSpec, VOLUMES } from './containers';
import { databaseBootstrapStatements } from './database-bootstrap';
import type { GatewayNetwork } from './gateway-network';
import { DEFAULT_AURORA_CAPACITY, EcsDatabase, EcsRedis } from './options';
import type { EcsFargateRuntimeProps } from './runtime-props';
import { AuroraPostgres } from '../../../aws/aurora-postgres';
import { AuroraSqlBootstrap } from '../../../aws/aurora-sql-bootstrap';
import type { PlatformKey } from '../../../aws/kms-key';
import { ElastiCacheRedis } from '../../../aws/redis';
import type { SecretRef } from '../../../core';
import type { ITerraformDependable } from '../../../core/cdktf';

/** The LiteLLM database user (IAM authentication) and database. */
export const DB_USER = 'litellm_app';
export const DB_NAME = 'litellm';
/** Writable copy of LiteLLM's Prisma migrations (on the /tmp task volume). */
const MIGRATION_DIR = `${VOLUMES.TMP.path}/litellm_migrations`;

/** Where LiteLLM's Redis is and how to reach it. */
export interface ResolvedRedis {
  readonly host: string;
  readonly port: number;
  readonly tls: boolean;
  readonly authToken: SecretRef;
}

/** Redis and PostgreSQL for LiteLLM, created or yours, and what the task needs to use them. */
export interface GatewayStores {
  readonly redis: ResolvedRedis;
  /** The ElastiCache group the runtime created (none with `EcsRedis.existing`). */
  readonly ownRedis: ElastiCacheRedis | undefined;
  readonly database: AuroraPostgres | undefined;
  readonly databaseBootstrap: AuroraSqlBootstrap | undefined;
  /** Plain environment of LiteLLM and the migrations (database host, user, IAM auth). */
  readonly dbEnvironment: Record<string, string>;
  /** Secret environment (ECS `valueFrom`): your database URL. */
  readonly dbSecrets: Record<string, string>;
  /** `rds-db:connect` resource of LiteLLM's IAM login (own Aurora only). */
  readonly dbConnectArn: string | undefined;
  /** Init containers that run before LiteLLM in every task (the migrations). */
  readonly init: InitContainerSpec[];
  /** What must exist before the first task starts. */
  readonly readyBeforeTasks: ITerraformDependable[];
}

export interface GatewayStoresProps {
  readonly props: EcsFargateRuntimeProps;
  readonly base: string;
  readonly image: string;
  readonly region: string;
  readonly key: PlatformKey;
  readonly logsKey: PlatformKey;
  readonly logRetentionDays: number;
  readonly network: GatewayNetwork;
}

/**
 * Creates Redis (`Redis`, `EgressRedis`) and the database (`Database`, `EgressDatabase`, `DatabaseBootstrap`) in
 * `scope`, and the migrations init container.
 */
export function createGatewayStores(scope: Construct, input: GatewayStoresProps): GatewayStores {
  const { props, base, key, logsKey, logRetentionDays, network } = input;
  const taskSg = network.taskSecurityGroup.id;
  const vpc = network.vpc;
  const egress = network.egress;
  const redisChoice = props.redis ?? EcsRedis.elastiCache();
  const dbChoice = props.database ?? EcsDatabase.aurora();

  // ---- Redis -----------------------------------------------------------------------------------
  let redis: ResolvedRedis;
  let ownRedis: ElastiCacheRedis | undefined;
  const readyBeforeTasks: ITerraformDependable[] = [];
  if (redisChoice._existing) {
    const e = redisChoice._existing;
    redis = { host: e.host, port: e.port ?? 6379, tls: e.tls ?? true, authToken: e.authToken };
    egress('EgressRedis', { port: redis.port, sg: e.securityGroupId, cidr: e.securityGroupId ? undefined : vpc.cidrBlock, description: 'Redis' });
  } else {
    const o = redisChoice._create ?? {};
    ownRedis = new ElastiCacheRedis(scope, 'Redis', {
      vpcId: props.vpcId,
      subnetIds: props.privateSubnetIds,
      nameParts: [base],
      kmsKeyArn: key.keyArn,
      logsKmsKeyArn: logsKey.keyArn,
      nodeType: o.nodeType,
      engineVersion: o.engineVersion,
      nodes: o.nodes,
      authTokenVersion: o.authTokenVersion,
      logRetentionDays,
    });
    ownRedis.allowFrom('AllowTasks', taskSg, 'LiteLLM tasks');
    redis = { host: ownRedis.primaryEndpoint, port: ownRedis.port, tls: true, authToken: ownRedis.authToken };
    egress('EgressRedis', { port: redis.port, sg: ownRedis.securityGroup.id, description: 'Redis (ElastiCache)' });
    readyBeforeTasks.push(ownRedis.replicationGroup);
  }

  // ---- Database --------------------------------------------------------------------------------
  const dbEnvironment: Record<string, string> = {};
  const dbSecrets: Record<string, string> = {};
  const init: InitContainerSpec[] = [];
  let dbConnectArn: string | undefined;
  let database: AuroraPostgres | undefined;
  let databaseBootstrap: AuroraSqlBootstrap | undefined;
  if (dbChoice._existing) {
    const e = dbChoice._existing;
    dbSecrets.DATABASE_URL = e.url.toEcsValueFrom();
    egress('EgressDatabase', { port: e.port ?? 5432, sg: e.securityGroupId, cidr: e.securityGroupId ? undefined : vpc.cidrBlock, description: 'PostgreSQL' });
  } else {
    const o = dbChoice._aurora ?? {};
    database = new AuroraPostgres(scope, 'Database', {
      vpcId: props.vpcId,
      subnetIds: props.privateSubnetIds,
      nameParts: [base],
      kmsKeyArn: key.keyArn,
      databaseName: DB_NAME,
      engineVersion: o.engineVersion,
      capacity: o.capacity ?? DEFAULT_AURORA_CAPACITY,
      backupRetentionDays: o.backupRetentionDays,
      deletionProtection: o.deletionProtection,
      // The login is created through the Data API (below), not from inside the VPC.
      enableDataApi: true,
    });
    database.allowFrom('AllowTasks', taskSg, 'LiteLLM tasks');
    egress('EgressDatabase', { port: database.port, sg: database.securityGroup.id, description: 'PostgreSQL (Aurora)' });
    Object.assign(dbEnvironment, {
      IAM_TOKEN_DB_AUTH: 'True',
      DATABASE_HOST: database.endpoint,
      DATABASE_PORT: String(database.port),
      DATABASE_USER: DB_USER,
      DATABASE_NAME: DB_NAME,
    });
    dbConnectArn = database.iamConnectArn(DB_USER);
    // Once, out of the serving path: the master secret is read by this function only, never by a task.
    databaseBootstrap = new AuroraSqlBootstrap(scope, 'DatabaseBootstrap', {
      database,
      kmsKeyArn: key.keyArn,
      logsKmsKeyArn: logsKey.keyArn,
      nameParts: [base, 'db-bootstrap'],
      description: `Creates the IAM-authenticated LiteLLM login of ${base} in its Aurora cluster (RDS Data API)`,
      logRetentionDays,
    });
    const payload = { statements: databaseBootstrapStatements(DB_USER, DB_NAME) };
    readyBeforeTasks.push(databaseBootstrap.run('LiteLlmLogin', () => payload), ...database.instances);
  }
  init.push({
    name: CONTAINER.MIGRATIONS,
    image: input.image,
    // `litellm --skip_server_startup` applies Prisma migrations (`prisma migrate deploy`) and exits.
    command: ['--skip_server_startup'],
    environment: {
      ...dbEnvironment,
      AWS_REGION: input.region,
      DISABLE_SCHEMA_UPDATE: 'false',
      LITELLM_LOG: 'ERROR',
      // Read-only root filesystem: LiteLLM copies its Prisma migrations here before applying them (litellm.md §2).
      LITELLM_MIGRATION_DIR: MIGRATION_DIR,
      LITELLM_MODE: 'PRODUCTION',
    },
    secrets: dbSecrets,
    // Prisma writes into site-packages while it migrates (MIGRATION_WRITABLE_ROOT_REASON); this container is
    // one-shot and not essential, and the serving container stays read-only.
    readonlyRootFilesystem: false,
    after: init.map((c) => c.name),
  });
  return { redis, ownRedis, database, databaseBootstrap, dbEnvironment, dbSecrets, dbConnectArn, init, readyBeforeTasks };
}
