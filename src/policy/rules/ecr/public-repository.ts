import { cannotEvaluate, type PolicyRule } from '../../rule';
import { findings, policyStatements } from '../helpers';

export const rule: PolicyRule = {
  id: 'LLM-ECR-1',
  level: 'error',
  description: 'ECR repository policy lets any principal pull or push images without a condition.',
  fix: 'Grant `ecr:BatchGetImage`/`ecr:GetDownloadUrlForLayer` to named accounts or roles (or add an `aws:PrincipalOrgID` condition).',
  resourceTypes: ['aws_ecr_repository_policy'],
  anchors: { cdkNag: ['AwsSolutions-ECR1'], checkov: ['CKV_AWS_32'] },
  check(config, context) {
    const statements = policyStatements(config.policy, context);
    if (!statements) return cannotEvaluate('policy is an expression only known at plan time');
    return findings(statements.filter((s) => s.effect === 'Allow' && !s.hasCondition && s.principals.some((p) => p === '*' || p === 'AWS:*')).map(() => 'Principal::*'));
  },
};
