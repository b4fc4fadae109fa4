import type { PolicyRule } from '../../rule';
import { compliantIf, isFalse, isOpenCidr, many, one } from '../helpers';

export const rule: PolicyRule = {
  id: 'LLM-EKS-1',
  level: 'error',
  description: 'EKS API endpoint is reachable from the whole internet (public access is on by default, open to 0.0.0.0/0).',
  fix: 'Set `vpc_config.endpoint_public_access = false` and `endpoint_private_access = true`, or restrict `public_access_cidrs` to your CI and VPN ranges.',
  resourceTypes: ['aws_eks_cluster'],
  anchors: { cdkNag: ['AwsSolutions-EKS1'], checkov: ['CKV_AWS_39', 'CKV_AWS_38'] },
  check(config) {
    const vpc = one(config.vpc_config) ?? {};
    if (isFalse(vpc.endpoint_public_access)) return compliantIf(true);
    const cidrs = many(vpc.public_access_cidrs);
    return compliantIf(cidrs.length > 0 && !cidrs.some(isOpenCidr));
  },
};
