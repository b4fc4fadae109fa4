import type { PolicyRule } from '../../rule';
import { compliantIf, many } from '../helpers';

export const rule: PolicyRule = {
  id: 'LLM-EKS-4',
  level: 'warning',
  description: 'EKS cluster does not envelope-encrypt Kubernetes secrets with a KMS key.',
  fix: 'Add `encryption_config { resources = ["secrets"], provider { key_arn = <customer-managed key> } }`.',
  resourceTypes: ['aws_eks_cluster'],
  anchors: { cdkNag: [], checkov: ['CKV_AWS_58'] },
  check(config) {
    return compliantIf(many(config.encryption_config).some((e: any) => many(e.resources).includes('secrets')));
  },
};
