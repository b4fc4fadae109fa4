import type { SqlDatabaseInstance } from '@cdktf/provider-google/lib/sql-database-instance';
import type { Construct } from 'constructs';
import { z } from 'zod';
import { ValidationError } from '../core/errors';
import { makeName, NameTarget } from '../core/naming';
import { issuesToProblems, schemaFor, tokenOr, withFix } from '../core/validation';

/** One PostgreSQL database flag (`settings.database_flags`). */
export interface CloudSqlPostgresFlag {
  readonly name: string;
  readonly value: string;
}

export interface CloudSqlPostgresProps {
  readonly project: string;
  readonly region: string;
  /** Readable parts of the instance name (`makeName(NameTarget.GCP_RESOURCE, ...nameParts)`). */
  readonly nameParts: ReadonlyArray<string>;
  /** VPC network (`projects/<p>/global/networks/<n>` or its self link) with private services access set up. */
  readonly network: string;
  /** Name of an allocated private services access range for the instance's IP. @default - any allocated range */
  readonly allocatedIpRange?: string;
  /** @default 'POSTGRES_16' */
  readonly databaseVersion?: string;
  /** Machine tier. @default 'db-custom-2-7680' */
  readonly tier?: string;
  /** Regional (a standby in another zone with automatic failover) rather than zonal. @default true */
  readonly highAvailability?: boolean;
  /** Initial disk size; the disk grows automatically. @default 20 */
  readonly diskSizeGb?: number;
  /** Cloud KMS key for CMEK (`projects/…/cryptoKeys/…`). @default - Google-managed encryption */
  readonly kmsKeyName?: string;
  /** Automated backups kept. @default 14 */
  readonly retainedBackups?: number;
  /** Days of write-ahead log kept for point-in-time recovery (1-7 on Enterprise). @default 7 */
  readonly transactionLogRetentionDays?: number;
  /** Deletion protection in Terraform and in the Cloud SQL API. @default true */
  readonly deletionProtection?: boolean;
  /** Keep automated backups after the instance is deleted. @default - not set (the provider's default, false) */
  readonly retainBackupsOnDelete?: boolean;
  /**
   * `ENCRYPTED_ONLY` (TLS, no client certificate) or `TRUSTED_CLIENT_CERTIFICATE_REQUIRED` (TLS with a
   * client certificate Cloud SQL trusts, i.e. the Auth Proxy or a connector). Unencrypted modes are refused.
   * @default 'ENCRYPTED_ONLY'
   */
  readonly sslMode?: string;
  /** Sets `cloudsql.iam_authentication = on` (IAM database users). @default false */
  readonly iamAuthentication?: boolean;
  /** Sets the `max_connections` flag. @default - not set (Cloud SQL's default for the tier's memory) */
  readonly maxConnections?: number;
  /** Characters of query text Query Insights keeps. @default - not set (Query Insights' default) */
  readonly queryStringLength?: number;
  /**
   * More database flags; merged with the block's and sorted by name. The flags the block manages (its
   * logging flags, `cloudsql.iam_authentication`, `max_connections`) cannot be set here.
   * @default []
   */
  readonly extraFlags?: ReadonlyArray<CloudSqlPostgresFlag>;
  /** `settings.user_labels`. @default - none */
  readonly labels?: Readonly<Record<string, string>>;
}

/** Values used when a prop is omitted. */
export const CLOUD_SQL_POSTGRES_DEFAULTS = {
  databaseVersion: 'POSTGRES_16',
  tier: 'db-custom-2-7680',
  highAvailability: true,
  diskSizeGb: 20,
  retainedBackups: 14,
  transactionLogRetentionDays: 7,
  deletionProtection: true,
  sslMode: 'ENCRYPTED_ONLY',
} as const;

/**
 * The logging flags every instance gets (callers add more through `extraFlags`), part of what checkov's
 * PostgreSQL logging checks ask for, without statement text: `log_min_duration_statement = -1`
 * keeps statements and their values (which can hold prompt fragments, anchors trap 2) out of logs;
 * slow queries show in Query Insights with literals stripped.
 */
const LOGGING_FLAGS: ReadonlyArray<CloudSqlPostgresFlag> = [
  { name: 'log_checkpoints', value: 'on' },
  { name: 'log_connections', value: 'on' },
  { name: 'log_disconnections', value: 'on' },
  { name: 'log_lock_waits', value: 'on' },
  { name: 'log_min_duration_statement', value: '-1' },
  { name: 'log_temp_files', value: '0' },
];
const IAM_FLAG = 'cloudsql.iam_authentication';
const MAX_CONNECTIONS_FLAG = 'max_connections';
const MANAGED_FLAGS: ReadonlySet<string> = new Set([...LOGGING_FLAGS.map((f) => f.name), IAM_FLAG, MAX_CONNECTIONS_FLAG]);

const int = (min: number, max: number, fix: string) =>
  z.number().int(withFix('must be a whole number', fix)).min(min, withFix(`must be at least ${min}`, fix)).max(max, withFix(`must be at most ${max}`, fix));

const flagSchema = z.strictObject({
  name: z.string().regex(/^[a-z][a-z0-9_.]*$/, withFix('is not a PostgreSQL flag name', "use the flag's name as Cloud SQL lists it, e.g. 'log_statement'")),
  value: z.string(),
});

const propsSchema = schemaFor<CloudSqlPostgresProps>()(z.strictObject({
  project: z.string().min(1, withFix('must not be empty', 'pass the project id')),
  region: z.string().min(1, withFix('must not be empty', "pass a region such as 'europe-west1'")),
  nameParts: z.array(z.string()).min(1, withFix('must not be empty', 'pass at least one readable name part')),
  network: z.string().min(1, withFix('must not be empty', 'pass projects/<project>/global/networks/<name>')),
  allocatedIpRange: z.string().min(1, withFix('must not be empty', 'omit it to use any allocated range')).optional(),
  databaseVersion: tokenOr(z.string().regex(/^POSTGRES_\d+$/, withFix('is not a Cloud SQL for PostgreSQL version', "use e.g. 'POSTGRES_16'"))).optional(),
  tier: tokenOr(z.string().regex(/^db-[A-Za-z0-9-]+$/, withFix('is not a Cloud SQL tier', "use e.g. 'db-custom-2-7680'"))).optional(),
  highAvailability: z.boolean().optional(),
  // Cloud SQL's disk limits: 10 GB to 64 TB.
  diskSizeGb: int(10, 65536, 'pass 10-65536').optional(),
  kmsKeyName: z.string().min(1, withFix('must not be empty', 'omit it for Google-managed encryption')).optional(),
  retainedBackups: int(1, 365, 'pass 1-365').optional(),
  // Enterprise edition keeps 1-7 days of write-ahead log (Cloud SQL "Use point-in-time recovery").
  transactionLogRetentionDays: int(1, 7, 'pass 1-7 (Enterprise edition)').optional(),
  deletionProtection: z.boolean().optional(),
  retainBackupsOnDelete: z.boolean().optional(),
  sslMode: z.enum(['ENCRYPTED_ONLY', 'TRUSTED_CLIENT_CERTIFICATE_REQUIRED'], {
    message: withFix('is not an SSL mode that requires TLS', "use 'ENCRYPTED_ONLY' or 'TRUSTED_CLIENT_CERTIFICATE_REQUIRED'"),
  }).optional(),
  iamAuthentication: z.boolean().optional(),
  // Range of the max_connections flag (Cloud SQL for PostgreSQL "Configure database flags").
  maxConnections: int(14, 262143, 'pass 14-262143').optional(),
  // Query Insights keeps 256-4500 bytes of query text (google provider `insights_config.query_string_length`).
  queryStringLength: int(256, 4500, 'pass 256-4500').optional(),
  extraFlags: z.array(flagSchema).superRefine((flags, ctx) => {
    const seen = new Set<string>();
    flags.forEach((f, i) => {
      if (MANAGED_FLAGS.has(f.name)) {
        ctx.addIssue({ code: 'custom', path: [i, 'name'], input: f.name, message: withFix('is set by the block', 'use the matching prop (iamAuthentication, maxConnections) or leave the logging flags as they are') });
      } else if (seen.has(f.name)) {
        ctx.addIssue({ code: 'custom', path: [i, 'name'], input: f.name, message: withFix('is given twice', 'pass each flag once') });
      }
      seen.add(f.name);
    });
  }).optional(),
  labels: z.record(z.string(), z.string()).optional(),
}));

/**
 * A Cloud SQL for PostgreSQL instance with production settings: private IP only (no public IPv4), TLS
 * required, automated backups with point-in-time recovery, deletion protection at both the Terraform and
 * API levels, regional HA, Query Insights (without client addresses) instead of statement logging, an
 * auto-growing SSD and a Sunday-night maintenance window on the stable track.
 *
 * A function, not a construct: the instance is created directly in `scope` with `id`, so callers keep
 * the logical ID their stateful instance already has (a wrapping construct would change it and make
 * Terraform replace the database).
 *
 * @throws ValidationError listing every invalid prop, before anything is created
 */
export function createCloudSqlPostgres(scope: Construct, id: string, props: CloudSqlPostgresProps): SqlDatabaseInstance {
  // No `validateProps`: its literal-secret scan is for user input, and none of these props carries a secret.
  const parsed = propsSchema.safeParse(props);
  if (!parsed.success) throw new ValidationError(`${scope.node.path}/${id}`, issuesToProblems(parsed.error.issues, props));

  const d = CLOUD_SQL_POSTGRES_DEFAULTS;
  const deletionProtection = props.deletionProtection ?? d.deletionProtection;
  const flags: CloudSqlPostgresFlag[] = [...LOGGING_FLAGS, ...(props.extraFlags ?? [])];
  if (props.iamAuthentication) flags.push({ name: IAM_FLAG, value: 'on' });
  if (props.maxConnections !== undefined) flags.push({ name: MAX_CONNECTIONS_FLAG, value: String(props.maxConnections) });
  // Sorted by name (code points): the order has no meaning to Cloud SQL, a stable one keeps plans quiet.
  flags.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

  // Loaded here, not at import: the binding costs ~20 ms, which importing the package must not pay.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { SqlDatabaseInstance } = require('@cdktf/provider-google/lib/sql-database-instance') as typeof import('@cdktf/provider-google/lib/sql-database-instance');
  return new SqlDatabaseInstance(scope, id, {
    project: props.project,
    region: props.region,
    name: makeName(NameTarget.GCP_RESOURCE, ...props.nameParts),
    databaseVersion: props.databaseVersion ?? d.databaseVersion,
    deletionProtection,
    encryptionKeyName: props.kmsKeyName,
    settings: {
      tier: props.tier ?? d.tier,
      edition: 'ENTERPRISE',
      availabilityType: props.highAvailability ?? d.highAvailability ? 'REGIONAL' : 'ZONAL',
      diskType: 'PD_SSD',
      diskSize: props.diskSizeGb ?? d.diskSizeGb,
      diskAutoresize: true,
      deletionProtectionEnabled: deletionProtection,
      retainBackupsOnDelete: props.retainBackupsOnDelete,
      userLabels: props.labels ? { ...props.labels } : undefined,
      ipConfiguration: {
        ipv4Enabled: false,
        privateNetwork: props.network,
        allocatedIpRange: props.allocatedIpRange,
        sslMode: props.sslMode ?? d.sslMode,
      },
      backupConfiguration: {
        enabled: true,
        pointInTimeRecoveryEnabled: true,
        startTime: '03:00',
        transactionLogRetentionDays: props.transactionLogRetentionDays ?? d.transactionLogRetentionDays,
        backupRetentionSettings: { retainedBackups: props.retainedBackups ?? d.retainedBackups, retentionUnit: 'COUNT' },
      },
      // Sunday 04:00 UTC, after the 03:00 backup.
      maintenanceWindow: { day: 7, hour: 4, updateTrack: 'stable' },
      insightsConfig: {
        queryInsightsEnabled: true,
        queryStringLength: props.queryStringLength,
        recordApplicationTags: true,
        recordClientAddress: false,
      },
      databaseFlags: flags,
    },
  });
}

/**
 * PEM of the instance's current server CA certificate (`server_ca_cert[0].cert`), to verify the server with
 * (`PGSSLMODE=verify-ca`, `sslrootcert`). Not a secret. Verify the CA, not the host name: the per-instance server
 * certificate names `<project>:<instance>`, not the private IP clients connect to.
 */
export function cloudSqlServerCaPem(instance: SqlDatabaseInstance): string {
  return instance.serverCaCert.get(0).cert;
}
