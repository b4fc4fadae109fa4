import type { PolicyRule } from '../../rule';
import { compliantIf, many, one } from '../helpers';

const isKms = (rules: unknown): boolean =>
  many(rules).some((r: any) => ['aws:kms', 'aws:kms:dsse'].includes(one(r?.apply_server_side_encryption_by_default)?.sse_algorithm));

export const rule: PolicyRule = {
  id: 'LLM-S3-3',
  level: 'warning',
  description: 'S3 bucket default encryption is not SSE-KMS: objects use S3-managed keys whose use cannot be audited or revoked.',
  fix: 'Add an `aws_s3_bucket_server_side_encryption_configuration` with `sse_algorithm = "aws:kms"`, a customer-managed `kms_master_key_id` and `bucket_key_enabled = true`.',
  resourceTypes: ['aws_s3_bucket'],
  anchors: { cdkNag: ['NIST.800.53.R5-S3DefaultEncryptionKMS'], checkov: ['CKV_AWS_145'] },
  check(config, context) {
    const inline = isKms(one(config.server_side_encryption_configuration)?.rule);
    const separate = context
      .referencing(context.subject.address, 'aws_s3_bucket_server_side_encryption_configuration')
      .some((c) => isKms(c.config.rule));
    return compliantIf(inline || separate);
  },
};
