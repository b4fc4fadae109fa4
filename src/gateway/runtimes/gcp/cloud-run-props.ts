/**
 * `GatewayRuntime.cloudRun()` props: their types, defaults, schema, and the checks of the props and of what the gateway
 * hands the runtime (image, environment, sidecars). Pure: no cdktf.
 */
import { z } from 'zod';
import { GATEWAY_CONTAINER, RUNTIME_ENV } from './cloud-run-containers';
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
} from './cloud-run-options';
import {
  ProblemCollector,
  SecretRef,
  SecretStore,
  isGcpRegion,
  issuesToProblems,
  schemaFor,
  tokenOr,
  withFix,
  type ValidationProblem,
} from '../../../core';
import { isUnresolved } from '../../../core/tokens';
import type { GatewayRuntimeContext } from '../../runtime-contract';

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

export const TAG = /^[a-z](?:[a-z0-9-]{0,18}[a-z0-9])?$/;
export const REVISION = /^[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/** Every problem of the props alone (the gateway's image, environment and sidecars are checked when it binds). */
export function validateCloudRunProps(props: CloudRunRuntimeProps): ValidationProblem[] {
  const p = new ProblemCollector();
  const parsed = propsSchema.safeParse(props);
  if (!parsed.success) p.addAll(issuesToProblems(parsed.error.issues, props, 'runtime'));

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

  validateIngress(props, p);
  validateRedis(props, p);
  validateDatabase(props, p);
  validateTraffic(props, p);
  const mirrored = props.imageSource?._mirroredImage;
  if (mirrored !== undefined) checkImage(p, 'runtime.imageSource', mirrored, false);
  return [...p.problems];
}

function validateIngress(props: CloudRunRuntimeProps, p: ProblemCollector): void {
  const ingress = props.ingress;
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

function validateRedis(props: CloudRunRuntimeProps, p: ProblemCollector): void {
  const redis = props.redis;
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

function validateDatabase(props: CloudRunRuntimeProps, p: ProblemCollector): void {
  const db = props.database;
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

function validateTraffic(props: CloudRunRuntimeProps, p: ProblemCollector): void {
  const t = props.traffic;
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
export function checkCloudRunContext(props: CloudRunRuntimeProps, context: GatewayRuntimeContext, p: ProblemCollector): void {
  const mirrored = props.imageSource?._mirroredImage;
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
    checkImage(p, `sidecars[${i}].image`, s.image, props.imageSource?._mirroredImage === undefined);
    for (const [name, ref] of Object.entries(s.secrets ?? {})) checkGcpRef(p, `sidecars[${i}].secrets.${name}`, ref);
  });
}


/** A secret reference as Cloud Run (`secret`, `version`) and IAM (`iamSecretId`, `iamProject`) want it. */
export interface ResolvedSecret {
  readonly secret: string;
  readonly version: string;
  readonly iamSecretId: string;
  readonly iamProject?: string;
}

/** A user's Secret Manager reference, as Cloud Run and IAM want it. */
export function userSecret(ref: SecretRef, project: string): ResolvedSecret {
  const { secret, version } = ref.gcpSecret;
  const full = /^projects\//.test(secret);
  return { secret, version, iamSecretId: secret, iamProject: full ? undefined : project };
}

export function checkGcpRef(p: ProblemCollector, path: string, ref: unknown): void {
  if (!(ref instanceof SecretRef)) {
    p.add(path, ref, 'must be a SecretRef', 'pass SecretRef.gcpSecretManager(secretId, version)');
  } else if (ref.store !== SecretStore.GCP_SECRET_MANAGER) {
    p.add(path, ref.toString(), `is a ${ref.store} secret; Cloud Run reads Secret Manager only`, 'pass SecretRef.gcpSecretManager(secretId, version), pinned to a version number where you can');
  }
}

const DIGEST = /@sha256:[a-f0-9]{64}$/;
const TAGGED = /^[^@]+:([A-Za-z0-9_][A-Za-z0-9_.-]{0,127})$/;

/** Pinned (digest, or a version tag other than `latest`) and pullable by Cloud Run. */
export function checkImage(p: ProblemCollector, path: string, image: string, ghcrProxied: boolean): void {
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
export function pullableImage(image: string, ghcrRepositoryPath: string | undefined): string | undefined {
  const slash = image.indexOf('/');
  const first = slash > 0 ? image.slice(0, slash) : '';
  const hasHost = first.includes('.') || first.includes(':') || first === 'localhost';
  if (!hasHost) return image; // Docker Hub
  if (first === 'ghcr.io') return ghcrRepositoryPath ? `${ghcrRepositoryPath}/${image.slice(slash + 1)}` : undefined;
  if (/(^|\.)gcr\.io$/.test(first) || /-docker\.pkg\.dev$/.test(first) || first === 'docker.io') return image;
  return undefined;
}
