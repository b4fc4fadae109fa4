import { Compliance, type PolicyRule } from '../../rule';
import { compliantIf, isSet, isTrue } from '../helpers';

export const rule: PolicyRule = {
  id: 'LLM-CACHE-2',
  level: 'error',
  description: 'ElastiCache does not encrypt data in transit: cached prompts, keys and rate-limit counters cross the network in plain text.',
  fix: 'Set `transit_encryption_enabled = true` (and `REDIS_SSL=true` for LiteLLM).',
  resourceTypes: ['aws_elasticache_replication_group', 'aws_elasticache_cluster'],
  anchors: { cdkNag: ['AwsSolutions-AEC3'], checkov: ['CKV_AWS_30'] },
  check(config, context) {
    // A member of a replication group inherits the group's setting.
    if (context.subject.type === 'aws_elasticache_cluster' && isSet(config.replication_group_id)) return Compliance.NOT_APPLICABLE;
    return compliantIf(isTrue(config.transit_encryption_enabled));
  },
};
