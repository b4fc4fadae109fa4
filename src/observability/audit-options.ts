import { z } from 'zod';
import { schemaFor, withFix } from '../core';

/** The audit trail of gateway calls (who, which model, tokens, cost, latency, status; never content). */
export interface AuditTrailOptions {
  /** Write the audit trail. @default true */
  readonly enabled?: boolean;
  /**
   * Days every record is locked against deletion and overwrite (S3 Object Lock default retention / GCS
   * bucket retention policy); records expire the day after. @default 365
   */
  readonly retentionDays?: number;
  /**
   * Make the lock irrevocable: S3 Object Lock COMPLIANCE mode (nobody, not even the account root, can
   * shorten it or delete a record before it expires) / a locked GCS retention policy. Irreversible for the
   * bucket's lifetime: the bucket cannot be deleted while it holds unexpired records. Turn it off only for
   * throw-away environments (GOVERNANCE mode with a bucket policy that denies the bypass / an unlocked
   * retention policy).
   * @default true
   */
  readonly compliance?: boolean;
}

export const auditOptionsSchema = schemaFor<AuditTrailOptions>()(z.strictObject({
  enabled: z.boolean().optional(),
  retentionDays: z.number().int().min(1, withFix('is shorter than a day', 'keep audit records at least a day, e.g. 365')).max(36_500).optional(),
  compliance: z.boolean().optional(),
}));

export const AUDIT_DEFAULTS = { retentionDays: 365 } as const;
