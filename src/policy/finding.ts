import type { RuleAnchors, RuleLevel } from './rule';
import { Compliance } from './rule';
import type { SourceLocation } from './source-location';

/** One line of a policy report: a rule's verdict on one subject (or one granular finding of it). */
export interface PolicyFinding {
  readonly ruleId: string;
  /** Granular finding id (`Action::*`), when the rule reports several per subject. */
  readonly findingId?: string;
  /** Pack the rule came from. */
  readonly pack: string;
  readonly level: RuleLevel;
  /** `Compliant`, `Non-Compliant`, `Suppressed` or `Unknown` (never `Not-Applicable`: those are not reported). */
  readonly compliance: Compliance;
  /** Construct path of the resource or governed construct. */
  readonly resourcePath: string;
  /** Terraform resource type or governance kind (`llm:feature`). */
  readonly resourceType: string;
  /** Terraform address (`aws_iam_role.role_1A2B3C4D`) or the construct path. */
  readonly resourceAddress: string;
  readonly description: string;
  readonly fix: string;
  readonly anchors: RuleAnchors;
  /** Why the rule could not be evaluated (`Unknown`). */
  readonly detail?: string;
  /** The suppression's reason (`Suppressed`). */
  readonly suppressionReason?: string;
  /** Construct path the suppression was added to (`Suppressed`). */
  readonly suppressedAt?: string;
  /**
   * True when the resource exists only in the synthesized JSON (added with `stack.addOverride('resource.…')`):
   * `resourcePath` is then the stack's path and `resourceAddress` says which resource.
   */
  readonly addedByOverride?: boolean;
  /** Where the user's code created the construct (file relative to the working directory, 1-based line), when known. */
  readonly sourceLocation?: SourceLocation;
}

/** `LLM-IAM-1[Action::*]`: the id a finding is shown and suppressed under. */
export function findingLabel(f: Pick<PolicyFinding, 'ruleId' | 'findingId'>): string {
  return f.findingId ? `${f.ruleId}[${f.findingId}]` : f.ruleId;
}

/** The annotation text of a finding (the construct path is added by cdktf). */
export function findingMessage(f: PolicyFinding): string {
  // Findings of override-only resources are annotated on the stack: say which resource.
  const label = `[${findingLabel(f)}]${f.addedByOverride ? ` ${f.resourceAddress} (added with addOverride):` : ''}`;
  switch (f.compliance) {
    case Compliance.SUPPRESSED:
      return `${label} Suppressed: ${f.suppressionReason ?? ''} (rule: ${f.description})`;
    case Compliance.UNKNOWN:
      return `${label} Could not be evaluated: ${f.detail ?? 'unknown reason'}. Rule: ${f.description}`;
    default:
      return `${label} ${f.description} Fix: ${f.fix}`;
  }
}

/** True for findings that fail synthesis: error-level non-compliance, and what a strict pack could not evaluate. */
export function isBlocking(f: PolicyFinding): boolean {
  return (f.compliance === Compliance.NON_COMPLIANT || f.compliance === Compliance.UNKNOWN) && f.level === 'error';
}

const naturalKey = (id: string): string => id.replace(/\d+/g, (d) => d.padStart(6, '0'));

/** Stable report order: construct path, rule id (natural order), finding id. */
export function compareFindings(a: PolicyFinding, b: PolicyFinding): number {
  return (
    a.resourcePath.localeCompare(b.resourcePath) ||
    naturalKey(a.ruleId).localeCompare(naturalKey(b.ruleId)) ||
    (a.findingId ?? '').localeCompare(b.findingId ?? '')
  );
}
