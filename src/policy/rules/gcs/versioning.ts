import type { PolicyRule } from '../../rule';
import { compliantIf, isTrue, one } from '../helpers';

export const rule: PolicyRule = {
  id: 'LLM-GCS-2',
  level: 'warning',
  description: 'Cloud Storage bucket keeps no object versions and has no retention policy, so an overwrite or delete cannot be undone.',
  fix: 'Set `versioning { enabled = true }` (with a lifecycle rule for noncurrent versions), or a `retention_policy` for write-once data.',
  resourceTypes: ['google_storage_bucket'],
  anchors: { cdkNag: [], checkov: ['CKV_GCP_78'] },
  check(config) {
    return compliantIf(isTrue(one(config.versioning)?.enabled) || Number(one(config.retention_policy)?.retention_period) > 0);
  },
};
