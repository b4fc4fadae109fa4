import type { PolicyRule } from '../../rule';
import { compliantIf, isTrue } from '../helpers';

export const rule: PolicyRule = {
  id: 'LLM-DB-7',
  level: 'warning',
  description: 'Database IAM authentication is off, so every client needs a long-lived password.',
  fix: 'Set `iam_database_authentication_enabled = true` and connect with IAM tokens (LiteLLM: `IAM_TOKEN_DB_AUTH=true`).',
  resourceTypes: ['aws_db_instance', 'aws_rds_cluster'],
  anchors: { cdkNag: ['AwsSolutions-RDS6'], checkov: ['CKV_AWS_161', 'CKV_AWS_162'] },
  check(config) {
    return compliantIf(isTrue(config.iam_database_authentication_enabled));
  },
};
