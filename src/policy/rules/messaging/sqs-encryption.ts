import type { PolicyRule } from '../../rule';
import { findings, isFalse, isSet } from '../helpers';

export const rule: PolicyRule = {
  id: 'LLM-SQS-1',
  level: 'warning',
  description: 'SQS queue is not encrypted with a customer-managed key (or not encrypted at all), though failed invocations carry their payloads.',
  fix: 'Set `kms_master_key_id` to the platform key (and let the producing service use it in the key policy).',
  resourceTypes: ['aws_sqs_queue'],
  anchors: { cdkNag: ['AwsSolutions-SQS2'], checkov: ['CKV_AWS_27'] },
  check(config) {
    if (isSet(config.kms_master_key_id)) return findings([]);
    return findings([isFalse(config.sqs_managed_sse_enabled) ? 'Encryption::none' : 'Encryption::SQS-managed']);
  },
};
