import { Compliance, type PolicyRule } from '../../rule';
import { findings, isSet, many } from '../helpers';

export const rule: PolicyRule = {
  id: 'LLM-NET-2',
  level: 'warning',
  description: 'Security group or security group rule has no description, so reviewers cannot tell why the traffic is allowed.',
  fix: 'Set `description` on the security group and on every ingress/egress rule (say who connects and why).',
  resourceTypes: ['aws_security_group', 'aws_security_group_rule', 'aws_vpc_security_group_ingress_rule', 'aws_vpc_security_group_egress_rule'],
  anchors: { cdkNag: ['AwsSolutions-EC27'], checkov: ['CKV_AWS_23'] },
  check(config, context) {
    if (context.subject.type !== 'aws_security_group') return isSet(config.description) ? Compliance.COMPLIANT : Compliance.NON_COMPLIANT;
    const ids: string[] = [];
    // Terraform's default description is "Managed by Terraform": it explains nothing.
    if (!isSet(config.description) || config.description === 'Managed by Terraform') ids.push('SecurityGroup');
    many(config.ingress).forEach((r: any, i: number) => { if (!isSet(r.description)) ids.push(`ingress[${i}]`); });
    many(config.egress).forEach((r: any, i: number) => { if (!isSet(r.description)) ids.push(`egress[${i}]`); });
    return findings(ids);
  },
};
