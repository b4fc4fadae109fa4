import type { PolicyRule } from '../../rule';
import { findings, isTrue } from '../helpers';

export const rule: PolicyRule = {
  id: 'LLM-CACHE-4',
  level: 'warning',
  description: 'ElastiCache replication group has no automatic failover across Availability Zones.',
  fix: 'Set `automatic_failover_enabled = true` and `multi_az_enabled = true` with at least one replica.',
  resourceTypes: ['aws_elasticache_replication_group'],
  anchors: { cdkNag: ['AwsSolutions-AEC4'], checkov: ['CKV2_AWS_50'] },
  check(config) {
    const ids: string[] = [];
    if (!isTrue(config.automatic_failover_enabled)) ids.push('AutomaticFailover');
    if (!isTrue(config.multi_az_enabled)) ids.push('MultiAz');
    return findings(ids);
  },
};
