import type { PolicyRule } from '../../rule';
import { findings, isFalse, one } from '../helpers';

export const rule: PolicyRule = {
  id: 'LLM-ATHENA-1',
  level: 'error',
  description: 'Athena workgroup lets queries override its settings, or writes query results unencrypted (audit and spend queries read prompt metadata).',
  fix: 'Set `configuration { enforce_workgroup_configuration = true, result_configuration { encryption_configuration { encryption_option = "SSE_KMS", kms_key_arn } } }`.',
  resourceTypes: ['aws_athena_workgroup'],
  anchors: { cdkNag: ['AwsSolutions-ATH1'], checkov: ['CKV_AWS_82', 'CKV_AWS_159'] },
  check(config) {
    const c = one(config.configuration) ?? {};
    const ids: string[] = [];
    // The provider's default for enforce_workgroup_configuration is true.
    if (isFalse(c.enforce_workgroup_configuration)) ids.push('EnforceWorkgroupConfiguration');
    const option = one(one(one(c.result_configuration)?.encryption_configuration))?.encryption_option;
    if (option !== 'SSE_KMS' && option !== 'CSE_KMS') ids.push('ResultEncryption');
    return findings(ids);
  },
};
