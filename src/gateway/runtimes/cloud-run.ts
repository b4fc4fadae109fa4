import type { CloudRunV2Job } from '@cdktf/provider-google/lib/cloud-run-v2-job';
import type { CloudRunV2Service } from '@cdktf/provider-google/lib/cloud-run-v2-service';
import type { ServiceAccount } from '@cdktf/provider-google/lib/service-account';
import type { Construct } from 'constructs';
import { ProblemCollector, SecretRef, gcpLabels, stableHash, type ValidationProblem } from '../../core';
import { DefaultTokenResolver, StringConcat, Tokenization } from '../../core/cdktf';
import { isUnresolved } from '../../core/tokens';
import { GatewayPeerKind, type GatewayPeer } from '../peer';
import type { GatewayRuntimeBinding, GatewayRuntimeContext, IGatewayRuntime } from '../runtime-contract';
import { CONFIG_DIR, CONFIG_FILE, type EnvVar } from './gcp/cloud-run-containers';
import { CLOUD_RUN_ROTATION_REASONS, CloudRunGateway, type UnscheduledRotation } from './gcp/cloud-run-gateway';
import { migrationJobName } from './gcp/cloud-run-names';
import { CloudRunImageSource, CloudRunIngress, CloudRunIngressKind, type CloudRunPublicLoadBalancerOptions } from './gcp/cloud-run-options';
import { CLOUD_RUN_DEFAULTS, type CloudRunRuntimeProps, checkCloudRunContext, validateCloudRunProps } from './gcp/cloud-run-props';
import { CLOUD_SQL_DEFAULTS } from './gcp/cloud-sql-defaults';
import type { GcpSecretDefaults } from './gcp/secret-manager';

export * from './gcp/cloud-run-options';
export { CLOUD_RUN_DEFAULTS, type CloudRunRuntimeProps } from './gcp/cloud-run-props';
export { CLOUD_RUN_ROTATION_REASONS, CloudRunGateway, type UnscheduledRotation } from './gcp/cloud-run-gateway';
export { migrationJobName } from './gcp/cloud-run-names';

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
    readonly scope: CloudRunGateway;
    readonly service: CloudRunV2Service;
    readonly adminService: CloudRunV2Service;
    readonly serviceAccount: ServiceAccount;
    readonly job: CloudRunV2Job;
    readonly migrateCommand: string;
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
    return this.requireBound().scope.unscheduledRotations;
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
    return this.requireBound().migrateCommand;
  }

  public validate(): ReadonlyArray<ValidationProblem> {
    return validateCloudRunProps(this.props);
  }

  public bind(context: GatewayRuntimeContext): GatewayRuntimeBinding {
    if (this.bound) throw new Error('A CloudRunRuntime can be bound to one gateway only; create one runtime per gateway.');
    const problems = new ProblemCollector().addAll(this.validate());
    checkCloudRunContext(this.props, context, problems);
    problems.throwIfAny(context.scope);

    const r = resources();
    const props = this.props;
    const { project, region, network, subnetwork } = props;
    const baseName = context.baseName;
    const deletionProtection = props.deletionProtection ?? CLOUD_RUN_DEFAULTS.deletionProtection;
    const labels = gcpLabels(context.tags);
    const scope = new CloudRunGateway(context.scope, 'CloudRun');
    const secretDefaults: GcpSecretDefaults = { project, region, labels, kmsKeyName: props.kmsKeyName, deletionProtection };

    const { serviceAccount, migrationsAccount } = r.createServiceAccounts(scope, project, baseName);
    const { masterKey, saltKey } = r.createGatewayKeys(scope, props, baseName, secretDefaults);
    const unscheduledRotations: UnscheduledRotation[] = [
      { secret: masterKey.secret, reason: CLOUD_RUN_ROTATION_REASONS.masterKey },
      { secret: saltKey.secret, reason: CLOUD_RUN_ROTATION_REASONS.saltKey },
    ];

    const db = r.connectDatabase(scope, { props, baseName, secretDefaults, serviceAccount, migrationsAccount });
    const { databaseUrl, sqlConnectionName, sqlClientGrants } = db;
    unscheduledRotations.push(...db.unscheduledRotations);

    const redis = r.connectRedis(scope, props, baseName, secretDefaults);
    unscheduledRotations.push(...redis.unscheduledRotations);
    const volumes = [...redis.volumes];
    const mounts = [...redis.mounts];
    const gatewayReads = [
      { id: 'MasterKeyAccess', secretId: masterKey.secret.id },
      { id: 'SaltKeyAccess', secretId: saltKey.secret.id },
      { id: 'DatabaseUrlAccess', secretId: databaseUrl.iamSecretId, project: databaseUrl.iamProject },
      ...redis.reads,
    ];

    const files = r.createConfigFiles(scope, context, baseName, secretDefaults);
    unscheduledRotations.push(
      { secret: files.configSecret, reason: CLOUD_RUN_ROTATION_REASONS.config },
      { secret: files.edgeConfigSecret, reason: CLOUD_RUN_ROTATION_REASONS.edgeConfig },
    );
    gatewayReads.push({ id: 'ConfigAccess', secretId: files.configSecret.id }, { id: 'EdgeConfigAccess', secretId: files.edgeConfigSecret.id });
    // prometheus_client needs PROMETHEUS_MULTIPROC_DIR to exist and be writable: an in-memory volume
    // creates it (it counts against the instance's memory; the metric files are small).
    const multiprocDir = context.environment().PROMETHEUS_MULTIPROC_DIR;
    if (multiprocDir) {
      volumes.push({ name: 'prometheus-multiproc', emptyDir: { medium: 'MEMORY', sizeLimit: '64Mi' } });
      mounts.push({ name: 'prometheus-multiproc', mountPath: multiprocDir });
    }
    volumes.unshift({ name: 'litellm-config', secret: { secret: files.configSecret.secretId, items: [{ path: CONFIG_FILE, version: files.configVersion.version }] } });
    mounts.unshift({ name: 'litellm-config', mountPath: CONFIG_DIR });

    const resolveImage = r.createImageSource(scope, props, baseName, labels);
    const source = props.imageSource ?? CloudRunImageSource.ghcrRemoteRepository();
    const gatewayImage = resolveImage(source._mirroredImage ?? context.image);

    const reads = r.grantSecretReads(scope, {
      context,
      project,
      reads: gatewayReads,
      member: serviceAccount.member,
      migrations: { member: migrationsAccount.member, secretId: databaseUrl.iamSecretId, project: databaseUrl.iamProject },
    });
    const vertexGrant = r.grantVertexPredict(scope, context, baseName, serviceAccount.member);

    const vpcAccess = {
      networkInterfaces: [{ network, subnetwork }],
      egress: props.vpcEgress ?? CLOUD_RUN_DEFAULTS.vpcEgress,
    };
    const jobName = migrationJobName(baseName, source._mirroredImage ?? context.image);
    const job = r.createMigrationJob(scope, {
      props,
      name: jobName,
      image: gatewayImage,
      labels,
      migrationsAccount,
      databaseUrl,
      sqlConnectionName,
      vpcAccess,
      dependsOn: [reads.migrationGrant, ...sqlClientGrants],
    });
    // The configured name, not the job's attribute: a command to print, not a Terraform reference.
    const migrateCommand = `gcloud run jobs execute ${jobName} --region ${region} --project ${project} --wait`;

    const secretEnv: EnvVar[] = [
      { name: 'DATABASE_URL', secret: { secret: databaseUrl.secret, version: databaseUrl.version } },
      { name: 'LITELLM_MASTER_KEY', secret: masterKey.ref },
      { name: 'LITELLM_SALT_KEY', secret: saltKey.ref },
      { name: 'REDIS_PASSWORD', secret: redis.password },
    ];
    const { service, adminService } = r.createGatewayServices(scope, {
      props,
      context,
      baseName,
      labels,
      serviceAccount,
      gatewayImage,
      resolveImage,
      runtimeEnv: [...redis.env, ...secretEnv],
      volumes,
      mounts,
      edgeConfigSecret: files.edgeConfigSecret,
      edgeConfigVersion: files.edgeConfigVersion,
      sqlConnectionName,
      vpcAccess,
      minInstances: this.minReplicas,
      maxInstances: this.maxReplicas,
      migrated: r.migrationPrecondition(job, migrateCommand),
      dependsOn: [...reads.grants, ...sqlClientGrants, reads.contextGrants, vertexGrant, job],
    });

    // Ingress.
    const ingress = props.ingress ?? CloudRunIngress.internal();
    let endpoint = service.uri;
    const lbProps = { project, region, network, subnetwork, baseName, serviceName: service.name, labels };
    if (ingress.kind === CloudRunIngressKind.INTERNAL_LOAD_BALANCER) {
      endpoint = r.GatewayLoadBalancer.internal(scope, 'LoadBalancer', lbProps, ingress._options!).endpoint;
    } else if (ingress.kind === CloudRunIngressKind.PUBLIC_LOAD_BALANCER) {
      endpoint = r.GatewayLoadBalancer.public(scope, 'LoadBalancer', lbProps, ingress._options as CloudRunPublicLoadBalancerOptions).endpoint;
    }

    this.bound = { scope, service, adminService, serviceAccount, job, migrateCommand };
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
