import { Compliance, type PolicyRule } from '../../rule';
import { compliantIf, isSet, isTrue } from '../helpers';

export const rule: PolicyRule = {
  id: 'LLM-DB-6',
  level: 'warning',
  description: 'Database instance runs in a single Availability Zone.',
  fix: 'Set `multi_az = true` (or use Aurora with a replica in another AZ).',
  resourceTypes: ['aws_db_instance'],
  anchors: { cdkNag: ['AwsSolutions-RDS3'], checkov: ['CKV_AWS_157'] },
  check(config) {
    if (isSet(config.replicate_source_db)) return Compliance.NOT_APPLICABLE;
    return compliantIf(isTrue(config.multi_az));
  },
};
