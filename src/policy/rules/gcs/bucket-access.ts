import type { PolicyRule } from '../../rule';
import { findings, isTrue } from '../helpers';

export const rule: PolicyRule = {
  id: 'LLM-GCS-1',
  level: 'error',
  description: 'Cloud Storage bucket allows object ACLs (no uniform bucket-level access) or can be made public (public access prevention not enforced).',
  fix: 'Set `uniform_bucket_level_access = true` and `public_access_prevention = "enforced"`.',
  resourceTypes: ['google_storage_bucket'],
  anchors: { cdkNag: [], checkov: ['CKV_GCP_29', 'CKV_GCP_114'] },
  check(config) {
    const ids: string[] = [];
    if (!isTrue(config.uniform_bucket_level_access)) ids.push('UniformBucketLevelAccess');
    if (config.public_access_prevention !== 'enforced') ids.push('PublicAccessPrevention');
    return findings(ids);
  },
};
