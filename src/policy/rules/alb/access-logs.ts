import { Compliance, type PolicyRule } from '../../rule';
import { compliantIf, isSet, isTrue, one } from '../helpers';

export const rule: PolicyRule = {
  id: 'LLM-ALB-4',
  level: 'error',
  description: 'Load balancer access logs are off, so requests to the gateway cannot be traced after an incident.',
  fix: 'Set `access_logs { bucket = <log bucket>, enabled = true }` (the bucket policy must allow the ELB log delivery principal).',
  resourceTypes: ['aws_lb', 'aws_alb'],
  anchors: { cdkNag: ['AwsSolutions-ELB2'], checkov: ['CKV_AWS_91'] },
  check(config) {
    if (config.load_balancer_type === 'gateway') return Compliance.NOT_APPLICABLE;
    const logs = one(config.access_logs);
    return compliantIf(logs !== undefined && isTrue(logs.enabled) && isSet(logs.bucket));
  },
};
