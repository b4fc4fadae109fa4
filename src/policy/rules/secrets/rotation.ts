import type { PolicyRule } from '../../rule';
import { compliantIf } from '../helpers';

export const rule: PolicyRule = {
  id: 'LLM-SEC-1',
  level: 'warning',
  description: 'Secrets Manager secret has no automatic rotation.',
  fix: 'Add an `aws_secretsmanager_secret_rotation` (rotation Lambda, schedule of 90 days or less); for provider API keys, rotate them at the provider and record the procedure in the runbook.',
  resourceTypes: ['aws_secretsmanager_secret'],
  anchors: { cdkNag: ['AwsSolutions-SMG4'], checkov: ['CKV2_AWS_57', 'CKV_AWS_304'] },
  check(_config, context) {
    return compliantIf(context.referencing(context.subject.address, 'aws_secretsmanager_secret_rotation').length > 0);
  },
};
