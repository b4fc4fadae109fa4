import { Compliance, type PolicyRule } from '../../rule';
import { compliantIf, isSet, isTrue } from '../helpers';

export const rule: PolicyRule = {
  id: 'LLM-DB-8',
  level: 'warning',
  description: 'Database storage is encrypted with the AWS managed key, so key access cannot be audited or revoked separately.',
  fix: 'Set `kms_key_id` to a customer-managed KMS key with rotation on.',
  resourceTypes: ['aws_db_instance', 'aws_rds_cluster'],
  anchors: { cdkNag: [], checkov: ['CKV_AWS_327'] },
  check(config) {
    if (!isTrue(config.storage_encrypted)) return Compliance.NOT_APPLICABLE;
    return compliantIf(isSet(config.kms_key_id));
  },
};
