import type { PolicyRule } from '../../rule';
import { findings, isSet } from '../helpers';

export const rule: PolicyRule = {
  id: 'LLM-LAMBDA-3',
  level: 'error',
  description: 'A Lambda permission lets anyone invoke the function, or lets an AWS service invoke it on behalf of any account or resource (confused deputy); a function URL has no authentication.',
  fix: 'Name the principal and set `source_arn` (and `source_account` for S3/SNS-style services); use `authorization_type = "AWS_IAM"` on function URLs.',
  resourceTypes: ['aws_lambda_permission', 'aws_lambda_function_url'],
  anchors: { cdkNag: [], checkov: ['CKV_AWS_364', 'CKV_AWS_258'] },
  check(config, context) {
    if (context.subject.type === 'aws_lambda_function_url') return findings(config.authorization_type === 'NONE' ? ['AuthorizationType::NONE'] : []);
    const principal = String(config.principal ?? '');
    if (principal === '*') return findings(['Principal::*']);
    // A service principal without a source can be used by any account's resource of that service.
    if (principal.endsWith('.amazonaws.com') && !isSet(config.source_arn) && !isSet(config.source_account)) return findings([`Principal::${principal}`]);
    return findings([]);
  },
};
