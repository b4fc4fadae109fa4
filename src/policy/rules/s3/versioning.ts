import type { PolicyRule } from '../../rule';
import { compliantIf, isTrue, one } from '../helpers';

export const rule: PolicyRule = {
  id: 'LLM-S3-5',
  level: 'warning',
  description: 'S3 bucket versioning is off, so an overwrite or delete cannot be undone.',
  fix: 'Add an `aws_s3_bucket_versioning` with `versioning_configuration { status = "Enabled" }` (and a lifecycle rule expiring noncurrent versions).',
  resourceTypes: ['aws_s3_bucket', 'aws_s3_bucket_versioning'],
  anchors: { cdkNag: [], checkov: ['CKV_AWS_21'] },
  check(config, context) {
    // The versioning resource itself: Suspended (or Disabled) turns it off for its bucket.
    if (context.subject.type === 'aws_s3_bucket_versioning') return compliantIf(one(config.versioning_configuration)?.status === 'Enabled');
    const inline = isTrue(one(config.versioning)?.enabled);
    const separate = context
      .referencing(context.subject.address, 'aws_s3_bucket_versioning')
      .some((v) => one(v.config.versioning_configuration)?.status === 'Enabled');
    return compliantIf(inline || separate);
  },
};
