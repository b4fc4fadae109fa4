import { z } from 'zod';
import { issuesToProblems, schemaFor, SecretRef, SecretStore, tokenOr, withFix, type ValidationProblem } from '../../core';
import { type AuditTrailOptions, auditOptionsSchema } from '../audit-options';
import type { IObservabilityTarget, ObservabilityContext, ObservabilityTargetBinding } from './contract';
import { GcpObservability } from './gcp/platform';

/**
 * The HMAC key LiteLLM's `s3_v2` callback writes the audit trail with, through GCS's S3-compatible XML API.
 * Create it outside Terraform (its secret would otherwise be in state) for a service account with no other
 * role: `gcloud iam service-accounts create llm-audit-writer`, then
 * `gcloud storage hmac create llm-audit-writer@<project>.iam.gserviceaccount.com`, and store the access id
 * and the secret in two Secret Manager secrets. The target grants the account `roles/storage.objectCreator`
 * on the audit bucket only; the gateway reads both secrets.
 */
export interface GcsHmacKey {
  /** The service account the key belongs to. */
  readonly serviceAccountEmail: string;
  /** Secret Manager secret holding the access id. */
  readonly accessId: SecretRef;
  /** Secret Manager secret holding the secret. */
  readonly secret: SecretRef;
}

/** The GCP audit trail: the common options and the writer's HMAC key. */
export interface GcpAuditTrailOptions extends AuditTrailOptions {
  /** Required when the audit trail is enabled. @default - none */
  readonly hmacKey?: GcsHmacKey;
}

/** Props of `ObservabilityTarget.gcp`. */
export interface GcpObservabilityTargetProps {
  /** Project of the alert policies, dashboards, notification channels and the audit trail. */
  readonly project: string;
  /** Location of the audit bucket and BigQuery dataset (e.g. `europe-west1`). */
  readonly region: string;
  /** Export LiteLLM's traces to Cloud Trace (content stripped unless the gateway allows message logging). @default true */
  readonly tracing?: boolean;
  /**
   * The audit trail (GCS bucket with a retention policy + BigQuery external table). Needs `hmacKey` unless
   * `enabled: false`. @default - on, 365 days, locked
   */
  readonly audit?: GcpAuditTrailOptions;
  /** CMEK key (`projects/.../cryptoKeys/...`) for the audit bucket, dataset and HMAC secrets. @default - Google-managed encryption */
  readonly kmsKeyName?: string;
}

const gcpSecret = z.custom<SecretRef>((v) => v instanceof SecretRef && v.store === SecretStore.GCP_SECRET_MANAGER, {
  message: withFix('is not a Secret Manager secret', 'pass SecretRef.gcpSecretManager(\'projects/<p>/secrets/<id>\')'),
});

const propsSchema = schemaFor<GcpObservabilityTargetProps>()(z.strictObject({
  project: z.string().regex(/^[a-z][a-z0-9-]{4,28}[a-z0-9]$/, withFix('is not a project id', 'pass the project id, e.g. acme-llm-prod')),
  region: z.string().regex(/^[a-z]+-[a-z]+\d+$/, withFix('is not a region', 'pass a region such as europe-west1')),
  tracing: z.boolean().optional(),
  audit: auditOptionsSchema.extend({
    hmacKey: z.strictObject({
      serviceAccountEmail: z.string().regex(/^[a-z][a-z0-9-]{4,28}[a-z0-9]@[a-z0-9.-]+\.iam\.gserviceaccount\.com$/, withFix('is not a service account email', 'pass <name>@<project>.iam.gserviceaccount.com')),
      accessId: gcpSecret,
      secret: gcpSecret,
    }).optional(),
  }).optional(),
  // A token too: the key is usually created (or its grants to the service agents made) in the same stack.
  kmsKeyName: tokenOr(z.string().regex(/^projects\/[^/]+\/locations\/[^/]+\/keyRings\/[^/]+\/cryptoKeys\/[^/]+$/, withFix('is not a Cloud KMS key name', 'pass projects/<p>/locations/<l>/keyRings/<r>/cryptoKeys/<k>'))).optional(),
}));

/** Google Managed Service for Prometheus, Cloud Monitoring alerting and dashboards, Cloud Trace, GCS/BigQuery audit trail. */
export class GcpObservabilityTarget implements IObservabilityTarget {
  public readonly kind = 'gcp';

  constructor(private readonly props: GcpObservabilityTargetProps) {}

  public validate(): ReadonlyArray<ValidationProblem> {
    const result = propsSchema.safeParse(this.props);
    if (!result.success) return issuesToProblems(result.error.issues, this.props);
    const audit = result.data.audit ?? {};
    if ((audit.enabled ?? true) && !audit.hmacKey) {
      return [{
        path: 'audit.hmacKey',
        received: 'undefined',
        message: 'is required: LiteLLM (OSS) writes the audit trail to GCS through its S3-compatible API, which needs an HMAC key',
        fix: 'create one outside Terraform (gcloud storage hmac create <writer service account>), store the access id and secret in Secret Manager and pass audit.hmacKey; or set audit.enabled: false',
      }];
    }
    return [];
  }

  public bind(context: ObservabilityContext): ObservabilityTargetBinding {
    return new GcpObservability(context.scope, 'Gcp', this.props, context).binding;
  }
}
