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
import { dependable, Fn, Lazy, Op, TerraformStack } from '../../core/cdktf';
import type { ProblemCollector } from '../../core/errors';
import { terraformExpression } from '../../core/literal-guard';
import { makeName, NameTarget, stableHash } from '../../core/naming';
import { cloudSqlServerCaPem, createCloudSqlPostgres } from '../../gcp/cloud-sql-postgres';
import { CloudSqlSslMode, type CloudSqlPgvectorOptions } from '../backend';
import { PGVECTOR_MAX_DIMENSIONS, PGVECTOR_MAX_INDEXED_DIMENSIONS, type CollectionSpec } from '../model';
import { VectorPrincipalKind } from '../principal';
import { SqlLoginAuthentication } from '../sql';
import type { BackendBinding, StoreView, VectorConnectionInfo, VectorGrant } from './binding';
import { bootstrapModel, memoizedBootstrapSql } from './pg-model';

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
  private readonly users = new Set<string>();

  constructor(scope: Construct, id: string, private readonly options: CloudSqlPgvectorOptions, nameParts: ReadonlyArray<string>, view: StoreView) {
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

    const sql = memoizedBootstrapSql(() => bootstrapModel(view, SqlLoginAuthentication.PLATFORM));
    this.node.addValidation({
      validate: () => {
        const bytes = Buffer.byteLength(sql().script, 'utf8');
        return bytes > CLOUD_RUN_ENV_LIMIT_BYTES ? [`bootstrap SQL is ${bytes} bytes, above Cloud Run's ${CLOUD_RUN_ENV_LIMIT_BYTES}-byte environment variable limit; split the store`] : [];
      },
    });
    // One job per SQL (the name carries its hash): a changed SQL is a new job without executions, which the
    // precondition below refuses until it has run (the GA Google provider cannot execute a job).
    const jobName = Lazy.stringValue({ produce: () => makeName(NameTarget.CLOUD_RUN_SERVICE, ...nameParts, 'vectors-bootstrap', sql().sha256.slice(0, 8)) });
    this.bootstrapCommand = `gcloud run jobs execute ${jobName} --region ${region} --project ${project} --wait`;
    this.bootstrapJob = new CloudRunV2Job(bootstrap, 'Job', {
      name: jobName,
      project,
      location: region,
      deletionProtection: false,
      template: {
        taskCount: 1,
        parallelism: 1,
        template: {
          serviceAccount: runner.email,
          maxRetries: 3,
          // Index builds on a direct connection run to completion; an hour covers a large HNSW build.
          timeout: '3600s',
          vpcAccess: { networkInterfaces: [{ network: options.network, subnetwork: options.bootstrapSubnetwork }], egress: 'PRIVATE_RANGES_ONLY' },
          containers: [
            {
              image: options.bootstrapImage ?? 'postgres:16-alpine',
              command: ['/bin/sh', '-c'],
              // psql runs the transaction (BEGIN … COMMIT), then the index builds, and stops at the first error.
              // The server is verified against the instance's CA (verify-ca: the per-instance server
              // certificate names <project>:<instance>, not the private IP, so verify-full cannot pass).
              args: ['printf "%s" "$SERVER_CA_PEM" > /tmp/server-ca.pem && printf "%s" "$BOOTSTRAP_SQL" | psql -X -q -v ON_ERROR_STOP=1'],
              env: [
                { name: 'BOOTSTRAP_SQL', value: Lazy.stringValue({ produce: () => sql().script }) },
                { name: 'BOOTSTRAP_SQL_SHA256', value: Lazy.stringValue({ produce: () => sql().sha256 }) },
                { name: 'PGCONNECT_TIMEOUT', value: '30' },
                { name: 'PGDATABASE', value: databaseName },
                { name: 'PGHOST', value: this.instance.privateIpAddress },
                { name: 'PGPASSWORD', valueSource: { secretKeyRef: { secret: secret.secretId, version: 'latest' } } },
                { name: 'PGSSLMODE', value: 'verify-ca' },
                { name: 'PGSSLROOTCERT', value: '/tmp/server-ca.pem' },
                { name: 'PGUSER', value: CLOUD_SQL_ADMIN_USER },
                { name: 'SERVER_CA_PEM', value: cloudSqlServerCaPem(this.instance) },
              ],
              resources: { limits: { cpu: '1', memory: '512Mi' } },
            },
          ],
        },
      },
      dependsOn: [admin, secretVersion, database],
    });

    // --- Runs the job on a schedule: convergence without a human, and without a null/local-exec provider ---
    const scheduler = new ServiceAccount(bootstrap, 'SchedulerAccount', {
      project,
      accountId: makeName(NameTarget.GCP_SERVICE_ACCOUNT, 'vs-sched', ...nameParts),
      displayName: 'Vector store bootstrap scheduler',
    });
    new CloudRunV2JobIamMember(bootstrap, 'SchedulerRunsJob', { project, location: region, name: this.bootstrapJob.name, role: 'roles/run.invoker', member: scheduler.member });
    new CloudSchedulerJob(bootstrap, 'Schedule', {
      name: makeName(NameTarget.GCP_RESOURCE, ...nameParts, 'vectors-bootstrap'),
      project,
      region,
      description: 'Runs the idempotent vector store bootstrap so the database converges to the configuration',
      schedule: options.bootstrapSchedule ?? '*/15 * * * *',
      timeZone: 'Etc/UTC',
      attemptDeadline: '320s',
      httpTarget: {
        httpMethod: 'POST',
        uri: `https://run.googleapis.com/v2/projects/${project}/locations/${region}/jobs/${this.bootstrapJob.name}:run`,
        oauthToken: { serviceAccountEmail: scheduler.email, scope: 'https://www.googleapis.com/auth/cloud-platform' },
      },
      // The pipeline step made explicit (as the Cloud Run gateway does for its migrations): the apply stops
      // here until the job of the current SQL has an execution that completed. A failed execution
      // completes too; the message says it must succeed.
      lifecycle: {
        precondition: [
          {
            // length() >= 1, not != "": cdktf renders the literal "" as undefined.
            condition: Fn.try([Op.gte(Fn.lengthOf(this.bootstrapJob.latestCreatedExecution.get(0).completionTime), 1), false]),
            errorMessage: `The vector store bootstrap for this configuration has not run yet. Run \`${this.bootstrapCommand}\` (it must succeed), then apply again.`,
          },
        ],
      },
    });
  }

  public checkCollection(_spec: CollectionSpec, _problems: ProblemCollector): void {}

  public onGrant(grant: VectorGrant): void {
    const email = grant.principal.email!;
    if (this.users.has(email)) return;
    this.users.add(email);
    const id = grant.principal.identity;
    const user = new SqlUser(this, `User-${id}`, {
      name: id,
      instance: this.instance.name,
      project: this.options.project,
      type: 'CLOUD_IAM_SERVICE_ACCOUNT',
    });
    // The job must find the IAM user's role when it grants to it.
    this.bootstrapJob.dependsOn = [...(this.bootstrapJob.dependsOn ?? []), dependable(user)];
    // IAM database login and connection, on this instance only (IAM condition on the resource name).
    const condition = {
      title: `vector store ${this.instance.name}`,
      expression: `resource.name == "projects/${this.options.project}/instances/${this.instance.name}" && resource.type == "sqladmin.googleapis.com/Instance"`,
    };
    for (const [suffix, role] of [['Client', 'roles/cloudsql.client'], ['InstanceUser', 'roles/cloudsql.instanceUser']]) {
      new ProjectIamMember(this, `${suffix}-${id}`, { project: this.options.project, role, member: `serviceAccount:${email}`, condition });
    }
  }
}
