import { CloudRunV2Service } from '@cdktf/provider-google/lib/cloud-run-v2-service';
import { Fn, TerraformOutput, TerraformVariable, Testing, TerraformStack } from 'cdktf';
import { build as buildExample } from '../../../examples/gcp-cloud-run-gateway/main';
import { SecretRef, ValidationError } from '../../../src/core';
import { GatewayPeer, GatewayRuntime, LlmGateway, ModelDeployment } from '../../../src/gateway';
import { EDGE_PROXY_IMAGE, renderEdgeProxyConfig } from '../../../src/gateway/edge-proxy';
import type { GatewayRuntimeContext, GatewaySidecar } from '../../../src/gateway/runtime-contract';
import {
  CloudRunDatabase,
  CloudRunImageSource,
  CloudRunIngress,
  CloudRunRedis,
  CloudRunRuntime,
  CloudRunTraffic,
  CloudRunVpcEgress,
  CloudSqlAvailability,
  MemorystoreTier,
  migrationJobName,
  type CloudRunGateway,
  type CloudRunRuntimeProps,
} from '../../../src/gateway/runtimes/cloud-run';
import { MIN_REASON_LENGTH } from '../../../src/policy';

Testing.setupJest();

const PROJECT = 'acme-llm-prod';
const BASE: CloudRunRuntimeProps = {
  project: PROJECT,
  region: 'europe-west1',
  network: 'projects/acme-net/global/networks/main',
  subnetwork: 'projects/acme-net/regions/europe-west1/subnetworks/run',
};
const IMAGE = 'ghcr.io/berriai/litellm-database:main-v1.83.14-stable';
const DIGEST_IMAGE = `ghcr.io/berriai/litellm:main-v1.83.14-stable@sha256:${'a'.repeat(64)}`;

/** A mutable hand-written gateway context: tests change it after bind to prove the runtime reads it lazily. */
interface FakeContext extends GatewayRuntimeContext {
  config: string;
  env: Record<string, string>;
  secrets: Record<string, SecretRef>;
  vertex: Array<{ project: string; location: string }>;
  sidecarList: GatewaySidecar[];
}

function fakeContext(stack: TerraformStack, over: Partial<Pick<GatewayRuntimeContext, 'image' | 'tags' | 'baseName' | 'allowMessageLogging'>> = {}): FakeContext {
  const ctx: FakeContext = {
    scope: stack,
    baseName: over.baseName ?? 'llm-gateway',
    image: over.image ?? IMAGE,
    containerPort: 4000,
    config: 'model_list: []\n',
    env: { DISABLE_SCHEMA_UPDATE: 'true', LITELLM_LOG: 'ERROR', LITELLM_MODE: 'PRODUCTION', NUM_WORKERS: '1' },
    secrets: {},
    vertex: [{ project: PROJECT, location: 'us-east5' }],
    sidecarList: [],
    renderConfig: () => ctx.config,
    configHash: () => `sha-${ctx.config.length}`,
    environment: () => ctx.env,
    secretEnvironment: () => ctx.secrets,
    cloudAccess: () => ({ bedrock: [], vertex: ctx.vertex }),
    sidecars: () => ctx.sidecarList,
    tags: over.tags ?? { team: 'platform', environment: 'prod', costCenter: 'CC-42' },
    allowMessageLogging: over.allowMessageLogging ?? false,
  };
  return ctx;
}

function build(props: Partial<CloudRunRuntimeProps> = {}, setup?: (ctx: FakeContext) => void) {
  const app = Testing.app({ stubVersion: true });
  const stack = new TerraformStack(app, 'gcp');
  const runtime = new CloudRunRuntime({ ...BASE, ...props });
  const ctx = fakeContext(stack);
  setup?.(ctx);
  const binding = runtime.bind(ctx);
  return { app, stack, runtime, ctx, binding };
}

type Json = Record<string, any>;
const synth = (stack: TerraformStack): Json => JSON.parse(Testing.synth(stack));
const resourcesOf = (json: Json, type: string): Json => json.resource?.[type] ?? {};
const only = (json: Json, type: string): Json => {
  const all = Object.values(resourcesOf(json, type));
  expect(all).toHaveLength(1);
  return all[0] as Json;
};
/** The callers' service (the admin service is `adminService`). */
const service = (json: Json): Json => {
  const [id] = Object.keys(resourcesOf(json, 'google_cloud_run_v2_service')).filter((k) => /CloudRun_Service_/.test(k));
  expect(id).toBeDefined();
  return resourcesOf(json, 'google_cloud_run_v2_service')[id];
};
const adminService = (json: Json): Json => {
  const [id] = Object.keys(resourcesOf(json, 'google_cloud_run_v2_service')).filter((k) => /CloudRun_AdminService_/.test(k));
  expect(id).toBeDefined();
  return resourcesOf(json, 'google_cloud_run_v2_service')[id];
};
const gatewayContainer = (json: Json): Json => service(json).template.containers.find((c: Json) => c.name === 'litellm');
const envOf = (container: Json): Record<string, Json> =>
  Object.fromEntries(container.env.map((e: Json) => [e.name, e.value_source?.secret_key_ref ?? e.value]));
let probes = 0;
/** What a token renders to in Terraform: through an output, as a user would read it. */
function resolved(stack: TerraformStack, value: string): string {
  const id = `probe${probes++}`;
  new TerraformOutput(stack, id, { value });
  return synth(stack).output[id].value;
}
const logicalId = (json: Json, type: string, pathPart: string): string | undefined =>
  Object.keys(resourcesOf(json, type)).find((k) => k.includes(pathPart));

function validationError(fn: () => unknown): ValidationError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ValidationError) return e;
    throw e;
  }
  throw new Error('expected a ValidationError');
}

describe('GatewayRuntime.cloudRun defaults', () => {
  it('matches the snapshot', () => {
    // GIVEN only the required props  WHEN bound  THEN the whole synthesized stack is pinned
    const { stack } = build();
    expect(Testing.synth(stack)).toMatchSnapshot();
  });

  it('is private: internal ingress, IAM on, no public invoker anywhere', () => {
    const { stack, binding } = build();
    const json = synth(stack);
    expect(Testing.synth(stack)).toHaveResourceWithProperties(CloudRunV2Service, {
      ingress: 'INGRESS_TRAFFIC_INTERNAL_ONLY',
      invoker_iam_disabled: false,
    });
    const text = JSON.stringify(json);
    expect(text).not.toMatch(/allUsers|allAuthenticatedUsers/);
    expect(resourcesOf(json, 'google_cloud_run_v2_service_iam_member')).toEqual({});
    expect(resourcesOf(json, 'google_compute_global_forwarding_rule')).toEqual({});
    expect(resolved(stack, binding.endpoint)).toMatch(/^\$\{google_cloud_run_v2_service\.CloudRun_Service_[A-F0-9]+\.uri\}$/);
  });

  it('runs as a dedicated service account, never the default compute one', () => {
    const { stack } = build();
    const json = synth(stack);
    expect(service(json).template.service_account).toMatch(/^\$\{google_service_account\.CloudRun_ServiceAccount_[A-F0-9]+\.email\}$/);
    expect(only(json, 'google_cloud_run_v2_job').template.template.service_account).toMatch(/^\$\{google_service_account\.CloudRun_MigrationsServiceAccount_[A-F0-9]+\.email\}$/);
    expect(JSON.stringify(json)).not.toMatch(/compute@developer\.gserviceaccount\.com/);
    const accounts = Object.values(resourcesOf(json, 'google_service_account')) as Json[];
    expect(accounts.map((a) => a.account_id).sort()).toEqual(['llm-gateway-migrate-a9b071f6', 'llm-gateway-run-f991fefa']);
    expect(resourcesOf(json, 'google_project_iam_member')).not.toHaveProperty('roles/editor');
  });

  it('grants secretAccessor on exactly the secrets each identity reads', () => {
    const { stack } = build();
    const json = synth(stack);
    const members = Object.entries(resourcesOf(json, 'google_secret_manager_secret_iam_member')) as Array<[string, Json]>;
    for (const [, m] of members) expect(m.role).toBe('roles/secretmanager.secretAccessor');
    const gateway = members.filter(([, m]) => m.member.includes('CloudRun_ServiceAccount_')).map(([, m]) => m.secret_id).sort();
    const secretIds = (name: string) => `\${google_secret_manager_secret.${logicalId(json, 'google_secret_manager_secret', name)}.id}`;
    expect(gateway).toEqual([
      '${each.value.secret}',
      secretIds('CloudRun_Config_'),
      secretIds('CloudRun_DatabaseUrl_'),
      secretIds('CloudRun_EdgeConfig_'),
      secretIds('CloudRun_MasterKey_'),
      secretIds('CloudRun_RedisAuth_'),
      secretIds('CloudRun_RedisCa_'),
      secretIds('CloudRun_SaltKey_'),
    ].sort());
    const migrations = members.filter(([, m]) => m.member.includes('MigrationsServiceAccount'));
    expect(migrations.map(([, m]) => m.secret_id)).toEqual([secretIds('CloudRun_DatabaseUrl_')]);
    // Never project-wide secret access.
    expect(JSON.stringify(resourcesOf(json, 'google_project_iam_member'))).not.toMatch(/secretmanager/);
  });

  it('grants Vertex AI predict only, in each project the models use', () => {
    const { stack } = build({}, (ctx) => {
      ctx.vertex = [{ project: PROJECT, location: 'us-east5' }, { project: PROJECT, location: 'europe-west4' }, { project: 'acme-shared-ml', location: 'us-central1' }];
    });
    const json = synth(stack);
    const role = only(json, 'google_project_iam_custom_role');
    expect(role.permissions).toEqual(['aiplatform.endpoints.predict']);
    expect(role.for_each).toEqual({ 'acme-llm-prod': { project: 'acme-llm-prod' }, 'acme-shared-ml': { project: 'acme-shared-ml' } });
    const member = (Object.values(resourcesOf(json, 'google_project_iam_member')) as Json[]).find((m) => m.for_each)!;
    expect(member.for_each).toEqual(role.for_each);
    expect(member.role).toBe(`projects/\${each.value.project}/roles/${role.role_id}`);
    expect(member.member).toMatch(/CloudRun_ServiceAccount_.*\.member\}$/);
    expect(member.depends_on).toEqual([expect.stringMatching(/^google_project_iam_custom_role\.CloudRun_VertexPredictRole_/)]);
    expect(JSON.stringify(json)).not.toMatch(/roles\/aiplatform\.user|roles\/owner|roles\/editor/);
  });

  it('probes readiness at startup and liveliness for liveness, never /health', () => {
    const c = gatewayContainer(synth(build().stack));
    expect(c.startup_probe).toEqual({ http_get: { path: '/health/readiness', port: 4000 }, initial_delay_seconds: 0, period_seconds: 10, timeout_seconds: 5, failure_threshold: 24 });
    expect(c.liveness_probe).toEqual({ http_get: { path: '/health/liveliness', port: 4000 }, period_seconds: 30, timeout_seconds: 5, failure_threshold: 3 });
    expect(JSON.stringify(c)).not.toMatch(/"\/health"/);
  });

  it('scales from 2 to 10 instances at concurrency 80 with always-allocated CPU and deletion protection', () => {
    const s = service(synth(build().stack));
    expect(s.template.scaling).toEqual({ min_instance_count: 2, max_instance_count: 10 });
    expect(s.template.max_instance_request_concurrency).toBe(80);
    expect(s.template.timeout).toBe('600s');
    expect(s.template.execution_environment).toBe('EXECUTION_ENVIRONMENT_GEN2');
    expect(s.deletion_protection).toBe(true);
    const c = s.template.containers[0];
    expect(c.resources).toEqual({ limits: { cpu: '2', memory: '4096Mi' }, cpu_idle: false, startup_cpu_boost: true });
    // Behind the edge: LiteLLM has no ingress port on the callers' service (the edge container has it).
    expect(c.ports).toBeUndefined();
    expect(s.template.containers[1].ports).toEqual({ name: 'http1', container_port: 8080 });
    expect(c.args).toEqual(['--config', '/etc/litellm/config/config.yaml', '--port', '4000']);
  });

  it('exposes replica and pool facts to the gateway', () => {
    const r = new CloudRunRuntime(BASE);
    expect([r.kind, r.minReplicas, r.maxReplicas, r.workersPerReplica, r.databaseMaxConnections, r.providesRedis]).toEqual(['cloud-run', 2, 10, 1, 200, true]);
    const database = CloudRunDatabase.cloudSql({ maxConnections: 800 });
    const custom = new CloudRunRuntime({ ...BASE, minInstances: 3, maxInstances: 30, workersPerInstance: 2, database });
    expect([custom.minReplicas, custom.maxReplicas, custom.workersPerReplica, custom.databaseMaxConnections]).toEqual([3, 30, 2, 800]);
    expect(new CloudRunRuntime({ ...BASE, database: CloudRunDatabase.existing({ databaseUrl: SecretRef.gcpSecretManager('db-url', '2'), maxConnections: 500 }) }).databaseMaxConnections).toBe(500);
  });

  it('egresses through the VPC directly (service and migrations job)', () => {
    const json = synth(build().stack);
    const vpc = { egress: 'PRIVATE_RANGES_ONLY', network_interfaces: [{ network: BASE.network, subnetwork: BASE.subnetwork }] };
    expect(service(json).template.vpc_access).toEqual(vpc);
    expect(only(json, 'google_cloud_run_v2_job').template.template.vpc_access).toEqual(vpc);
    expect(service(synth(build({ vpcEgress: CloudRunVpcEgress.ALL_TRAFFIC }).stack)).template.vpc_access.egress).toBe('ALL_TRAFFIC');
  });

  it('creates Memorystore with AUTH, TLS and HA, and hands LiteLLM host, port, password and CA', () => {
    const json = synth(build().stack);
    expect(only(json, 'google_redis_instance')).toMatchObject({
      auth_enabled: true,
      transit_encryption_mode: 'SERVER_AUTHENTICATION',
      tier: 'STANDARD_HA',
      redis_version: 'REDIS_7_2',
      memory_size_gb: 5,
      connect_mode: 'PRIVATE_SERVICE_ACCESS',
      authorized_network: BASE.network,
      region: 'europe-west1',
    });
    const env = envOf(gatewayContainer(json));
    const redisId = logicalId(json, 'google_redis_instance', 'CloudRun_Redis_');
    expect(env.REDIS_HOST).toBe(`\${google_redis_instance.${redisId}.host}`);
    expect(env.REDIS_PORT).toBe(`\${google_redis_instance.${redisId}.port}`);
    expect(env.REDIS_SSL).toBe('True');
    expect(env.REDIS_SSL_CA_CERTS).toBe('/etc/litellm/redis-ca/ca.pem');
    expect(env.REDIS_PASSWORD).toEqual({ secret: expect.stringContaining('CloudRun_RedisAuth_Secret_'), version: expect.stringContaining('CloudRun_RedisAuth_Version_') });
    const versions = resourcesOf(json, 'google_secret_manager_secret_version');
    const auth = versions[logicalId(json, 'google_secret_manager_secret_version', 'CloudRun_RedisAuth_Version_')!];
    expect(auth.secret_data_wo).toBe(`\${google_redis_instance.${redisId}.auth_string}`);
    expect(auth.secret_data).toBeUndefined();
    const ca = versions[logicalId(json, 'google_secret_manager_secret_version', 'CloudRun_RedisCaVersion_')!];
    expect(ca.secret_data).toBe(`\${google_redis_instance.${redisId}.server_ca_certs[0].cert}`);
    expect(service(json).template.volumes).toContainEqual({ name: 'redis-ca', secret: { secret: expect.stringContaining('CloudRun_RedisCa_'), items: [{ path: 'ca.pem', version: expect.stringContaining('CloudRun_RedisCaVersion_') }] } });
  });

  it('creates Cloud SQL with private IP only, TLS, backups, PITR, HA and deletion protection', () => {
    const json = synth(build().stack);
    const db = only(json, 'google_sql_database_instance');
    expect(db.deletion_protection).toBe(true);
    expect(db.database_version).toBe('POSTGRES_16');
    expect(db.settings).toMatchObject({
      availability_type: 'REGIONAL',
      deletion_protection_enabled: true,
      retain_backups_on_delete: true,
      tier: 'db-custom-2-7680',
      disk_type: 'PD_SSD',
      disk_autoresize: true,
      // Client certificates required: only Cloud SQL Auth Proxy connections (IAM-issued ephemeral certificates) get in.
      ip_configuration: { ipv4_enabled: false, private_network: BASE.network, ssl_mode: 'TRUSTED_CLIENT_CERTIFICATE_REQUIRED' },
      backup_configuration: {
        enabled: true,
        point_in_time_recovery_enabled: true,
        transaction_log_retention_days: 7,
        backup_retention_settings: { retained_backups: 14, retention_unit: 'COUNT' },
      },
    });
    expect(db.settings.ip_configuration.authorized_networks).toBeUndefined();
    expect(db.settings.database_flags).toContainEqual({ name: 'max_connections', value: '200' });
    expect(db.settings.database_flags).toContainEqual({ name: 'log_min_duration_statement', value: '-1' });
    const flagNames = db.settings.database_flags.map((f: Json) => f.name);
    expect(flagNames).toEqual([...flagNames].sort());
    expect(only(json, 'google_sql_database')).toMatchObject({ name: 'litellm', deletion_policy: 'ABANDON' });
  });

  it('keeps the database password out of plan, state and JSON (write-only, generated at apply)', () => {
    const json = synth(build().stack);
    const user = only(json, 'google_sql_user');
    expect(user).toMatchObject({ name: 'litellm', type: 'BUILT_IN', password_wo_version: 1 });
    expect(user.password).toBeUndefined();
    const local = Object.keys(json.locals)[0];
    expect(user.password_wo).toBe(`\${local.${local}}`);
    expect(json.locals[local]).toBe('${join("", ["", replace(uuid(), "-", ""), replace(uuid(), "-", "")])}');
    const url = resourcesOf(json, 'google_secret_manager_secret_version')[logicalId(json, 'google_secret_manager_secret_version', 'CloudRun_DatabaseUrl_Version_')!];
    // To the Cloud SQL Auth Proxy sidecar on the instance's loopback (it verifies the server; Prisma cannot).
    expect(url.secret_data_wo).toBe(`postgresql://litellm:\${local.${local}}@127.0.0.1:5432/litellm?sslmode=disable`);
    expect(url.secret_data).toBeUndefined();
    expect(url.depends_on).toEqual(expect.arrayContaining([expect.stringMatching(/^google_sql_user\./), expect.stringMatching(/^google_sql_database\./)]));
    expect(envOf(gatewayContainer(json)).DATABASE_URL).toEqual({ secret: expect.stringContaining('CloudRun_DatabaseUrl_Secret_'), version: expect.stringContaining('CloudRun_DatabaseUrl_Version_') });
    // No random provider and nothing shaped like a credential anywhere.
    expect(JSON.stringify(json)).not.toMatch(/"random_|sk-[A-Za-z0-9]{16,}/);
    expect(json.provider).toBeUndefined();
  });

  it('generates master and salt keys write-only; the salt never rotates and is never destroyed', () => {
    const json = synth(build().stack);
    const versions = resourcesOf(json, 'google_secret_manager_secret_version');
    const master = versions[logicalId(json, 'google_secret_manager_secret_version', 'CloudRun_MasterKey_Version_')!];
    expect(master).toMatchObject({
      secret_data_wo: '${join("", ["sk-", replace(uuid(), "-", ""), replace(uuid(), "-", "")])}',
      secret_data_wo_version: 1,
      deletion_policy: 'DELETE',
      lifecycle: { create_before_destroy: true },
    });
    const salt = versions[logicalId(json, 'google_secret_manager_secret_version', 'CloudRun_SaltKey_Version_')!];
    expect(salt).toMatchObject({
      secret_data_wo: '${join("", ["", replace(uuid(), "-", ""), replace(uuid(), "-", "")])}',
      secret_data_wo_version: 1,
      deletion_policy: 'ABANDON',
      lifecycle: { prevent_destroy: true, ignore_changes: ['secret_data_wo_version'] },
    });
    for (const v of [master, salt]) expect(v.secret_data).toBeUndefined();
    const env = envOf(gatewayContainer(json));
    expect(env.LITELLM_MASTER_KEY).toEqual({ secret: expect.stringContaining('CloudRun_MasterKey_Secret_'), version: expect.stringMatching(/CloudRun_MasterKey_Version_.*\.version\}$/) });
    expect(env.LITELLM_SALT_KEY).toEqual({ secret: expect.stringContaining('CloudRun_SaltKey_Secret_'), version: expect.stringMatching(/CloudRun_SaltKey_Version_.*\.version\}$/) });
    // Bumping masterKeyVersion writes a new master key; the salt stays.
    const rotated = resourcesOf(synth(build({ masterKeyVersion: 2 }).stack), 'google_secret_manager_secret_version');
    expect(Object.values(rotated).map((v: any) => v.secret_data_wo_version).filter((n) => n === 2)).toHaveLength(1);
  });

  it('keeps every secret in the region, with deletion protection and a 7-day destroy TTL', () => {
    const json = synth(build().stack);
    const secrets = Object.values(resourcesOf(json, 'google_secret_manager_secret')) as Json[];
    expect(secrets).toHaveLength(7);
    for (const s of secrets) {
      expect(s.replication).toEqual({ user_managed: { replicas: [{ location: 'europe-west1' }] } });
      expect(s.deletion_protection).toBe(true);
      expect(s.version_destroy_ttl).toBe('604800s');
      expect(s.labels).toEqual({ 'cost-center': 'cc-42', 'environment': 'prod', 'managed-by': 'cdktf-llm-platform', 'team': 'platform' });
    }
  });

  it('proxies ghcr.io through an Artifact Registry remote repository and keeps the pinned tag', () => {
    const json = synth(build().stack);
    const repo = only(json, 'google_artifact_registry_repository');
    expect(repo).toMatchObject({ format: 'DOCKER', mode: 'REMOTE_REPOSITORY', location: 'europe-west1', remote_repository_config: { docker_repository: { custom_repository: { uri: 'https://ghcr.io' } } } });
    const repoId = logicalId(json, 'google_artifact_registry_repository', 'CloudRun_ImageRepository_');
    const expected = `europe-west1-docker.pkg.dev/acme-llm-prod/\${google_artifact_registry_repository.${repoId}.repository_id}/berriai/litellm-database:main-v1.83.14-stable`;
    expect(gatewayContainer(json).image).toBe(expected);
    expect(only(json, 'google_cloud_run_v2_job').template.template.containers[0].image).toBe(expected);
    expect(JSON.stringify(service(json))).not.toMatch(/"ghcr\.io\//);
  });

  it('keeps a digest when rewriting the image', () => {
    const app = Testing.app({ stubVersion: true });
    const stack = new TerraformStack(app, 'gcp');
    new CloudRunRuntime(BASE).bind(fakeContext(stack, { image: DIGEST_IMAGE }));
    expect(gatewayContainer(synth(stack)).image).toMatch(/\/berriai\/litellm:main-v1\.83\.14-stable@sha256:a{64}$/);
  });

  it('mounts the config from Secret Manager and rolls a revision when it changes', () => {
    const { stack, ctx } = build();
    // Changed after bind: the runtime must read the config at synth.
    ctx.config = 'model_list: []\nrouter_settings: {}\n';
    const json = synth(stack);
    const config = resourcesOf(json, 'google_secret_manager_secret_version')[logicalId(json, 'google_secret_manager_secret_version', 'CloudRun_ConfigVersion_')!];
    expect(config).toMatchObject({ secret_data: ctx.config, deletion_policy: 'ABANDON', lifecycle: { create_before_destroy: true } });
    expect(service(json).template.volumes[0]).toEqual({ name: 'litellm-config', secret: { secret: expect.stringContaining('CloudRun_Config_'), items: [{ path: 'config.yaml', version: expect.stringContaining('CloudRun_ConfigVersion_') }] } });
    expect(gatewayContainer(json).volume_mounts).toEqual([{ name: 'litellm-config', mount_path: '/etc/litellm/config' }, { name: 'redis-ca', mount_path: '/etc/litellm/redis-ca' }]);
    expect(envOf(gatewayContainer(json)).LITELLM_CONFIG_SHA256).toBe(`sha-${ctx.config.length}`);
  });

  it('mounts a writable in-memory directory for multi-worker Prometheus metrics', () => {
    const json = synth(build({}, (ctx) => {
      ctx.env.PROMETHEUS_MULTIPROC_DIR = '/tmp/prometheus_multiproc';
    }).stack);
    expect(service(json).template.volumes).toContainEqual({ name: 'prometheus-multiproc', empty_dir: { medium: 'MEMORY', size_limit: '64Mi' } });
    expect(gatewayContainer(json).volume_mounts).toContainEqual({ name: 'prometheus-multiproc', mount_path: '/tmp/prometheus_multiproc' });
  });

  it('passes the gateway environment through, sorted, with secrets by pinned reference', () => {
    const { stack, ctx } = build();
    ctx.secrets = { OPENAI_API_KEY_CHAT: SecretRef.gcpSecretManager('openai-key', '3'), ANTHROPIC_API_KEY_X: SecretRef.gcpSecretManager('projects/acme-keys/secrets/anthropic', '7') };
    const json = synth(stack);
    const c = gatewayContainer(json);
    const names = c.env.map((e: Json) => e.name);
    expect(names).toEqual([...names].sort());
    expect(names).toEqual(expect.arrayContaining(['DISABLE_SCHEMA_UPDATE', 'LITELLM_LOG', 'LITELLM_MODE', 'NUM_WORKERS']));
    const env = envOf(c);
    expect(env.OPENAI_API_KEY_CHAT).toEqual({ secret: 'openai-key', version: '3' });
    expect(env.ANTHROPIC_API_KEY_X).toEqual({ secret: 'projects/acme-keys/secrets/anthropic', version: '7' });
    expect(env.DISABLE_SCHEMA_UPDATE).toBe('true');
    const access = Object.values(resourcesOf(json, 'google_secret_manager_secret_iam_member')).find((m: any) => m.for_each) as Json;
    expect(access.for_each).toEqual({
      'acme-keys/anthropic': { project: 'acme-llm-prod', secret: 'projects/acme-keys/secrets/anthropic' },
      'openai-key': { project: 'acme-llm-prod', secret: 'openai-key' },
    });
  });

  it('adds sidecars read at synth, with their own secrets and start order', () => {
    const { stack, ctx } = build();
    ctx.sidecarList.push({
      name: 'otel-collector',
      image: 'ghcr.io/open-telemetry/opentelemetry-collector-releases/opentelemetry-collector-contrib:0.111.0',
      environment: { B: '2', A: '1' },
      secrets: { DD_API_KEY: SecretRef.gcpSecretManager('datadog', '1') },
      cpu: 500,
      memoryMiB: 256,
      startBeforeGateway: true,
    });
    const json = synth(stack);
    const containers = service(json).template.containers;
    expect(containers.map((c: Json) => c.name)).toEqual(['litellm', 'edge', 'otel-collector', 'cloud-sql-proxy']);
    expect(containers[0].depends_on).toEqual(['cloud-sql-proxy', 'otel-collector']);
    const otel = containers[2];
    expect(otel.image).toMatch(/^europe-west1-docker\.pkg\.dev\/acme-llm-prod\/\$\{.*\}\/open-telemetry\/.*:0\.111\.0$/);
    expect(otel.env.map((e: Json) => e.name)).toEqual(['A', 'B', 'DD_API_KEY']);
    expect(otel.resources).toEqual({ limits: { cpu: '500m', memory: '256Mi' } });
    expect(otel.ports).toBeUndefined();
    const access = Object.values(resourcesOf(json, 'google_secret_manager_secret_iam_member')).find((m: any) => m.for_each) as Json;
    expect(access.for_each).toEqual({ datadog: { project: 'acme-llm-prod', secret: 'datadog' } });
  });

  it('runs migrations as a one-off Cloud Run job with only the database URL', () => {
    const { stack, runtime } = build();
    const json = synth(stack);
    const job = only(json, 'google_cloud_run_v2_job');
    // One job per image (its name carries the image hash): replaced with every image, so not protected.
    expect(job.deletion_protection).toBe(false);
    expect(job.template).toMatchObject({ task_count: 1, parallelism: 1, template: { max_retries: 0, timeout: '1800s', execution_environment: 'EXECUTION_ENVIRONMENT_GEN2' } });
    const c = job.template.template.containers[0];
    expect(c.args).toEqual(['--skip_server_startup']);
    expect(envOf(c)).toEqual({ DATABASE_URL: { secret: expect.stringContaining('CloudRun_DatabaseUrl_Secret_'), version: expect.any(String) }, DISABLE_SCHEMA_UPDATE: 'false', LITELLM_MODE: 'PRODUCTION' });
    expect(runtime.migrationCommand).toMatch(/^gcloud run jobs execute llm-gateway-migrate-[0-9a-f]{8}-[0-9a-f]{8} --region europe-west1 --project acme-llm-prod --wait$/);
    expect(synthArgs({ migrationArgs: ['--skip_server_startup', '--use_v2_migration_resolver'] })).toEqual(['--skip_server_startup', '--use_v2_migration_resolver']);
  });

  it('reaches Cloud SQL through a Cloud SQL Auth Proxy sidecar in both services and the migrations job', () => {
    // GIVEN the default (created) Cloud SQL  WHEN bound
    const { stack } = build();
    const json = synth(stack);
    const dbId = logicalId(json, 'google_sql_database_instance', 'CloudRun_Database_');
    const connection = `\${google_sql_database_instance.${dbId}.connection_name}`;
    const proxyOf = (containers: Json[]) => containers.find((c) => c.name === 'cloud-sql-proxy');
    // THEN each service runs the pinned proxy on private IP, with health checks; LiteLLM waits for its startup probe
    for (const svc of [service(json), adminService(json)]) {
      const proxy = proxyOf(svc.template.containers);
      expect(proxy).toEqual({
        name: 'cloud-sql-proxy',
        image: 'gcr.io/cloud-sql-connectors/cloud-sql-proxy:2.25.3',
        args: ['--private-ip', '--port=5432', '--health-check', '--http-address=0.0.0.0', '--http-port=9090', '--lazy-refresh', '--structured-logs', connection],
        resources: { limits: { cpu: '1', memory: '512Mi' } },
        startup_probe: { http_get: { path: '/startup', port: 9090 }, period_seconds: 2, timeout_seconds: 1, failure_threshold: 30 },
        liveness_probe: { http_get: { path: '/liveness', port: 9090 }, period_seconds: 30, timeout_seconds: 5, failure_threshold: 3 },
      });
      expect(proxy!.ports).toBeUndefined();
      expect(svc.template.containers.find((c: Json) => c.name === 'litellm').depends_on).toEqual(['cloud-sql-proxy']);
    }
    // AND the job's proxy quits when LiteLLM is done (/quitquitquit, exit 0 on SIGTERM), so the execution completes
    const job = only(json, 'google_cloud_run_v2_job');
    const [migrations, proxy] = job.template.template.containers;
    expect(proxy.args).toEqual(['--private-ip', '--port=5432', '--health-check', '--http-address=0.0.0.0', '--http-port=9090', '--lazy-refresh', '--structured-logs', '--quitquitquit', '--exit-zero-on-sigterm', connection]);
    expect(proxy.liveness_probe).toBeUndefined();
    expect(migrations.depends_on).toEqual(['cloud-sql-proxy']);
    expect(migrations.command).toEqual(['/bin/sh', '-c', expect.stringMatching(/^litellm "\$@"; status=\$\?; python3 -c ".*http:\/\/127\.0\.0\.1:9091\/quitquitquit.*" \|\| true; exit \$status$/), 'migrations']);
    expect(migrations.args).toEqual(['--skip_server_startup']);
  });

  it('lets the gateway and migrations identities connect to this instance only', () => {
    const json = synth(build().stack);
    const dbId = logicalId(json, 'google_sql_database_instance', 'CloudRun_Database_');
    const grants = (Object.entries(resourcesOf(json, 'google_project_iam_member')) as Array<[string, Json]>).filter(([, m]) => m.role === 'roles/cloudsql.client');
    expect(grants.map(([id]) => id.replace(/_[A-F0-9]{8}$/, '')).sort()).toEqual(['CloudRun_DatabaseClient', 'CloudRun_MigrationsDatabaseClient']);
    for (const [id, m] of grants) {
      expect(m.member).toMatch(id.includes('Migrations') ? /MigrationsServiceAccount_.*\.member\}$/ : /CloudRun_ServiceAccount_.*\.member\}$/);
      expect(m.condition.expression).toBe(`resource.name == 'projects/acme-llm-prod/instances/\${google_sql_database_instance.${dbId}.name}' && resource.type == 'sqladmin.googleapis.com/Instance'`);
    }
    // The services and the job start only once their identity may connect.
    for (const r of [service(json), adminService(json), only(json, 'google_cloud_run_v2_job')]) {
      expect(r.depends_on).toEqual(expect.arrayContaining(grants.map(([id]) => `google_project_iam_member.${id}`)));
    }
  });

  it('runs no proxy when the database is yours (your DATABASE_URL says how to connect)', () => {
    const json = synth(build({ database: CloudRunDatabase.existing({ databaseUrl: SecretRef.gcpSecretManager('db-url', '2'), maxConnections: 500 }) }).stack);
    expect(JSON.stringify(json)).not.toContain('cloud-sql-proxy');
    const migrations = only(json, 'google_cloud_run_v2_job').template.template.containers;
    expect(migrations).toHaveLength(1);
    expect(migrations[0].command).toBeUndefined();
    expect(gatewayContainer(json).depends_on).toBeUndefined();
    expect((Object.values(resourcesOf(json, 'google_project_iam_member')) as Json[]).filter((m) => m.role === 'roles/cloudsql.client')).toEqual([]);
  });

  it('says why each secret it creates has no rotation schedule (for a reasoned LLM-GSM-3 suppression in the app)', () => {
    // GIVEN the defaults  WHEN bound
    const { stack, runtime } = build();
    const json = synth(stack);
    // THEN every created secret is listed exactly once, with its reason, on the runtime and on its construct
    const listed = runtime.unscheduledRotations.map((r) => r.secret.node.path.split('/').slice(2).join('/'));
    expect(listed.sort()).toEqual(['Config', 'DatabaseUrl/Secret', 'EdgeConfig', 'MasterKey/Secret', 'RedisAuth/Secret', 'RedisCa', 'SaltKey/Secret']);
    expect(Object.keys(resourcesOf(json, 'google_secret_manager_secret'))).toHaveLength(listed.length);
    const run = stack.node.findChild('CloudRun') as CloudRunGateway;
    expect(run.unscheduledRotations).toBe(runtime.unscheduledRotations);
    const reasonOf = (path: string) => runtime.unscheduledRotations.find((r) => r.secret.node.path.endsWith(`CloudRun/${path}`))!.reason;
    expect(reasonOf('SaltKey/Secret')).toMatch(/never rotated/);
    expect(reasonOf('MasterKey/Secret')).toMatch(/masterKeyVersion/);
    expect(reasonOf('DatabaseUrl/Secret')).toMatch(/passwordVersion/);
    for (const p of ['Config', 'EdgeConfig', 'RedisCa']) expect(reasonOf(p)).toMatch(/^Not a credential/);
    for (const r of runtime.unscheduledRotations) expect(r.reason.length).toBeGreaterThanOrEqual(MIN_REASON_LENGTH);
    // Your own database and Redis: their secrets are yours, so they are not listed.
    const own = build({
      redis: CloudRunRedis.existing({ host: '10.1.2.3', password: SecretRef.gcpSecretManager('redis-pw', '4') }),
      database: CloudRunDatabase.existing({ databaseUrl: SecretRef.gcpSecretManager('db-url', '2'), maxConnections: 500 }),
    }).runtime;
    expect(own.unscheduledRotations.map((r) => r.secret.node.id).sort()).toEqual(['Config', 'EdgeConfig', 'Secret', 'Secret']);
  });

  it('sends all traffic to the latest revision', () => {
    expect(service(synth(build().stack)).traffic).toEqual([{ type: 'TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST', percent: 100 }]);
    expect(service(synth(build({ traffic: CloudRunTraffic.latest({ tag: 'current' }) }).stack)).traffic).toEqual([{ type: 'TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST', percent: 100, tag: 'current' }]);
  });

  it('splits canary traffic between tagged revisions', () => {
    const traffic = CloudRunTraffic.canary({ stableRevision: 'llm-gateway-f7051705-00042-abc', canaryPercent: 5 });
    expect(service(synth(build({ traffic }).stack)).traffic).toEqual([
      { type: 'TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION', revision: 'llm-gateway-f7051705-00042-abc', percent: 95, tag: 'stable' },
      { type: 'TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST', percent: 5, tag: 'canary' },
    ]);
  });

  it('labels every labelled resource through the core labels kit', () => {
    const json = synth(build().stack);
    const labels = { 'cost-center': 'cc-42', 'environment': 'prod', 'managed-by': 'cdktf-llm-platform', 'team': 'platform' };
    expect(service(json).labels).toEqual(labels);
    expect(service(json).template.labels).toEqual(labels);
    expect(only(json, 'google_cloud_run_v2_job').labels).toEqual(labels);
    expect(only(json, 'google_redis_instance').labels).toEqual(labels);
    expect(only(json, 'google_sql_database_instance').settings.user_labels).toEqual(labels);
    expect(only(json, 'google_artifact_registry_repository').labels).toEqual(labels);
  });

  it('pins the logical ids of stateful resources', () => {
    const json = synth(build().stack);
    expect(Object.keys(resourcesOf(json, 'google_sql_database_instance'))).toEqual(['CloudRun_Database_F706CB2A']);
    expect(Object.keys(resourcesOf(json, 'google_redis_instance'))).toEqual(['CloudRun_Redis_270AD3CD']);
    expect(Object.keys(resourcesOf(json, 'google_cloud_run_v2_service')).sort()).toEqual(['CloudRun_AdminService_A47F1B83', 'CloudRun_Service_BAB5BB36']);
    expect(Object.keys(resourcesOf(json, 'google_artifact_registry_repository'))).toEqual(['CloudRun_ImageRepository_C43F3483']);
    expect(Object.keys(resourcesOf(json, 'google_secret_manager_secret'))).toEqual(expect.arrayContaining([
      'CloudRun_SaltKey_Secret_09B9F537', 'CloudRun_MasterKey_Secret_03C56586', 'CloudRun_DatabaseUrl_Secret_442EABAA',
    ]));
  });

  it('creates no provider (the user configures it)', () => {
    expect(synth(build().stack).provider).toBeUndefined();
  });
});

function synthArgs(props: Partial<CloudRunRuntimeProps>): string[] {
  return only(synth(build(props).stack), 'google_cloud_run_v2_job').template.template.containers[0].args;
}

describe('GatewayRuntime.cloudRun options', () => {
  it('sizes instances, timeout and Cloud SQL as asked', () => {
    const json = synth(build({
      minInstances: 3,
      maxInstances: 40,
      concurrency: 40,
      cpu: 4,
      memoryMiB: 8192,
      requestTimeoutSeconds: 900,
      database: CloudRunDatabase.cloudSql({ tier: 'db-custom-4-15360', availabilityType: CloudSqlAvailability.ZONAL, diskSizeGb: 50, maxConnections: 400, retainedBackups: 30, transactionLogRetentionDays: 3, passwordVersion: 2 }),
      redis: CloudRunRedis.memorystore({ memorySizeGb: 10, tier: MemorystoreTier.BASIC }),
    }).stack);
    const s = service(json);
    expect(s.template.scaling).toEqual({ min_instance_count: 3, max_instance_count: 40 });
    expect(s.template.max_instance_request_concurrency).toBe(40);
    expect(s.template.timeout).toBe('900s');
    expect(s.template.containers[0].resources.limits).toEqual({ cpu: '4', memory: '8192Mi' });
    const db = only(json, 'google_sql_database_instance');
    expect(db.settings).toMatchObject({ tier: 'db-custom-4-15360', availability_type: 'ZONAL', disk_size: 50, backup_configuration: { transaction_log_retention_days: 3, backup_retention_settings: { retained_backups: 30 } } });
    expect(db.settings.database_flags).toContainEqual({ name: 'max_connections', value: '400' });
    expect(only(json, 'google_sql_user').password_wo_version).toBe(2);
    expect(only(json, 'google_redis_instance')).toMatchObject({ memory_size_gb: 10, tier: 'BASIC' });
  });

  it('uses your own Redis and database by reference', () => {
    const json = synth(build({
      redis: CloudRunRedis.existing({ host: '10.1.2.3', password: SecretRef.gcpSecretManager('redis-pw', '4'), caCertificate: SecretRef.gcpSecretManager('redis-ca', '1') }),
      database: CloudRunDatabase.existing({ databaseUrl: SecretRef.gcpSecretManager('projects/acme-db/secrets/litellm-url', '9'), maxConnections: 500 }),
    }).stack);
    expect(resourcesOf(json, 'google_redis_instance')).toEqual({});
    expect(resourcesOf(json, 'google_sql_database_instance')).toEqual({});
    expect(resourcesOf(json, 'google_sql_user')).toEqual({});
    const env = envOf(gatewayContainer(json));
    expect(env).toMatchObject({
      REDIS_HOST: '10.1.2.3',
      REDIS_PORT: '6379',
      REDIS_SSL: 'True',
      REDIS_SSL_CA_CERTS: '/etc/litellm/redis-ca/ca.pem',
      REDIS_PASSWORD: { secret: 'redis-pw', version: '4' },
      DATABASE_URL: { secret: 'projects/acme-db/secrets/litellm-url', version: '9' },
    });
    const members = Object.values(resourcesOf(json, 'google_secret_manager_secret_iam_member')) as Json[];
    expect(members.filter((m) => m.secret_id === 'redis-pw')).toEqual([expect.objectContaining({ project: PROJECT })]);
    expect(members.filter((m) => m.secret_id === 'projects/acme-db/secrets/litellm-url')).toHaveLength(2); // gateway + migrations
    expect(Object.keys(resourcesOf(json, 'google_secret_manager_secret')).sort()).toEqual(['CloudRun_Config_9492F142', 'CloudRun_EdgeConfig_AF1DFADE', 'CloudRun_MasterKey_Secret_03C56586', 'CloudRun_SaltKey_Secret_09B9F537']);
  });

  it('does not grant a context secret twice when the runtime already grants it', () => {
    const { stack, ctx } = build({ redis: CloudRunRedis.existing({ host: 'redis.internal', port: 6380, tls: false, password: SecretRef.gcpSecretManager('redis-pw') }) });
    ctx.secrets = { SHARED: SecretRef.gcpSecretManager('redis-pw') };
    const json = synth(stack);
    const forEach = (Object.values(resourcesOf(json, 'google_secret_manager_secret_iam_member')).find((m: any) => m.for_each) as Json).for_each;
    expect(forEach).toEqual({});
    expect(envOf(gatewayContainer(json))).toMatchObject({ REDIS_PORT: '6380', REDIS_SSL: 'False' });
    expect(envOf(gatewayContainer(json)).REDIS_SSL_CA_CERTS).toBeUndefined();
  });

  it('takes a mirrored image and then creates no remote repository', () => {
    const mirrored = `europe-west1-docker.pkg.dev/acme-llm-prod/mirror/litellm-database@sha256:${'b'.repeat(64)}`;
    const json = synth(build({ imageSource: CloudRunImageSource.mirrored(mirrored) }).stack);
    expect(resourcesOf(json, 'google_artifact_registry_repository')).toEqual({});
    expect(gatewayContainer(json).image).toBe(mirrored);
  });

  it('encrypts with a customer-managed key when given', () => {
    const kmsKeyName = 'projects/acme-kms/locations/europe-west1/keyRings/llm/cryptoKeys/gateway';
    const json = synth(build({ kmsKeyName }).stack);
    expect(service(json).template.encryption_key).toBe(kmsKeyName);
    expect(only(json, 'google_cloud_run_v2_job').template.template.encryption_key).toBe(kmsKeyName);
    expect(only(json, 'google_sql_database_instance').encryption_key_name).toBe(kmsKeyName);
    expect(only(json, 'google_redis_instance').customer_managed_key).toBe(kmsKeyName);
    expect(only(json, 'google_artifact_registry_repository').kms_key_name).toBe(kmsKeyName);
    for (const s of Object.values(resourcesOf(json, 'google_secret_manager_secret')) as Json[]) {
      expect(s.replication.user_managed.replicas).toEqual([{ location: 'europe-west1', customer_managed_encryption: { kms_key_name: kmsKeyName } }]);
    }
  });

  it('turns deletion protection off everywhere when asked', () => {
    const json = synth(build({ deletionProtection: false }).stack);
    expect(service(json).deletion_protection).toBe(false);
    expect(only(json, 'google_cloud_run_v2_job').deletion_protection).toBe(false);
    const db = only(json, 'google_sql_database_instance');
    expect([db.deletion_protection, db.settings.deletion_protection_enabled]).toEqual([false, false]);
    const salt = resourcesOf(json, 'google_secret_manager_secret_version')[logicalId(json, 'google_secret_manager_secret_version', 'CloudRun_SaltKey_Version_')!];
    expect(salt.lifecycle).toEqual({ prevent_destroy: false, ignore_changes: ['secret_data_wo_version'] });
    expect(only(json, 'google_sql_database').deletion_policy).toBeUndefined();
  });

  it('puts a regional internal HTTPS load balancer in front when asked', () => {
    const ingress = CloudRunIngress.internalLoadBalancer({ sslCertificates: ['projects/acme-llm-prod/regions/europe-west1/sslCertificates/llm'], hostname: 'llm.internal.acme.com' });
    const { stack, binding } = build({ ingress });
    const json = synth(stack);
    expect(service(json).ingress).toBe('INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER');
    expect(only(json, 'google_compute_region_network_endpoint_group')).toMatchObject({ network_endpoint_type: 'SERVERLESS', cloud_run: { service: expect.stringContaining('CloudRun_Service_') } });
    expect(only(json, 'google_compute_region_backend_service')).toMatchObject({ load_balancing_scheme: 'INTERNAL_MANAGED', protocol: 'HTTPS', log_config: { enable: true, sample_rate: 1 } });
    expect(only(json, 'google_compute_region_ssl_policy')).toMatchObject({ profile: 'MODERN', min_tls_version: 'TLS_1_2' });
    expect(only(json, 'google_compute_region_target_https_proxy').ssl_certificates).toEqual(['projects/acme-llm-prod/regions/europe-west1/sslCertificates/llm']);
    expect(only(json, 'google_compute_forwarding_rule')).toMatchObject({ load_balancing_scheme: 'INTERNAL_MANAGED', port_range: '443', network: BASE.network, subnetwork: BASE.subnetwork, allow_global_access: false });
    expect(resourcesOf(json, 'google_compute_target_http_proxy')).toEqual({});
    expect(binding.endpoint).toBe('https://llm.internal.acme.com');
  });

  it('opens a public HTTPS load balancer only behind Cloud Armor, IAM still on', () => {
    const ingress = CloudRunIngress.publicLoadBalancer({ cloudArmorPolicy: 'projects/acme-llm-prod/global/securityPolicies/llm-edge', sslCertificates: ['projects/acme-llm-prod/global/sslCertificates/llm'] });
    const { stack, binding } = build({ ingress });
    const json = synth(stack);
    expect(service(json)).toMatchObject({ ingress: 'INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER', invoker_iam_disabled: false });
    expect(only(json, 'google_compute_backend_service')).toMatchObject({ load_balancing_scheme: 'EXTERNAL_MANAGED', security_policy: 'projects/acme-llm-prod/global/securityPolicies/llm-edge', protocol: 'HTTPS' });
    expect(only(json, 'google_compute_ssl_policy')).toMatchObject({ profile: 'MODERN', min_tls_version: 'TLS_1_2' });
    expect(only(json, 'google_compute_global_forwarding_rule')).toMatchObject({ load_balancing_scheme: 'EXTERNAL_MANAGED', port_range: '443' });
    expect(JSON.stringify(json)).not.toMatch(/allUsers/);
    expect(resolved(stack, binding.endpoint)).toMatch(/^https:\/\/\$\{google_compute_global_forwarding_rule\..*\.ip_address\}$/);
  });
});

describe('allowFrom (grantInvoke)', () => {
  it('grants run.invoker to a Google principal, once', () => {
    const { stack, binding } = build();
    binding.allowFrom(GatewayPeer.gcpPrincipal('serviceAccount:app@acme-app.iam.gserviceaccount.com'));
    binding.allowFrom(GatewayPeer.gcpPrincipal('serviceAccount:app@acme-app.iam.gserviceaccount.com'));
    binding.allowFrom(GatewayPeer.gcpPrincipal('group:llm-users@acme.com'));
    const members = Object.values(resourcesOf(synth(stack), 'google_cloud_run_v2_service_iam_member')) as Json[];
    expect(members).toHaveLength(2);
    expect(members[0]).toEqual({
      project: PROJECT,
      location: 'europe-west1',
      name: expect.stringMatching(/CloudRun_Service_.*\.name\}$/),
      role: 'roles/run.invoker',
      member: expect.stringMatching(/^(serviceAccount:app@acme-app\.iam\.gserviceaccount\.com|group:llm-users@acme\.com)$/),
    });
  });

  it.each([
    ['a security group', GatewayPeer.securityGroup('sg-0123456789abcdef0')],
    ['a CIDR', GatewayPeer.cidr('10.0.0.0/16')],
    ['a Kubernetes namespace', GatewayPeer.kubernetesNamespace('apps')],
  ])('rejects %s', (_what, peer) => {
    const { binding } = build();
    const e = validationError(() => binding.allowFrom(peer));
    expect(e.problems).toEqual([expect.objectContaining({ path: 'allowFrom(peer)', message: expect.stringContaining('Cloud Run admits callers by IAM') })]);
  });
});

describe('GatewayRuntime.cloudRun validation', () => {
  const problemsOf = (props: Partial<CloudRunRuntimeProps> | Record<string, unknown>) =>
    new CloudRunRuntime({ ...BASE, ...props } as CloudRunRuntimeProps).validate();
  const expectProblem = (props: Partial<CloudRunRuntimeProps> | Record<string, unknown>, path: string, message: string) => {
    expect(problemsOf(props)).toContainEqual(expect.objectContaining({ path, message: expect.stringContaining(message) }));
  };

  it('accepts the defaults', () => {
    expect(problemsOf({})).toEqual([]);
  });

  it.each<[string, Record<string, unknown>, string, string]>([
    ['bad project', { project: 'Acme Prod' }, 'runtime.project', 'is not a project id'],
    ['bad region', { region: 'europe' }, 'runtime.region', 'is not a GCP region'],
    ['global region', { region: 'global' }, 'runtime.region', 'is not a GCP region'],
    ['empty network', { network: '' }, 'runtime.network', 'must not be empty'],
    ['empty subnetwork', { subnetwork: '' }, 'runtime.subnetwork', 'must not be empty'],
    ['zero min instances', { minInstances: 0 }, 'runtime.minInstances', 'must be at least 1'],
    ['fractional concurrency', { concurrency: 1.5 }, 'runtime.concurrency', 'must be a whole number'],
    ['huge concurrency', { concurrency: 5000 }, 'runtime.concurrency', 'must be at most 1000'],
    ['odd cpu', { cpu: 3 }, 'runtime.cpu', 'is not a Cloud Run CPU size'],
    ['tiny memory', { memoryMiB: 128 }, 'runtime.memoryMiB', 'must be at least 512'],
    ['long timeout', { requestTimeoutSeconds: 7200 }, 'runtime.requestTimeoutSeconds', 'must be at most 3600'],
    ['workers', { workersPerInstance: 0 }, 'runtime.workersPerInstance', 'must be at least 1'],
    ['bad kms key', { kmsKeyName: 'my-key' }, 'runtime.kmsKeyName', 'is not a Cloud KMS key name'],
    ['empty migration args', { migrationArgs: [] }, 'runtime.migrationArgs', 'must not be empty'],
    ['master key version', { masterKeyVersion: 0 }, 'runtime.masterKeyVersion', 'must be at least 1'],
    ['egress string', { vpcEgress: 'everything' }, 'runtime.vpcEgress', 'is not a CloudRunVpcEgress'],
    ['ingress string', { ingress: 'internal' }, 'runtime.ingress', 'must be a CloudRunIngress'],
    ['redis string', { redis: 'redis://x' }, 'runtime.redis', 'must be a CloudRunRedis'],
    ['database object', { database: { url: 'x' } }, 'runtime.database', 'must be a CloudRunDatabase'],
    ['image string', { imageSource: 'ghcr.io/x' }, 'runtime.imageSource', 'must be a CloudRunImageSource'],
    ['traffic number', { traffic: 100 }, 'runtime.traffic', 'must be a CloudRunTraffic'],
    ['deletion protection string', { deletionProtection: 'yes' }, 'runtime.deletionProtection', 'expected boolean'],
  ])('%s', (_what, props, path, message) => expectProblem(props, path, message));

  it('rejects unknown props', () => {
    expect(problemsOf({ publicAccess: true })).toContainEqual(expect.objectContaining({ path: 'runtime', received: 'unknown key publicAccess' }));
  });

  it('rejects maxInstances below minInstances', () => {
    expectProblem({ minInstances: 5, maxInstances: 3 }, 'runtime.maxInstances', 'is below minInstances (5)');
    expectProblem({ maxInstances: 1 }, 'runtime.maxInstances', 'is below minInstances (2)');
  });

  it('rejects memory outside what the CPU allows', () => {
    expectProblem({ cpu: 1, memoryMiB: 8192 }, 'runtime.memoryMiB', 'with 1 vCPU (512-4096 MiB)');
    expectProblem({ cpu: 8, memoryMiB: 2048 }, 'runtime.memoryMiB', 'with 8 vCPU (4096-32768 MiB)');
  });

  it('requires certificates for load-balanced ingress and a valid hostname', () => {
    expectProblem({ ingress: CloudRunIngress.internalLoadBalancer({ sslCertificates: [] }) }, 'runtime.ingress.sslCertificates', 'must list at least one certificate');
    expectProblem({ ingress: CloudRunIngress.internalLoadBalancer({ sslCertificates: ['c'], hostname: 'not a host' }) }, 'runtime.ingress.hostname', 'is not a DNS name');
  });

  it('requires Cloud Armor for a public gateway', () => {
    expectProblem({ ingress: CloudRunIngress.publicLoadBalancer({ sslCertificates: ['c'], cloudArmorPolicy: ' ' }) }, 'runtime.ingress.cloudArmorPolicy', 'a public gateway is always behind Cloud Armor');
    expectProblem({ ingress: CloudRunIngress.publicLoadBalancer({ sslCertificates: ['c'] } as any) }, 'runtime.ingress.cloudArmorPolicy', 'is required');
  });

  it('checks Memorystore options', () => {
    expectProblem({ redis: CloudRunRedis.memorystore({ memorySizeGb: 0 }) }, 'runtime.redis.memorySizeGb', 'is not a Memorystore size');
    expectProblem({ redis: CloudRunRedis.memorystore({ tier: 'PREMIUM' as MemorystoreTier }) }, 'runtime.redis.tier', 'is not a Memorystore tier');
    expectProblem({ redis: CloudRunRedis.memorystore({ redisVersion: 'REDIS_6_X' }) }, 'runtime.redis.redisVersion', 'LiteLLM needs Redis ≥ 7.0');
  });

  it('checks your own Redis', () => {
    const aws = SecretRef.awsSecretsManager('arn:aws:secretsmanager:eu-central-1:123456789012:secret:redis-AbCdEf');
    const problems = problemsOf({ redis: CloudRunRedis.existing({ host: '', port: 70000, password: aws, caCertificate: SecretRef.kubernetes('ca', 'pem') }) });
    expect(problems.map((p) => `${p.path}: ${p.message}`)).toEqual([
      'runtime.redis.host: must not be empty',
      'runtime.redis.port: is not a port',
      'runtime.redis.password: is a aws-secrets-manager secret; Cloud Run reads Secret Manager only',
      'runtime.redis.caCertificate: is a kubernetes secret; Cloud Run reads Secret Manager only',
    ]);
  });

  it('checks Cloud SQL options', () => {
    const problems = problemsOf({
      database: CloudRunDatabase.cloudSql({
        tier: 'db-n1-standard-2',
        availabilityType: 'MULTI' as CloudSqlAvailability,
        databaseVersion: 'POSTGRES_12',
        diskSizeGb: 5,
        maxConnections: 10,
        retainedBackups: 0,
        transactionLogRetentionDays: 8,
        passwordVersion: 0,
      }),
    });
    expect(problems.map((p) => p.path).sort()).toEqual([
      'runtime.database.availabilityType', 'runtime.database.databaseVersion', 'runtime.database.diskSizeGb', 'runtime.database.maxConnections',
      'runtime.database.passwordVersion', 'runtime.database.retainedBackups', 'runtime.database.tier', 'runtime.database.transactionLogRetentionDays',
    ]);
    expect(problems).toContainEqual(expect.objectContaining({ path: 'runtime.database.tier', message: 'is not a Cloud SQL for PostgreSQL tier' }));
    expect(problems).toContainEqual(expect.objectContaining({ path: 'runtime.database.transactionLogRetentionDays', message: 'must be a whole number from 1 to 7' }));
  });

  it('checks your own database', () => {
    const problems = problemsOf({ database: CloudRunDatabase.existing({ databaseUrl: SecretRef.kubernetes('db', 'url'), maxConnections: 0 }) });
    expect(problems.map((p) => `${p.path}: ${p.message}`)).toEqual([
      'runtime.database.databaseUrl: is a kubernetes secret; Cloud Run reads Secret Manager only',
      'runtime.database.maxConnections: must be a positive whole number',
    ]);
  });

  it('checks canary traffic', () => {
    expectProblem({ traffic: CloudRunTraffic.canary({ stableRevision: 'rev-1', canaryPercent: 100 }) }, 'runtime.traffic.canaryPercent', 'must be a whole percentage from 1 to 99');
    expectProblem({ traffic: CloudRunTraffic.canary({ stableRevision: 'Rev_1', canaryPercent: 5 }) }, 'runtime.traffic.stableRevision', 'is not a Cloud Run revision name');
    expectProblem({ traffic: CloudRunTraffic.canary({ stableRevision: 'rev-1', canaryPercent: 5, stableTag: 'Blue' }) }, 'runtime.traffic.stableTag', 'is not a revision tag');
    expectProblem({ traffic: CloudRunTraffic.canary({ stableRevision: 'rev-1', canaryPercent: 5, canaryTag: 'stable' }) }, 'runtime.traffic.canaryTag', 'is the same as stableTag');
    expectProblem({ traffic: CloudRunTraffic.latest({ tag: '-x' }) }, 'runtime.traffic.tag', 'is not a revision tag');
  });

  it('checks a mirrored image: pinned and pullable', () => {
    expectProblem({ imageSource: CloudRunImageSource.mirrored('europe-west1-docker.pkg.dev/p/r/litellm:latest') }, 'runtime.imageSource', 'is not pinned');
    expectProblem({ imageSource: CloudRunImageSource.mirrored('ghcr.io/berriai/litellm:main-v1.83.14-stable') }, 'runtime.imageSource', 'is on ghcr.io, which Cloud Run cannot pull from');
  });

  it('reports every problem at once, before creating anything', () => {
    const app = Testing.app({ stubVersion: true });
    const stack = new TerraformStack(app, 'gcp');
    const ctx = fakeContext(stack);
    ctx.env.REDIS_HOST = 'mine';
    const e = validationError(() => new CloudRunRuntime({ ...BASE, minInstances: 0, cpu: 3 as 2 }).bind(ctx));
    expect(e.problems.map((p) => p.path)).toEqual(['runtime.minInstances', 'runtime.cpu', 'environment.REDIS_HOST']);
    expect(e.message).toContain('[gcp] 3 invalid props');
    expect(stack.node.findAll().filter((c) => c !== stack)).toEqual([]);
  });
});

describe('GatewayRuntime.cloudRun context checks', () => {
  const bindWith = (setup: (ctx: FakeContext) => void, props: Partial<CloudRunRuntimeProps> = {}) => {
    const app = Testing.app({ stubVersion: true });
    const stack = new TerraformStack(app, 'gcp');
    const ctx = fakeContext(stack);
    setup(ctx);
    return validationError(() => new CloudRunRuntime({ ...BASE, ...props }).bind(ctx));
  };

  it('rejects secrets from other stores', () => {
    const e = bindWith((ctx) => {
      ctx.secrets = { OPENAI_API_KEY: SecretRef.awsSecretsManager('arn:aws:secretsmanager:eu-central-1:123456789012:secret:openai-AbCdEf') };
    });
    expect(e.problems).toEqual([expect.objectContaining({ path: 'secretEnvironment.OPENAI_API_KEY', message: 'is a aws-secrets-manager secret; Cloud Run reads Secret Manager only' })]);
  });

  it('rejects environment the runtime sets or Cloud Run reserves', () => {
    const e = bindWith((ctx) => {
      ctx.env.PORT = '8080';
      ctx.env.K_SERVICE = 'x';
      ctx.secrets = { LITELLM_MASTER_KEY: SecretRef.gcpSecretManager('mine') };
    });
    expect(e.problems.map((p) => p.path)).toEqual(['environment.PORT', 'environment.K_SERVICE', 'secretEnvironment.LITELLM_MASTER_KEY']);
    expect(e.problems[0].message).toBe('is set by the Cloud Run runtime (or reserved by Cloud Run)');
  });

  it('rejects unpinned or unpullable images', () => {
    const app = Testing.app({ stubVersion: true });
    const stack = new TerraformStack(app, 'gcp');
    const e = validationError(() => new CloudRunRuntime(BASE).bind(fakeContext(stack, { image: 'quay.io/berriai/litellm' })));
    expect(e.problems.map((p) => `${p.path}: ${p.message}`)).toEqual([
      'image: is not pinned (LiteLLM 1.82.7 and 1.82.8 were trojanized: floating tags are unsafe)',
      'image: is on a registry Cloud Run cannot pull from',
    ]);
  });

  it('checks sidecars: unique names, pinned images, Secret Manager secrets', () => {
    const e = bindWith((ctx) => {
      ctx.sidecarList.push(
        { name: 'litellm', image: 'otel/opentelemetry-collector-contrib:latest' },
        { name: 'agent', image: 'docker.io/datadog/agent:7.60.0', secrets: { DD_API_KEY: SecretRef.kubernetes('dd', 'key') } },
      );
    });
    expect(e.problems.map((p) => `${p.path}: ${p.message.split(' (')[0]}`)).toEqual([
      'sidecars[0].name: is already used by another container',
      'sidecars[0].image: is not pinned',
      'sidecars[1].secrets.DD_API_KEY: is a kubernetes secret; Cloud Run reads Secret Manager only',
    ]);
  });

  it('rejects secrets added after bind when synthesizing', () => {
    const { stack, ctx } = build();
    ctx.secrets = { LATE: SecretRef.kubernetes('late', 'key') };
    expect(() => Testing.synth(stack)).toThrow(/secretEnvironment\.LATE: is a kubernetes secret/);
  });

  it('rejects a config Secret Manager cannot hold', () => {
    const { stack, ctx } = build();
    ctx.config = 'x'.repeat(65537);
    expect(() => Testing.synth(stack)).toThrow(/renders a LiteLLM config larger than Secret Manager's 65536-byte limit/);
  });

  it('binds once only', () => {
    const { runtime, stack } = build();
    expect(() => runtime.bind(fakeContext(stack))).toThrow(/bound to one gateway only/);
  });

  it('has no service before it is bound', () => {
    expect(() => new CloudRunRuntime(BASE).service).toThrow(/not been bound/);
  });
});

describe('LlmGateway on Cloud Run', () => {
  const models = () => [
    ModelDeployment.vertexAi({ alias: 'chat', model: 'claude-sonnet-4@20250514', project: PROJECT, location: 'us-east5' }),
    ModelDeployment.vertexAi({ alias: 'chat-fallback', model: 'gemini-2.5-flash', project: 'acme-shared-ml', location: 'europe-west4' }),
  ];

  it('runs the issue example: Vertex models, fallbacks, a granted caller', () => {
    const app = Testing.app({ stubVersion: true });
    const stack = new TerraformStack(app, 'gcp');
    const runtime = GatewayRuntime.cloudRun(BASE);
    expect(runtime.kind).toBe('cloud-run');
    const gateway = new LlmGateway(stack, 'gateway', { runtime, models: models(), fallbacks: [{ from: 'chat', to: ['chat-fallback'] }] });
    gateway.connections.allowFrom(GatewayPeer.gcpPrincipal('serviceAccount:app@acme-app.iam.gserviceaccount.com'));
    const json = synth(stack);
    const s = service(json);
    expect(resolved(stack, gateway.endpoint)).toBe(`\${google_cloud_run_v2_service.${Object.keys(resourcesOf(json, 'google_cloud_run_v2_service')).find((k) => /CloudRun_Service_/.test(k))}.uri}`);
    const env = envOf(s.template.containers[0]);
    expect(env.DISABLE_SCHEMA_UPDATE).toBe('true');
    expect(env.LITELLM_CONFIG_SHA256).toMatch(/^[a-f0-9]{64}$/);
    expect(s.template.containers[0].volume_mounts).toContainEqual({ name: 'prometheus-multiproc', mount_path: env.PROMETHEUS_MULTIPROC_DIR });
    const config = (Object.values(resourcesOf(json, 'google_secret_manager_secret_version')) as Json[]).find((v) => typeof v.secret_data === 'string' && v.secret_data.includes('model_list'))!;
    expect(config.secret_data).toContain('vertex_ai/claude-sonnet-4@20250514');
    expect(config.secret_data).toContain('os.environ/REDIS_HOST');
    expect(only(json, 'google_project_iam_custom_role').for_each).toEqual({ 'acme-llm-prod': { project: 'acme-llm-prod' }, 'acme-shared-ml': { project: 'acme-shared-ml' } });
    expect(only(json, 'google_cloud_run_v2_service_iam_member')).toMatchObject({ role: 'roles/run.invoker', member: 'serviceAccount:app@acme-app.iam.gserviceaccount.com' });
    expect(Object.keys(resourcesOf(json, 'google_sql_database_instance'))).toEqual(['gateway_CloudRun_Database_1C234AD3']);
  });

  it('reports runtime problems with the gateway problems', () => {
    const app = Testing.app({ stubVersion: true });
    const stack = new TerraformStack(app, 'gcp');
    const e = validationError(() => new LlmGateway(stack, 'gateway', { runtime: GatewayRuntime.cloudRun({ ...BASE, minInstances: 0 }), models: models() }));
    expect(e.problems).toContainEqual(expect.objectContaining({ path: 'runtime.minInstances', message: expect.stringContaining('must be at least 1') }));
    expect(e.constructPath).toBe('gcp/gateway');
  });
});

describe('examples/gcp-cloud-run-gateway', () => {
  it('synthesizes a private gateway with validations on', () => {
    const app = Testing.app({ stubVersion: true });
    buildExample(app);
    const stack = app.node.findChild('gcp-cloud-run-gateway') as TerraformStack;
    const json = JSON.parse(Testing.synth(stack, true));
    expect(json.provider.google).toEqual([{ project: 'acme-llm-platform-dev', region: 'europe-west1' }]);
    const s = service(json);
    expect(s.ingress).toBe('INGRESS_TRAFFIC_INTERNAL_ONLY');
    expect(s.template.vpc_access.network_interfaces[0].network).toMatch(/^\$\{google_service_networking_connection\..*\.network\}$/);
    expect(s.traffic).toEqual([{ type: 'TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST', percent: 100, tag: 'current' }]);
    expect(only(json, 'google_cloud_run_v2_service_iam_member').member).toMatch(/^serviceAccount:\$\{google_service_account\.JobDescriptionApp.*\.email\}$/);
    expect(json.output.gateway_url.value).toMatch(/^\$\{google_cloud_run_v2_service\..*\.uri\}$/);
    expect(JSON.stringify(json)).not.toMatch(/allUsers|"random_/);
  });
});

describe('allowFrom: invoker ids do not depend on what the program built before', () => {
  it('names the grant of a referenced principal after its Terraform expression, the same in every app of one process', () => {
    const invokerIds = (noise: number) => {
      const app = Testing.app({ stubVersion: true });
      const stack = new TerraformStack(app, 'gcp');
      for (let i = 0; i < noise; i++) new TerraformOutput(stack, `Noise${i}`, { value: Fn.uuid() });
      const { binding } = (() => {
        const runtime = new CloudRunRuntime(BASE);
        return { binding: runtime.bind(fakeContext(stack)) };
      })();
      const caller = new TerraformVariable(stack, 'caller_member', { type: 'string' });
      binding.allowFrom(GatewayPeer.gcpPrincipal(caller.stringValue));
      binding.allowFrom(GatewayPeer.gcpPrincipal(caller.stringValue)); // twice: one grant
      return Object.keys(resourcesOf(synth(stack), 'google_cloud_run_v2_service_iam_member'));
    };
    const first = invokerIds(0);
    expect(first).toHaveLength(1);
    expect(invokerIds(5)).toEqual(first);
  });
});

describe('LlmGateway.grantInvoke on Cloud Run', () => {
  it('grants run.invoker to exactly that service account', () => {
    // GIVEN
    const stack = new TerraformStack(Testing.app(), 'invoke');
    const gateway = new LlmGateway(stack, 'gateway', {
      runtime: GatewayRuntime.cloudRun({ project: 'acme-llm-prod', region: 'us-east5', network: 'n', subnetwork: 's' }),
      models: [ModelDeployment.vertexAi({ alias: 'chat', model: 'gemini-2.5-flash', project: 'acme-llm-prod', location: 'us-east5' })],
      fallbacks: [],
    });
    // WHEN
    gateway.grantInvoke('app@acme-llm-prod.iam.gserviceaccount.com');
    // THEN
    const members = Object.values<any>(JSON.parse(Testing.synth(stack)).resource.google_cloud_run_v2_service_iam_member);
    expect(members).toEqual([expect.objectContaining({ role: 'roles/run.invoker', member: 'serviceAccount:app@acme-llm-prod.iam.gserviceaccount.com' })]);
  });
});

describe('Cloud Run: callers reach inference routes only; operators use the admin service', () => {
  it('puts the nginx edge in front of LiteLLM on the callers\' service, with the rendered config from Secret Manager', () => {
    const { stack } = build();
    const json = synth(stack);
    const [litellm, edge] = service(json).template.containers;
    expect(edge).toMatchObject({
      name: 'edge',
      image: EDGE_PROXY_IMAGE,
      command: ['nginx', '-c', '/etc/llm-edge/nginx.conf', '-g', 'daemon off;'],
      ports: { name: 'http1', container_port: 8080 },
      depends_on: ['litellm'],
      startup_probe: expect.objectContaining({ http_get: { path: '/edge-healthz', port: 8080 } }),
    });
    expect(litellm.startup_probe.http_get).toEqual({ path: '/health/readiness', port: 4000 });
    const version = Object.entries<Json>(resourcesOf(json, 'google_secret_manager_secret_version')).find(([id]) => id.includes('EdgeConfigVersion'))![1];
    expect(version.secret_data).toBe(renderEdgeProxyConfig({ upstreamPort: 4000, refuseRedactionOverride: true }));
  });

  it('serves the admin API from a separate internal service, scaled to zero, reachable only by allowAdminFrom peers', () => {
    const { stack, binding } = build();
    binding.allowFrom(GatewayPeer.gcpPrincipal('serviceAccount:app@acme-app.iam.gserviceaccount.com'));
    binding.allowAdminFrom!(GatewayPeer.gcpPrincipal('serviceAccount:reconciler@acme-llm-prod.iam.gserviceaccount.com'));
    const json = synth(stack);
    const admin = adminService(json);
    expect(admin.ingress).toBe('INGRESS_TRAFFIC_INTERNAL_ONLY');
    expect(admin.template.scaling).toEqual({ min_instance_count: 0, max_instance_count: 2 });
    expect(admin.template.containers.map((c: Json) => c.name)).toEqual(['litellm', 'cloud-sql-proxy']);
    expect(admin.template.containers[0].ports).toEqual({ name: 'http1', container_port: 4000 });
    const invokers = Object.values(resourcesOf(json, 'google_cloud_run_v2_service_iam_member')) as Json[];
    const serviceId = (pattern: RegExp) => `\${google_cloud_run_v2_service.${Object.keys(resourcesOf(json, 'google_cloud_run_v2_service')).find((k) => pattern.test(k))}.name}`;
    expect(invokers.map((m) => [m.name, m.member]).sort()).toEqual([
      [serviceId(/CloudRun_AdminService_/), 'serviceAccount:reconciler@acme-llm-prod.iam.gserviceaccount.com'],
      [serviceId(/CloudRun_Service_/), 'serviceAccount:app@acme-app.iam.gserviceaccount.com'],
    ].sort());
    expect(resolved(stack, binding.adminEndpoint!)).toMatch(/^\$\{google_cloud_run_v2_service\.CloudRun_AdminService_[A-F0-9]+\.uri\}$/);
    expect(resolved(stack, binding.management!.adminUrl)).toBe(resolved(stack, binding.adminEndpoint!));
  });

  it('refuses to roll either service until the migration job of this image has run, naming the command', () => {
    const { stack, runtime } = build();
    const json = synth(stack);
    const jobId = Object.keys(resourcesOf(json, 'google_cloud_run_v2_job'))[0];
    for (const svc of [service(json), adminService(json)]) {
      const [pre] = svc.lifecycle.precondition;
      expect(pre.condition).toBe(`\${try((length(google_cloud_run_v2_job.${jobId}.latest_created_execution[0].completion_time) >= 1), false)}`);
      expect(pre.error_message).toContain(runtime.migrationCommand);
      expect(svc.depends_on).toContain(`google_cloud_run_v2_job.${jobId}`);
    }
  });

  it('gives each image its own migration job (a new image must migrate before it serves)', () => {
    const name = (image: string) => {
      const app = Testing.app({ stubVersion: true });
      const stack = new TerraformStack(app, 'gcp');
      new CloudRunRuntime(BASE).bind({ ...fakeContext(stack), image });
      return only(synth(stack), 'google_cloud_run_v2_job').name;
    };
    expect(name(DIGEST_IMAGE)).not.toBe(name(IMAGE));
  });

  it('names the migration job from the image alone: the same in every app of one process, whatever was built before', () => {
    // GIVEN two apps built one after the other in this process, the second after other tokens were made
    const jobOf = (before: number) => {
      const app = Testing.app({ stubVersion: true });
      const stack = new TerraformStack(app, 'gcp');
      for (let i = 0; i < before; i++) new TerraformOutput(stack, `Noise${i}`, { value: Fn.uuid() });
      const runtime = new CloudRunRuntime(BASE);
      runtime.bind(fakeContext(stack));
      return { name: only(synth(stack), 'google_cloud_run_v2_job').name, command: runtime.migrationCommand };
    };
    const first = jobOf(0);
    const second = jobOf(7);
    // THEN the name is a literal, equal in both, and it is the hash of the image as given (the default remote
    // repository's path holds a token; it must not leak into the name)
    expect(first.name).toBe(second.name);
    expect(first.name).toBe(migrationJobName('llm-gateway', IMAGE));
    expect(first.name).toMatch(/^llm-gateway-migrate-[0-9a-f]{8}-[0-9a-f]{8}$/);
    expect(first.command).toBe(second.command);
  });

  it('lets Terraform hash an image that is itself a reference, never a token placeholder', () => {
    const app = Testing.app({ stubVersion: true });
    const stack = new TerraformStack(app, 'gcp');
    const image = new TerraformVariable(stack, 'image', { type: 'string' }).stringValue;
    new CloudRunRuntime({ ...BASE, imageSource: CloudRunImageSource.mirrored(image) }).bind(fakeContext(stack));
    const name = only(synth(stack), 'google_cloud_run_v2_job').name;
    expect(name).toMatch(/^\$\{join\("-", \["llm-gateway-migrate-[0-9a-f]{8}", substr\(sha256\(var\.image\), 0, 8\)\]\)\}$/);
    expect(name).not.toMatch(/TfToken/);
  });
});
