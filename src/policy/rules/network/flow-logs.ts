import type { PolicyRule } from '../../rule';
import { compliantIf } from '../helpers';

export const rule: PolicyRule = {
  id: 'LLM-NET-4',
  level: 'warning',
  description: 'VPC has no flow log, so traffic to and from the gateway, databases and caches cannot be investigated after an incident.',
  fix: 'Add an `aws_flow_log` for the VPC (`traffic_type = "ALL"`) to an encrypted log group or bucket.',
  resourceTypes: ['aws_vpc'],
  anchors: { cdkNag: ['AwsSolutions-VPC7'], checkov: ['CKV2_AWS_11'] },
  check(_config, context) {
    return compliantIf(context.referencing(context.subject.address, 'aws_flow_log').length > 0);
  },
};
