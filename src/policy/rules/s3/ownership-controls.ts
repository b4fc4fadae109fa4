import type { PolicyRule } from '../../rule';
import { compliantIf, one } from '../helpers';

export const rule: PolicyRule = {
  id: 'LLM-S3-6',
  level: 'error',
  description: 'S3 bucket ownership controls keep ACLs enabled, so objects can be shared through ACLs that bypass the bucket policy.',
  fix: 'Set `rule { object_ownership = "BucketOwnerEnforced" }` (ACLs disabled; the default for new buckets).',
  resourceTypes: ['aws_s3_bucket_ownership_controls'],
  anchors: { cdkNag: [], checkov: ['CKV2_AWS_65'] },
  check(config) {
    return compliantIf(one(config.rule)?.object_ownership === 'BucketOwnerEnforced');
  },
};
