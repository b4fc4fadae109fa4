import { Compliance, type PolicyRule } from '../../rule';
import { compliantIf, isTrue } from '../helpers';

export const rule: PolicyRule = {
  id: 'LLM-KMS-1',
  level: 'error',
  description: 'Symmetric KMS key has automatic rotation off.',
  fix: 'Set `enable_key_rotation = true` (optionally `rotation_period_in_days`, 90-2560).',
  resourceTypes: ['aws_kms_key'],
  anchors: { cdkNag: ['AwsSolutions-KMS5'], checkov: ['CKV_AWS_7'] },
  check(config) {
    // Rotation exists only for symmetric encryption keys.
    const spec = config.customer_master_key_spec ?? 'SYMMETRIC_DEFAULT';
    if (spec !== 'SYMMETRIC_DEFAULT' || (config.key_usage ?? 'ENCRYPT_DECRYPT') !== 'ENCRYPT_DECRYPT') return Compliance.NOT_APPLICABLE;
    return compliantIf(isTrue(config.enable_key_rotation));
  },
};
