import type { CloudRunV2Job, CloudRunV2JobTemplateTemplateContainers, CloudRunV2JobTemplateTemplateContainersEnv } from '@cdktf/provider-google/lib/cloud-run-v2-job';
import type {
  CloudRunV2Service,
  CloudRunV2ServiceTemplateContainers,
  CloudRunV2ServiceTemplateContainersEnv,
  CloudRunV2ServiceTemplateVolumes,
  CloudRunV2ServiceTraffic,
} from '@cdktf/provider-google/lib/cloud-run-v2-service';
import type { ServiceAccount } from '@cdktf/provider-google/lib/service-account';
import { Construct, type IConstruct } from 'constructs';
import { z } from 'zod';
import {
  NameTarget,
  ProblemCollector,
  SecretRef,
  SecretStore,
  gcpLabels,
  isGcpRegion,
  issuesToProblems,
  makeName,
  schemaFor,
  stableHash,
  tokenOr,
  withFix,
  type ValidationProblem,
} from '../../core';
import {
  DefaultTokenResolver, Fn, Lazy, Op, StringConcat, TerraformIterator, Tokenization, type ITerraformDependable, type Precondition,
} from '../../core/cdktf';
import { isUnresolved } from '../../core/tokens';
import { EDGE_PROXY_COMMAND, EDGE_PROXY_CONFIG_DIR, EDGE_PROXY_HEALTH_PATH, EDGE_PROXY_IMAGE, EDGE_PROXY_PORT, renderEdgeProxyConfig } from '../edge-proxy';
import { GatewayPeerKind, type GatewayPeer } from '../peer';
import type { GatewayRuntimeBinding, GatewayRuntimeContext, GatewaySidecar, IGatewayRuntime } from '../runtime-contract';
import { PYTHON } from './ecs/containers';
import {
  CloudRunDatabase,
  CloudRunImageSource,
  CloudRunIngress,
  CloudRunIngressKind,
  CloudRunRedis,
  CloudRunTraffic,
  CloudRunVpcEgress,
  CloudSqlAvailability,
  MemorystoreTier,
  type CloudRunPublicLoadBalancerOptions,
} from './gcp/cloud-run-options';
import { CLOUD_SQL_DEFAULTS } from './gcp/cloud-sql-defaults';
import {
  CLOUD_SQL_PROXY_CONTAINER,
  CLOUD_SQL_PROXY_HEALTH_PORT,
  CLOUD_SQL_PROXY_IMAGE,
  CLOUD_SQL_PROXY_LIVENESS_PATH,
  CLOUD_SQL_PROXY_STARTUP_PATH,
  cloudSqlProxyArgs,
  migrationsCommandThroughProxy,
} from './gcp/cloud-sql-proxy';
import type { GcpSecretDefaults } from './gcp/secret-manager';

export * from './gcp/cloud-run-options';

/** Props of `GatewayRuntime.cloudRun()`. */
export interface CloudRunRuntimeProps {
  /** Project of the service and everything it creates. */
  readonly project: string;
  /** Region of the service, Cloud SQL, Memorystore, secrets and the image repository, e.g. `europe-west1`. */
  readonly region: string;
  /**
   * VPC network (id or self link). It must have private services access (a
   * `google_service_networking_connection`) for Cloud SQL's private IP and Memorystore.
   */
  readonly network: string;
  /** Subnetwork in `region` the service egresses from (Direct VPC egress). */
  readonly subnetwork: string;
  /** Instances that always run (≥ 1; more than one is coordinated through Redis). @default 2 */
  readonly minInstances?: number;
  /** Autoscaling ceiling; sizes LiteLLM's database pool. @default 10 */
  readonly maxInstances?: number;
  /**
   * Concurrent requests per instance. Cloud Run scales on concurrency and CPU only (no tokens-per-minute
   * input); LiteLLM is async, so requests mostly wait on the model.
   * @default 80
   */
  readonly concurrency?: number;
  /** vCPUs per instance (1, 2, 4, 6 or 8). @default 2 */
  readonly cpu?: number;
  /** Memory per instance in MiB. @default 4096 */
  readonly memoryMiB?: number;
  /** Uvicorn workers per instance (`--num_workers`; LiteLLM recommends one and scaling out). @default 1 */
  readonly workersPerInstance?: number;
  /** Request timeout (streaming responses included), 1-3600. @default 600 */
  readonly requestTimeoutSeconds?: number;
  /** How callers reach the gateway. @default CloudRunIngress.internal() */
  readonly ingress?: CloudRunIngress;
  /** Which egress goes through the VPC. @default CloudRunVpcEgress.PRIVATE_RANGES_ONLY */
  readonly vpcEgress?: CloudRunVpcEgress;
  /** Redis for cross-instance limits, budgets and cooldowns. @default CloudRunRedis.memorystore() */
  readonly redis?: CloudRunRedis;
  /** PostgreSQL for keys, teams and spend. @default CloudRunDatabase.cloudSql() */
  readonly database?: CloudRunDatabase;
  /** Where the image is pulled from. @default CloudRunImageSource.ghcrRemoteRepository() */
  readonly imageSource?: CloudRunImageSource;
  /** Traffic split between revisions. @default CloudRunTraffic.latest() */
  readonly traffic?: CloudRunTraffic;
  /** Deletion protection on the service, job, database, generated secrets (and `prevent_destroy` on the salt key). @default true */
  readonly deletionProtection?: boolean;
  /**
   * Cloud KMS key (`projects/p/locations/l/keyRings/r/cryptoKeys/k`, same region) for CMEK on the
   * service, job, Cloud SQL, Memorystore, secrets and image repository. The services' agents need
   * `roles/cloudkms.cryptoKeyEncrypterDecrypter` on it.
   * @default - Google-managed encryption
   */
  readonly kmsKeyName?: string;
  /** Bump to rotate the generated master key (a new secret version and revision). @default 1 */
  readonly masterKeyVersion?: number;
  /** Arguments of the migrations job's LiteLLM container. @default ['--skip_server_startup'] */
  readonly migrationArgs?: ReadonlyArray<string>;
}

/** The resolved defaults, for documentation and tests. */
export const CLOUD_RUN_DEFAULTS = {
  minInstances: 2,
  maxInstances: 10,
  concurrency: 80,
  cpu: 2,
  memoryMiB: 4096,
  workersPerInstance: 1,
  requestTimeoutSeconds: 600,
  vpcEgress: CloudRunVpcEgress.PRIVATE_RANGES_ONLY,
  deletionProtection: true,
  masterKeyVersion: 1,
  migrationArgs: ['--skip_server_startup'] as ReadonlyArray<string>,
} as const;

const CONFIG_DIR = '/etc/litellm/config';
const CONFIG_FILE = 'config.yaml';
const REDIS_CA_DIR = '/etc/litellm/redis-ca';
const REDIS_CA_FILE = 'ca.pem';
/** Secret Manager's payload limit (64 KiB). */
const MAX_CONFIG_BYTES = 65536;
const GATEWAY_CONTAINER = 'litellm';
const EDGE_CONTAINER = 'edge';
/** Health endpoints: litellm.md §7 (readiness checks DB + cache; never `/health`, which calls models). */
const READINESS_PATH = '/health/readiness';
const LIVENESS_PATH = '/health/liveliness';
/** Enough for one predict call on publisher models (Gemini, Claude on Vertex): `generateContent`, `rawPredict`, `countTokens`. */
const VERTEX_PERMISSIONS = ['aiplatform.endpoints.predict'];
/** Names the runtime sets itself; the gateway must not set them too. Cloud Run reserves `PORT` and `K_*`. */
const RUNTIME_ENV = ['DATABASE_URL', 'LITELLM_CONFIG_SHA256', 'LITELLM_MASTER_KEY', 'LITELLM_SALT_KEY', 'PORT', 'REDIS_HOST', 'REDIS_PASSWORD', 'REDIS_PORT', 'REDIS_SSL', 'REDIS_SSL_CA_CERTS'];
/** vCPU → memory range (MiB) Cloud Run accepts (cloud.google.com/run/docs/configuring/services/cpu, /memory-limits). */
const CPU_MEMORY: Readonly<Record<number, readonly [number, number]>> = {
  1: [512, 4096],
  2: [512, 8192],
  4: [2048, 16384],
  6: [4096, 24576],
  8: [4096, 32768],
};

const int = (min: number, max: number, what: string) =>
  z.number().int(withFix('must be a whole number', `pass an integer ${what}`)).min(min, withFix(`must be at least ${min}`, `pass ${min}-${max}`)).max(max, withFix(`must be at most ${max}`, `pass ${min}-${max}`));

/** An instance of a strategy class (their constructors are private, so `z.instanceof` cannot take them). */
const strategy = <T>(cls: { prototype: T }, options: { message: string }) =>
  z.custom<T>((v) => v instanceof (cls as unknown as new () => T), options);

const nonEmpty = z.string().min(1, withFix('must not be empty', 'pass a value'));

const propsSchema = schemaFor<CloudRunRuntimeProps>()(z.strictObject({
  project: tokenOr(z.string().regex(/^[a-z][a-z0-9-]{4,28}[a-z0-9]$/, withFix('is not a project id', 'pass the project id (6-30 lowercase letters, digits, hyphens), not its name or number'))),
  region: tokenOr(z.string().refine((r) => isGcpRegion(r) && r !== 'global', withFix('is not a GCP region', "pass a region such as 'europe-west1'"))),
  network: nonEmpty,
  subnetwork: nonEmpty,
  minInstances: int(1, 1000, 'of at least 1 (a cold gateway fails its first requests; LiteLLM background jobs need a live instance)').optional(),
  maxInstances: int(1, 1000, 'between 1 and 1000').optional(),
  concurrency: int(1, 1000, 'between 1 and 1000').optional(),
  cpu: z.union([z.literal(1), z.literal(2), z.literal(4), z.literal(6), z.literal(8)], { message: withFix('is not a Cloud Run CPU size', 'pass 1, 2, 4, 6 or 8') }).optional(),
  memoryMiB: int(512, 32768, 'of MiB between 512 and 32768').optional(),
  workersPerInstance: int(1, 16, 'between 1 and 16').optional(),
  requestTimeoutSeconds: int(1, 3600, 'between 1 and 3600').optional(),
  ingress: strategy(CloudRunIngress, { message: withFix('must be a CloudRunIngress', 'use CloudRunIngress.internal(), .internalLoadBalancer({...}) or .publicLoadBalancer({...})') }).optional(),
  vpcEgress: z.enum(CloudRunVpcEgress, { message: withFix('is not a CloudRunVpcEgress', 'use CloudRunVpcEgress.PRIVATE_RANGES_ONLY or ALL_TRAFFIC') }).optional(),
  redis: strategy(CloudRunRedis, { message: withFix('must be a CloudRunRedis', 'use CloudRunRedis.memorystore() or CloudRunRedis.existing({...})') }).optional(),
  database: strategy(CloudRunDatabase, { message: withFix('must be a CloudRunDatabase', 'use CloudRunDatabase.cloudSql() or CloudRunDatabase.existing({...})') }).optional(),
  imageSource: strategy(CloudRunImageSource, { message: withFix('must be a CloudRunImageSource', 'use CloudRunImageSource.ghcrRemoteRepository() or .mirrored(image)') }).optional(),
  traffic: strategy(CloudRunTraffic, { message: withFix('must be a CloudRunTraffic', 'use CloudRunTraffic.latest() or .canary({...})') }).optional(),
  deletionProtection: z.boolean().optional(),
  kmsKeyName: tokenOr(z.string().regex(/^projects\/[^/]+\/locations\/[^/]+\/keyRings\/[^/]+\/cryptoKeys\/[^/]+$/, withFix('is not a Cloud KMS key name', 'pass projects/<p>/locations/<region>/keyRings/<ring>/cryptoKeys/<key>'))).optional(),
  masterKeyVersion: int(1, 1_000_000, 'of at least 1').optional(),
  migrationArgs: z.array(z.string()).min(1, withFix('must not be empty', 'pass the LiteLLM arguments that run migrations and exit, e.g. --skip_server_startup')).optional(),
}));

const TAG = /^[a-z](?:[a-z0-9-]{0,18}[a-z0-9])?$/;
const REVISION = /^[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/**
 * The resources of one Cloud Run gateway: `gateway.node.findChild('CloudRun')`. Created by `CloudRunRuntime.bind`.
 */
export class CloudRunGateway extends Construct {
  /** @internal */
  public _unscheduledRotations: ReadonlyArray<UnscheduledRotation> = [];

  /** See `CloudRunRuntime.unscheduledRotations`. */
  public get unscheduledRotations(): ReadonlyArray<UnscheduledRotation> {
    return this._unscheduledRotations;
  }
}

/** A secret the runtime created without a rotation schedule, and why (see `CloudRunRuntime.unscheduledRotations`). */
export interface UnscheduledRotation {
  readonly secret: IConstruct;
  readonly reason: string;
}

/** Why each secret the runtime creates has no Secret Manager rotation schedule. */
export const CLOUD_RUN_ROTATION_REASONS = {
  masterKey: 'LiteLLM master key: rotated by Terraform (bump masterKeyVersion: a new write-only version and a new revision that pins it); a Secret Manager rotation notification has no consumer that could roll the service',
  saltKey: 'LiteLLM salt key: encrypts the provider credentials stored in the database; a new value makes them undecryptable, so it is never rotated',
  databaseUrl: 'Gateway database password: rotated by Terraform (bump database.passwordVersion: the Cloud SQL user and this URL get one new value in the same apply); connections also need a proxy client certificate issued to an IAM identity',
  redisAuth: 'Copy of the AUTH string Memorystore generates and holds itself; it changes only when Memorystore\'s does, so there is nothing to rotate here',
  redisCa: 'Not a credential: the Memorystore server CA certificate (public), in Secret Manager only because Cloud Run mounts files from there',
  config: 'Not a credential: the rendered LiteLLM config (only os.environ/ references), in Secret Manager only because Cloud Run mounts files from there',
  edgeConfig: 'Not a credential: the edge\'s nginx.conf, in Secret Manager only because Cloud Run mounts files from there',
} as const;

/** One environment variable of a Cloud Run container: a plain value or a pinned secret reference. */
interface EnvVar {
  readonly name: string;
  readonly value?: string;
  readonly secret?: { readonly secret: string; readonly version: string };
}

/**
 * LiteLLM on Cloud Run (v2): private ingress, a dedicated service account, Secret Manager secrets by
 * reference, Direct VPC egress to Memorystore and Cloud SQL, an Artifact Registry remote repository
 * for ghcr.io, a migrations job and tagged revisions for canaries. Use `GatewayRuntime.cloudRun()`.
 */
export class CloudRunRuntime implements IGatewayRuntime {
  public readonly kind = 'cloud-run';
  public readonly providesRedis = true;

  private readonly props: CloudRunRuntimeProps;
  private bound?: {
    readonly scope: Construct;
    readonly service: CloudRunV2Service;
    readonly adminService: CloudRunV2Service;
    readonly serviceAccount: ServiceAccount;
    readonly job: CloudRunV2Job;
    readonly unscheduledRotations: ReadonlyArray<UnscheduledRotation>;
  };

  constructor(props: CloudRunRuntimeProps) {
    this.props = props;
  }

  public get minReplicas(): number {
    return this.props.minInstances ?? CLOUD_RUN_DEFAULTS.minInstances;
  }

  public get maxReplicas(): number {
    return this.props.maxInstances ?? CLOUD_RUN_DEFAULTS.maxInstances;
  }

  public get workersPerReplica(): number {
    return this.props.workersPerInstance ?? CLOUD_RUN_DEFAULTS.workersPerInstance;
  }

  public get databaseMaxConnections(): number | undefined {
    const db = this.props.database;
    if (db?._existing) return db._existing.maxConnections;
    return db?._cloudSql?.maxConnections ?? CLOUD_SQL_DEFAULTS.maxConnections;
  }

  /** The Cloud Run service (after the gateway is built). */
  public get service(): CloudRunV2Service {
    return this.requireBound().service;
  }

  /** The gateway's dedicated service account (after the gateway is built). */
  public get serviceAccount(): ServiceAccount {
    return this.requireBound().serviceAccount;
  }

  /**
   * The Secret Manager secrets the runtime created that carry no rotation schedule, each with the reason (after the
   * gateway is built). Secret Manager's `rotation` only publishes a Pub/Sub notification: these are either not
   * credentials (files Cloud Run can mount only from Secret Manager), rotated by Terraform through a version
   * number (`masterKeyVersion`, `database.passwordVersion`), copied from Memorystore, or never rotated (the salt
   * key). A policy rule cannot see that; record the decision in your app (the library never suppresses its own
   * findings): `const run = gateway.node.findChild('CloudRun') as CloudRunGateway;`
   * `for (const r of run.unscheduledRotations) PolicyBundle.suppress(r.secret, 'LLM-GSM-3', r.reason)`.
   */
  public get unscheduledRotations(): ReadonlyArray<UnscheduledRotation> {
    return this.requireBound().unscheduledRotations;
  }

  /** The Cloud Run job that runs LiteLLM's database migrations (after the gateway is built). */
  public get migrationJob(): CloudRunV2Job {
    return this.requireBound().job;
  }

  /**
   * The command a pipeline runs to apply migrations and wait for them: Terraform creates the job but
   * cannot execute it (the GA Google provider has no `run_execution_token`).
   */
  public get migrationCommand(): string {
    const job = this.migrationJob;
    // The configured name, not the attribute: a command to print, not a Terraform reference.
    return `gcloud run jobs execute ${job.nameInput} --region ${this.props.region} --project ${this.props.project} --wait`;
  }

  public validate(): ReadonlyArray<ValidationProblem> {
    const p = new ProblemCollector();
    const parsed = propsSchema.safeParse(this.props);
    if (!parsed.success) p.addAll(issuesToProblems(parsed.error.issues, this.props, 'runtime'));
    const props = this.props;

    const min = props.minInstances ?? CLOUD_RUN_DEFAULTS.minInstances;
    const max = props.maxInstances ?? CLOUD_RUN_DEFAULTS.maxInstances;
    if (Number.isInteger(min) && Number.isInteger(max) && max < min) {
      p.add('runtime.maxInstances', max, `is below minInstances (${min})`, `pass maxInstances >= ${min}`);
    }
    const cpu = props.cpu ?? CLOUD_RUN_DEFAULTS.cpu;
    const memory = props.memoryMiB ?? CLOUD_RUN_DEFAULTS.memoryMiB;
    const range = CPU_MEMORY[cpu];
    if (range && Number.isInteger(memory) && (memory < range[0] || memory > range[1])) {
      p.add('runtime.memoryMiB', memory, `is outside what Cloud Run allows with ${cpu} vCPU (${range[0]}-${range[1]} MiB)`, `pass ${range[0]}-${range[1]} MiB or change cpu`);
    }

    this.validateIngress(p);
    this.validateRedis(p);
    this.validateDatabase(p);
    this.validateTraffic(p);
    const mirrored = props.imageSource?._mirroredImage;
    if (mirrored !== undefined) checkImage(p, 'runtime.imageSource', mirrored, false);
    return p.problems;
  }

  public bind(context: GatewayRuntimeContext): GatewayRuntimeBinding {
    if (this.bound) throw new Error('A CloudRunRuntime can be bound to one gateway only; create one runtime per gateway.');
    const problems = new ProblemCollector().addAll(this.validate());
    this.checkContext(context, problems);
    problems.throwIfAny(context.scope);

    const {
      ArtifactRegistryRepository, CloudRunV2Job, CloudRunV2Service, GatewayLoadBalancer, GeneratedSecret, ProjectIamCustomRole, ProjectIamMember,
      SecretManagerSecretIamMember, SecretManagerSecretVersion, ServiceAccount, cloudRunV2ServiceTemplateContainersToTerraform, createCloudSql,
      createMemorystore, createSecret, grantCloudSqlClient, randomHexExpression,
    } = resources();
    const props = this.props;
    const { project, region, network, subnetwork } = props;
    const baseName = context.baseName;
    const deletionProtection = props.deletionProtection ?? CLOUD_RUN_DEFAULTS.deletionProtection;
    const labels = gcpLabels(context.tags);
    const scope = new CloudRunGateway(context.scope, 'CloudRun');
    const secretDefaults: GcpSecretDefaults = { project, region, labels, kmsKeyName: props.kmsKeyName, deletionProtection };

    // Identity: a dedicated account per workload, never the default compute service account.
    const serviceAccount = new ServiceAccount(scope, 'ServiceAccount', {
      project,
      accountId: makeName(NameTarget.GCP_SERVICE_ACCOUNT, baseName, 'run'),
      displayName: `${baseName} LiteLLM gateway (Cloud Run)`,
      description: 'Runs the LiteLLM gateway: reads its own secrets and calls the configured Vertex AI models.',
    });
    const migrationsAccount = new ServiceAccount(scope, 'MigrationsServiceAccount', {
      project,
      accountId: makeName(NameTarget.GCP_SERVICE_ACCOUNT, baseName, 'migrate'),
      displayName: `${baseName} LiteLLM migrations (Cloud Run job)`,
      description: 'Runs LiteLLM database migrations: reads the DATABASE_URL secret only.',
    });

    // Generated keys: values made at apply time, written write-only (see secret-manager.ts).
    const masterKey = new GeneratedSecret(scope, 'MasterKey', {
      ...secretDefaults,
      secretId: makeName(NameTarget.GCP_RESOURCE, baseName, 'master-key'),
      value: randomHexExpression('sk-'),
      valueVersion: props.masterKeyVersion ?? CLOUD_RUN_DEFAULTS.masterKeyVersion,
    });
    // LITELLM_SALT_KEY encrypts provider credentials stored in the DB: it must never change.
    const saltKey = new GeneratedSecret(scope, 'SaltKey', {
      ...secretDefaults,
      secretId: makeName(NameTarget.GCP_RESOURCE, baseName, 'salt-key'),
      value: randomHexExpression(),
      valueVersion: 1,
      immutable: true,
    });
    const unscheduledRotations: UnscheduledRotation[] = [
      { secret: masterKey.secret, reason: CLOUD_RUN_ROTATION_REASONS.masterKey },
      { secret: saltKey.secret, reason: CLOUD_RUN_ROTATION_REASONS.saltKey },
    ];

    // Database. The created Cloud SQL instance is reached through a Cloud SQL Auth Proxy sidecar in every workload
    // that connects (see gcp/cloud-sql-proxy.ts); each of their identities may connect to that instance only.
    let databaseUrl: { secret: string; version: string; iamSecretId: string; iamProject?: string };
    let sqlConnectionName: string | undefined;
    const sqlClientGrants: ITerraformDependable[] = [];
    const dbOptions = props.database ?? CloudRunDatabase.cloudSql();
    if (dbOptions._existing) {
      databaseUrl = userSecret(dbOptions._existing.databaseUrl, project);
    } else {
      const sql = createCloudSql(scope, { baseName, network, options: dbOptions._cloudSql ?? {}, secretDefaults });
      databaseUrl = { ...sql.url.ref, iamSecretId: sql.url.secret.id };
      unscheduledRotations.push({ secret: sql.url.secret, reason: CLOUD_RUN_ROTATION_REASONS.databaseUrl });
      sqlConnectionName = sql.connectionName;
      sqlClientGrants.push(
        grantCloudSqlClient(scope, 'DatabaseClient', { project, instance: sql.instance, member: serviceAccount.member }),
        grantCloudSqlClient(scope, 'MigrationsDatabaseClient', { project, instance: sql.instance, member: migrationsAccount.member }),
      );
    }

    // Redis.
    const redisOptions = props.redis ?? CloudRunRedis.memorystore();
    const redisEnv: EnvVar[] = [];
    const volumes: CloudRunV2ServiceTemplateVolumes[] = [];
    const mounts: Array<{ name: string; mountPath: string }> = [];
    const gatewayReads: Array<{ id: string; secretId: string; project?: string }> = [
      { id: 'MasterKeyAccess', secretId: masterKey.secret.id },
      { id: 'SaltKeyAccess', secretId: saltKey.secret.id },
      { id: 'DatabaseUrlAccess', secretId: databaseUrl.iamSecretId, project: databaseUrl.iamProject },
    ];
    let redisPassword: { secret: string; version: string };
    if (redisOptions._existing) {
      const e = redisOptions._existing;
      const pw = userSecret(e.password, project);
      redisPassword = pw;
      gatewayReads.push({ id: 'RedisAuthAccess', secretId: pw.iamSecretId, project: pw.iamProject });
      redisEnv.push({ name: 'REDIS_HOST', value: e.host }, { name: 'REDIS_PORT', value: String(e.port ?? 6379) }, { name: 'REDIS_SSL', value: e.tls ?? true ? 'True' : 'False' });
      if (e.caCertificate) {
        const ca = userSecret(e.caCertificate, project);
        gatewayReads.push({ id: 'RedisCaAccess', secretId: ca.iamSecretId, project: ca.iamProject });
        volumes.push({ name: 'redis-ca', secret: { secret: ca.secret, items: [{ path: REDIS_CA_FILE, version: ca.version }] } });
        mounts.push({ name: 'redis-ca', mountPath: REDIS_CA_DIR });
        redisEnv.push({ name: 'REDIS_SSL_CA_CERTS', value: `${REDIS_CA_DIR}/${REDIS_CA_FILE}` });
      }
    } else {
      const redis = createMemorystore(scope, { baseName, network, options: redisOptions._memorystore ?? {}, secretDefaults });
      unscheduledRotations.push(
        { secret: redis.password.secret, reason: CLOUD_RUN_ROTATION_REASONS.redisAuth },
        { secret: redis.caSecret, reason: CLOUD_RUN_ROTATION_REASONS.redisCa },
      );
      redisPassword = redis.password.ref;
      gatewayReads.push({ id: 'RedisAuthAccess', secretId: redis.password.secret.id }, { id: 'RedisCaAccess', secretId: redis.caSecret.id });
      volumes.push({ name: 'redis-ca', secret: { secret: redis.caSecret.secretId, items: [{ path: REDIS_CA_FILE, version: redis.caVersion.version }] } });
      mounts.push({ name: 'redis-ca', mountPath: REDIS_CA_DIR });
      redisEnv.push(
        { name: 'REDIS_HOST', value: redis.host },
        { name: 'REDIS_PORT', value: redis.port },
        { name: 'REDIS_SSL', value: 'True' },
        { name: 'REDIS_SSL_CA_CERTS', value: `${REDIS_CA_DIR}/${REDIS_CA_FILE}` },
      );
    }

    // Config: the rendered YAML as a Secret Manager secret mounted as a file. It holds no secret values
    // (only `os.environ/NAME` references), so the plain `secret_data` keeps config diffs visible in plans.
    // Old versions are abandoned, not destroyed: a pinned stable revision (canary) keeps reading its own.
    const configSecret = createSecret(scope, 'Config', makeName(NameTarget.GCP_RESOURCE, baseName, 'config'), secretDefaults);
    unscheduledRotations.push({ secret: configSecret, reason: CLOUD_RUN_ROTATION_REASONS.config });
    const configVersion = new SecretManagerSecretVersion(scope, 'ConfigVersion', {
      secret: configSecret.id,
      secretData: Lazy.stringValue({ produce: () => checkedConfig(context) }),
      deletionPolicy: 'ABANDON',
      lifecycle: { createBeforeDestroy: true },
    });
    gatewayReads.push({ id: 'ConfigAccess', secretId: configSecret.id });
    // prometheus_client needs PROMETHEUS_MULTIPROC_DIR to exist and be writable: an in-memory volume
    // creates it (it counts against the instance's memory; the metric files are small).
    const multiprocDir = context.environment().PROMETHEUS_MULTIPROC_DIR;
    if (multiprocDir) {
      volumes.push({ name: 'prometheus-multiproc', emptyDir: { medium: 'MEMORY', sizeLimit: '64Mi' } });
      mounts.push({ name: 'prometheus-multiproc', mountPath: multiprocDir });
    }
    volumes.unshift({ name: 'litellm-config', secret: { secret: configSecret.secretId, items: [{ path: CONFIG_FILE, version: configVersion.version }] } });
    // The edge's nginx.conf, mounted the same way (Cloud Run mounts files only from Secret Manager); no secret in it.
    const edgeConfigSecret = createSecret(scope, 'EdgeConfig', makeName(NameTarget.GCP_RESOURCE, baseName, 'edge'), secretDefaults);
    unscheduledRotations.push({ secret: edgeConfigSecret, reason: CLOUD_RUN_ROTATION_REASONS.edgeConfig });
    const edgeConfigVersion = new SecretManagerSecretVersion(scope, 'EdgeConfigVersion', {
      secret: edgeConfigSecret.id,
      secretData: renderEdgeProxyConfig({ upstreamPort: context.containerPort, refuseRedactionOverride: !context.allowMessageLogging }),
      deletionPolicy: 'ABANDON',
      lifecycle: { createBeforeDestroy: true },
    });
    gatewayReads.push({ id: 'EdgeConfigAccess', secretId: edgeConfigSecret.id });
    mounts.unshift({ name: 'litellm-config', mountPath: CONFIG_DIR });

    // Images: Cloud Run cannot pull from ghcr.io.
    const source = props.imageSource ?? CloudRunImageSource.ghcrRemoteRepository();
    let repositoryPath: string | undefined;
    if (source._mirroredImage === undefined) {
      const repo = new ArtifactRegistryRepository(scope, 'ImageRepository', {
        project,
        location: region,
        repositoryId: makeName(NameTarget.GCP_RESOURCE, baseName, 'ghcr'),
        description: 'Remote repository proxying ghcr.io (LiteLLM images) for Cloud Run.',
        format: 'DOCKER',
        mode: 'REMOTE_REPOSITORY',
        kmsKeyName: props.kmsKeyName,
        labels: { ...labels },
        remoteRepositoryConfig: {
          description: 'ghcr.io',
          dockerRepository: { customRepository: { uri: 'https://ghcr.io' } },
        },
        vulnerabilityScanningConfig: { enablementConfig: 'INHERITED' },
      });
      repositoryPath = `${region}-docker.pkg.dev/${project}/${repo.repositoryId}`;
    }
    const resolveImage = (image: string): string => pullableImage(image, repositoryPath) ?? image;
    const gatewayImage = resolveImage(source._mirroredImage ?? context.image);

    // Secret access, on exactly the secrets each identity reads.
    const accessor = 'roles/secretmanager.secretAccessor';
    const grants = gatewayReads.map((g) => new SecretManagerSecretIamMember(scope, g.id, {
      project: g.project,
      secretId: g.secretId,
      role: accessor,
      member: serviceAccount.member,
    }));
    const granted = new Set(gatewayReads.map((g) => g.secretId));
    // Secrets of models and sidecars are known only at synth (after add* calls): one for_each.
    const contextSecrets = TerraformIterator.fromMap(lazyMap(() => this.contextSecretMap(context, granted)));
    const contextGrants = new SecretManagerSecretIamMember(scope, 'ContextSecretAccess', {
      forEach: contextSecrets,
      project: contextSecrets.getString('project'),
      secretId: contextSecrets.getString('secret'),
      role: accessor,
      member: serviceAccount.member,
    });
    const migrationGrant = new SecretManagerSecretIamMember(scope, 'MigrationsDatabaseUrlAccess', {
      project: databaseUrl.iamProject,
      secretId: databaseUrl.iamSecretId,
      role: accessor,
      member: migrationsAccount.member,
    });

    // Vertex AI: a custom role with the predict permission only, in each project the models use.
    const vertexProjects = TerraformIterator.fromMap(lazyMap(() => vertexProjectMap(context)));
    const roleId = `llmGatewayVertexPredict_${stableHash([baseName])}`;
    const vertexRole = new ProjectIamCustomRole(scope, 'VertexPredictRole', {
      forEach: vertexProjects,
      project: vertexProjects.getString('project'),
      roleId,
      title: `${baseName} LiteLLM Vertex AI predict`,
      description: 'Calls Vertex AI models (publisher models and endpoints); nothing else.',
      permissions: VERTEX_PERMISSIONS,
    });
    const vertexGrant = new ProjectIamMember(scope, 'VertexPredictAccess', {
      forEach: vertexProjects,
      project: vertexProjects.getString('project'),
      role: `projects/${vertexProjects.getString('project')}/roles/${roleId}`,
      member: serviceAccount.member,
      dependsOn: [vertexRole],
    });

    // The service.
    const secretEnv: EnvVar[] = [
      { name: 'DATABASE_URL', secret: { secret: databaseUrl.secret, version: databaseUrl.version } },
      { name: 'LITELLM_MASTER_KEY', secret: masterKey.ref },
      { name: 'LITELLM_SALT_KEY', secret: saltKey.ref },
      { name: 'REDIS_PASSWORD', secret: redisPassword },
    ];
    const ingress = props.ingress ?? CloudRunIngress.internal();
    const traffic = props.traffic ?? CloudRunTraffic.latest();
    const vpcAccess = {
      networkInterfaces: [{ network, subnetwork }],
      egress: props.vpcEgress ?? CLOUD_RUN_DEFAULTS.vpcEgress,
    };
    // Migrations: a one-off job per image (its name carries the image's hash, so a new image is a new job), with
    // the same image; the services never migrate (DISABLE_SCHEMA_UPDATE). Terraform cannot execute a job with the
    // GA provider; the services refuse to roll until this image's job has run (precondition below).
    const jobEnv: EnvVar[] = [
      { name: 'DATABASE_URL', secret: { secret: databaseUrl.secret, version: databaseUrl.version } },
      { name: 'DISABLE_SCHEMA_UPDATE', value: 'false' },
      { name: 'LITELLM_MODE', value: 'PRODUCTION' },
    ];
    const jobName = migrationJobName(baseName, source._mirroredImage ?? context.image);
    const migrationArgs = [...(props.migrationArgs ?? CLOUD_RUN_DEFAULTS.migrationArgs)];
    const job = new CloudRunV2Job(scope, 'Migrations', {
      project,
      location: region,
      name: jobName,
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
      dependsOn: [migrationGrant, ...sqlClientGrants],
    });
    const migrateCommand = `gcloud run jobs execute ${jobName} --region ${region} --project ${project} --wait`;
    const migrated = migrationPrecondition(job, migrateCommand);

    // The services: callers reach the edge (inference routes only) of `Service`; operators (allowAdminFrom)
    // reach LiteLLM directly on `AdminService`, which scales to zero between uses.
    const litellmContainer = (isIngress: boolean): CloudRunV2ServiceTemplateContainers => ({
      name: GATEWAY_CONTAINER,
      image: gatewayImage,
      // Workers come from the gateway's NUM_WORKERS (= workersPerInstance).
      args: ['--config', `${CONFIG_DIR}/${CONFIG_FILE}`, '--port', String(context.containerPort)],
      // Only the ingress container has a port; behind the edge, LiteLLM listens on localhost:4000 for it.
      ...(isIngress ? { ports: { name: 'http1', containerPort: context.containerPort } } : {}),
      resources: {
        limits: { cpu: String(props.cpu ?? CLOUD_RUN_DEFAULTS.cpu), memory: `${props.memoryMiB ?? CLOUD_RUN_DEFAULTS.memoryMiB}Mi` },
        // CPU stays allocated between requests: LiteLLM batches spend logs, runs health checks
        // and refreshes budgets in the background.
        cpuIdle: false,
        startupCpuBoost: true,
      },
      env: toServiceEnv(this.gatewayEnv(context, [...redisEnv, ...secretEnv])),
      volumeMounts: mounts,
      startupProbe: {
        httpGet: { path: READINESS_PATH, port: context.containerPort },
        initialDelaySeconds: 0,
        periodSeconds: 10,
        timeoutSeconds: 5,
        // 24 × 10 s = Cloud Run's 240 s startup ceiling (Prisma client start + DB connect).
        failureThreshold: 24,
      },
      livenessProbe: {
        httpGet: { path: LIVENESS_PATH, port: context.containerPort },
        periodSeconds: 30,
        timeoutSeconds: 5,
        failureThreshold: 3,
      },
      dependsOn: dependsOnContainers(context.sidecars(), sqlConnectionName !== undefined),
    });
    const edgeContainer: CloudRunV2ServiceTemplateContainers = {
      name: EDGE_CONTAINER,
      image: EDGE_PROXY_IMAGE,
      command: [...EDGE_PROXY_COMMAND],
      ports: { name: 'http1', containerPort: EDGE_PROXY_PORT },
      resources: { limits: { cpu: '1', memory: '256Mi' }, cpuIdle: false },
      volumeMounts: [{ name: 'edge-config', mountPath: EDGE_PROXY_CONFIG_DIR }, { name: 'edge-tmp', mountPath: '/tmp' }],
      startupProbe: { httpGet: { path: EDGE_PROXY_HEALTH_PATH, port: EDGE_PROXY_PORT }, periodSeconds: 2, timeoutSeconds: 1, failureThreshold: 30 },
      // Starts once LiteLLM answers its readiness probe, so the edge never serves 502s at startup.
      dependsOn: [GATEWAY_CONTAINER],
    };
    const edgeVolumes: CloudRunV2ServiceTemplateVolumes[] = [
      { name: 'edge-config', secret: { secret: edgeConfigSecret.secretId, items: [{ path: 'nginx.conf', version: edgeConfigVersion.version }] } },
      { name: 'edge-tmp', emptyDir: { medium: 'MEMORY', sizeLimit: '64Mi' } },
    ];
    const serviceOf = (id: string, admin: boolean): CloudRunV2Service => new CloudRunV2Service(scope, id, {
      project,
      location: region,
      name: makeName(NameTarget.CLOUD_RUN_SERVICE, baseName, ...(admin ? ['admin'] : [])),
      description: admin ? 'LiteLLM gateway: admin API (operators only)' : 'LiteLLM gateway',
      ingress: admin || ingress.kind === CloudRunIngressKind.INTERNAL ? 'INGRESS_TRAFFIC_INTERNAL_ONLY' : 'INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER',
      // IAM stays on: callers need roles/run.invoker, granted one by one through allowFrom() / allowAdminFrom().
      invokerIamDisabled: false,
      deletionProtection,
      labels: { ...labels },
      template: {
        serviceAccount: serviceAccount.email,
        executionEnvironment: 'EXECUTION_ENVIRONMENT_GEN2',
        maxInstanceRequestConcurrency: props.concurrency ?? CLOUD_RUN_DEFAULTS.concurrency,
        timeout: `${props.requestTimeoutSeconds ?? CLOUD_RUN_DEFAULTS.requestTimeoutSeconds}s`,
        scaling: admin ? { minInstanceCount: 0, maxInstanceCount: 2 } : { minInstanceCount: this.minReplicas, maxInstanceCount: this.maxReplicas },
        encryptionKey: props.kmsKeyName,
        labels: { ...labels },
        vpcAccess,
        volumes: admin ? volumes : [...volumes, ...edgeVolumes],
        containers: Lazy.anyValue({
          produce: () => {
            const proxy = sqlConnectionName !== undefined ? [cloudSqlProxyContainer(sqlConnectionName, false)] : [];
            const containers: CloudRunV2ServiceTemplateContainers[] = admin
              ? [litellmContainer(true), ...this.sidecarContainers(context, resolveImage), ...proxy]
              : [litellmContainer(false), edgeContainer, ...this.sidecarContainers(context, resolveImage), ...proxy];
            return containers.map(cloudRunV2ServiceTemplateContainersToTerraform);
          },
        }),
      },
      traffic: admin ? undefined : trafficTargets(traffic),
      lifecycle: { precondition: [migrated] },
      dependsOn: [...grants, ...sqlClientGrants, contextGrants, vertexGrant, job],
    });
    const service = serviceOf('Service', false);
    const adminService = serviceOf('AdminService', true);

    // Ingress.
    let endpoint = service.uri;
    const lbProps = { project, region, network, subnetwork, baseName, serviceName: service.name, labels };
    if (ingress.kind === CloudRunIngressKind.INTERNAL_LOAD_BALANCER) {
      endpoint = GatewayLoadBalancer.internal(scope, 'LoadBalancer', lbProps, ingress._options!).endpoint;
    } else if (ingress.kind === CloudRunIngressKind.PUBLIC_LOAD_BALANCER) {
      endpoint = GatewayLoadBalancer.public(scope, 'LoadBalancer', lbProps, ingress._options as CloudRunPublicLoadBalancerOptions).endpoint;
    }

    this.bound = { scope, service, adminService, serviceAccount, job, unscheduledRotations };
    scope._unscheduledRotations = unscheduledRotations;
    return {
      endpoint,
      adminEndpoint: adminService.uri,
      allowFrom: (peer: GatewayPeer) => this.allowFrom(peer, service, 'allowFrom', 'Invoker'),
      allowAdminFrom: (peer: GatewayPeer) => this.allowFrom(peer, adminService, 'allowAdminFrom', 'AdminInvoker'),
      // Management jobs call the admin service (IAM-authenticated: run.invoker granted with allowAdminFrom, the ID
      // token in X-Serverless-Authorization so Authorization carries the LiteLLM master key).
      management: {
        adminUrl: adminService.uri,
        masterKey: SecretRef.gcpSecretManager(masterKey.secret.id, masterKey.version.version),
        saltKey: SecretRef.gcpSecretManager(saltKey.secret.id, saltKey.version.version),
        gcp: { project, region, network, subnetwork, serviceName: service.name, masterKeySecretId: masterKey.secret.id },
      },
    };
  }

  /**
   * Grants `roles/run.invoker` on `service`. Callers then send their Google ID token (audience: the service URL)
   * in `X-Serverless-Authorization` and the LiteLLM key in `Authorization: Bearer sk-...`; Cloud Run checks the
   * first and passes the second through (see the README's Cloud Run section for a client).
   */
  private allowFrom(peer: GatewayPeer, service: CloudRunV2Service, method: string, prefix: string): void {
    const { scope } = this.requireBound();
    if (peer.kind !== GatewayPeerKind.GCP_PRINCIPAL) {
      new ProblemCollector()
        .add(`${method}(peer)`, peer.toString(), `is a ${peer.kind} peer; Cloud Run admits callers by IAM`, "grant a Google principal: GatewayPeer.gcpPrincipal('serviceAccount:app@project.iam.gserviceaccount.com')")
        .throwIfAny(scope.node.scope);
    }
    const { CloudRunV2ServiceIamMember } = resources();
    // A literal principal hashes as given; a reference (e.g. a service account's `member`) as the Terraform
    // expression it resolves to, never as a token placeholder, whose number depends on what was built before.
    const key = isUnresolved(peer.value) ? terraformExpressionOf(scope, peer.value) : peer.value;
    const id = `${prefix}${stableHash([key])}`;
    if (scope.node.tryFindChild(id)) return;
    new CloudRunV2ServiceIamMember(scope, id, {
      project: this.props.project,
      location: this.props.region,
      name: service.name,
      role: 'roles/run.invoker',
      member: peer.value,
    });
  }

  private requireBound(): NonNullable<CloudRunRuntime['bound']> {
    if (!this.bound) throw new Error('The Cloud Run runtime has not been bound to a gateway yet.');
    return this.bound;
  }

  private validateIngress(p: ProblemCollector): void {
    const ingress = this.props.ingress;
    if (!(ingress instanceof CloudRunIngress) || ingress.kind === CloudRunIngressKind.INTERNAL) return;
    const o = ingress._options!;
    const certs = o.sslCertificates as unknown;
    if (!Array.isArray(certs) || certs.length === 0 || certs.some((c) => typeof c !== 'string' || c.length === 0)) {
      p.add('runtime.ingress.sslCertificates', certs, 'must list at least one certificate; the load balancer only serves HTTPS', 'pass compute SSL certificate self links (regional for the internal load balancer, global for the public one)');
    }
    if (o.hostname !== undefined && !isUnresolved(o.hostname) && !/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/.test(o.hostname)) {
      p.add('runtime.ingress.hostname', o.hostname, 'is not a DNS name', 'pass the hostname on the certificate, e.g. llm.internal.example.com');
    }
    if (ingress.kind === CloudRunIngressKind.PUBLIC_LOAD_BALANCER) {
      const policy = (o as { cloudArmorPolicy?: unknown }).cloudArmorPolicy;
      if (typeof policy !== 'string' || policy.trim().length === 0) {
        p.add('runtime.ingress.cloudArmorPolicy', policy, 'is required: a public gateway is always behind Cloud Armor', 'pass a google_compute_security_policy name or self link');
      }
    }
  }

  private validateRedis(p: ProblemCollector): void {
    const redis = this.props.redis;
    if (!(redis instanceof CloudRunRedis)) return;
    if (redis._memorystore) {
      const m = redis._memorystore;
      if (m.memorySizeGb !== undefined && (!Number.isInteger(m.memorySizeGb) || m.memorySizeGb < 1 || m.memorySizeGb > 300)) {
        p.add('runtime.redis.memorySizeGb', m.memorySizeGb, 'is not a Memorystore size', 'pass 1-300 GiB');
      }
      if (m.tier !== undefined && !Object.values(MemorystoreTier).includes(m.tier)) {
        p.add('runtime.redis.tier', m.tier, 'is not a Memorystore tier', 'use MemorystoreTier.STANDARD_HA or BASIC');
      }
      if (m.redisVersion !== undefined && !/^REDIS_7_\d$/.test(m.redisVersion)) {
        p.add('runtime.redis.redisVersion', m.redisVersion, 'is not Redis 7 (LiteLLM needs Redis ≥ 7.0)', "pass 'REDIS_7_2' or another REDIS_7_x");
      }
    } else if (redis._existing) {
      const e = redis._existing;
      if (typeof e.host !== 'string' || e.host.length === 0) p.add('runtime.redis.host', e.host, 'must not be empty', 'pass the Redis host or IP');
      if (e.port !== undefined && (!Number.isInteger(e.port) || e.port < 1 || e.port > 65535)) p.add('runtime.redis.port', e.port, 'is not a port', 'pass 1-65535');
      checkGcpRef(p, 'runtime.redis.password', e.password);
      if (e.caCertificate !== undefined) checkGcpRef(p, 'runtime.redis.caCertificate', e.caCertificate);
    }
  }

  private validateDatabase(p: ProblemCollector): void {
    const db = this.props.database;
    if (!(db instanceof CloudRunDatabase)) return;
    if (db._cloudSql) {
      const c = db._cloudSql;
      const checkInt = (key: keyof typeof c, min: number, max: number): void => {
        const v = c[key];
        if (v !== undefined && (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max)) {
          p.add(`runtime.database.${String(key)}`, v, `must be a whole number from ${min} to ${max}`, `pass ${min}-${max}`);
        }
      };
      checkInt('diskSizeGb', 10, 65536);
      checkInt('maxConnections', 25, 262143);
      checkInt('retainedBackups', 1, 365);
      checkInt('transactionLogRetentionDays', 1, 7);
      checkInt('passwordVersion', 1, 1_000_000);
      if (c.tier !== undefined && !/^db-(custom-\d+-\d+|perf-optimized-N-\d+|g1-small|f1-micro)$/.test(c.tier)) {
        p.add('runtime.database.tier', c.tier, 'is not a Cloud SQL for PostgreSQL tier', "pass e.g. 'db-custom-2-7680' (vCPUs-MiB)");
      }
      if (c.availabilityType !== undefined && !Object.values(CloudSqlAvailability).includes(c.availabilityType)) {
        p.add('runtime.database.availabilityType', c.availabilityType, 'is not a Cloud SQL availability type', 'use CloudSqlAvailability.REGIONAL or ZONAL');
      }
      if (c.databaseVersion !== undefined && !/^POSTGRES_(1[4-9]|[2-9]\d)$/.test(c.databaseVersion)) {
        p.add('runtime.database.databaseVersion', c.databaseVersion, 'is not a supported PostgreSQL version', "pass 'POSTGRES_16' (14 or later)");
      }
    } else if (db._existing) {
      const e = db._existing;
      checkGcpRef(p, 'runtime.database.databaseUrl', e.databaseUrl);
      if (typeof e.maxConnections !== 'number' || !Number.isInteger(e.maxConnections) || e.maxConnections < 1) {
        p.add('runtime.database.maxConnections', e.maxConnections, 'must be a positive whole number', "pass the server's max_connections");
      }
    }
  }

  private validateTraffic(p: ProblemCollector): void {
    const t = this.props.traffic;
    if (!(t instanceof CloudRunTraffic)) return;
    if (t._latest?.tag !== undefined && !TAG.test(t._latest.tag)) {
      p.add('runtime.traffic.tag', t._latest.tag, 'is not a revision tag', 'use 1-20 lowercase letters, digits and hyphens, starting with a letter');
    }
    const c = t._canary;
    if (!c) return;
    if (typeof c.canaryPercent !== 'number' || !Number.isInteger(c.canaryPercent) || c.canaryPercent < 1 || c.canaryPercent > 99) {
      p.add('runtime.traffic.canaryPercent', c.canaryPercent, 'must be a whole percentage from 1 to 99', 'pass e.g. 5; use CloudRunTraffic.latest() to promote');
    }
    if (typeof c.stableRevision !== 'string' || (!isUnresolved(c.stableRevision) && !REVISION.test(c.stableRevision))) {
      p.add('runtime.traffic.stableRevision', c.stableRevision, 'is not a Cloud Run revision name', 'pass the name of a ready revision, e.g. from the service\'s latest_ready_revision');
    }
    for (const key of ['stableTag', 'canaryTag'] as const) {
      const tag = c[key];
      if (tag !== undefined && !TAG.test(tag)) p.add(`runtime.traffic.${key}`, tag, 'is not a revision tag', 'use 1-20 lowercase letters, digits and hyphens, starting with a letter');
    }
    if ((c.stableTag ?? 'stable') === (c.canaryTag ?? 'canary')) {
      p.add('runtime.traffic.canaryTag', c.canaryTag, 'is the same as stableTag', 'give the two revisions different tags');
    }
  }

  /** Problems that need the gateway: its image, environment and sidecars. */
  private checkContext(context: GatewayRuntimeContext, p: ProblemCollector): void {
    const mirrored = this.props.imageSource?._mirroredImage;
    if (mirrored === undefined) checkImage(p, 'image', context.image, true);
    const reserved = new Set(RUNTIME_ENV);
    for (const name of Object.keys(context.environment())) {
      if (reserved.has(name) || name.startsWith('K_')) p.add(`environment.${name}`, name, 'is set by the Cloud Run runtime (or reserved by Cloud Run)', 'remove it; the runtime provides it');
    }
    for (const [name, ref] of Object.entries(context.secretEnvironment())) {
      if (reserved.has(name) || name.startsWith('K_')) p.add(`secretEnvironment.${name}`, name, 'is set by the Cloud Run runtime (or reserved by Cloud Run)', 'remove it; the runtime provides it');
      checkGcpRef(p, `secretEnvironment.${name}`, ref);
    }
    const seen = new Set<string>([GATEWAY_CONTAINER]);
    context.sidecars().forEach((s, i) => {
      if (seen.has(s.name)) p.add(`sidecars[${i}].name`, s.name, 'is already used by another container', 'give each sidecar a unique name');
      seen.add(s.name);
      checkImage(p, `sidecars[${i}].image`, s.image, this.props.imageSource?._mirroredImage === undefined);
      for (const [name, ref] of Object.entries(s.secrets ?? {})) checkGcpRef(p, `sidecars[${i}].secrets.${name}`, ref);
    });
  }

  /** The gateway container's environment: the gateway's, plus what the runtime provides; sorted. */
  private gatewayEnv(context: GatewayRuntimeContext, runtimeEnv: EnvVar[]): EnvVar[] {
    const p = new ProblemCollector();
    this.checkContext(context, p);
    p.throwIfAny(context.scope);
    const env: EnvVar[] = [
      ...Object.entries(context.environment()).map(([name, value]) => ({ name, value })),
      { name: 'LITELLM_CONFIG_SHA256', value: context.configHash() },
      ...Object.entries(context.secretEnvironment()).map(([name, ref]) => ({ name, secret: ref.gcpSecret })),
      ...runtimeEnv,
    ];
    return sortByName(env);
  }

  private sidecarContainers(context: GatewayRuntimeContext, resolveImage: (image: string) => string): CloudRunV2ServiceTemplateContainers[] {
    return context.sidecars().map((s) => ({
      name: s.name,
      image: resolveImage(s.image),
      command: s.command ? [...s.command] : undefined,
      env: toServiceEnv(sortByName([
        ...Object.entries(s.environment ?? {}).map(([name, value]) => ({ name, value })),
        ...Object.entries(s.secrets ?? {}).map(([name, ref]) => ({ name, secret: ref.gcpSecret })),
      ])),
      resources: { limits: { cpu: `${s.cpu ?? 256}m`, memory: `${s.memoryMiB ?? 512}Mi` } },
      // A container dependency waits for its dependency's startup probe (Cloud Run "container startup order").
      startupProbe: s.healthCheck
        ? { httpGet: { path: s.healthCheck.path, port: s.healthCheck.port }, periodSeconds: 2, timeoutSeconds: 1, failureThreshold: 30 }
        : undefined,
    }));
  }

  /** `for_each` map of the secrets models and sidecars read, minus those granted explicitly. */
  private contextSecretMap(context: GatewayRuntimeContext, granted: ReadonlySet<string>): Record<string, { project: string; secret: string }> {
    const refs: Array<[string, SecretRef]> = [
      ...Object.entries(context.secretEnvironment()),
      ...context.sidecars().flatMap((s) => Object.entries(s.secrets ?? {}).map(([n, r]) => [`${s.name}-${n}`, r] as [string, SecretRef])),
    ];
    const out: Record<string, { project: string; secret: string }> = {};
    const seen = new Set<string>(granted);
    for (const [name, ref] of refs.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      if (ref.store !== SecretStore.GCP_SECRET_MANAGER) continue;
      const s = userSecret(ref, this.props.project);
      if (seen.has(s.iamSecretId)) continue;
      seen.add(s.iamSecretId);
      // for_each keys must be known at plan time: the secret id when it is a literal, else the env name.
      const key = isUnresolved(ref.id) ? `env-${name}` : ref.id.replace(/^projects\/([^/]+)\/secrets\//, '$1/');
      out[key] = { project: s.iamProject ?? this.props.project, secret: s.iamSecretId };
    }
    return out;
  }
}

/**
 * The services' precondition: the migration job of this image has an execution that completed. The job's name
 * carries the image's hash, so a new image is a new job without executions, and the precondition fails (at
 * apply, after the job is created) until someone runs it: the services never roll onto a schema the image has not
 * migrated. (The GA Google provider cannot execute a job: `run_execution_token` is beta-only.) A failed execution
 * completes too: `gcloud run jobs execute ... --wait` exits non-zero then, and the error says to re-apply only
 * after it succeeded.
 */
function migrationPrecondition(job: CloudRunV2Job, command: string): Precondition {
  return {
    // length() >= 1, not != "" or > 0: cdktf renders the literals "" and 0 as `undefined`.
    condition: Fn.try([Op.gte(Fn.lengthOf(job.latestCreatedExecution.get(0).completionTime), 1), false]),
    errorMessage: `The database migrations for this LiteLLM image have not run yet. Run \`${command}\` (it must succeed), then apply again.`,
  };
}

/**
 * The migrations job's name: one job per image. The hash is of the image as the user gave it (before the remote
 * repository's path, which holds a token), so the name is the same in every process that builds this gateway,
 * whatever else it built before. An image that is itself a Terraform reference is hashed by Terraform at apply
 * (`sha256`): never a token's synth-time placeholder, whose number depends on construction order.
 */
export function migrationJobName(baseName: string, image: string): string {
  if (!isUnresolved(image)) return makeName(NameTarget.CLOUD_RUN_SERVICE, baseName, 'migrate', stableHash([image]));
  const prefix = makeName(NameTarget.CLOUD_RUN_SERVICE, baseName, 'migrate').slice(0, 40).replace(/-+$/, '');
  return Fn.join('-', [prefix, Fn.substr(Fn.sha256(image), 0, 8)]);
}

/**
 * The provider bindings and provider-backed helpers `bind` uses, loaded on first use: importing them costs
 * ~180 ms, which importing the package must not pay.
 */
function resources(): typeof import('./gcp/cloud-run-resources') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('./gcp/cloud-run-resources');
}

/** The Terraform text a token string stands for (e.g. `${google_service_account.x.member}`), from construct paths only. */
function terraformExpressionOf(scope: Construct, value: string): string {
  return String(Tokenization.resolve(value, { scope, preparing: false, resolver: new DefaultTokenResolver(new StringConcat()) }));
}

/** A `for_each` map computed at synth (a token standing in for the map until then). */
function lazyMap(produce: () => Record<string, Record<string, string>>): Record<string, Record<string, string>> {
  return Lazy.anyValue({ produce }) as unknown as Record<string, Record<string, string>>;
}

function sortByName<T extends { name: string }>(items: T[]): T[] {
  return [...items].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function toServiceEnv(env: EnvVar[]): CloudRunV2ServiceTemplateContainersEnv[] {
  return env.map((e) => (e.secret
    ? { name: e.name, valueSource: { secretKeyRef: { secret: e.secret.secret, version: e.secret.version } } }
    : { name: e.name, value: e.value }));
}

function toJobEnv(e: EnvVar): CloudRunV2JobTemplateTemplateContainersEnv {
  return e.secret
    ? { name: e.name, valueSource: { secretKeyRef: { secret: e.secret.secret, version: e.secret.version } } }
    : { name: e.name, value: e.value };
}

/** The containers LiteLLM waits for: the Cloud SQL proxy (when the runtime made the database) and sidecars that ask. */
function dependsOnContainers(sidecars: ReadonlyArray<GatewaySidecar>, sqlProxy: boolean): string[] | undefined {
  const names = [...(sqlProxy ? [CLOUD_SQL_PROXY_CONTAINER] : []), ...sidecars.filter((s) => s.startBeforeGateway).map((s) => s.name)];
  return names.length > 0 ? names : undefined;
}

/**
 * The Cloud SQL Auth Proxy sidecar (gcp/cloud-sql-proxy.ts). LiteLLM starts once its startup probe passes; in a
 * service it is restarted when `/liveness` stops answering.
 */
function cloudSqlProxyContainer(connectionName: string, oneShot: true): CloudRunV2JobTemplateTemplateContainers;
function cloudSqlProxyContainer(connectionName: string, oneShot: false): CloudRunV2ServiceTemplateContainers;
function cloudSqlProxyContainer(
  connectionName: string, oneShot: boolean,
): CloudRunV2ServiceTemplateContainers | CloudRunV2JobTemplateTemplateContainers {
  const probe = (path: string) => ({ httpGet: { path, port: CLOUD_SQL_PROXY_HEALTH_PORT } });
  return {
    name: CLOUD_SQL_PROXY_CONTAINER,
    image: CLOUD_SQL_PROXY_IMAGE,
    args: cloudSqlProxyArgs(connectionName, { oneShot }),
    resources: { limits: { cpu: '1', memory: '512Mi' } },
    startupProbe: { ...probe(CLOUD_SQL_PROXY_STARTUP_PATH), periodSeconds: 2, timeoutSeconds: 1, failureThreshold: 30 },
    // A job's containers have no liveness probe.
    ...(oneShot ? {} : { livenessProbe: { ...probe(CLOUD_SQL_PROXY_LIVENESS_PATH), periodSeconds: 30, timeoutSeconds: 5, failureThreshold: 3 } }),
  };
}

function trafficTargets(traffic: CloudRunTraffic): CloudRunV2ServiceTraffic[] {
  if (traffic._canary) {
    const c = traffic._canary;
    return [
      { type: 'TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION', revision: c.stableRevision, percent: 100 - c.canaryPercent, tag: c.stableTag ?? 'stable' },
      { type: 'TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST', percent: c.canaryPercent, tag: c.canaryTag ?? 'canary' },
    ];
  }
  return [{ type: 'TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST', percent: 100, tag: traffic._latest?.tag }];
}

/** A user's Secret Manager reference, as Cloud Run and IAM want it. */
function userSecret(ref: SecretRef, project: string): { secret: string; version: string; iamSecretId: string; iamProject?: string } {
  const { secret, version } = ref.gcpSecret;
  const full = /^projects\//.test(secret);
  return { secret, version, iamSecretId: secret, iamProject: full ? undefined : project };
}

function checkGcpRef(p: ProblemCollector, path: string, ref: unknown): void {
  if (!(ref instanceof SecretRef)) {
    p.add(path, ref, 'must be a SecretRef', 'pass SecretRef.gcpSecretManager(secretId, version)');
  } else if (ref.store !== SecretStore.GCP_SECRET_MANAGER) {
    p.add(path, ref.toString(), `is a ${ref.store} secret; Cloud Run reads Secret Manager only`, 'pass SecretRef.gcpSecretManager(secretId, version), pinned to a version number where you can');
  }
}

const DIGEST = /@sha256:[a-f0-9]{64}$/;
const TAGGED = /^[^@]+:([A-Za-z0-9_][A-Za-z0-9_.-]{0,127})$/;

/** Pinned (digest, or a version tag other than `latest`) and pullable by Cloud Run. */
function checkImage(p: ProblemCollector, path: string, image: string, ghcrProxied: boolean): void {
  if (typeof image !== 'string' || image.length === 0) {
    p.add(path, image, 'must not be empty', 'pass a pinned image');
    return;
  }
  if (isUnresolved(image)) return;
  const tag = TAGGED.exec(image.replace(/@sha256:.*$/, ''))?.[1];
  const pinned = DIGEST.test(image) || (tag !== undefined && !/(^|-)latest$/.test(tag) && !image.endsWith(':latest'));
  if (!pinned) {
    p.add(path, image, 'is not pinned (LiteLLM 1.82.7 and 1.82.8 were trojanized: floating tags are unsafe)', 'pin it by digest (@sha256:...) or by a version tag');
  }
  if (pullableImage(image, ghcrProxied ? 'proxy' : undefined) === undefined) {
    p.add(path, image, ghcrProxied ? 'is on a registry Cloud Run cannot pull from' : 'is on ghcr.io, which Cloud Run cannot pull from, and no remote repository proxies it',
      ghcrProxied ? 'mirror it into Artifact Registry' : 'use CloudRunImageSource.ghcrRemoteRepository() or mirror the image into Artifact Registry');
  }
}

/**
 * The image reference Cloud Run pulls: ghcr.io images through the remote repository; Artifact Registry,
 * Container Registry and Docker Hub images as given; `undefined` for anything else.
 */
function pullableImage(image: string, ghcrRepositoryPath: string | undefined): string | undefined {
  const slash = image.indexOf('/');
  const first = slash > 0 ? image.slice(0, slash) : '';
  const hasHost = first.includes('.') || first.includes(':') || first === 'localhost';
  if (!hasHost) return image; // Docker Hub
  if (first === 'ghcr.io') return ghcrRepositoryPath ? `${ghcrRepositoryPath}/${image.slice(slash + 1)}` : undefined;
  if (/(^|\.)gcr\.io$/.test(first) || /-docker\.pkg\.dev$/.test(first) || first === 'docker.io') return image;
  return undefined;
}

function checkedConfig(context: GatewayRuntimeContext): string {
  const yaml = context.renderConfig();
  const bytes = Buffer.byteLength(yaml, 'utf8');
  if (bytes > MAX_CONFIG_BYTES) {
    new ProblemCollector()
      .add('models', `${bytes} bytes`, `renders a LiteLLM config larger than Secret Manager's ${MAX_CONFIG_BYTES}-byte limit`, 'split the gateway or move model settings into the database (store_model_in_db)')
      .throwIfAny(context.scope);
  }
  return yaml;
}

function vertexProjectMap(context: GatewayRuntimeContext): Record<string, { project: string }> {
  const out: Record<string, { project: string }> = {};
  const projects = [...new Set(context.cloudAccess().vertex.map((v) => v.project))].sort();
  projects.forEach((project, i) => {
    out[isUnresolved(project) ? `project-${i}` : project] = { project };
  });
  return out;
}
