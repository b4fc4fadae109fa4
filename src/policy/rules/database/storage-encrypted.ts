import type { PolicyRule } from '../../rule';
import { compliantIf, isTrue } from '../helpers';

export const rule: PolicyRule = {
  id: 'LLM-DB-1',
  level: 'error',
  description: 'Database storage is not encrypted at rest.',
  fix: 'Set `storage_encrypted = true` with `kms_key_id` pointing at a customer-managed KMS key (changing it replaces the database: migrate through an encrypted snapshot).',
  resourceTypes: ['aws_db_instance', 'aws_rds_cluster'],
  anchors: { cdkNag: ['AwsSolutions-RDS2'], checkov: ['CKV_AWS_16', 'CKV_AWS_96'] },
  check(config) {
    return compliantIf(isTrue(config.storage_encrypted));
  },
};
