import { cannotEvaluate, type PolicyRule } from '../../rule';
import { findings, policyStatements } from '../helpers';

const PUBLIC_ACLS = ['public-read', 'public-read-write', 'authenticated-read'];

export const rule: PolicyRule = {
  id: 'LLM-S3-2',
  level: 'error',
  description: 'S3 bucket is made public by a canned ACL or by a bucket policy that allows any principal without a condition.',
  fix: 'Use `acl = "private"` (or BucketOwnerEnforced object ownership) and grant access to named principals; serve public content through CloudFront with origin access control.',
  resourceTypes: ['aws_s3_bucket', 'aws_s3_bucket_acl', 'aws_s3_bucket_policy'],
  anchors: { cdkNag: ['AwsSolutions-S2'], checkov: ['CKV_AWS_20', 'CKV_AWS_57'] },
  check(config, context) {
    if (context.subject.type !== 'aws_s3_bucket_policy') {
      return findings(PUBLIC_ACLS.includes(config.acl) ? [`Acl::${config.acl}`] : []);
    }
    const statements = policyStatements(config.policy, context);
    if (!statements) return cannotEvaluate('policy is an expression only known at plan time');
    return findings(
      statements
        .filter((s) => s.effect === 'Allow' && !s.hasCondition && s.principals.some((p) => p === '*' || p === 'AWS:*'))
        .map(() => 'Policy::Principal:*'),
    );
  },
};
