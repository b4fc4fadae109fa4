import type { PolicyRule } from '../../rule';
import { compliantIf, isSet, many, one } from '../helpers';

export const rule: PolicyRule = {
  id: 'LLM-GSM-2',
  level: 'warning',
  description: 'Secret Manager secret is encrypted with a Google-managed key instead of a customer-managed key (CMEK).',
  fix: 'Set `customer_managed_encryption { kms_key_name }` on `replication.auto` or on every user-managed replica.',
  resourceTypes: ['google_secret_manager_secret'],
  anchors: { cdkNag: [], checkov: [] },
  check(config) {
    const replication = one(config.replication);
    const cmek = (x: any): boolean => isSet(one(x?.customer_managed_encryption)?.kms_key_name);
    if (replication?.auto !== undefined) return compliantIf(cmek(one(replication.auto)));
    const replicas = many(one(replication?.user_managed)?.replicas);
    return compliantIf(replicas.length > 0 && replicas.every(cmek));
  },
};
