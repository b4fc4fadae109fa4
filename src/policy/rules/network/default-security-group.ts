import type { PolicyRule } from '../../rule';
import { findings, many } from '../helpers';

export const rule: PolicyRule = {
  id: 'LLM-NET-5',
  level: 'error',
  description: 'The VPC\'s default security group has rules, so anything launched without a security group can talk to everything else in it.',
  fix: 'Manage it with an `aws_default_security_group` with no `ingress` and no `egress` blocks (that removes all its rules).',
  resourceTypes: ['aws_default_security_group'],
  anchors: { cdkNag: ['NIST.800.53.R5-VPCDefaultSecurityGroupClosed'], checkov: ['CKV2_AWS_12'] },
  check(config) {
    return findings([...(many(config.ingress).length > 0 ? ['Ingress'] : []), ...(many(config.egress).length > 0 ? ['Egress'] : [])]);
  },
};
