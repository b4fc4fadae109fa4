import type { PolicyRule } from '../../rule';
import { findings, isExpression } from '../helpers';

export const rule: PolicyRule = {
  id: 'LLM-GSQL-6',
  level: 'error',
  description: 'Cloud SQL user has a literal password in the configuration (it is in cdk.tf.json and the state).',
  fix: 'Use IAM database authentication (`type = "CLOUD_IAM_SERVICE_ACCOUNT"`), or a generated password (`random_password`, written to Secret Manager) referenced, never typed in.',
  resourceTypes: ['google_sql_user'],
  anchors: { cdkNag: [], checkov: [] },
  check(config) {
    return findings(typeof config.password === 'string' && config.password !== '' && !isExpression(config.password) ? ['Password'] : []);
  },
};
