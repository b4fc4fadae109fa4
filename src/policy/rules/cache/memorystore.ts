import type { PolicyRule } from '../../rule';
import { findings, isTrue } from '../helpers';

export const rule: PolicyRule = {
  id: 'LLM-CACHE-5',
  level: 'error',
  description: 'Memorystore Redis instance accepts unauthenticated or unencrypted connections, or runs without a replica.',
  fix: 'Set `auth_enabled = true`, `transit_encryption_mode = "SERVER_AUTHENTICATION"` and `tier = "STANDARD_HA"`.',
  resourceTypes: ['google_redis_instance'],
  anchors: { cdkNag: [], checkov: ['CKV_GCP_95', 'CKV_GCP_97'] },
  check(config) {
    const ids: string[] = [];
    if (!isTrue(config.auth_enabled)) ids.push('Auth');
    if (config.transit_encryption_mode !== 'SERVER_AUTHENTICATION') ids.push('TransitEncryption');
    if (config.tier !== 'STANDARD_HA') ids.push('Tier');
    return findings(ids);
  },
};
