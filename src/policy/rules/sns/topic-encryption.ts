import type { PolicyRule } from '../../rule';
import { compliantIf, isSet } from '../helpers';

export const rule: PolicyRule = {
  id: 'LLM-SNS-1',
  level: 'warning',
  description: 'SNS topic is not encrypted with a customer-managed key (alert messages name teams, gateways and budgets).',
  fix: 'Set `kms_master_key_id` to the platform key and allow the publishing services (CloudWatch, AMP, Budgets) to use it in the key policy.',
  resourceTypes: ['aws_sns_topic'],
  anchors: { cdkNag: ['AwsSolutions-SNS2'], checkov: ['CKV_AWS_26'] },
  check(config) {
    return compliantIf(isSet(config.kms_master_key_id));
  },
};
