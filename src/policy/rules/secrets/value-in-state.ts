import { Compliance, type PolicyRule } from '../../rule';
import { findings, isSet } from '../helpers';

export const rule: PolicyRule = {
  id: 'LLM-SEC-3',
  level: 'error',
  description: 'A secret value is written through a normal argument, so it lands in the synthesized JSON and the Terraform state.',
  fix: 'Use the write-only arguments (`secret_string_wo` + `secret_string_wo_version`, `value_wo` + `value_wo_version`) fed from an ephemeral source such as the `aws_secretsmanager_random_password` data source.',
  resourceTypes: ['aws_secretsmanager_secret_version', 'aws_ssm_parameter'],
  anchors: { cdkNag: [], checkov: [] },
  check(config, context) {
    if (context.subject.type === 'aws_ssm_parameter') {
      if (config.type !== 'SecureString') return Compliance.NOT_APPLICABLE;
      return findings(isSet(config.value) ? ['value'] : []);
    }
    return findings(['secret_string', 'secret_binary'].filter((k) => isSet(config[k])));
  },
};
