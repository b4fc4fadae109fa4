import type { PolicyRule } from '../../rule';
import { compliantIf, isSet } from '../helpers';

export const rule: PolicyRule = {
  id: 'LLM-IAM-2',
  level: 'error',
  description: 'IAM role has no permissions boundary, so whoever can edit its policies can grant it anything.',
  fix: 'Set `permissions_boundary` to your organisation\'s boundary policy ARN (this library\'s constructs take a `permissionsBoundaryArn` prop).',
  resourceTypes: ['aws_iam_role'],
  anchors: { cdkNag: [], checkov: [] },
  check(config) {
    return compliantIf(isSet(config.permissions_boundary));
  },
};
