import type { PolicyRule } from '../../rule';
import { compliantIf, many } from '../helpers';

export const rule: PolicyRule = {
  id: 'LLM-DB-9',
  level: 'warning',
  description: 'Database exports no logs to CloudWatch, so connection and error history is lost with the instance.',
  fix: 'Set `enabled_cloudwatch_logs_exports` (PostgreSQL: `["postgresql"]`; MySQL: `["error", "slowquery"]`).',
  resourceTypes: ['aws_db_instance', 'aws_rds_cluster'],
  anchors: { cdkNag: ['NIST.800.53.R5-RDSLoggingEnabled'], checkov: ['CKV_AWS_129', 'CKV_AWS_324'] },
  check(config) {
    return compliantIf(many(config.enabled_cloudwatch_logs_exports).length > 0);
  },
};
