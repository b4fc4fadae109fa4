import { Compliance, type PolicyRule } from '../../rule';
import { findings, isOpenCidr, many } from '../helpers';

const allProtocols = (p: unknown): boolean => p === undefined || p === '-1' || p === -1 || p === 'all';

export const rule: PolicyRule = {
  id: 'LLM-NET-3',
  level: 'warning',
  description: 'Security group allows all egress to the whole internet, so a compromised workload can exfiltrate anywhere.',
  fix: 'Allow egress only to the ports and destinations needed (e.g. TCP 443 to model providers through a NAT or VPC endpoints, the database port to the database security group).',
  resourceTypes: ['aws_security_group', 'aws_security_group_rule', 'aws_vpc_security_group_egress_rule'],
  anchors: { cdkNag: [], checkov: ['CKV_AWS_382'] },
  check(config, context) {
    const type = context.subject.type;
    if (type === 'aws_security_group') {
      const ids: string[] = [];
      for (const r of many(config.egress)) {
        if (!allProtocols(r.protocol)) continue;
        for (const cidr of [...many(r.cidr_blocks), ...many(r.ipv6_cidr_blocks)]) if (isOpenCidr(cidr)) ids.push(`all:${cidr}`);
      }
      return findings(ids);
    }
    if (type === 'aws_security_group_rule' && config.type !== 'egress') return Compliance.NOT_APPLICABLE;
    const protocol = config.protocol ?? config.ip_protocol;
    if (!allProtocols(protocol)) return Compliance.COMPLIANT;
    const cidrs = type === 'aws_security_group_rule'
      ? [...many(config.cidr_blocks), ...many(config.ipv6_cidr_blocks)]
      : [...many(config.cidr_ipv4), ...many(config.cidr_ipv6)];
    return findings(cidrs.filter(isOpenCidr).map((c) => `all:${c}`));
  },
};
