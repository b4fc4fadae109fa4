import type { GoogleProviderConfig } from '@cdktf/provider-google/lib/provider';
import { z } from 'zod';
import type { PlatformCloudStrategy, PlatformContext, PlatformStackRole } from './contract';
import { optionProblems, optionsBag, runtimeProblems } from './options';
import type { TerraformStack } from '../../core/cdktf';
import type { ValidationProblem } from '../../core/errors';
import { isGcpRegion } from '../../core/regions';
import { schemaFor, tokenOr, withFix } from '../../core/validation';
import { GatewayRuntime } from '../../gateway/runtime';
import type { CloudRunRuntimeProps } from '../../gateway/runtimes/cloud-run';
import { ObservabilityTarget } from '../../observability/target';
import type { GcpAuditTrailOptions } from '../../observability/targets/gcp';
import { TeamIdentity } from '../../tenancy/team-identity';
import { VectorBackend, type CloudSqlPgvectorOptions } from '../../vector-store/backend';

/** Cloud Run runtime options besides the ones `PlatformCloud.gcp` names. */
export type GcpPlatformRuntimeOptions = Omit<CloudRunRuntimeProps, 'project' | 'region' | 'network' | 'subnetwork'>;

/** Cloud SQL pgvector options besides the project, region and network. */
export type GcpPlatformVectorStoreOptions = Omit<CloudSqlPgvectorOptions, 'project' | 'region' | 'network' | 'bootstrapSubnetwork'>;

/** Options of `PlatformCloud.gcp`. */
export interface GcpPlatformCloudOptions {
  /** Project of the platform (gateway, observability, vector store, tenancy). */
  readonly project: string;
  /** Region of the gateway, the vector store and the audit trail. */
  readonly region: string;
  /** VPC network (`projects/<p>/global/networks/<n>`) with private services access (Cloud SQL, Memorystore). */
  readonly network: string;
  /** Subnetwork in `region` for Direct VPC egress (gateway, bootstrap and tenancy jobs). */
  readonly subnetwork: string;
  /**
   * The audit trail: the writer's HMAC key, created outside Terraform (`gcloud storage hmac create ...`; its
   * secret would otherwise be in state), both values in Secret Manager. Required unless `enabled: false`.
   */
  readonly audit: GcpAuditTrailOptions;
  /**
   * Cloud KMS key in `region` (`projects/<p>/locations/<region>/keyRings/<r>/cryptoKeys/<k>`) for every part that
   * takes one: the gateway's secrets, image repository, Cloud SQL and Memorystore, the audit bucket and BigQuery
   * dataset, the vector store's Cloud SQL. Grant each service's agent `roles/cloudkms.cryptoKeyEncrypterDecrypter` first.
   * @default - Google-managed encryption (LLM-GSM-2, LLM-GAR-1, LLM-BQ-2 report it)
   */
  readonly kmsKeyName?: string;
  /** More of the Cloud Run runtime (sizes, traffic, Redis, database, CMEK, ...). @default {} */
  readonly runtime?: GcpPlatformRuntimeOptions;
  /** More of the Cloud SQL pgvector store (tier, CMEK, backups, bootstrap image, ...). @default {} */
  readonly vectorStore?: GcpPlatformVectorStoreOptions;
  /** More Google provider settings for every stack of the platform (e.g. `impersonateServiceAccount`). @default {} */
  readonly provider?: Omit<GoogleProviderConfig, 'project' | 'region'>;
}

const schema = schemaFor<GcpPlatformCloudOptions>()(z.strictObject({
  project: z.string().regex(/^[a-z][a-z0-9-]{4,28}[a-z0-9]$/, withFix('is not a GCP project id', "pass e.g. 'acme-llm-prod'")),
  region: z.string().refine((r) => isGcpRegion(r) && r !== 'global', withFix('is not a GCP region', "pass e.g. 'europe-west1'")),
  network: tokenOr(z.string().regex(/^(projects\/[^/\s]+\/global\/networks\/|https:\/\/)\S+$/, withFix('is not a VPC network id', 'pass projects/<project>/global/networks/<name> (or a token)'))),
  subnetwork: tokenOr(z.string().regex(/^(projects\/[^/\s]+\/regions\/[a-z0-9-]+\/subnetworks\/|https:\/\/)\S+$/, withFix('is not a subnetwork id', 'pass projects/<project>/regions/<region>/subnetworks/<name> (or a token)'))),
  audit: optionsBag('the audit trail'),
  kmsKeyName: tokenOr(z.string().regex(/^projects\/[^/]+\/locations\/[^/]+\/keyRings\/[^/]+\/cryptoKeys\/[^/]+$/, withFix('is not a Cloud KMS key name', 'pass projects/<p>/locations/<region>/keyRings/<ring>/cryptoKeys/<key>'))).optional(),
  runtime: optionsBag('the Cloud Run runtime').optional(),
  vectorStore: optionsBag('the Cloud SQL pgvector store').optional(),
  provider: optionsBag('the Google provider').optional(),
}));

const NAMED_RUNTIME_OPTIONS = new Set(['project', 'region', 'network', 'subnetwork', 'kmsKeyName']);

/** Cloud Run gateway, GMP/Cloud Monitoring/Cloud Trace/GCS observability, Cloud SQL pgvector, Cloud Run Job tenancy, service-account teams. */
export class GcpPlatformCloud implements PlatformCloudStrategy {
  public readonly kind = 'gcp';

  constructor(private readonly options: GcpPlatformCloudOptions) {}

  public problems(_production: boolean): ValidationProblem[] {
    const out = optionProblems(schema, this.options);
    if (out.length > 0) return out;
    // The parts' own checks, so every problem is reported at once, before anything is created.
    const target = this.target()._impl.validate().map((p) => ({ ...p, path: `cloud.${p.path}` }));
    return [...out, ...runtimeProblems(this.runtime(), NAMED_RUNTIME_OPTIONS), ...target];
  }

  public providers(stack: TerraformStack, _role: PlatformStackRole): void {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { GoogleProvider } = require('@cdktf/provider-google/lib/provider') as typeof import('@cdktf/provider-google/lib/provider');
    new GoogleProvider(stack, 'google', { ...(this.options.provider ?? {}), project: this.options.project, region: this.options.region });
  }

  public beforeGateway(): void {
    // Cloud Run's service account and its custom role are created by the runtime.
  }

  public gatewayRuntime(_ctx: PlatformContext): GatewayRuntime {
    return this.runtime();
  }

  public observabilityTarget(_ctx: PlatformContext): ObservabilityTarget {
    return this.target();
  }

  private target(): ObservabilityTarget {
    const o = this.options;
    return ObservabilityTarget.gcp({ project: o.project, region: o.region, audit: o.audit, ...(o.kmsKeyName ? { kmsKeyName: o.kmsKeyName } : {}) });
  }

  public vectorBackend(_ctx: PlatformContext): VectorBackend {
    const o = this.options;
    return VectorBackend.cloudSqlPgvector({
      ...(o.kmsKeyName ? { kmsKeyName: o.kmsKeyName } : {}),
      ...(o.vectorStore ?? {}),
      project: o.project,
      region: o.region,
      network: o.network,
      bootstrapSubnetwork: o.subnetwork,
    });
  }

  public tenancyProps() {
    return {};
  }

  public afterParts(): void {
    // Nothing to order: Terraform's references order every resource.
  }

  public teamIdentity(_team: string): TeamIdentity {
    return TeamIdentity.gcpServiceAccount();
  }

  private runtime(): GatewayRuntime {
    const o = this.options;
    return GatewayRuntime.cloudRun({
      ...(o.kmsKeyName ? { kmsKeyName: o.kmsKeyName } : {}),
      ...(o.runtime ?? {}),
      project: o.project,
      region: o.region,
      network: o.network,
      subnetwork: o.subnetwork,
    });
  }
}
