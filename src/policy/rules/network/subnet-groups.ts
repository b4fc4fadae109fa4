import { Compliance, type PolicyRule } from '../../rule';
import { compliantIf, isExpression, many } from '../helpers';

export const rule: PolicyRule = {
  id: 'LLM-NET-6',
  level: 'warning',
  description: 'A database or cache subnet group has fewer than two subnets, so the service cannot place a standby in another Availability Zone.',
  fix: 'List private subnets in at least two Availability Zones.',
  resourceTypes: ['aws_db_subnet_group', 'aws_elasticache_subnet_group'],
  anchors: { cdkNag: [], checkov: [] },
  check(config) {
    if (typeof config.subnet_ids === 'string' && isExpression(config.subnet_ids)) return Compliance.NOT_APPLICABLE;
    return compliantIf(many(config.subnet_ids).length >= 2);
  },
};
