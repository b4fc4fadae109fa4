import type { PolicyRule } from '../../rule';
import { findings, many } from '../helpers';

export const rule: PolicyRule = {
  id: 'LLM-IAM-5',
  level: 'warning',
  description: 'AWS managed policy attached: AWS changes its permissions over time and it is rarely scoped to your resources.',
  fix: 'Replace it with a customer managed or inline policy listing the needed actions on your resources (for the ECS execution role: ecr pull, logs:PutLogEvents on its log group, secretsmanager:GetSecretValue on its secrets).',
  resourceTypes: ['aws_iam_role', 'aws_iam_role_policy_attachment', 'aws_iam_policy_attachment', 'aws_iam_user_policy_attachment', 'aws_iam_group_policy_attachment', 'aws_iam_role_policy_attachments_exclusive'],
  anchors: { cdkNag: ['AwsSolutions-IAM4'], checkov: [] },
  check(config) {
    const arns = [...many(config.policy_arn), ...many(config.policy_arns), ...many(config.managed_policy_arns)].filter((a) => typeof a === 'string');
    return findings(arns.filter((a) => /^arn:aws[a-z-]*:iam::aws:policy\//.test(a)).map((a) => `Policy::${a.split(':policy/')[1]}`));
  },
};
