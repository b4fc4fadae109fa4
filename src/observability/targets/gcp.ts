import { z } from 'zod';
import { issuesToProblems, schemaFor, withFix, type ValidationProblem } from '../../core';
import { type AuditTrailOptions, auditOptionsSchema } from '../audit-options';
import type { IObservabilityTarget, ObservabilityContext, ObservabilityTargetBinding } from './contract';
import { GcpObservability } from './gcp/platform';

/** Props of `ObservabilityTarget.gcp`. */
export interface GcpObservabilityTargetProps {
  /** Project of the alert policies, dashboards, notification channels and the audit trail. */
  readonly project: string;
  /** Location of the audit bucket and BigQuery dataset (e.g. `europe-west1`). */
  readonly region: string;
  /** Export LiteLLM's traces to Cloud Trace (content stripped unless the gateway allows message logging). @default true */
  readonly tracing?: boolean;
  /** The audit trail (GCS bucket with a retention policy + BigQuery external table). @default - on, 365 days, locked */
  readonly audit?: AuditTrailOptions;
  /** CMEK key (`projects/.../cryptoKeys/...`) for the audit bucket, dataset and HMAC secrets. @default - Google-managed encryption */
  readonly kmsKeyName?: string;
}

const propsSchema = schemaFor<GcpObservabilityTargetProps>()(z.strictObject({
  project: z.string().regex(/^[a-z][a-z0-9-]{4,28}[a-z0-9]$/, withFix('is not a project id', 'pass the project id, e.g. acme-llm-prod')),
  region: z.string().regex(/^[a-z]+-[a-z]+\d+$/, withFix('is not a region', 'pass a region such as europe-west1')),
  tracing: z.boolean().optional(),
  audit: auditOptionsSchema.optional(),
  kmsKeyName: z.string().regex(/^projects\/[^/]+\/locations\/[^/]+\/keyRings\/[^/]+\/cryptoKeys\/[^/]+$/, withFix('is not a Cloud KMS key name', 'pass projects/<p>/locations/<l>/keyRings/<r>/cryptoKeys/<k>')).optional(),
}));

/** Google Managed Service for Prometheus, Cloud Monitoring alerting and dashboards, Cloud Trace, GCS/BigQuery audit trail. */
export class GcpObservabilityTarget implements IObservabilityTarget {
  public readonly kind = 'gcp';

  constructor(private readonly props: GcpObservabilityTargetProps) {}

  public validate(): ReadonlyArray<ValidationProblem> {
    const result = propsSchema.safeParse(this.props);
    return result.success ? [] : issuesToProblems(result.error.issues, this.props);
  }

  public bind(context: ObservabilityContext): ObservabilityTargetBinding {
    return new GcpObservability(context.scope, 'Gcp', this.props, context).binding;
  }
}
