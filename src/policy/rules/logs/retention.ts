import { cannotEvaluate, type PolicyRule } from '../../rule';
import { compliantIf, isExpression } from '../helpers';

export const rule: PolicyRule = {
  id: 'LLM-LOG-2',
  level: 'warning',
  description: 'CloudWatch log group keeps logs forever (no retention), so personal data in logs is never deleted.',
  fix: 'Set `retention_in_days` (e.g. 30 for debug logs, 365 for audit logs).',
  resourceTypes: ['aws_cloudwatch_log_group'],
  anchors: { cdkNag: ['NIST.800.53.R5-CloudWatchLogGroupRetentionPeriod'], checkov: ['CKV_AWS_66', 'CKV_AWS_338'] },
  check(config) {
    if (isExpression(config.retention_in_days)) return cannotEvaluate('retention_in_days is only known at plan time');
    return compliantIf(Number(config.retention_in_days ?? 0) > 0);
  },
};
