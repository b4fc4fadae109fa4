import type { Construct } from 'constructs';
import { GeneratedSecret } from '../../../aws/generated-secret';
import { PlatformKey } from '../../../aws/kms-key';
import { EncryptedLogGroup } from '../../../aws/log-group';

/** Why the salt key never rotates (kept on the secret for the app's LLM-SEC-1 suppression). */
export const SALT_KEY_NEVER_ROTATED_REASON =
  'LiteLLM salt key: encrypts the provider credentials stored in the database; a new value makes them undecryptable, so it is never rotated (litellm.md §1.4).';

/** The gateway's keys: a data key, a logs key, the log group, and LiteLLM's generated master and salt keys. */
export interface GatewayKeys {
  readonly key: PlatformKey;
  readonly logsKey: PlatformKey;
  readonly logs: EncryptedLogGroup;
  readonly masterKey: GeneratedSecret;
  readonly saltKey: GeneratedSecret;
}

/** Creates them in `scope` (ids `Key`, `LogsKey`, `Logs`, `MasterKey`, `SaltKey`). */
export function createGatewayKeys(scope: Construct, base: string, logRetentionDays: number): GatewayKeys {
  const key = new PlatformKey(scope, 'Key', {
    description: `LiteLLM gateway ${base}: secrets, database, cache and config`,
    nameParts: [base, 'data'],
  });
  const logsKey = new PlatformKey(scope, 'LogsKey', {
    description: `LiteLLM gateway ${base}: logs`,
    nameParts: [base, 'logs'],
    servicePrincipals: ['logs'],
  });
  const logs = new EncryptedLogGroup(scope, 'Logs', { nameParts: [base, 'ecs'], kmsKeyArn: logsKey.keyArn, retentionInDays: logRetentionDays });
  const masterKey = new GeneratedSecret(scope, 'MasterKey', {
    nameParts: [base, 'litellm-master-key'],
    description: `LiteLLM master key of ${base} (admin API; issue virtual keys for callers)`,
    kmsKeyArn: key.keyArn,
    prefix: 'sk-',
  });
  const saltKey = new GeneratedSecret(scope, 'SaltKey', {
    nameParts: [base, 'litellm-salt-key'],
    description: `LiteLLM salt key of ${base}: encrypts credentials stored in the database. Never change it.`,
    kmsKeyArn: key.keyArn,
    // Fixed forever (litellm.md §1.4): a new value makes every stored credential undecryptable.
    version: 1,
    neverRotatedReason: SALT_KEY_NEVER_ROTATED_REASON,
  });
  return { key, logsKey, logs, masterKey, saltKey };
}
