import { Compliance, cannotEvaluate, type PolicyRule } from '../../rule';
import { isExpression, isSet } from '../helpers';

/** Minimum automated backup retention in days (Aurora's default is 1 day, which cannot cover a weekend incident). */
export const MIN_BACKUP_RETENTION_DAYS = 7;

export const rule: PolicyRule = {
  id: 'LLM-DB-4',
  level: 'error',
  description: `Database automated backups are off or kept for less than ${MIN_BACKUP_RETENTION_DAYS} days.`,
  fix: `Set \`backup_retention_period\` to at least ${MIN_BACKUP_RETENTION_DAYS} (days), and a \`preferred_backup_window\` outside peak hours.`,
  resourceTypes: ['aws_db_instance', 'aws_rds_cluster'],
  anchors: { cdkNag: ['AwsSolutions-RDS13'], checkov: ['CKV_AWS_133'] },
  check(config) {
    // Read replicas take no automated backups of their own.
    if (isSet(config.replicate_source_db)) return Compliance.NOT_APPLICABLE;
    const days = config.backup_retention_period;
    if (isExpression(days)) return cannotEvaluate('backup_retention_period is only known at plan time');
    return Number(days ?? 0) >= MIN_BACKUP_RETENTION_DAYS ? Compliance.COMPLIANT : Compliance.NON_COMPLIANT;
  },
};
