import { SqlDatabaseInstance } from '@cdktf/provider-google/lib/sql-database-instance';
import { Construct } from 'constructs';
import { ValidationError } from '../../src/core';
import { TerraformOutput, TerraformStack, TerraformVariable, Testing } from '../../src/core/cdktf';
import { CLOUD_SQL_POSTGRES_DEFAULTS, cloudSqlServerCaPem, createCloudSqlPostgres, type CloudSqlPostgresProps } from '../../src/gcp';

Testing.setupJest();

const REQUIRED: CloudSqlPostgresProps = {
  project: 'acme-data-prod',
  region: 'europe-west1',
  nameParts: ['platform', 'db'],
  network: 'projects/acme-net/global/networks/main',
};

type Json = Record<string, any>;

function build(props: Partial<CloudSqlPostgresProps> = {}) {
  const app = Testing.app({ stubVersion: true });
  const stack = new TerraformStack(app, 'test');
  const parent = new Construct(stack, 'Parent');
  const instance = createCloudSqlPostgres(parent, 'Db', { ...REQUIRED, ...props });
  return { stack, parent, instance };
}

function instances(stack: TerraformStack): Record<string, Json> {
  return JSON.parse(Testing.synth(stack)).resource.google_sql_database_instance;
}

function only(stack: TerraformStack): Json {
  const all = Object.values(instances(stack));
  expect(all).toHaveLength(1);
  return all[0];
}

const flagNames = (stack: TerraformStack): string[] => only(stack).settings.database_flags.map((f: Json) => f.name);

function validationError(props: Partial<CloudSqlPostgresProps>): { error: ValidationError; stack: TerraformStack } {
  const app = Testing.app({ stubVersion: true });
  const stack = new TerraformStack(app, 'test');
  const parent = new Construct(stack, 'Parent');
  try {
    createCloudSqlPostgres(parent, 'Db', { ...REQUIRED, ...props } as CloudSqlPostgresProps);
  } catch (e) {
    if (e instanceof ValidationError) return { error: e, stack };
    throw e;
  }
  throw new Error('expected a ValidationError');
}

describe('createCloudSqlPostgres defaults', () => {
  it('creates exactly the production instance', () => {
    // GIVEN only the required props  WHEN created  THEN every argument of the instance is pinned
    const { stack } = build();
    expect(only(stack)).toEqual({
      project: 'acme-data-prod',
      region: 'europe-west1',
      name: expect.stringMatching(/^platform-db-[0-9a-f]{8}$/),
      database_version: 'POSTGRES_16',
      deletion_protection: true,
      settings: {
        tier: 'db-custom-2-7680',
        edition: 'ENTERPRISE',
        availability_type: 'REGIONAL',
        disk_type: 'PD_SSD',
        disk_size: 20,
        disk_autoresize: true,
        deletion_protection_enabled: true,
        ip_configuration: {
          ipv4_enabled: false,
          private_network: 'projects/acme-net/global/networks/main',
          ssl_mode: 'ENCRYPTED_ONLY',
        },
        backup_configuration: {
          enabled: true,
          point_in_time_recovery_enabled: true,
          start_time: '03:00',
          transaction_log_retention_days: 7,
          backup_retention_settings: { retained_backups: 14, retention_unit: 'COUNT' },
        },
        maintenance_window: { day: 7, hour: 4, update_track: 'stable' },
        insights_config: { query_insights_enabled: true, record_application_tags: true, record_client_address: false },
        database_flags: [
          { name: 'log_checkpoints', value: 'on' },
          { name: 'log_connections', value: 'on' },
          { name: 'log_disconnections', value: 'on' },
          { name: 'log_lock_waits', value: 'on' },
          { name: 'log_min_duration_statement', value: '-1' },
          { name: 'log_temp_files', value: '0' },
        ],
      },
    });
  });

  it('documents its defaults in one constant', () => {
    expect(CLOUD_SQL_POSTGRES_DEFAULTS).toEqual({
      databaseVersion: 'POSTGRES_16',
      tier: 'db-custom-2-7680',
      highAvailability: true,
      diskSizeGb: 20,
      retainedBackups: 14,
      transactionLogRetentionDays: 7,
      deletionProtection: true,
      sslMode: 'ENCRYPTED_ONLY',
    });
  });

  it("creates the instance in the caller's scope with the caller's id (no construct layer, stable logical ID)", () => {
    // GIVEN a parent construct  WHEN the instance is created under it as 'Db'
    const { stack, parent, instance } = build();
    // THEN it is the parent's only child, and its logical ID is the one a direct SqlDatabaseInstance gets
    expect(parent.node.children).toEqual([instance]);
    expect(instance.node.path).toBe('test/Parent/Db');
    expect(Object.keys(instances(stack))).toEqual([expect.stringMatching(/^Parent_Db_[0-9A-F]{8}$/)]);

    const app = Testing.app({ stubVersion: true });
    const direct = new TerraformStack(app, 'test');
    new SqlDatabaseInstance(new Construct(direct, 'Parent'), 'Db', { databaseVersion: 'POSTGRES_16', region: 'europe-west1' });
    expect(Object.keys(instances(stack))).toEqual(Object.keys(instances(direct)));
  });

  it('sets neither IAM authentication nor max_connections unless asked', () => {
    const { stack } = build();
    expect(flagNames(stack)).not.toContain('cloudsql.iam_authentication');
    expect(flagNames(stack)).not.toContain('max_connections');
  });
});

describe('createCloudSqlPostgres options', () => {
  it('merges the IAM flag, max_connections and extra flags with the logging flags, sorted by name', () => {
    // GIVEN flags from three sources, given out of order
    const { stack } = build({
      iamAuthentication: true,
      maxConnections: 500,
      extraFlags: [
        { name: 'log_statement', value: 'none' },
        { name: 'log_min_messages', value: 'warning' },
        { name: 'autovacuum', value: 'on' },
      ],
    });
    // THEN one list in code-point order
    expect(only(stack).settings.database_flags).toEqual([
      { name: 'autovacuum', value: 'on' },
      { name: 'cloudsql.iam_authentication', value: 'on' },
      { name: 'log_checkpoints', value: 'on' },
      { name: 'log_connections', value: 'on' },
      { name: 'log_disconnections', value: 'on' },
      { name: 'log_lock_waits', value: 'on' },
      { name: 'log_min_duration_statement', value: '-1' },
      { name: 'log_min_messages', value: 'warning' },
      { name: 'log_statement', value: 'none' },
      { name: 'log_temp_files', value: '0' },
      { name: 'max_connections', value: '500' },
    ]);
  });

  it('iamAuthentication: false adds no flag', () => {
    const { stack } = build({ iamAuthentication: false });
    expect(flagNames(stack)).not.toContain('cloudsql.iam_authentication');
  });

  it('passes the sizing, encryption and naming props through', () => {
    const { stack } = build({
      nameParts: ['llm', 'vectors'],
      databaseVersion: 'POSTGRES_17',
      tier: 'db-perf-optimized-N-8',
      highAvailability: false,
      diskSizeGb: 100,
      kmsKeyName: 'projects/p/locations/europe-west1/keyRings/r/cryptoKeys/k',
      retainedBackups: 30,
      transactionLogRetentionDays: 3,
      allocatedIpRange: 'google-managed-services',
      sslMode: 'TRUSTED_CLIENT_CERTIFICATE_REQUIRED',
      queryStringLength: 1024,
      retainBackupsOnDelete: true,
      labels: { team: 'platform', environment: 'prod' },
    });
    expect(Testing.synth(stack)).toHaveResourceWithProperties(SqlDatabaseInstance, {
      name: expect.stringMatching(/^llm-vectors-[0-9a-f]{8}$/),
      database_version: 'POSTGRES_17',
      encryption_key_name: 'projects/p/locations/europe-west1/keyRings/r/cryptoKeys/k',
      settings: expect.objectContaining({
        tier: 'db-perf-optimized-N-8',
        availability_type: 'ZONAL',
        disk_size: 100,
        retain_backups_on_delete: true,
        user_labels: { team: 'platform', environment: 'prod' },
        ip_configuration: {
          ipv4_enabled: false,
          private_network: 'projects/acme-net/global/networks/main',
          allocated_ip_range: 'google-managed-services',
          ssl_mode: 'TRUSTED_CLIENT_CERTIFICATE_REQUIRED',
        },
        backup_configuration: expect.objectContaining({
          transaction_log_retention_days: 3,
          backup_retention_settings: { retained_backups: 30, retention_unit: 'COUNT' },
        }),
        insights_config: expect.objectContaining({ query_string_length: 1024 }),
      }),
    });
  });

  it('turns deletion protection off in both Terraform and the API together', () => {
    const { stack } = build({ deletionProtection: false });
    const i = only(stack);
    expect(i.deletion_protection).toBe(false);
    expect(i.settings.deletion_protection_enabled).toBe(false);
  });

  it('accepts unresolved tokens where a value is only known at plan time', () => {
    const app = Testing.app({ stubVersion: true });
    const stack = new TerraformStack(app, 'test');
    const tier = new TerraformVariable(stack, 'tier', { type: 'string' });
    createCloudSqlPostgres(stack, 'Db', { ...REQUIRED, tier: tier.stringValue });
    expect(only(stack).settings.tier).toBe('${var.tier}');
  });
});

describe('createCloudSqlPostgres validation', () => {
  const cases: Array<[string, Partial<CloudSqlPostgresProps>, string, string]> = [
    ['project', { project: '' }, 'project', 'must not be empty'],
    ['region', { region: '' }, 'region', 'must not be empty'],
    ['nameParts', { nameParts: [] }, 'nameParts', 'must not be empty'],
    ['network', { network: '' }, 'network', 'must not be empty'],
    ['allocatedIpRange', { allocatedIpRange: '' }, 'allocatedIpRange', 'must not be empty'],
    ['kmsKeyName', { kmsKeyName: '' }, 'kmsKeyName', 'must not be empty'],
    ['a MySQL version', { databaseVersion: 'MYSQL_8_0' }, 'databaseVersion', 'is not a Cloud SQL for PostgreSQL version'],
    ['a machine type as tier', { tier: 'n2-standard-2' }, 'tier', 'is not a Cloud SQL tier'],
    ['a disk below 10 GB', { diskSizeGb: 5 }, 'diskSizeGb', 'must be at least 10'],
    ['a fractional disk', { diskSizeGb: 20.5 }, 'diskSizeGb', 'must be a whole number'],
    ['a disk above 64 TB', { diskSizeGb: 70000 }, 'diskSizeGb', 'must be at most 65536'],
    ['no backups', { retainedBackups: 0 }, 'retainedBackups', 'must be at least 1'],
    ['too many backups', { retainedBackups: 366 }, 'retainedBackups', 'must be at most 365'],
    ['PITR beyond 7 days', { transactionLogRetentionDays: 8 }, 'transactionLogRetentionDays', 'must be at most 7'],
    ['PITR of 0 days', { transactionLogRetentionDays: 0 }, 'transactionLogRetentionDays', 'must be at least 1'],
    ['max_connections below 14', { maxConnections: 13 }, 'maxConnections', 'must be at least 14'],
    ['max_connections above 262143', { maxConnections: 262144 }, 'maxConnections', 'must be at most 262143'],
    ['a long query string length', { queryStringLength: 5000 }, 'queryStringLength', 'must be at most 4500'],
    ['a short query string length', { queryStringLength: 100 }, 'queryStringLength', 'must be at least 256'],
    ['an SSL mode that allows plain text', { sslMode: 'ALLOW_UNENCRYPTED_AND_ENCRYPTED' }, 'sslMode', 'is not an SSL mode that requires TLS'],
    ['a flag name that is not one', { extraFlags: [{ name: 'Log-Statement', value: 'none' }] }, 'extraFlags[0].name', 'is not a PostgreSQL flag name'],
    ['a logging flag the block sets', { extraFlags: [{ name: 'log_min_duration_statement', value: '0' }] }, 'extraFlags[0].name', 'is set by the block'],
    ['the IAM flag as an extra flag', { extraFlags: [{ name: 'cloudsql.iam_authentication', value: 'on' }] }, 'extraFlags[0].name', 'is set by the block'],
    ['max_connections as an extra flag', { extraFlags: [{ name: 'max_connections', value: '100' }] }, 'extraFlags[0].name', 'is set by the block'],
    ['a flag given twice', { extraFlags: [{ name: 'log_statement', value: 'none' }, { name: 'log_statement', value: 'all' }] }, 'extraFlags[1].name', 'is given twice'],
  ];

  it.each(cases)('rejects %s', (_what, props, path, message) => {
    const { error } = validationError(props);
    expect(error.problems).toEqual([expect.objectContaining({ path, message })]);
    expect(error.problems[0].fix).not.toBe('');
  });

  it('rejects unknown props', () => {
    const { error } = validationError({ publicIp: true } as Partial<CloudSqlPostgresProps>);
    expect(error.problems).toEqual([expect.objectContaining({ path: '', received: 'unknown key publicIp' })]);
  });

  it('reports every problem at once, naming the instance path, before creating anything', () => {
    const { error, stack } = validationError({ diskSizeGb: 1, sslMode: 'ALLOW_UNENCRYPTED_AND_ENCRYPTED', maxConnections: 1 });
    expect(error.problems.map((p) => p.path)).toEqual(['diskSizeGb', 'sslMode', 'maxConnections']);
    expect(error.message).toContain('[test/Parent/Db] 3 invalid props');
    expect(stack.node.findAll().map((c) => c.node.path)).toEqual(['test', 'test/Parent']);
  });
});

describe('cloudSqlServerCaPem', () => {
  it('is the instance\'s current server CA certificate attribute, for verify-ca clients', () => {
    const { stack, instance } = build();
    new TerraformOutput(stack, 'ca', { value: cloudSqlServerCaPem(instance) });
    const json = JSON.parse(Testing.synth(stack));
    expect(json.output.ca.value).toMatch(/^\$\{google_sql_database_instance\.Parent_Db_[A-F0-9]+\.server_ca_cert\[0\]\.cert\}$/);
  });
});
