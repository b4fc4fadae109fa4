import * as fs from 'node:fs';
import * as path from 'node:path';
import { CloudRunV2Job } from '@cdktf/provider-google/lib/cloud-run-v2-job';
import { CloudRunV2JobIamMember } from '@cdktf/provider-google/lib/cloud-run-v2-job-iam-member';
import { CloudSchedulerJob } from '@cdktf/provider-google/lib/cloud-scheduler-job';
import { SecretManagerSecretIamMember } from '@cdktf/provider-google/lib/secret-manager-secret-iam-member';
import { ServiceAccount } from '@cdktf/provider-google/lib/service-account';
import { StorageBucket } from '@cdktf/provider-google/lib/storage-bucket';
import { StorageBucketIamMember } from '@cdktf/provider-google/lib/storage-bucket-iam-member';
import { StorageBucketObject } from '@cdktf/provider-google/lib/storage-bucket-object';
import { Construct } from 'constructs';
import { makeName, NameTarget } from '../../core';
import { filesUnder } from '../../core/files';
import type { LlmGateway } from '../../gateway/llm-gateway';
import { GatewayPeer } from '../../gateway/peer';
import type { GatewayGcpPlacement, GatewayManagement } from '../../gateway/runtime-contract';
import { GATEWAY_ADMIN_CONTAINER_ENTRY, GATEWAY_ADMIN_HANDLER_DIR } from '../lambdas';

/** Options of the GCP control plane. */
export interface GcpControlPlaneOptions {
  readonly gatewayName: string;
  readonly gateway: LlmGateway;
  readonly management: GatewayManagement;
  readonly gcp: GatewayGcpPlacement;
  readonly image: string;
  readonly gracePeriodSeconds: number;
}

/** What team stacks use: names only (literal, deterministic), the same for every team. */
export interface GcpTenancyOutputs {
  readonly project: string;
  readonly region: string;
  /** Bucket of the handler code and every team's desired state (`desired-state/<team>.json`). */
  readonly bucket: string;
  /** The service account the tenancy jobs run as (team stacks grant it their key secrets). */
  readonly jobServiceAccountEmail: string;
  /** The gateway's Cloud Run service (team service accounts get `run.invoker` on it). */
  readonly serviceName: string;
}

/** Object prefix of the teams' desired-state documents in the tenancy bucket. */
export const DESIRED_STATE_PREFIX = 'desired-state/';
const CODE_PREFIX = 'code/';
const MOUNT = '/mnt/tenancy';

/**
 * The tenancy control plane of a Cloud Run gateway: a bucket with the handler code and the teams' desired state
 * (team stacks write `desired-state/<team>.json`), two Cloud Run jobs in the gateway's VPC (reconcile every team;
 * rotate the keys that are due) running the pinned Node image on the code mounted from the bucket, and Cloud
 * Scheduler runs of both (hourly reconcile, daily rotation). A deployment pipeline runs `reconcileCommand` after
 * `terraform apply` of a team stack, as it runs the gateway's migration command.
 *
 * The master key of a Cloud Run gateway rotates through Terraform (`masterKeyVersion` of the runtime): the
 * service pins the secret version, so a version added behind Terraform's back would not be served.
 */
export class GcpTenancyControlPlane extends Construct {
  public readonly outputs: GcpTenancyOutputs;
  public readonly reconcileJob: CloudRunV2Job;
  public readonly rotateJob: CloudRunV2Job;

  constructor(scope: Construct, id: string, o: GcpControlPlaneOptions) {
    super(scope, id);
    const { project, region } = o.gcp;
    const base = o.gatewayName;
    const labels = { 'component': 'tenancy', 'managed-by': 'cdktf-llm-platform', 'gateway': base.replace(/[^a-z0-9_-]/g, '_') };
    const bucketName = makeName(NameTarget.S3_BUCKET, base, 'tenancy', project);
    const bucket = new StorageBucket(this, 'Bucket', {
      project,
      name: bucketName,
      location: region,
      uniformBucketLevelAccess: true,
      publicAccessPrevention: 'enforced',
      versioning: { enabled: true },
      forceDestroy: false,
      labels,
    });
    const code = filesUnder(GATEWAY_ADMIN_HANDLER_DIR, (name) => name.endsWith('.js') || name.endsWith('.json'));
    for (const f of code) {
      new StorageBucketObject(this, `Code-${f.replace(/[^A-Za-z0-9]/g, '-')}`, {
        bucket: bucket.name,
        name: `${CODE_PREFIX}${f}`,
        content: fs.readFileSync(path.join(GATEWAY_ADMIN_HANDLER_DIR, f), 'utf8'),
        contentType: 'application/javascript',
      });
    }
    const accountId = makeName(NameTarget.GCP_SERVICE_ACCOUNT, base, 'tenancy');
    const jobEmail = `${accountId}@${project}.iam.gserviceaccount.com`;
    const sa = new ServiceAccount(this, 'ServiceAccount', {
      project,
      accountId,
      displayName: `${base} tenancy jobs`,
      description: 'Applies LiteLLM teams and keys and rotates feature keys: reads the master key, writes team key secrets.',
    });
    new StorageBucketIamMember(this, 'BucketRead', { bucket: bucket.name, role: 'roles/storage.objectViewer', member: sa.member });
    new SecretManagerSecretIamMember(this, 'MasterKeyAccess', { project, secretId: o.gcp.masterKeySecretId, role: 'roles/secretmanager.secretAccessor', member: sa.member });
    // The admin API is its own internal service: the jobs' identity is granted there (run.invoker), never on the
    // callers' service. The account id is literal, so the member is known at synth.
    o.gateway.connections.allowAdminFrom(GatewayPeer.gcpPrincipal(`serviceAccount:${jobEmail}`));

    const job = (rid: string, mode: string): CloudRunV2Job => new CloudRunV2Job(this, rid, {
      project,
      location: region,
      name: makeName(NameTarget.CLOUD_RUN_SERVICE, base, mode),
      deletionProtection: false,
      labels,
      template: {
        labels,
        taskCount: 1,
        parallelism: 1,
        template: {
          serviceAccount: sa.email,
          executionEnvironment: 'EXECUTION_ENVIRONMENT_GEN2',
          // Reconcile and rotation converge when re-run (create-or-update, aliases as keys).
          maxRetries: 2,
          timeout: '900s',
          vpcAccess: { networkInterfaces: [{ network: o.gcp.network, subnetwork: o.gcp.subnetwork }], egress: 'ALL_TRAFFIC' },
          volumes: [{ name: 'tenancy', gcs: { bucket: bucket.name, readOnly: true } }],
          containers: [{
            name: 'gateway-admin',
            image: o.image,
            command: ['node', `${MOUNT}/${CODE_PREFIX}${GATEWAY_ADMIN_CONTAINER_ENTRY}`],
            env: [
              { name: 'MODE', value: mode },
              { name: 'ADMIN_URL', value: o.management.adminUrl },
              // The admin service is private (run.invoker): an ID token for it goes in X-Serverless-Authorization,
              // so Authorization can carry LiteLLM's master key.
              { name: 'ADMIN_ID_TOKEN_AUDIENCE', value: o.management.adminUrl },
              { name: 'MASTER_KEY_SECRET_ID', value: o.gcp.masterKeySecretId },
              { name: 'DESIRED_STATE_GCS_URI', value: `gs://${bucketName}/${DESIRED_STATE_PREFIX}` },
              { name: 'GRACE_PERIOD_SECONDS', value: String(o.gracePeriodSeconds) },
            ],
            volumeMounts: [{ name: 'tenancy', mountPath: MOUNT }],
            resources: { limits: { cpu: '1', memory: '512Mi' } },
          }],
        },
      },
      dependsOn: [bucket],
    });
    this.reconcileJob = job('Reconcile', 'reconcile');
    this.rotateJob = job('Rotate', 'rotate-feature-keys');

    // Cloud Scheduler runs both jobs (drift is corrected hourly; keys rotate when due, checked daily).
    const scheduler = new ServiceAccount(this, 'SchedulerServiceAccount', {
      project,
      accountId: makeName(NameTarget.GCP_SERVICE_ACCOUNT, base, 'tenancy-cron'),
      displayName: `${base} tenancy schedules`,
      description: 'Runs the tenancy jobs on schedule; nothing else.',
    });
    const schedule = (rid: string, j: CloudRunV2Job, cron: string): void => {
      const invoker = new CloudRunV2JobIamMember(this, `${rid}Invoker`, { project, location: region, name: j.name, role: 'roles/run.invoker', member: scheduler.member });
      new CloudSchedulerJob(this, rid, {
        project,
        region,
        name: makeName(NameTarget.GCP_RESOURCE, base, rid.toLowerCase()),
        schedule: cron,
        timeZone: 'Etc/UTC',
        attemptDeadline: '320s',
        retryConfig: { retryCount: 1 },
        httpTarget: {
          httpMethod: 'POST',
          // Cloud Run Admin API v2 jobs.run.
          uri: `https://run.googleapis.com/v2/projects/${project}/locations/${region}/jobs/${j.name}:run`,
          oauthToken: { serviceAccountEmail: scheduler.email, scope: 'https://www.googleapis.com/auth/cloud-platform' },
        },
        dependsOn: [invoker],
      });
    };
    schedule('ReconcileSchedule', this.reconcileJob, '7 * * * *');
    schedule('RotateSchedule', this.rotateJob, '37 3 * * *');

    this.outputs = {
      project,
      region,
      bucket: bucketName,
      jobServiceAccountEmail: jobEmail,
      serviceName: o.gcp.serviceName,
    };
  }

  /** What a pipeline runs after applying a team stack: reconcile every team now and wait. */
  public get reconcileCommand(): string {
    const o = this.outputs;
    return `gcloud run jobs execute ${this.reconcileJob.nameInput} --region ${o.region} --project ${o.project} --wait`;
  }
}
