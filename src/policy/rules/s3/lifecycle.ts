import type { PolicyRule } from '../../rule';
import { compliantIf, many, one } from '../helpers';

export const rule: PolicyRule = {
  id: 'LLM-S3-7',
  level: 'warning',
  description: 'S3 lifecycle configuration never aborts incomplete multipart uploads, so abandoned parts are kept (and billed) forever.',
  fix: 'Add a rule with `abort_incomplete_multipart_upload { days_after_initiation = 7 }` (filter `{}` for the whole bucket).',
  resourceTypes: ['aws_s3_bucket_lifecycle_configuration'],
  anchors: { cdkNag: [], checkov: ['CKV_AWS_300'] },
  check(config) {
    return compliantIf(many(config.rule).some((r: any) => r?.status === 'Enabled' && Number(one(r?.abort_incomplete_multipart_upload)?.days_after_initiation) > 0));
  },
};
