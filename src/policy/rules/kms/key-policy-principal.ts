import { Compliance, cannotEvaluate, type PolicyRule } from '../../rule';
import { findings, policyStatements } from '../helpers';

export const rule: PolicyRule = {
  id: 'LLM-KMS-2',
  level: 'error',
  description: 'KMS key policy allows any principal (`*`) without a condition.',
  fix: 'Name the account root and the roles/services that use the key; if `*` is needed, constrain it with `kms:CallerAccount` and `kms:ViaService` conditions.',
  resourceTypes: ['aws_kms_key', 'aws_kms_key_policy'],
  anchors: { cdkNag: [], checkov: ['CKV_AWS_33'] },
  check(config, context) {
    if (config.policy === undefined) return Compliance.NOT_APPLICABLE;
    const statements = policyStatements(config.policy, context);
    if (!statements) return cannotEvaluate('policy is an expression only known at plan time');
    return findings(
      statements
        .filter((s) => s.effect === 'Allow' && !s.hasCondition && s.principals.some((p) => p === '*' || p === 'AWS:*'))
        .map(() => 'Principal::*'),
    );
  },
};
