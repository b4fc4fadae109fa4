import { Compliance, type PolicyRule } from '../../rule';
import { compliantIf, isTrue } from '../helpers';

export const rule: PolicyRule = {
  id: 'LLM-ALB-3',
  level: 'error',
  description: 'Application Load Balancer forwards HTTP headers with invalid names (request smuggling and header injection).',
  fix: 'Set `drop_invalid_header_fields = true`.',
  resourceTypes: ['aws_lb', 'aws_alb'],
  anchors: { cdkNag: ['NIST.800.53.R5-ALBHttpDropInvalidHeaderEnabled'], checkov: ['CKV_AWS_131'] },
  check(config) {
    if ((config.load_balancer_type ?? 'application') !== 'application') return Compliance.NOT_APPLICABLE;
    return compliantIf(isTrue(config.drop_invalid_header_fields));
  },
};
