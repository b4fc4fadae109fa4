import { CloudRunV2Job } from '@cdktf/provider-google/lib/cloud-run-v2-job';
import type { ServiceAccount } from '@cdktf/provider-google/lib/service-account';
import type { Construct } from 'constructs';
import { cloudSqlProxyContainer, toJobEnv, type EnvVar } from './cloud-run-containers';
import { CLOUD_RUN_DEFAULTS, type CloudRunRuntimeProps, type ResolvedSecret } from './cloud-run-props';
import { CLOUD_SQL_PROXY_CONTAINER, migrationsCommandThroughProxy } from './cloud-sql-proxy';
import { Fn, Op, type ITerraformDependable, type Precondition } from '../../../core/cdktf';
import { PYTHON } from '../litellm-image';

export interface MigrationJobProps {
  readonly props: CloudRunRuntimeProps;
  /** One job per image: `migrationJobName`. */
  readonly name: string;
  /** The image Cloud Run pulls (through the remote repository or mirrored). */
  readonly image: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly migrationsAccount: ServiceAccount;
  readonly databaseUrl: ResolvedSecret;
  /** The created instance's connection name: the job runs the Cloud SQL Auth Proxy beside LiteLLM. */
  readonly sqlConnectionName: string | undefined;
  readonly vpcAccess: { networkInterfaces: Array<{ network: string; subnetwork: string }>; egress: string };
  /** Grants the job's identity needs first. */
  readonly dependsOn: ITerraformDependable[];
}

/**
 * Migrations: a one-off job per image (`Migrations`; its name carries the image's hash, so a new image is a new job),
 * with the same image; the services never migrate (DISABLE_SCHEMA_UPDATE). Terraform cannot execute a job with the
 * GA provider; the services refuse to roll until this image's job has run (`migrationPrecondition`).
 */
export function createMigrationJob(scope: Construct, input: MigrationJobProps): CloudRunV2Job {
  const { props, labels, migrationsAccount, databaseUrl, sqlConnectionName, vpcAccess } = input;
  const { project, region } = props;
  const gatewayImage = input.image;
  const jobEnv: EnvVar[] = [
    { name: 'DATABASE_URL', secret: { secret: databaseUrl.secret, version: databaseUrl.version } },
    { name: 'DISABLE_SCHEMA_UPDATE', value: 'false' },
    { name: 'LITELLM_MODE', value: 'PRODUCTION' },
  ];
  const migrationArgs = [...(props.migrationArgs ?? CLOUD_RUN_DEFAULTS.migrationArgs)];
  return new CloudRunV2Job(scope, 'Migrations', {
    project,
    location: region,
    name: input.name,
    // Stateless and replaced with every image: protecting it would block the replacement.
    deletionProtection: false,
    labels: { ...labels },
    template: {
      labels: { ...labels },
      taskCount: 1,
      parallelism: 1,
      template: {
        serviceAccount: migrationsAccount.email,
        executionEnvironment: 'EXECUTION_ENVIRONMENT_GEN2',
        encryptionKey: props.kmsKeyName,
        // Prisma migrations are not safe to run twice concurrently; a failed run is re-run by a human.
        maxRetries: 0,
        timeout: '1800s',
        vpcAccess,
        containers: [
          {
            name: 'migrations',
            image: gatewayImage,
            // Through the proxy, the task tells it to quit when LiteLLM is done: the execution then completes.
            ...(sqlConnectionName !== undefined ? { command: migrationsCommandThroughProxy(PYTHON) } : {}),
            args: migrationArgs,
            env: jobEnv.map(toJobEnv),
            resources: { limits: { cpu: '1', memory: '2048Mi' } },
            dependsOn: sqlConnectionName !== undefined ? [CLOUD_SQL_PROXY_CONTAINER] : undefined,
          },
          ...(sqlConnectionName !== undefined ? [cloudSqlProxyContainer(sqlConnectionName, true)] : []),
        ],
      },
    },
    dependsOn: input.dependsOn,
  });
}

/**
 * The services' precondition: the migration job of this image has an execution that completed. The job's name
 * carries the image's hash, so a new image is a new job without executions, and the precondition fails (at
 * apply, after the job is created) until someone runs it: the services never roll onto a schema the image has not
 * migrated. (The GA Google provider cannot execute a job: `run_execution_token` is beta-only.) A failed execution
 * completes too: `gcloud run jobs execute ... --wait` exits non-zero then, and the error says to re-apply only
 * after it succeeded.
 */
export function migrationPrecondition(job: CloudRunV2Job, command: string): Precondition {
  return {
    // length() >= 1, not != "" or > 0: cdktf renders the literals "" and 0 as `undefined`.
    condition: Fn.try([Op.gte(Fn.lengthOf(job.latestCreatedExecution.get(0).completionTime), 1), false]),
    errorMessage: `The database migrations for this LiteLLM image have not run yet. Run \`${command}\` (it must succeed), then apply again.`,
  };
}
