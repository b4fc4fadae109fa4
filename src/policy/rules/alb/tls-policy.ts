import { Compliance, type PolicyRule } from '../../rule';
import { compliantIf } from '../helpers';

/**
 * ELB security policies that allow nothing older than TLS 1.2. Source: "Security policies for your Application
 * Load Balancer" (AWS docs): the TLS13-*, TLS-1-2-*, FS-1-2-* families (and their FIPS variants).
 */
const TLS12_PLUS = /^ELBSecurityPolicy-(?:TLS13-|TLS-1-2-|FS-1-2-)/;

export const rule: PolicyRule = {
  id: 'LLM-ALB-2',
  level: 'error',
  description: 'HTTPS/TLS listener allows TLS versions below 1.2 (no `ssl_policy` means the 2016 policy with TLS 1.0).',
  fix: 'Set `ssl_policy = "ELBSecurityPolicy-TLS13-1-2-2021-06"` (TLS 1.3 and 1.2 only).',
  resourceTypes: ['aws_lb_listener', 'aws_alb_listener'],
  anchors: { cdkNag: [], checkov: ['CKV_AWS_103', 'CKV2_AWS_74'] },
  check(config) {
    if (config.protocol !== 'HTTPS' && config.protocol !== 'TLS') return Compliance.NOT_APPLICABLE;
    return compliantIf(typeof config.ssl_policy === 'string' && TLS12_PLUS.test(config.ssl_policy));
  },
};
