import type { PolicyRule } from '../../rule';
import { compliantIf, policyDocumentData } from '../helpers';

export const rule: PolicyRule = {
  id: 'LLM-S3-4',
  level: 'warning',
  description: 'S3 bucket policy does not deny requests over plain HTTP.',
  fix: 'Add a bucket policy statement denying `s3:*` when `aws:SecureTransport` is `false`.',
  resourceTypes: ['aws_s3_bucket'],
  anchors: { cdkNag: ['AwsSolutions-S10'], checkov: [] },
  check(_config, context) {
    const policies = context.referencing(context.subject.address, 'aws_s3_bucket_policy');
    const text = policies.map((p) => {
      const doc = policyDocumentData(p.config.policy, context);
      return JSON.stringify(doc ? doc.config : p.config.policy);
    });
    return compliantIf(text.some((t) => t.includes('aws:SecureTransport')));
  },
};
