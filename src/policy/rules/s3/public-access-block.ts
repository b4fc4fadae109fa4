import { Compliance, type PolicyRule } from '../../rule';
import { findings, isTrue } from '../helpers';

const FLAGS = ['block_public_acls', 'block_public_policy', 'ignore_public_acls', 'restrict_public_buckets'];

const missingFlags = (config: any): string[] => FLAGS.filter((f) => !isTrue(config[f]));

export const rule: PolicyRule = {
  id: 'LLM-S3-1',
  level: 'error',
  description: 'S3 bucket is not covered by a Block Public Access configuration with all four flags on.',
  fix: 'Add an `aws_s3_bucket_public_access_block` for the bucket with block_public_acls, block_public_policy, ignore_public_acls and restrict_public_buckets all `true`.',
  resourceTypes: ['aws_s3_bucket', 'aws_s3_bucket_public_access_block', 'aws_s3_account_public_access_block'],
  anchors: { cdkNag: ['AwsSolutions-S2'], checkov: ['CKV_AWS_53', 'CKV_AWS_54', 'CKV_AWS_55', 'CKV_AWS_56', 'CKV2_AWS_6'] },
  check(config, context) {
    if (context.subject.type !== 'aws_s3_bucket') return findings(missingFlags(config));
    const account = context.ofType('aws_s3_account_public_access_block');
    if (account.some((a) => missingFlags(a.config).length === 0)) return Compliance.COMPLIANT;
    const blocks = context.referencing(context.subject.address, 'aws_s3_bucket_public_access_block');
    if (blocks.length === 0) return Compliance.NON_COMPLIANT;
    // A block that is itself incomplete is reported on the block; the bucket is covered.
    return Compliance.COMPLIANT;
  },
};
