import { RedisInstance } from '@cdktf/provider-google/lib/redis-instance';
import type { SecretManagerSecret } from '@cdktf/provider-google/lib/secret-manager-secret';
import { SecretManagerSecretVersion } from '@cdktf/provider-google/lib/secret-manager-secret-version';
import type { Construct } from 'constructs';
import { MemorystoreTier, type CloudRunMemorystoreOptions } from './cloud-run-options';
import { GeneratedSecret, createSecret, type GcpSecretDefaults } from './secret-manager';
import { NameTarget, makeName } from '../../../core';
import { Token } from '../../../core/cdktf';

/** Resolved Memorystore defaults (see `CloudRunMemorystoreOptions`). */
export const MEMORYSTORE_DEFAULTS = {
  memorySizeGb: 5,
  tier: MemorystoreTier.STANDARD_HA,
  redisVersion: 'REDIS_7_2',
} as const;

export interface MemorystoreProps {
  readonly baseName: string;
  readonly network: string;
  readonly options: CloudRunMemorystoreOptions;
  readonly secretDefaults: GcpSecretDefaults;
}

export interface MemorystoreResources {
  readonly instance: RedisInstance;
  readonly host: string;
  readonly port: string;
  /** The AUTH string, copied into Secret Manager for `secret_key_ref`. */
  readonly password: GeneratedSecret;
  /** The server CA (public, but Cloud Run mounts files only from secrets). */
  readonly caSecret: SecretManagerSecret;
  readonly caVersion: SecretManagerSecretVersion;
}

/**
 * Memorystore for Redis with AUTH and in-transit encryption (SERVER_AUTHENTICATION, port 6378),
 * reached over private services access.
 *
 * Memorystore generates the AUTH string itself and the Google provider keeps it (sensitive) in the
 * state of `google_redis_instance`; that is unavoidable with Memorystore. It is copied write-only into
 * Secret Manager so the service reads it by reference.
 */
export function createMemorystore(scope: Construct, props: MemorystoreProps): MemorystoreResources {
  const given = Object.fromEntries(Object.entries(props.options).filter(([, v]) => v !== undefined));
  const o: CloudRunMemorystoreOptions & typeof MEMORYSTORE_DEFAULTS = { ...MEMORYSTORE_DEFAULTS, ...given };
  const d = props.secretDefaults;
  const instance = new RedisInstance(scope, 'Redis', {
    project: d.project,
    region: d.region,
    // Memorystore instance ids: 1-40 lowercase letters, digits and hyphens, starting with a letter,
    // the same limits as ElastiCache ids, so that rule is reused.
    name: makeName(NameTarget.ELASTICACHE, props.baseName, 'redis'),
    displayName: `${props.baseName} LiteLLM coordination`,
    tier: o.tier,
    memorySizeGb: o.memorySizeGb,
    redisVersion: o.redisVersion,
    authEnabled: true,
    transitEncryptionMode: 'SERVER_AUTHENTICATION',
    connectMode: 'PRIVATE_SERVICE_ACCESS',
    authorizedNetwork: props.network,
    reservedIpRange: o.reservedIpRange,
    customerManagedKey: d.kmsKeyName,
    labels: { ...d.labels },
    maintenancePolicy: { weeklyMaintenanceWindow: [{ day: 'SUNDAY', startTime: { hours: 4, minutes: 0 } }] },
  });

  const password = new GeneratedSecret(scope, 'RedisAuth', {
    ...d,
    secretId: makeName(NameTarget.GCP_RESOURCE, props.baseName, 'redis-auth'),
    value: instance.authString,
    valueVersion: 1,
  });

  const caSecret = createSecret(scope, 'RedisCa', makeName(NameTarget.GCP_RESOURCE, props.baseName, 'redis-ca'), d);
  const caVersion = new SecretManagerSecretVersion(scope, 'RedisCaVersion', {
    secret: caSecret.id,
    // A public CA certificate, not a secret: a plain argument so a CA rotation writes a new version.
    secretData: instance.serverCaCerts.get(0).cert,
    lifecycle: { createBeforeDestroy: true },
  });

  return {
    instance,
    host: instance.host,
    port: Token.asString(instance.port),
    password,
    caSecret,
    caVersion,
  };
}
