import type { PolicyRule } from '../../rule';
import { RESOURCE_STAR_ONLY_ACTIONS, overIamStatements } from '../helpers';
import { IAM_POLICY_TYPES } from './wildcard-actions';

export const rule: PolicyRule = {
  id: 'LLM-IAM-3',
  level: 'error',
  description: 'IAM policy allows actions on `Resource: "*"` (or uses `NotResource`) although the actions support resource-level permissions.',
  fix: 'Name the exact ARNs; keep `*` only for actions AWS defines without resource types (e.g. `ecr:GetAuthorizationToken`, `xray:PutTraceSegments`) and put those in their own statement.',
  resourceTypes: IAM_POLICY_TYPES,
  anchors: { cdkNag: ['AwsSolutions-IAM5'], checkov: ['CKV_AWS_355', 'CKV_AWS_356'] },
  check(config, context) {
    return overIamStatements(context.subject.type, config, context, (s) => {
      if (s.effect !== 'Allow') return [];
      const ids = s.notResources.map((r) => `NotResource::${r}`);
      if (s.resources.includes('*')) {
        const needsScope = s.actions.filter((a) => !RESOURCE_STAR_ONLY_ACTIONS.includes(a.toLowerCase()));
        if (needsScope.length > 0 || s.notActions.length > 0) ids.push('Resource::*');
      }
      return ids;
    });
  },
};
