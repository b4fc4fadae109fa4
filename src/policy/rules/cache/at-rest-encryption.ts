import type { PolicyRule } from '../../rule';
import { compliantIf, isTrue } from '../helpers';

export const rule: PolicyRule = {
  id: 'LLM-CACHE-1',
  level: 'error',
  description: 'ElastiCache replication group does not encrypt data at rest.',
  fix: 'Set `at_rest_encryption_enabled = true` with `kms_key_id` set to a customer-managed key (requires replacement).',
  resourceTypes: ['aws_elasticache_replication_group'],
  anchors: { cdkNag: ['AwsSolutions-AEC3'], checkov: ['CKV_AWS_29', 'CKV_AWS_191'] },
  check(config) {
    return compliantIf(isTrue(config.at_rest_encryption_enabled));
  },
};
