import type { PolicyRule } from '../../rule';
import { findings, isPlaintextSecretEnv, one } from '../helpers';

export const rule: PolicyRule = {
  id: 'LLM-LAMBDA-1',
  level: 'error',
  description: 'Lambda function passes a secret as a plain environment variable (readable by anyone who can read the function configuration).',
  fix: 'Pass the secret\'s ARN (e.g. `MASTER_KEY_SECRET_ARN`) and read it with `secretsmanager:GetSecretValue` at run time.',
  resourceTypes: ['aws_lambda_function'],
  anchors: { cdkNag: [], checkov: ['CKV_AWS_45'] },
  check(config) {
    const variables = one(config.environment)?.variables ?? {};
    return findings(Object.entries(variables).filter(([name, value]) => isPlaintextSecretEnv(name, value)).map(([name]) => `env:${name}`));
  },
};
