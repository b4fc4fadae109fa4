import { Compliance, type PolicyRule } from '../../rule';
import { compliantIf, isTrue } from '../helpers';

export const rule: PolicyRule = {
  id: 'LLM-ALB-6',
  level: 'error',
  description: 'Internet-facing Application Load Balancer has no WAF web ACL.',
  fix: 'Associate an AWS WAFv2 web ACL (`aws_wafv2_web_acl_association`) with managed rule groups (common rule set, known bad inputs) and a rate-based rule.',
  resourceTypes: ['aws_lb', 'aws_alb'],
  anchors: { cdkNag: ['NIST.800.53.R5-ALBWAFEnabled'], checkov: ['CKV2_AWS_28', 'CKV2_AWS_76'] },
  check(config, context) {
    if (isTrue(config.internal) || (config.load_balancer_type ?? 'application') !== 'application') return Compliance.NOT_APPLICABLE;
    return compliantIf(context.referencing(context.subject.address, 'aws_wafv2_web_acl_association').length > 0);
  },
};
