import type { PolicyRule } from '../../rule';
import { findings, isSet, one } from '../helpers';

export const rule: PolicyRule = {
  id: 'LLM-AMP-1',
  level: 'warning',
  description: 'Amazon Managed Service for Prometheus workspace encrypts with the AWS owned key or sends no logs (rule and alert evaluation errors go unseen).',
  fix: 'Set `kms_key_arn` to the platform key and `logging_configuration { log_group_arn }` to an encrypted log group.',
  resourceTypes: ['aws_prometheus_workspace'],
  anchors: { cdkNag: [], checkov: [] },
  check(config) {
    const ids: string[] = [];
    if (!isSet(config.kms_key_arn)) ids.push('KmsKey');
    if (!isSet(one(config.logging_configuration)?.log_group_arn)) ids.push('Logging');
    return findings(ids);
  },
};
