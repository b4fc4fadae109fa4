import { CloudRunV2Job } from '@cdktf/provider-google/lib/cloud-run-v2-job';
import { CloudRunV2JobIamMember } from '@cdktf/provider-google/lib/cloud-run-v2-job-iam-member';
import { CloudSchedulerJob } from '@cdktf/provider-google/lib/cloud-scheduler-job';
import { ProjectIamMember } from '@cdktf/provider-google/lib/project-iam-member';
import { SecretManagerSecret } from '@cdktf/provider-google/lib/secret-manager-secret';
import { SecretManagerSecretIamMember } from '@cdktf/provider-google/lib/secret-manager-secret-iam-member';
import { SecretManagerSecretVersion } from '@cdktf/provider-google/lib/secret-manager-secret-version';
import { ServiceAccount } from '@cdktf/provider-google/lib/service-account';
import { SqlDatabase } from '@cdktf/provider-google/lib/sql-database';
import type { SqlDatabaseInstance } from '@cdktf/provider-google/lib/sql-database-instance';
import { SqlUser } from '@cdktf/provider-google/lib/sql-user';
import { Construct } from 'constructs';
import { dependable, Fn, Lazy, Op, TerraformStack, type ITerraformDependable } from '../../core/cdktf';
import type { ProblemCollector } from '../../core/errors';
import { terraformExpression } from '../../core/literal-guard';
import { makeName, NameTarget, stableHash } from '../../core/naming';
import { cloudSqlServerCaPem, createCloudSqlPostgres } from '../../gcp/cloud-sql-postgres';
import { CloudSqlSslMode, type CloudSqlPgvectorOptions } from '../backend';
import { PGVECTOR_MAX_DIMENSIONS, PGVECTOR_MAX_INDEXED_DIMENSIONS, type CollectionSpec } from '../model';
import { VectorPrincipalKind } from '../principal';
import { SqlLoginAuthentication } from '../sql';
import type { StoreView, BackendBinding, TeamBackendScope, TeamStoreView, VectorConnectionInfo, VectorGrant } from './binding';
import { bootstrapModel, memoizedBootstrapSql, memoizedTeamBootstrapSql, teamBootstrapModel } from './pg-model';
import type { BootstrapSql } from '../sql';

/** Cloud Run caps one environment variable at 32 KiB (Cloud Run limits); the SQL travels in one. */
export const CLOUD_RUN_ENV_LIMIT_BYTES = 32 * 1024;

/** Built-in user that owns the bootstrap (member of `cloudsqlsuperuser`); its password never enters state. */
export const CLOUD_SQL_ADMIN_USER = 'vs_admin';

/**
 * Cloud SQL for PostgreSQL + pgvector: private IP only, TLS enforced, IAM database authentication,
 * regional HA, backups with point-in-time recovery, deletion protection, Query Insights. IAM database
 * users for granted service accounts.
 *
 * Bootstrap: the GA Google provider cannot execute a Cloud Run job, so the bootstrap is a Cloud Run job
 * (psql over Direct VPC egress, TLS verified against the instance's CA, password from Secret Manager),
 * one per SQL (its name carries the SQL's hash). The pipeline runs `bootstrapCommand` after an apply that
 * changed the SQL; until it has, the next apply stops at a precondition that names the command. Cloud
 * Scheduler re-runs the current job every 15 minutes (the SQL is idempotent): drift is converged
 * without a human.
 *
 * Teams declared from their own stacks (CloudSqlTeamScope) get their own job, schedule and pipeline step
 * in their stack, built from this stack's image, network, runner account and admin secret; this stack
 * exports the values they read whether or not any team does.
 */
export class CloudSqlPgvectorBinding extends Construct implements BackendBinding {
  public readonly connectionInfo: VectorConnectionInfo;
  public readonly principalKinds = [VectorPrincipalKind.GCP_SERVICE_ACCOUNT];
  public readonly maxDimensions = PGVECTOR_MAX_DIMENSIONS;
  public readonly maxIndexedDimensions = PGVECTOR_MAX_INDEXED_DIMENSIONS;
  public readonly instance: SqlDatabaseInstance;
  public readonly bootstrapJob: CloudRunV2Job;
  /**
   * The pipeline step that applies the bootstrap and waits for it: `gcloud run jobs execute <job> --region
   * <region> --project <project> --wait`. Until it has run for the current SQL, `terraform apply` stops at
   * the scheduler's precondition with this command in the message.
   */
  public readonly bootstrapCommand: string;
  /** What a team's job and schedule reuse (see CloudSqlTeamScope). */
  public readonly shared: CloudSqlShared;
  private readonly users = new Set<string>();

  constructor(scope: Construct, id: string, options: CloudSqlPgvectorOptions, private readonly nameParts: ReadonlyArray<string>, view: StoreView) {
    super(scope, id);
    const project = options.project;
    const region = options.region;
    const databaseName = options.databaseName ?? 'vectors';
    const deletionProtection = options.deletionProtection ?? true;

    // Created in the store's scope as 'Instance' (not under this binding): its logical ID is pinned by tests.
    this.instance = createCloudSqlPostgres(scope, 'Instance', {
      project,
      region,
      nameParts: [...nameParts, 'vectors'],
      network: options.network,
      databaseVersion: options.databaseVersion,
      tier: options.tier,
      highAvailability: options.highAvailability,
      diskSizeGb: options.diskSizeGb,
      kmsKeyName: options.kmsKeyName,
      retainedBackups: options.backupRetentionCount,
      deletionProtection,
      sslMode: options.sslMode ?? CloudSqlSslMode.ENCRYPTED_ONLY,
      iamAuthentication: true,
      queryStringLength: 1024,
      // With the shared logging flags: logging scoped to what checkov's CKV_GCP_51-57/108-111 ask for,
      // without statement text (it can hold prompt fragments, anchors trap 2).
      extraFlags: [
        { name: 'log_min_error_statement', value: 'error' },
        { name: 'log_min_messages', value: 'warning' },
        { name: 'log_statement', value: 'none' },
      ],
    });
    const database = new SqlDatabase(scope, 'Database', { name: databaseName, instance: this.instance.name, project, deletionPolicy: 'ABANDON' });
    this.connectionInfo = { endpoint: this.instance.privateIpAddress, port: 5432, database: databaseName, protocol: 'postgresql' };

    // --- Bootstrap admin: password generated ephemerally, written only to Cloud SQL and Secret Manager ---
    const bootstrap = new Construct(scope, 'Bootstrap');
    const passwordVersion = options.adminPasswordVersion ?? 1;
    const ephemeralName = `vs_admin_${stableHash([this.node.path], 12)}`;
    // cdktf 0.21 has no binding for ephemeral resources; emit the block directly (as GeneratedSecret does).
    TerraformStack.of(this).addOverride(`ephemeral.random_password.${ephemeralName}`, { length: 40, special: false });
    const password = terraformExpression(this, `ephemeral.random_password.${ephemeralName}.result`);
    const admin = new SqlUser(bootstrap, 'AdminUser', {
      name: CLOUD_SQL_ADMIN_USER,
      instance: this.instance.name,
      project,
      type: 'BUILT_IN',
      passwordWo: password,
      passwordWoVersion: passwordVersion,
    });
    const secret = new SecretManagerSecret(bootstrap, 'AdminPassword', {
      project,
      secretId: makeName(NameTarget.GCP_RESOURCE, ...nameParts, 'vectors-admin'),
      replication: {
        userManaged: {
          replicas: [{ location: region, customerManagedEncryption: options.kmsKeyName ? { kmsKeyName: options.kmsKeyName } : undefined }],
        },
      },
    });
    const secretVersion = new SecretManagerSecretVersion(bootstrap, 'AdminPasswordValue', { secret: secret.id, secretDataWo: password, secretDataWoVersion: passwordVersion });

    const runner = new ServiceAccount(bootstrap, 'RunnerAccount', {
      project,
      // Every name part is hashed in: two stores whose last part is the same get two accounts.
      accountId: makeName(NameTarget.GCP_SERVICE_ACCOUNT, 'vs-boot', ...nameParts),
      displayName: 'Vector store bootstrap job',
    });
    new SecretManagerSecretIamMember(bootstrap, 'RunnerReadsPassword', { project, secretId: secret.secretId, role: 'roles/secretmanager.secretAccessor', member: runner.member });

    const scheduler = new ServiceAccount(bootstrap, 'SchedulerAccount', {
      project,
      accountId: makeName(NameTarget.GCP_SERVICE_ACCOUNT, 'vs-sched', ...nameParts),
      displayName: 'Vector store bootstrap scheduler',
    });
    this.shared = {
      options,
      databaseName,
      host: this.instance.privateIpAddress,
      serverCaPem: cloudSqlServerCaPem(this.instance),
      instanceName: this.instance.name,
      runnerEmail: runner.email,
      schedulerEmail: scheduler.email,
      adminSecretId: secret.secretId,
    };
    const sql = memoizedBootstrapSql(() => bootstrapModel(view, SqlLoginAuthentication.PLATFORM));
    const run = bootstrapRun(bootstrap, this.shared, {
      sql,
      jobName: () => makeName(NameTarget.CLOUD_RUN_SERVICE, ...nameParts, 'vectors-bootstrap', sql().sha256.slice(0, 8)),
      scheduleName: makeName(NameTarget.GCP_RESOURCE, ...nameParts, 'vectors-bootstrap'),
      what: 'vector store bootstrap',
      dependsOn: [admin, secretVersion, database],
      sizeCheck: this,
    });
    this.bootstrapJob = run.job;
    this.bootstrapCommand = run.command;

    // The fixed set of values team stacks read, registered now: this stack is the same with 0 or 200 teams.
    const stack = TerraformStack.of(this);
    const inst = `google_sql_database_instance.${this.instance.friendlyUniqueId}`;
    for (const ref of [
      `${inst}.name`,
      `${inst}.private_ip_address`,
      `${inst}.server_ca_cert[0].cert`,
      `google_service_account.${runner.friendlyUniqueId}.email`,
      `google_service_account.${scheduler.friendlyUniqueId}.email`,
      `google_secret_manager_secret.${secret.friendlyUniqueId}.secret_id`,
    ]) stack.registerOutgoingCrossStackReference(ref);
  }

  public createTeamScope(scope: Construct, view: TeamStoreView): TeamBackendScope {
    return new CloudSqlTeamScope(scope, 'CloudSql', this.shared, this.nameParts, view);
  }

  public checkCollection(_spec: CollectionSpec, _problems: ProblemCollector): void {}

  public onGrant(grant: VectorGrant): void {
    iamDatabaseUser(this, this.shared, grant, this.users, this.bootstrapJob);
  }
}

/** What a bootstrap job needs from the store's stack (tokens there; fixed outputs when read from a team's stack). */
export interface CloudSqlShared {
  readonly options: CloudSqlPgvectorOptions;
  readonly databaseName: string;
  readonly host: string;
  readonly serverCaPem: string;
  readonly instanceName: string;
  readonly runnerEmail: string;
  readonly schedulerEmail: string;
  readonly adminSecretId: string;
}

/**
 * A bootstrap job (one per SQL: its name carries the hash), the scheduler's right to run it, and the
 * schedule whose precondition stops the apply until the job of the current SQL has completed.
 */
function bootstrapRun(
  scope: Construct,
  shared: CloudSqlShared,
  o: {
    sql: () => BootstrapSql;
    jobName: () => string;
    scheduleName: string;
    what: string;
    dependsOn: ITerraformDependable[];
    sizeCheck: Construct;
  },
): { job: CloudRunV2Job; command: string } {
  const { project, region } = shared.options;
  o.sizeCheck.node.addValidation({
    validate: () => {
      const bytes = Buffer.byteLength(o.sql().script, 'utf8');
      return bytes > CLOUD_RUN_ENV_LIMIT_BYTES ? [`bootstrap SQL is ${bytes} bytes, above Cloud Run's ${CLOUD_RUN_ENV_LIMIT_BYTES}-byte environment variable limit; split the store`] : [];
    },
  });
  // One job per SQL (the name carries its hash): a changed SQL is a new job without executions, which the
  // precondition below refuses until it has run (the GA Google provider cannot execute a job).
  const jobName = Lazy.stringValue({ produce: o.jobName });
  const command = `gcloud run jobs execute ${jobName} --region ${region} --project ${project} --wait`;
  const job = new CloudRunV2Job(scope, 'Job', {
    name: jobName,
    project,
    location: region,
    deletionProtection: false,
    template: {
      taskCount: 1,
      parallelism: 1,
      template: {
        serviceAccount: shared.runnerEmail,
        maxRetries: 3,
        // Index builds on a direct connection run to completion; an hour covers a large HNSW build.
        timeout: '3600s',
        vpcAccess: { networkInterfaces: [{ network: shared.options.network, subnetwork: shared.options.bootstrapSubnetwork }], egress: 'PRIVATE_RANGES_ONLY' },
        containers: [
          {
            image: shared.options.bootstrapImage ?? 'postgres:16-alpine',
            command: ['/bin/sh', '-c'],
            // psql runs the transaction (BEGIN … COMMIT), then the index builds, and stops at the first error.
            // The server is verified against the instance's CA (verify-ca: the per-instance server
            // certificate names <project>:<instance>, not the private IP, so verify-full cannot pass).
            args: ['printf "%s" "$SERVER_CA_PEM" > /tmp/server-ca.pem && printf "%s" "$BOOTSTRAP_SQL" | psql -X -q -v ON_ERROR_STOP=1'],
            env: [
              { name: 'BOOTSTRAP_SQL', value: Lazy.stringValue({ produce: () => o.sql().script }) },
              { name: 'BOOTSTRAP_SQL_SHA256', value: Lazy.stringValue({ produce: () => o.sql().sha256 }) },
              { name: 'PGCONNECT_TIMEOUT', value: '30' },
              { name: 'PGDATABASE', value: shared.databaseName },
              { name: 'PGHOST', value: shared.host },
              { name: 'PGPASSWORD', valueSource: { secretKeyRef: { secret: shared.adminSecretId, version: 'latest' } } },
              { name: 'PGSSLMODE', value: 'verify-ca' },
              { name: 'PGSSLROOTCERT', value: '/tmp/server-ca.pem' },
              { name: 'PGUSER', value: CLOUD_SQL_ADMIN_USER },
              { name: 'SERVER_CA_PEM', value: shared.serverCaPem },
            ],
            resources: { limits: { cpu: '1', memory: '512Mi' } },
          },
        ],
      },
    },
    dependsOn: o.dependsOn,
  });

  // --- Runs the job on a schedule: convergence without a human, and without a null/local-exec provider ---
  new CloudRunV2JobIamMember(scope, 'SchedulerRunsJob', { project, location: region, name: job.name, role: 'roles/run.invoker', member: `serviceAccount:${shared.schedulerEmail}` });
  new CloudSchedulerJob(scope, 'Schedule', {
    name: o.scheduleName,
    project,
    region,
    description: `Runs the idempotent ${o.what} so the database converges to the configuration`,
    schedule: shared.options.bootstrapSchedule ?? '*/15 * * * *',
    timeZone: 'Etc/UTC',
    attemptDeadline: '320s',
    httpTarget: {
      httpMethod: 'POST',
      uri: `https://run.googleapis.com/v2/projects/${project}/locations/${region}/jobs/${job.name}:run`,
      oauthToken: { serviceAccountEmail: shared.schedulerEmail, scope: 'https://www.googleapis.com/auth/cloud-platform' },
    },
    // The pipeline step made explicit (as the Cloud Run gateway does for its migrations): the apply stops
    // here until the job of the current SQL has an execution that completed. A failed execution
    // completes too; the message says it must succeed.
    lifecycle: {
      precondition: [
        {
          // length() >= 1, not != "": cdktf renders the literal "" as undefined.
          condition: Fn.try([Op.gte(Fn.lengthOf(job.latestCreatedExecution.get(0).completionTime), 1), false]),
          errorMessage: `The ${o.what} for this configuration has not run yet. Run \`${command}\` (it must succeed), then apply again.`,
        },
      ],
    },
  });
  return { job, command };
}

/**
 * A granted service account's IAM database user, and its login and connection on this instance only: once per
 * account (`users`), awaited by `job` (which grants to the user's role).
 */
function iamDatabaseUser(scope: Construct, shared: CloudSqlShared, grant: VectorGrant, users: Set<string>, job: CloudRunV2Job): void {
  const email = grant.principal.email!;
  if (users.has(email)) return;
  users.add(email);
  const id = grant.principal.identity;
  const project = shared.options.project;
  const user = new SqlUser(scope, `User-${id}`, {
    name: id,
    instance: shared.instanceName,
    project,
    type: 'CLOUD_IAM_SERVICE_ACCOUNT',
    // Cloud SQL refuses to delete a PostgreSQL user that still holds grants, which would block removing a
    // principal or destroying a team's stack. Abandoned instead: the IAM bindings below go with the grant
    // (no IAM login any more) and the bootstrap revokes the role's privileges (google_sql_user
    // `deletion_policy`, terraform-provider-google issue 12968).
    deletionPolicy: 'ABANDON',
  });
  // IAM database login and connection, on this instance only (IAM condition on the resource name).
  const condition = {
    title: `vector store ${shared.instanceName}`,
    expression: `resource.name == "projects/${project}/instances/${shared.instanceName}" && resource.type == "sqladmin.googleapis.com/Instance"`,
  };
  for (const [suffix, role] of [['Client', 'roles/cloudsql.client'], ['InstanceUser', 'roles/cloudsql.instanceUser']]) {
    new ProjectIamMember(scope, `${suffix}-${id}`, { project, role, member: `serviceAccount:${email}`, condition });
  }
  // The job must find the IAM user's role when it grants to it.
  job.dependsOn = [...(job.dependsOn ?? []), dependable(user)];
}

/**
 * One team's part of a Cloud SQL store, in the team's stack: the team's bootstrap job (its SQL converges
 * only the team's objects), run by the store's scheduler account every 15 minutes and by the team's
 * pipeline step (`bootstrapCommand`), and the granted service accounts' IAM database users. It reuses the
 * store's image, network, runner account and admin secret through the store's fixed outputs.
 *
 * Destroying the team's stack deletes the job and the IAM users (their logins end) but runs no SQL: to
 * drop the team's tables under VectorRemovalPolicy.DESTROY, remove its collections and run the step first.
 */
export class CloudSqlTeamScope extends Construct implements TeamBackendScope {
  public readonly bootstrapJob: CloudRunV2Job;
  public readonly bootstrapCommand: string;
  private readonly users = new Set<string>();

  constructor(scope: Construct, id: string, private readonly shared: CloudSqlShared, nameParts: ReadonlyArray<string>, view: TeamStoreView) {
    super(scope, id);
    const sql = memoizedTeamBootstrapSql(() => teamBootstrapModel(view, SqlLoginAuthentication.PLATFORM));
    const run = bootstrapRun(this, shared, {
      sql,
      jobName: () => makeName(NameTarget.CLOUD_RUN_SERVICE, ...nameParts, 'vectors', view.team, sql().sha256.slice(0, 8)),
      scheduleName: makeName(NameTarget.GCP_RESOURCE, ...nameParts, 'vectors', view.team),
      what: `vector store bootstrap of team ${view.team}`,
      dependsOn: [],
      sizeCheck: this,
    });
    this.bootstrapJob = run.job;
    this.bootstrapCommand = run.command;
  }

  public onGrant(grant: VectorGrant): void {
    iamDatabaseUser(this, this.shared, grant, this.users, this.bootstrapJob);
  }
}
