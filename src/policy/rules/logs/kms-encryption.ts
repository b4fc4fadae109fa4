import type { PolicyRule } from '../../rule';
import { compliantIf, isSet } from '../helpers';

export const rule: PolicyRule = {
  id: 'LLM-LOG-1',
  level: 'error',
  description: 'CloudWatch log group is not encrypted with a customer-managed KMS key; gateway and application logs can hold prompts and identifiers.',
  fix: 'Set `kms_key_id` to a customer-managed key whose policy allows `logs.<region>.amazonaws.com`.',
  resourceTypes: ['aws_cloudwatch_log_group'],
  anchors: { cdkNag: ['NIST.800.53.R5-CloudWatchLogGroupEncrypted'], checkov: ['CKV_AWS_158'] },
  check(config) {
    return compliantIf(isSet(config.kms_key_id));
  },
};
