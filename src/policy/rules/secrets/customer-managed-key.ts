import type { PolicyRule } from '../../rule';
import { compliantIf, isSet } from '../helpers';

export const rule: PolicyRule = {
  id: 'LLM-SEC-2',
  level: 'error',
  description: 'Secrets Manager secret is encrypted with the AWS managed key, so who may decrypt it cannot be restricted by key policy.',
  fix: 'Set `kms_key_id` to a customer-managed KMS key with rotation on.',
  resourceTypes: ['aws_secretsmanager_secret'],
  anchors: { cdkNag: ['NIST.800.53.R5-SecretsManagerUsingKMSKey'], checkov: ['CKV_AWS_149'] },
  check(config) {
    return compliantIf(isSet(config.kms_key_id));
  },
};
