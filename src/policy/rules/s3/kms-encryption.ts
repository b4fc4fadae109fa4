import type { PolicyRule } from '../../rule';
import { compliantIf, many, one } from '../helpers';

const algorithms = (rules: unknown): string[] => many(rules).map((r: any) => one(r?.apply_server_side_encryption_by_default)?.sse_algorithm).filter((a) => typeof a === 'string');
const isKms = (rules: unknown): boolean => algorithms(rules).some((a) => a === 'aws:kms' || a === 'aws:kms:dsse');
const isS3Managed = (rules: unknown): boolean => algorithms(rules).includes('AES256');

export const rule: PolicyRule = {
  id: 'LLM-S3-3',
  level: 'warning',
  description: 'S3 bucket default encryption is not SSE-KMS: objects use S3-managed keys whose use cannot be audited or revoked. (A bucket receiving load balancer access logs must use SSE-S3: AWS supports nothing else there.)',
  fix: 'Add an `aws_s3_bucket_server_side_encryption_configuration` with `sse_algorithm = "aws:kms"`, a customer-managed `kms_master_key_id` and `bucket_key_enabled = true`.',
  resourceTypes: ['aws_s3_bucket', 'aws_s3_bucket_server_side_encryption_configuration'],
  anchors: { cdkNag: ['NIST.800.53.R5-S3DefaultEncryptionKMS'], checkov: ['CKV_AWS_145'] },
  check(config, context) {
    // The encryption resource itself: judged as part of its bucket (SSE-S3 is right for an ELB log bucket).
    if (context.subject.type === 'aws_s3_bucket_server_side_encryption_configuration') {
      if (isKms(config.rule)) return compliantIf(true);
      const bucket = /^\$\{(aws_s3_bucket\.[A-Za-z0-9_-]+)\.(?:id|bucket)\}$/.exec(String(config.bucket ?? ''))?.[1];
      const elbLogs = bucket !== undefined && context.referencing(bucket, 'aws_lb').some((lb) => many(lb.config.access_logs).some((l: any) => String(l?.bucket ?? '').includes(`${bucket}.`)));
      return compliantIf(elbLogs && isS3Managed(config.rule));
    }
    const rules = [
      one(config.server_side_encryption_configuration)?.rule,
      ...context.referencing(context.subject.address, 'aws_s3_bucket_server_side_encryption_configuration').map((c) => c.config.rule),
    ];
    if (rules.some(isKms)) return compliantIf(true);
    // ELB delivers access logs only to buckets with SSE-S3 default encryption (ELB user guide, "Access logs for
    // your Application Load Balancer", bucket requirements): there, SSE-S3 is the hardened setting.
    const address = context.subject.address;
    const elbLogs = context.referencing(address, 'aws_lb').some((lb) => many(lb.config.access_logs).some((l: any) => typeof l?.bucket === 'string' && l.bucket.includes(`${address}.`)));
    return compliantIf(elbLogs && rules.some(isS3Managed));
  },
};
