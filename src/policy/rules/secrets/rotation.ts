import type { PolicyRule } from '../../rule';
import { compliantIf, one } from '../helpers';

// checkov CKV_AWS_304: rotate at least every 90 days.
const MAX_DAYS = 90;

export const rule: PolicyRule = {
  id: 'LLM-SEC-1',
  level: 'warning',
  description: 'Secrets Manager secret has no automatic rotation, or rotates less often than every 90 days.',
  fix: 'Add an `aws_secretsmanager_secret_rotation` (rotation Lambda, schedule of 90 days or less); for provider API keys, rotate them at the provider and record the procedure in the runbook.',
  resourceTypes: ['aws_secretsmanager_secret', 'aws_secretsmanager_secret_rotation'],
  anchors: { cdkNag: ['AwsSolutions-SMG4'], checkov: ['CKV2_AWS_57', 'CKV_AWS_304'] },
  check(config, context) {
    if (context.subject.type === 'aws_secretsmanager_secret_rotation') {
      const rules = one(config.rotation_rules) ?? {};
      const days = Number(rules.automatically_after_days);
      // A schedule expression (rate/cron) is the rotation author's choice; a day count must be at most 90.
      return compliantIf(typeof rules.schedule_expression === 'string' || (Number.isFinite(days) && days > 0 && days <= MAX_DAYS));
    }
    return compliantIf(context.referencing(context.subject.address, 'aws_secretsmanager_secret_rotation').length > 0);
  },
};
