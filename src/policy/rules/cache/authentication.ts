import type { PolicyRule } from '../../rule';
import { compliantIf, isSet, many } from '../helpers';

export const rule: PolicyRule = {
  id: 'LLM-CACHE-3',
  level: 'warning',
  description: 'ElastiCache replication group accepts connections without authentication.',
  fix: 'Use RBAC (`user_group_ids`) or an AUTH token read from Secrets Manager (requires transit encryption).',
  resourceTypes: ['aws_elasticache_replication_group'],
  anchors: { cdkNag: ['AwsSolutions-AEC6'], checkov: ['CKV_AWS_31'] },
  check(config) {
    return compliantIf(isSet(config.auth_token) || many(config.user_group_ids).length > 0);
  },
};
