import { Compliance, type PolicyRule } from '../../rule';
import { compliantIf, isSet, one } from '../helpers';

export const rule: PolicyRule = {
  id: 'LLM-LAMBDA-2',
  level: 'warning',
  description: 'Lambda function environment variables are encrypted with the AWS managed key, whose use cannot be restricted or audited per function.',
  fix: 'Set `kms_key_arn` to a customer-managed key (the platform key).',
  resourceTypes: ['aws_lambda_function'],
  anchors: { cdkNag: [], checkov: ['CKV_AWS_173'] },
  check(config) {
    const variables = one(config.environment)?.variables;
    if (!variables || Object.keys(variables).length === 0) return Compliance.NOT_APPLICABLE;
    return compliantIf(isSet(config.kms_key_arn));
  },
};
