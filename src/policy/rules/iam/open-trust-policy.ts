import type { PolicyRule } from '../../rule';
import { cannotEvaluate } from '../../rule';
import { findings, policyStatements } from '../helpers';

export const rule: PolicyRule = {
  id: 'LLM-IAM-6',
  level: 'error',
  description: 'IAM role trust policy lets any principal (`*`) assume the role without a condition.',
  fix: 'Trust only the specific service (e.g. `ecs-tasks.amazonaws.com`) or account/role ARNs, and add `aws:SourceAccount`/`aws:SourceArn` or `sts:ExternalId` conditions.',
  resourceTypes: ['aws_iam_role'],
  anchors: { cdkNag: [], checkov: ['CKV_AWS_60', 'CKV_AWS_61'] },
  check(config, context) {
    const statements = policyStatements(config.assume_role_policy, context);
    if (!statements) return cannotEvaluate('assume_role_policy is an expression only known at plan time');
    return findings(
      statements
        .filter((s) => s.effect === 'Allow' && !s.hasCondition && s.principals.some((p) => p === '*' || p === 'AWS:*'))
        .map(() => 'Principal::*'),
    );
  },
};
