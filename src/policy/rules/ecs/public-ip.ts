import { Compliance, type PolicyRule } from '../../rule';
import { compliantIf, isTrue, one } from '../helpers';

export const rule: PolicyRule = {
  id: 'LLM-ECS-1',
  level: 'error',
  description: 'ECS service assigns public IP addresses to its tasks.',
  fix: 'Set `network_configuration.assign_public_ip = false`, run tasks in private subnets and reach the internet through a NAT gateway or VPC endpoints.',
  resourceTypes: ['aws_ecs_service'],
  anchors: { cdkNag: [], checkov: ['CKV_AWS_333'] },
  check(config) {
    const network = one(config.network_configuration);
    if (!network) return Compliance.NOT_APPLICABLE;
    return compliantIf(!isTrue(network.assign_public_ip));
  },
};
