import type { PolicyRule } from '../../rule';
import { overIamStatements, type IamStatement } from '../helpers';

// Actions that let a principal become more powerful than its policy says (checkov CKV_AWS_286/287, Rhino
// Security Labs' IAM privilege-escalation list): pass any role, mint keys or logins for any user, rewrite
// policies or boundaries.
const ESCALATION = [
  'iam:passrole',
  'iam:createaccesskey',
  'iam:createloginprofile',
  'iam:updateloginprofile',
  'iam:attachuserpolicy',
  'iam:attachrolepolicy',
  'iam:attachgrouppolicy',
  'iam:putuserpolicy',
  'iam:putrolepolicy',
  'iam:putgrouppolicy',
  'iam:createpolicyversion',
  'iam:setdefaultpolicyversion',
  'iam:updateassumerolepolicy',
  'iam:deleterolepermissionsboundary',
  'iam:putrolepermissionsboundary',
  'iam:addusertogroup',
  'sts:assumerole',
];

function escalations(s: IamStatement): string[] {
  if (s.effect !== 'Allow') return [];
  const onAnything = s.resources.some((r) => r === '*' || /^arn:aws[a-z-]*:iam::(\*|\d+):(role|user|policy|group)\/\*$/.test(r)) || s.notResources.length > 0;
  if (!onAnything || s.hasCondition) return [];
  return s.actions.filter((a) => ESCALATION.includes(a.toLowerCase()) || a === '*' || a.toLowerCase() === 'iam:*').map((a) => `Escalation::${a}`);
}

export const rule: PolicyRule = {
  id: 'LLM-IAM-7',
  level: 'error',
  description: 'IAM policy allows privilege escalation: passing any role, creating access keys or logins for any user, or rewriting policies, on every resource without a condition.',
  fix: 'Scope `iam:PassRole` to the exact role ARNs (with an `iam:PassedToService` condition) and key/policy actions to the principal itself; never grant them on `*`.',
  resourceTypes: ['aws_iam_role', 'aws_iam_policy', 'aws_iam_role_policy', 'aws_iam_user_policy', 'aws_iam_group_policy'],
  anchors: { cdkNag: [], checkov: ['CKV_AWS_286', 'CKV_AWS_287', 'CKV_AWS_107', 'CKV_AWS_110'] },
  check(config, context) {
    return overIamStatements(context.subject.type, config, context, escalations);
  },
};
