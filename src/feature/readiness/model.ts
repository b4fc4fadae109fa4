import type { Evidence } from './facts';

/** Stable ids of the readiness checklist (the Timee production-readiness checklist, executed). */
export type ReadinessItemId =
  | 'release-process'
  | 'autoscaling-capacity'
  | 'fault-tolerance'
  | 'runbook'
  | 'monitoring-logs'
  | 'access-encryption'
  | 'prompt-versioning'
  | 'limits-budget'
  | 'fallback-circuit-breaking'
  | 'guardrails'
  | 'llm-observability'
  | 'continuous-qa';

/**
 * - `passed`: verified from what synthesizes (resources, rendered config, alerts), with the evidence.
 * - `failed`: verified missing or wrong; comes with the fix.
 * - `declared`: synthesis cannot verify it (a prompt repository, a golden dataset): recorded as declared, never passed.
 * - `not-applicable`: does not apply to this feature (e.g. PII masking for public data).
 */
export type ReadinessStatus = 'passed' | 'failed' | 'declared' | 'not-applicable';

/** One verified (or declared) point of an item. */
export interface ReadinessCheck {
  readonly name: string;
  readonly status: ReadinessStatus;
  /** What was found (or declared), one line. */
  readonly detail: string;
  readonly evidence: ReadonlyArray<Evidence>;
  /** How to make it pass (failed checks). */
  readonly fix?: string;
}

/** One checklist item for one feature. */
export interface ReadinessItem {
  readonly id: ReadinessItemId;
  readonly category: 'general' | 'llm';
  readonly title: string;
  /** Whether the item must not fail for this feature (environment and data classification decide). */
  readonly required: boolean;
  /** Why it is required or not. */
  readonly requiredBecause: string;
  /** Worst of the checks: failed > declared > passed > not-applicable. */
  readonly status: ReadinessStatus;
  readonly checks: ReadonlyArray<ReadinessCheck>;
}

/** The readiness of one feature. */
export interface FeatureReadinessResult {
  readonly team: string;
  readonly feature: string;
  readonly constructPath: string;
  readonly environment: string;
  readonly production: boolean;
  readonly dataClassification: string;
  readonly keyAlias: string;
  /** No required item failed. */
  readonly ready: boolean;
  readonly items: ReadonlyArray<ReadinessItem>;
}

/** Status order for "worst of". */
export const STATUS_RANK: Readonly<Record<ReadinessStatus, number>> = { 'not-applicable': 0, 'passed': 1, 'declared': 2, 'failed': 3 };

/** Worst status of the checks (`not-applicable` when there are none). */
export function worstStatus(checks: ReadonlyArray<{ readonly status: ReadinessStatus }>): ReadinessStatus {
  let worst: ReadinessStatus = 'not-applicable';
  for (const c of checks) if (STATUS_RANK[c.status] > STATUS_RANK[worst]) worst = c.status;
  return worst;
}
