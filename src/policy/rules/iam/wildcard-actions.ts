import type { PolicyRule } from '../../rule';
import { overIamStatements } from '../helpers';

export const IAM_POLICY_TYPES: ReadonlyArray<string> = ['aws_iam_role', 'aws_iam_policy', 'aws_iam_role_policy', 'aws_iam_user_policy', 'aws_iam_group_policy'];

export const rule: PolicyRule = {
  id: 'LLM-IAM-1',
  level: 'error',
  description: 'IAM policy allows wildcard actions (`*`, `service:*`, `service:Get*`) or uses `NotAction` in an Allow statement, granting actions nobody reviewed, including ones AWS adds later.',
  fix: 'List the exact actions the workload calls (e.g. `bedrock:InvokeModel`, `secretsmanager:GetSecretValue`).',
  resourceTypes: IAM_POLICY_TYPES,
  anchors: { cdkNag: ['AwsSolutions-IAM5'], checkov: ['CKV_AWS_49', 'CKV_AWS_63'] },
  check(config, context) {
    return overIamStatements(context.subject.type, config, context, (s) => {
      if (s.effect !== 'Allow') return [];
      return [...s.actions.filter((a) => a.includes('*')).map((a) => `Action::${a}`), ...s.notActions.map((a) => `NotAction::${a}`)];
    });
  },
};
