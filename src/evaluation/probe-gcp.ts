import { Construct, type IConstruct } from 'constructs';
import type { EvalDataset } from './dataset';
import { probeRunBudgetSeconds, type EvaluationManifest } from './manifest';
import { EVAL_PROBE_CONTAINER_ENTRY, EvalProbeEnv } from './probe-asset';
import { probeFiles, stagedProbeDir } from './probe-files';
import { TerraformStack } from '../core/cdktf';
import { makeName, NameTarget } from '../core/naming';

/** Cloud Monitoring's OTLP endpoint for metrics (Telemetry API): points become Managed Service for Prometheus series. */
export const GCP_TELEMETRY_METRICS_ENDPOINT = 'https://telemetry.googleapis.com/v1/metrics';
/** Where the team's evaluation bucket is mounted in the probe's job. */
export const GCP_PROBE_MOUNT = '/mnt/eval';

/** Props of `GcpEvaluationProbe`. */
export interface GcpEvaluationProbeProps {
  readonly manifest: EvaluationManifest;
  readonly dataset: EvalDataset;
  readonly project: string;
  readonly region: string;
  /** The gateway's VPC (Direct VPC egress: the gateway's ingress admits internal traffic). */
  readonly network: string;
  readonly subnetwork: string;
  /** The gateway's Cloud Run service (the probe is granted `run.invoker` on it) and its URL. */
  readonly gatewayServiceName: string;
  readonly gatewayUrl: string;
  /** The feature key's Secret Manager secret id (`projects/<p>/secrets/<id>`, raw key as the version payload). */
  readonly keySecretId: string;
  /** Pinned image with Node.js 22. */
  readonly image: string;
}

/** The team stack's evaluation bucket (probe code once, each feature's manifest and golden set) and scheduler identity. */
class GcpProbeShared extends Construct {
  public static of(scope: IConstruct, props: GcpEvaluationProbeProps): GcpProbeShared {
    const stack = TerraformStack.of(scope);
    // Stable id: the bucket is state.
    return (stack.node.tryFindChild('LlmEvaluationProbes') as GcpProbeShared | undefined) ?? new GcpProbeShared(stack, 'LlmEvaluationProbes', props);
  }

  public readonly bucketName: string;
  public readonly schedulerEmail: string;
  public readonly schedulerMember: string;
  private readonly bucket: import('@cdktf/provider-google/lib/storage-bucket').StorageBucket;

  private constructor(scope: Construct, id: string, props: GcpEvaluationProbeProps) {
    super(scope, id);
    /* eslint-disable @typescript-eslint/no-require-imports */
    const { StorageBucket } = require('@cdktf/provider-google/lib/storage-bucket') as typeof import('@cdktf/provider-google/lib/storage-bucket');
    const { StorageBucketObject } = require('@cdktf/provider-google/lib/storage-bucket-object') as typeof import('@cdktf/provider-google/lib/storage-bucket-object');
    const { ServiceAccount } = require('@cdktf/provider-google/lib/service-account') as typeof import('@cdktf/provider-google/lib/service-account');
    /* eslint-enable @typescript-eslint/no-require-imports */
    const m = props.manifest;
    this.bucketName = makeName(NameTarget.GCP_RESOURCE, 'llm-eval', props.project, m.gateway, m.team);
    this.bucket = new StorageBucket(this, 'Bucket', {
      project: props.project,
      name: this.bucketName,
      location: props.region,
      uniformBucketLevelAccess: true,
      publicAccessPrevention: 'enforced',
      versioning: { enabled: true },
      forceDestroy: false,
    });
    // The probe's code, once per team (each feature's files live under features/<feature>/).
    for (const [file, text] of probeFiles(stagedProbeDir(m, props.dataset)).filter(([f]) => !f.startsWith('eval/'))) {
      new StorageBucketObject(this, `Code-${file.replace(/[^A-Za-z0-9]/g, '-')}`, { bucket: this.bucket.name, name: `probe/${file}`, content: text, contentType: 'application/javascript' });
    }
    const accountId = makeName(NameTarget.GCP_SERVICE_ACCOUNT, 'eval-cron', m.team);
    const sa = new ServiceAccount(this, 'SchedulerServiceAccount', {
      project: props.project,
      accountId,
      displayName: `Evaluation schedules of team ${m.team}`,
      description: 'Starts the team\'s evaluation probe jobs on schedule; nothing else.',
    });
    this.schedulerEmail = sa.email;
    this.schedulerMember = sa.member;
  }

  /** Adds one feature's manifest and golden set under `features/<feature>/`; returns their object names. */
  public addFeatureFiles(scope: Construct, manifest: EvaluationManifest, dataset: EvalDataset): { manifest: string; dataset: string } {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { StorageBucketObject } = require('@cdktf/provider-google/lib/storage-bucket-object') as typeof import('@cdktf/provider-google/lib/storage-bucket-object');
    const files = probeFiles(stagedProbeDir(manifest, dataset)).filter(([f]) => f.startsWith('eval/'));
    const names = { manifest: '', dataset: '' };
    for (const [file, text] of files) {
      const name = `features/${manifest.feature}/${file.slice('eval/'.length)}`;
      new StorageBucketObject(scope, file.endsWith('.json') ? 'Manifest' : 'GoldenSet', {
        bucket: this.bucket.name, name, content: text, contentType: file.endsWith('.json') ? 'application/json' : 'application/x-ndjson',
      });
      if (file.endsWith('.json')) names.manifest = name;
      else names.dataset = name;
    }
    return names;
  }
}

/**
 * One feature's evaluation probe on Cloud Run, in the team's stack: Cloud Scheduler runs a Cloud Run job (the
 * pinned Node image on the probe's code, mounted read-only from the team's evaluation bucket) on the probe's
 * schedule. The job runs as its own service account, granted exactly: `secretAccessor` on the feature's key secret,
 * `run.invoker` on the gateway service, read on the probe code and its own feature's files in the bucket (an IAM
 * condition on the object prefixes), and `telemetry.metricsWriter` to publish its figures through Cloud Monitoring's
 * OTLP endpoint (stored as Managed Service for Prometheus series, the backend the platform's dashboards and alert
 * policies read). It reaches the private gateway through Direct VPC egress with an ID token in
 * `X-Serverless-Authorization`; `Authorization` carries the feature's key.
 */
export class GcpEvaluationProbe extends Construct {
  public readonly jobName: string;
  public readonly serviceAccountEmail: string;

  constructor(scope: Construct, id: string, props: GcpEvaluationProbeProps) {
    super(scope, id);
    /* eslint-disable @typescript-eslint/no-require-imports */
    const { ServiceAccount } = require('@cdktf/provider-google/lib/service-account') as typeof import('@cdktf/provider-google/lib/service-account');
    const { SecretManagerSecretIamMember } = require('@cdktf/provider-google/lib/secret-manager-secret-iam-member') as typeof import('@cdktf/provider-google/lib/secret-manager-secret-iam-member');
    const { CloudRunV2ServiceIamMember } = require('@cdktf/provider-google/lib/cloud-run-v2-service-iam-member') as typeof import('@cdktf/provider-google/lib/cloud-run-v2-service-iam-member');
    const { CloudRunV2Job } = require('@cdktf/provider-google/lib/cloud-run-v2-job') as typeof import('@cdktf/provider-google/lib/cloud-run-v2-job');
    const { CloudRunV2JobIamMember } = require('@cdktf/provider-google/lib/cloud-run-v2-job-iam-member') as typeof import('@cdktf/provider-google/lib/cloud-run-v2-job-iam-member');
    const { CloudSchedulerJob } = require('@cdktf/provider-google/lib/cloud-scheduler-job') as typeof import('@cdktf/provider-google/lib/cloud-scheduler-job');
    const { ProjectIamMember } = require('@cdktf/provider-google/lib/project-iam-member') as typeof import('@cdktf/provider-google/lib/project-iam-member');
    const { StorageBucketIamMember } = require('@cdktf/provider-google/lib/storage-bucket-iam-member') as typeof import('@cdktf/provider-google/lib/storage-bucket-iam-member');
    /* eslint-enable @typescript-eslint/no-require-imports */
    const m = props.manifest;
    const shared = GcpProbeShared.of(this, props);
    const files = shared.addFeatureFiles(this, m, props.dataset);

    const accountId = makeName(NameTarget.GCP_SERVICE_ACCOUNT, 'eval', m.team, m.feature);
    const sa = new ServiceAccount(this, 'ServiceAccount', {
      project: props.project,
      accountId,
      displayName: `Evaluation probe ${m.team}/${m.feature}`,
      description: 'Runs the feature\'s golden set on its key: reads that key, calls the gateway, writes its figures.',
    });
    this.serviceAccountEmail = sa.email;
    const secretName = props.keySecretId.split('/').pop()!;
    new SecretManagerSecretIamMember(this, 'ReadKey', { project: props.project, secretId: secretName, role: 'roles/secretmanager.secretAccessor', member: sa.member });
    new CloudRunV2ServiceIamMember(this, 'GatewayInvoker', { project: props.project, location: props.region, name: props.gatewayServiceName, role: 'roles/run.invoker', member: sa.member });
    new ProjectIamMember(this, 'WriteMetrics', { project: props.project, role: 'roles/telemetry.metricsWriter', member: sa.member });
    const objects = `projects/_/buckets/${shared.bucketName}/objects/`;
    new StorageBucketIamMember(this, 'ReadFiles', {
      bucket: shared.bucketName,
      role: 'roles/storage.objectViewer',
      member: sa.member,
      condition: {
        title: `eval-${m.feature}`.slice(0, 100),
        description: 'The probe code and this feature\'s manifest and golden set only (listing names in the bucket is allowed)',
        expression: `resource.type == "storage.googleapis.com/Bucket" || resource.name.startsWith("${objects}probe/") || resource.name.startsWith("${objects}features/${m.feature}/")`,
      },
    });

    const jobName = makeName(NameTarget.CLOUD_RUN_SERVICE, 'eval', m.team, m.feature);
    this.jobName = jobName;
    const job = new CloudRunV2Job(this, 'Job', {
      project: props.project,
      location: props.region,
      name: jobName,
      deletionProtection: false,
      template: {
        taskCount: 1,
        parallelism: 1,
        template: {
          serviceAccount: sa.email,
          executionEnvironment: 'EXECUTION_ENVIRONMENT_GEN2',
          // The next scheduled run is the retry: a rerun would publish a second sample for the same interval.
          maxRetries: 0,
          timeout: `${probeRunBudgetSeconds(m)}s`,
          vpcAccess: { networkInterfaces: [{ network: props.network, subnetwork: props.subnetwork }], egress: 'ALL_TRAFFIC' },
          volumes: [{ name: 'eval', gcs: { bucket: shared.bucketName, readOnly: true } }],
          containers: [{
            name: 'probe',
            image: props.image,
            command: ['node', `${GCP_PROBE_MOUNT}/probe/${EVAL_PROBE_CONTAINER_ENTRY}`],
            env: [
              { name: EvalProbeEnv.GATEWAY_URL, value: props.gatewayUrl },
              { name: EvalProbeEnv.GATEWAY_ID_TOKEN_AUDIENCE, value: props.gatewayUrl },
              { name: EvalProbeEnv.API_KEY, valueSource: { secretKeyRef: { secret: props.keySecretId, version: 'latest' } } },
              { name: EvalProbeEnv.EVAL_MANIFEST_FILE, value: `${GCP_PROBE_MOUNT}/${files.manifest}` },
              { name: EvalProbeEnv.EVAL_DATASET_FILE, value: `${GCP_PROBE_MOUNT}/${files.dataset}` },
              { name: EvalProbeEnv.EVAL_LOG_CONTENT, value: m.messageLogging ? 'true' : 'false' },
              { name: EvalProbeEnv.OTLP_METRICS_ENDPOINT, value: GCP_TELEMETRY_METRICS_ENDPOINT },
              { name: 'OTLP_METRICS_AUTH_TYPE', value: 'google' },
              // The prometheus_target resource of the series (project, location, namespace = team, job); one instance
              // per feature, so each run writes the same series.
              { name: 'OTEL_RESOURCE_ATTRIBUTES', value: `gcp.project_id=${props.project},location=${props.region},namespace=${m.team},service.name=llm-eval-probe,service.instance.id=${m.feature}` },
            ],
            resources: { limits: { cpu: '1', memory: '512Mi' } },
            volumeMounts: [{ name: 'eval', mountPath: GCP_PROBE_MOUNT }],
          }],
        },
      },
    });
    const invoker = new CloudRunV2JobIamMember(this, 'SchedulerInvoker', { project: props.project, location: props.region, name: job.name, role: 'roles/run.invoker', member: shared.schedulerMember });
    new CloudSchedulerJob(this, 'Schedule', {
      project: props.project,
      region: props.region,
      name: makeName(NameTarget.GCP_RESOURCE, 'eval', m.team, m.feature),
      description: `Evaluation probe of ${m.team}/${m.feature}: ${m.schedule.description}`,
      schedule: m.schedule.unixCron,
      timeZone: m.schedule.timeZone,
      attemptDeadline: '320s',
      // Starting the job is retried once; the run itself is not (maxRetries 0).
      retryConfig: { retryCount: 1 },
      httpTarget: {
        httpMethod: 'POST',
        // Cloud Run Admin API v2 jobs.run.
        uri: `https://run.googleapis.com/v2/projects/${props.project}/locations/${props.region}/jobs/${jobName}:run`,
        oauthToken: { serviceAccountEmail: shared.schedulerEmail, scope: 'https://www.googleapis.com/auth/cloud-platform' },
      },
      dependsOn: [invoker],
    });
  }
}
