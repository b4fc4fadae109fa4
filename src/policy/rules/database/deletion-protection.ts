import type { PolicyRule } from '../../rule';
import { compliantIf, isTrue } from '../helpers';

export const rule: PolicyRule = {
  id: 'LLM-DB-3',
  level: 'error',
  description: 'Database has no deletion protection, so a `terraform destroy` or a replacing change deletes it.',
  fix: 'Set `deletion_protection = true` (turn it off deliberately, in a separate change, before a planned deletion).',
  resourceTypes: ['aws_db_instance', 'aws_rds_cluster'],
  anchors: { cdkNag: ['AwsSolutions-RDS10'], checkov: ['CKV_AWS_139', 'CKV_AWS_293'] },
  check(config) {
    return compliantIf(isTrue(config.deletion_protection));
  },
};
