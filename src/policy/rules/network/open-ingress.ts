import { Compliance, type PolicyRule, type RuleContext } from '../../rule';
import { findings, isOpenCidr, isTrue, many } from '../helpers';

/** Security groups (by reference or id) attached to internet-facing load balancers of the stack. */
function publicLoadBalancerGroups(context: RuleContext): Set<string> {
  const groups = new Set<string>();
  for (const lb of [...context.ofType('aws_lb'), ...context.ofType('aws_alb')]) {
    if (isTrue(lb.config.internal) || lb.config.load_balancer_type === 'gateway') continue;
    for (const sg of many(lb.config.security_groups)) if (typeof sg === 'string') groups.add(sg);
  }
  return groups;
}

function label(protocol: unknown, from: unknown, to: unknown, cidr: string): string {
  const proto = protocol === undefined || protocol === '-1' || protocol === -1 || protocol === 'all' ? 'all' : String(protocol);
  const ports = proto === 'all' || from === undefined ? '*' : from === to || to === undefined ? String(from) : `${String(from)}-${String(to)}`;
  return `${proto}:${ports}:${cidr}`;
}

function isHttpsOnly(protocol: unknown, from: unknown, to: unknown): boolean {
  const proto = String(protocol).toLowerCase();
  return (proto === 'tcp' || proto === '6') && Number(from) === 443 && Number(to ?? from) === 443;
}

export const rule: PolicyRule = {
  id: 'LLM-NET-1',
  level: 'error',
  description: 'Security group allows ingress from the whole internet (0.0.0.0/0 or ::/0); only an internet-facing load balancer may accept 0.0.0.0/0, and only on TCP 443.',
  fix: 'Restrict the source to your VPC, a peer security group or corporate CIDRs; for a public endpoint put an internet-facing ALB (TLS on 443, WAF) in front.',
  resourceTypes: ['aws_security_group', 'aws_security_group_rule', 'aws_vpc_security_group_ingress_rule'],
  anchors: { cdkNag: ['AwsSolutions-EC23'], checkov: ['CKV_AWS_24', 'CKV_AWS_25', 'CKV_AWS_260', 'CKV_AWS_277'] },
  check(config, context) {
    const publicGroups = publicLoadBalancerGroups(context);
    const type = context.subject.type;
    const ids: string[] = [];
    if (type === 'aws_security_group') {
      const own = [...publicGroups].some((g) => g.includes(`${context.subject.address}.`));
      for (const entry of many(config.ingress)) {
        for (const cidr of [...many(entry.cidr_blocks), ...many(entry.ipv6_cidr_blocks)]) {
          if (!isOpenCidr(cidr)) continue;
          if (own && isHttpsOnly(entry.protocol, entry.from_port, entry.to_port)) continue;
          ids.push(label(entry.protocol, entry.from_port, entry.to_port, cidr));
        }
      }
      return findings(ids);
    }
    if (type === 'aws_security_group_rule' && config.type !== 'ingress') return Compliance.NOT_APPLICABLE;
    const own = publicGroups.has(config.security_group_id);
    const protocol = config.protocol ?? config.ip_protocol;
    const cidrs = type === 'aws_security_group_rule'
      ? [...many(config.cidr_blocks), ...many(config.ipv6_cidr_blocks)]
      : [...many(config.cidr_ipv4), ...many(config.cidr_ipv6)];
    for (const cidr of cidrs) {
      if (!isOpenCidr(cidr)) continue;
      if (own && isHttpsOnly(protocol, config.from_port, config.to_port)) continue;
      ids.push(label(protocol, config.from_port, config.to_port, cidr));
    }
    return findings(ids);
  },
};
