import { Compliance, type PolicyRule } from '../../rule';
import { compliantIf, one } from '../helpers';

export const rule: PolicyRule = {
  id: 'LLM-EKS-3',
  level: 'error',
  description: 'Instance metadata service v1 is allowed, so an SSRF in a pod can read the node role\'s credentials.',
  fix: 'Set `metadata_options { http_tokens = "required", http_put_response_hop_limit = 1 }` (pods use IRSA / Pod Identity instead of the node role).',
  resourceTypes: ['aws_launch_template', 'aws_instance'],
  anchors: { cdkNag: ['NIST.800.53.R5-EC2IMDSv2Enabled'], checkov: ['CKV_AWS_79'] },
  check(config) {
    const metadata = one(config.metadata_options);
    if (metadata?.http_endpoint === 'disabled') return Compliance.COMPLIANT;
    return compliantIf(metadata?.http_tokens === 'required');
  },
};
