import type { PolicyRule } from '../../rule';
import { compliantIf, isFalse } from '../helpers';

export const rule: PolicyRule = {
  id: 'LLM-GSQL-4',
  level: 'error',
  description: 'Cloud SQL instance has Terraform deletion protection turned off.',
  fix: 'Keep `deletion_protection = true` (the default) and also set `settings.deletion_protection_enabled = true` to guard against deletion outside Terraform.',
  resourceTypes: ['google_sql_database_instance'],
  anchors: { cdkNag: [], checkov: [] },
  check(config) {
    return compliantIf(!isFalse(config.deletion_protection));
  },
};
