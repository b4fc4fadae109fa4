import type { CloudRunV2ServiceTemplateVolumes } from '@cdktf/provider-google/lib/cloud-run-v2-service';
import type { ServiceAccount } from '@cdktf/provider-google/lib/service-account';
import type { Construct } from 'constructs';
import { REDIS_CA_DIR, REDIS_CA_FILE, type EnvVar } from './cloud-run-containers';
import { CLOUD_RUN_ROTATION_REASONS, type UnscheduledRotation } from './cloud-run-gateway';
import type { SecretRead } from './cloud-run-identity';
import { CloudRunDatabase, CloudRunRedis } from './cloud-run-options';
import { CLOUD_RUN_DEFAULTS, type CloudRunRuntimeProps, type ResolvedSecret, userSecret } from './cloud-run-props';
import { createCloudSql, grantCloudSqlClient } from './cloud-sql';
import { createMemorystore } from './memorystore';
import { GeneratedSecret, randomHexExpression, type GcpSecretDefaults } from './secret-manager';
import { makeName, NameTarget } from '../../../core';
import type { ITerraformDependable } from '../../../core/cdktf';

/** LiteLLM's master and salt keys, generated at apply and written write-only. */
export interface GatewayKeys {
  readonly masterKey: GeneratedSecret;
  readonly saltKey: GeneratedSecret;
}

/** Creates `MasterKey` and `SaltKey` (never rotated: it encrypts the credentials stored in the database). */
export function createGatewayKeys(scope: Construct, props: CloudRunRuntimeProps, baseName: string, secretDefaults: GcpSecretDefaults): GatewayKeys {
  const masterKey = new GeneratedSecret(scope, 'MasterKey', {
    ...secretDefaults,
    secretId: makeName(NameTarget.GCP_RESOURCE, baseName, 'master-key'),
    value: randomHexExpression('sk-'),
    valueVersion: props.masterKeyVersion ?? CLOUD_RUN_DEFAULTS.masterKeyVersion,
  });
  // LITELLM_SALT_KEY encrypts provider credentials stored in the DB: it must never change.
  const saltKey = new GeneratedSecret(scope, 'SaltKey', {
    ...secretDefaults,
    secretId: makeName(NameTarget.GCP_RESOURCE, baseName, 'salt-key'),
    value: randomHexExpression(),
    valueVersion: 1,
    immutable: true,
  });
  return { masterKey, saltKey };
}

/** How the workloads reach LiteLLM's database. */
export interface DatabaseAccess {
  readonly databaseUrl: ResolvedSecret;
  /** The created instance's connection name, for the Cloud SQL Auth Proxy (none for your own database). */
  readonly sqlConnectionName: string | undefined;
  /** `roles/cloudsql.client` grants the workloads must wait for. */
  readonly sqlClientGrants: ITerraformDependable[];
  readonly unscheduledRotations: UnscheduledRotation[];
}

export interface DatabaseAccessProps {
  readonly props: CloudRunRuntimeProps;
  readonly baseName: string;
  readonly secretDefaults: GcpSecretDefaults;
  readonly serviceAccount: ServiceAccount;
  readonly migrationsAccount: ServiceAccount;
}

/**
 * Your database by reference, or Cloud SQL (`Database`, `DatabaseSchema`, `DatabaseUser`, `DatabaseUrl`) reached
 * through a Cloud SQL Auth Proxy sidecar in every workload that connects (see cloud-sql-proxy.ts); each of their
 * identities may connect to that instance only (`DatabaseClient`, `MigrationsDatabaseClient`).
 */
export function connectDatabase(scope: Construct, input: DatabaseAccessProps): DatabaseAccess {
  const { props, baseName, secretDefaults } = input;
  const { project, network } = props;
  const dbOptions = props.database ?? CloudRunDatabase.cloudSql();
  if (dbOptions._existing) {
    const databaseUrl = userSecret(dbOptions._existing.databaseUrl, project);
    return { databaseUrl, sqlConnectionName: undefined, sqlClientGrants: [], unscheduledRotations: [] };
  }
  const sql = createCloudSql(scope, { baseName, network, options: dbOptions._cloudSql ?? {}, secretDefaults });
  return {
    databaseUrl: { ...sql.url.ref, iamSecretId: sql.url.secret.id },
    sqlConnectionName: sql.connectionName,
    sqlClientGrants: [
      grantCloudSqlClient(scope, 'DatabaseClient', { project, instance: sql.instance, member: input.serviceAccount.member }),
      grantCloudSqlClient(scope, 'MigrationsDatabaseClient', { project, instance: sql.instance, member: input.migrationsAccount.member }),
    ],
    unscheduledRotations: [{ secret: sql.url.secret, reason: CLOUD_RUN_ROTATION_REASONS.databaseUrl }],
  };
}

/** How LiteLLM reaches Redis: environment, the CA file to mount, the secrets to read. */
export interface RedisAccess {
  readonly env: EnvVar[];
  readonly volumes: CloudRunV2ServiceTemplateVolumes[];
  readonly mounts: Array<{ name: string; mountPath: string }>;
  readonly reads: SecretRead[];
  readonly password: { secret: string; version: string };
  readonly unscheduledRotations: UnscheduledRotation[];
}

/** Your Redis by reference, or Memorystore (`Redis`, `RedisAuth`, `RedisCa`) with AUTH and TLS. */
export function connectRedis(scope: Construct, props: CloudRunRuntimeProps, baseName: string, secretDefaults: GcpSecretDefaults): RedisAccess {
  const { project, network } = props;
  const redisOptions = props.redis ?? CloudRunRedis.memorystore();
  const env: EnvVar[] = [];
  const volumes: CloudRunV2ServiceTemplateVolumes[] = [];
  const mounts: Array<{ name: string; mountPath: string }> = [];
  const reads: SecretRead[] = [];
  const unscheduledRotations: UnscheduledRotation[] = [];
  // The CA file LiteLLM verifies Redis' TLS certificate with, mounted from Secret Manager.
  const mountCa = (secret: string, version: string): void => {
    volumes.push({ name: 'redis-ca', secret: { secret, items: [{ path: REDIS_CA_FILE, version }] } });
    mounts.push({ name: 'redis-ca', mountPath: REDIS_CA_DIR });
    env.push({ name: 'REDIS_SSL_CA_CERTS', value: `${REDIS_CA_DIR}/${REDIS_CA_FILE}` });
  };
  let password: { secret: string; version: string };
  if (redisOptions._existing) {
    const e = redisOptions._existing;
    const pw = userSecret(e.password, project);
    password = pw;
    reads.push({ id: 'RedisAuthAccess', secretId: pw.iamSecretId, project: pw.iamProject });
    env.push({ name: 'REDIS_HOST', value: e.host }, { name: 'REDIS_PORT', value: String(e.port ?? 6379) }, { name: 'REDIS_SSL', value: e.tls ?? true ? 'True' : 'False' });
    if (e.caCertificate) {
      const ca = userSecret(e.caCertificate, project);
      reads.push({ id: 'RedisCaAccess', secretId: ca.iamSecretId, project: ca.iamProject });
      mountCa(ca.secret, ca.version);
    }
  } else {
    const redis = createMemorystore(scope, { baseName, network, options: redisOptions._memorystore ?? {}, secretDefaults });
    unscheduledRotations.push(
      { secret: redis.password.secret, reason: CLOUD_RUN_ROTATION_REASONS.redisAuth },
      { secret: redis.caSecret, reason: CLOUD_RUN_ROTATION_REASONS.redisCa },
    );
    password = redis.password.ref;
    reads.push({ id: 'RedisAuthAccess', secretId: redis.password.secret.id }, { id: 'RedisCaAccess', secretId: redis.caSecret.id });
    env.push({ name: 'REDIS_HOST', value: redis.host }, { name: 'REDIS_PORT', value: redis.port }, { name: 'REDIS_SSL', value: 'True' });
    mountCa(redis.caSecret.secretId, redis.caVersion.version);
  }
  return { env, volumes, mounts, reads, password, unscheduledRotations };
}
