import { Compliance, type PolicyRule } from '../../rule';
import { compliantIf, isSet, isTrue, one } from '../helpers';

export const rule: PolicyRule = {
  id: 'LLM-GSQL-3',
  level: 'error',
  description: 'Cloud SQL instance has automated backups off.',
  fix: 'Set `settings.backup_configuration { enabled = true, point_in_time_recovery_enabled = true }`.',
  resourceTypes: ['google_sql_database_instance'],
  anchors: { cdkNag: [], checkov: ['CKV_GCP_14'] },
  check(config) {
    // Replicas are restored from their primary.
    if (isSet(config.master_instance_name)) return Compliance.NOT_APPLICABLE;
    return compliantIf(isTrue(one(one(config.settings)?.backup_configuration)?.enabled));
  },
};
