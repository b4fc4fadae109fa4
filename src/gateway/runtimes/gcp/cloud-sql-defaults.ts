import { CloudSqlAvailability } from './cloud-run-options';
import { CLOUD_SQL_POSTGRES_DEFAULTS } from '../../../gcp/cloud-sql-postgres';

// Apart from cloud-sql.ts (which creates the resources) so the runtime reads its defaults without loading
// the provider bindings.

/** Resolved Cloud SQL defaults (see `CloudRunCloudSqlOptions`). */
export const CLOUD_SQL_DEFAULTS = {
  tier: CLOUD_SQL_POSTGRES_DEFAULTS.tier,
  availabilityType: CloudSqlAvailability.REGIONAL,
  databaseVersion: CLOUD_SQL_POSTGRES_DEFAULTS.databaseVersion,
  diskSizeGb: CLOUD_SQL_POSTGRES_DEFAULTS.diskSizeGb,
  maxConnections: 200,
  retainedBackups: CLOUD_SQL_POSTGRES_DEFAULTS.retainedBackups,
  transactionLogRetentionDays: CLOUD_SQL_POSTGRES_DEFAULTS.transactionLogRetentionDays,
  passwordVersion: 1,
} as const;
