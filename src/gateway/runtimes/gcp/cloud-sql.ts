import { ProjectIamMember } from '@cdktf/provider-google/lib/project-iam-member';
import { SqlDatabase } from '@cdktf/provider-google/lib/sql-database';
import type { SqlDatabaseInstance } from '@cdktf/provider-google/lib/sql-database-instance';
import { SqlUser } from '@cdktf/provider-google/lib/sql-user';
import type { Construct } from 'constructs';
import { CloudSqlAvailability, type CloudRunCloudSqlOptions } from './cloud-run-options';
import { CLOUD_SQL_DEFAULTS } from './cloud-sql-defaults';
import { proxiedDatabaseUrl } from './cloud-sql-proxy';
import { GeneratedSecret, randomHexExpression, type GcpSecretDefaults } from './secret-manager';
import { NameTarget, makeName } from '../../../core';
import { TerraformLocal } from '../../../core/cdktf';
import { createCloudSqlPostgres } from '../../../gcp/cloud-sql-postgres';

export { CLOUD_SQL_DEFAULTS } from './cloud-sql-defaults';

export const DATABASE_NAME = 'litellm';
export const DATABASE_USER = 'litellm';

export interface CloudSqlProps {
  readonly baseName: string;
  readonly network: string;
  readonly options: CloudRunCloudSqlOptions;
  readonly secretDefaults: GcpSecretDefaults;
}

/** What the runtime needs from the database it created. */
export interface CloudSqlResources {
  readonly instance: SqlDatabaseInstance;
  /** The `DATABASE_URL` secret (through the Cloud SQL Auth Proxy sidecar on the instance's loopback). */
  readonly url: GeneratedSecret;
  /** `project:region:instance`, what the proxy connects to. */
  readonly connectionName: string;
}

/**
 * Cloud SQL for PostgreSQL for LiteLLM, on the shared `createCloudSqlPostgres` instance: private IP only
 * (no public IPv4), reachable only through the Cloud SQL Auth Proxy (TLS 1.3 with a client certificate the SQL
 * Admin API issues to an IAM identity holding `cloudsql.instances.connect`; see cloud-sql-proxy.ts), automated backups with point-in-time recovery, deletion protection at
 * both the Terraform and API levels, regional HA by default, Query Insights for slow queries instead of
 * statement logging.
 *
 * Authentication is a password, not IAM: LiteLLM's `IAM_TOKEN_DB_AUTH` only mints RDS tokens. The
 * password is generated at apply time and written write-only both to the user (`password_wo`) and, as
 * part of the `DATABASE_URL`, to Secret Manager (`secret_data_wo`): it is in neither plan nor state.
 * A local carries it so both arguments see the same value within one apply.
 */
export function createCloudSql(scope: Construct, props: CloudSqlProps): CloudSqlResources {
  const o = { ...CLOUD_SQL_DEFAULTS, ...stripUndefined(props.options) };
  const d = props.secretDefaults;
  // 'Database' directly under the runtime's scope: the instance's logical ID is pinned by tests.
  const instance = createCloudSqlPostgres(scope, 'Database', {
    project: d.project,
    region: d.region,
    nameParts: [props.baseName, 'db'],
    network: props.network,
    allocatedIpRange: o.allocatedIpRange,
    databaseVersion: o.databaseVersion,
    tier: o.tier,
    highAvailability: o.availabilityType === CloudSqlAvailability.REGIONAL,
    diskSizeGb: o.diskSizeGb,
    kmsKeyName: d.kmsKeyName,
    retainedBackups: o.retainedBackups,
    transactionLogRetentionDays: o.transactionLogRetentionDays,
    deletionProtection: d.deletionProtection,
    retainBackupsOnDelete: true,
    // Every connection must present a client certificate the instance's CA issued: the proxy's ephemeral ones.
    // A direct connection (a password alone, from anywhere in the VPC) is refused (checkov CKV_GCP_6).
    sslMode: 'TRUSTED_CLIENT_CERTIFICATE_REQUIRED',
    // LiteLLM authenticates with a password (see above), so no IAM database authentication flag.
    iamAuthentication: false,
    maxConnections: o.maxConnections,
    labels: d.labels,
  });

  const keep = d.deletionProtection ? 'ABANDON' : undefined;
  const database = new SqlDatabase(scope, 'DatabaseSchema', {
    project: d.project,
    instance: instance.name,
    name: DATABASE_NAME,
    deletionPolicy: keep,
  });

  const password = new TerraformLocal(scope, 'DatabasePassword', randomHexExpression());
  const user = new SqlUser(scope, 'DatabaseUser', {
    project: d.project,
    instance: instance.name,
    name: DATABASE_USER,
    type: 'BUILT_IN',
    passwordWo: password.asString,
    passwordWoVersion: o.passwordVersion,
    // Dropping a role that owns LiteLLM's tables fails; leave it to the instance's lifecycle.
    deletionPolicy: 'ABANDON',
  });

  // To the proxy sidecar, which verifies the server (Prisma cannot: see cloud-sql-proxy.ts).
  const urlValue = proxiedDatabaseUrl(DATABASE_USER, password.asString, DATABASE_NAME);
  const url = new GeneratedSecret(scope, 'DatabaseUrl', {
    ...d,
    secretId: makeName(NameTarget.GCP_RESOURCE, props.baseName, 'database-url'),
    value: urlValue,
    valueVersion: o.passwordVersion,
    dependsOn: [user, database],
  });
  return { instance, url, connectionName: instance.connectionName };
}

/**
 * Lets `member` open proxy connections to `instance` and nothing else: `roles/cloudsql.client`
 * (`cloudsql.instances.connect` + `.get`) on the project, conditioned on this instance (Google's sample
 * terraform-docs-samples `cloud_sql/instance_iam_condition/main.tf` @07407a8d uses the same expression).
 */
export function grantCloudSqlClient(
  scope: Construct, id: string, props: { project: string; instance: SqlDatabaseInstance; member: string },
): ProjectIamMember {
  return new ProjectIamMember(scope, id, {
    project: props.project,
    role: 'roles/cloudsql.client',
    member: props.member,
    condition: {
      title: 'this-instance-only',
      description: 'Cloud SQL Auth Proxy connections to the gateway database only.',
      expression: `resource.name == 'projects/${props.project}/instances/${props.instance.name}' && resource.type == 'sqladmin.googleapis.com/Instance'`,
    },
  });
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
