import type { PolicyRule } from '../../rule';
import { compliantIf, isTrue } from '../helpers';

export const rule: PolicyRule = {
  id: 'LLM-ALB-5',
  level: 'warning',
  description: 'Load balancer has no deletion protection; deleting it changes the endpoint every client uses.',
  fix: 'Set `enable_deletion_protection = true`.',
  resourceTypes: ['aws_lb', 'aws_alb'],
  anchors: { cdkNag: ['NIST.800.53.R5-ELBDeletionProtectionEnabled'], checkov: ['CKV_AWS_150'] },
  check(config) {
    return compliantIf(isTrue(config.enable_deletion_protection));
  },
};
