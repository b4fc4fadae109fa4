import { Compliance, type PolicyRule } from '../../rule';
import { findings, many, overIamStatements } from '../helpers';
import { IAM_POLICY_TYPES } from './wildcard-actions';

/** AWS managed policies that amount to administrator access. */
const ADMIN_POLICIES = /:iam::aws:policy\/(AdministratorAccess|PowerUserAccess|IAMFullAccess)$/;

const ATTACHMENT_TYPES = ['aws_iam_role_policy_attachment', 'aws_iam_policy_attachment', 'aws_iam_user_policy_attachment', 'aws_iam_group_policy_attachment', 'aws_iam_role_policy_attachments_exclusive'];

export const rule: PolicyRule = {
  id: 'LLM-IAM-4',
  level: 'error',
  description: 'IAM grants administrator access (`Action: "*"` on `Resource: "*"`, or AdministratorAccess / PowerUserAccess / IAMFullAccess attached).',
  fix: 'Grant the specific actions on the specific resources the workload needs; never attach administrator policies to workload roles.',
  resourceTypes: [...IAM_POLICY_TYPES, ...ATTACHMENT_TYPES],
  anchors: { cdkNag: ['NIST.800.53.R5-IAMPolicyNoStatementsWithAdminAccess'], checkov: ['CKV_AWS_1', 'CKV_AWS_62', 'CKV_AWS_274', 'CKV_AWS_275'] },
  check(config, context) {
    const type = context.subject.type;
    const arns = [...many(config.policy_arn), ...many(config.policy_arns), ...many(config.managed_policy_arns)].filter((a) => typeof a === 'string');
    const attached = arns.filter((a) => ADMIN_POLICIES.test(a)).map((a) => `Policy::${a.split('/').pop()}`);
    if (ATTACHMENT_TYPES.includes(type)) return findings(attached);
    const inline = overIamStatements(type, config, context, (s) =>
      s.effect === 'Allow' && s.actions.includes('*') && s.resources.includes('*') ? ['Statement::Action:*,Resource:*'] : [],
    );
    if (inline === Compliance.NOT_APPLICABLE || !Array.isArray(inline)) return attached.length > 0 ? findings(attached) : inline;
    return findings([...inline, ...attached]);
  },
};
