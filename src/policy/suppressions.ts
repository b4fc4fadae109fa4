import type { IConstruct } from 'constructs';
import { ProblemCollector } from '../core/errors';

/** Node metadata type under which suppressions are stored (applies to the construct and its children). */
export const SUPPRESSION_METADATA = 'cdktf-llm-platform/policy-suppression';

/** Shortest accepted reason (cdk-nag's rule: a reason must explain, not just exist). */
export const MIN_REASON_LENGTH = 10;

const RULE_ID = /^[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+$/;

/** Options of `PolicyBundle.suppress`. */
export interface SuppressOptions {
  /**
   * Suppress only the granular finding with this id (`Action::s3:*`, `tcp:22:10.0.0.0/8`), or those matching
   * this pattern. Other findings of the same rule still fail.
   * @default - every finding of the rule
   */
  readonly appliesTo?: string | RegExp;
}

/** One stored suppression. */
export interface PolicySuppression {
  readonly ruleId: string;
  readonly reason: string;
  readonly appliesTo?: string | RegExp;
  /** Path of the construct the suppression was added to. */
  readonly scopePath: string;
}

/** Validates and stores a suppression on `construct`. */
export function addSuppression(construct: IConstruct, ruleId: string, reason: string, options: SuppressOptions = {}): void {
  const problems = new ProblemCollector();
  if (typeof ruleId !== 'string' || !RULE_ID.test(ruleId)) {
    problems.add('ruleId', ruleId, 'is not a rule id', 'pass the rule id alone, e.g. "LLM-IAM-1"; target one finding with { appliesTo: "Action::s3:*" }');
  }
  if (typeof reason !== 'string' || reason.trim().length < MIN_REASON_LENGTH) {
    problems.add('reason', reason, `must explain the exception in at least ${MIN_REASON_LENGTH} characters`, 'say why the finding is acceptable here and who accepted it, e.g. "Public ALB by design; WAF and rate limits attached (SEC-123)"');
  }
  const appliesTo = options.appliesTo;
  if (appliesTo !== undefined && !(appliesTo instanceof RegExp) && (typeof appliesTo !== 'string' || appliesTo.length === 0)) {
    problems.add('appliesTo', appliesTo, 'must be a finding id or a RegExp', 'pass the finding id shown in brackets after the rule id, e.g. "Action::s3:*"');
  }
  problems.throwIfAny(construct);
  const entry: PolicySuppression = { ruleId, reason: reason.trim(), appliesTo, scopePath: construct.node.path };
  construct.node.addMetadata(SUPPRESSION_METADATA, entry);
}

/** The suppression that applies to a finding at `construct` (its own or an ancestor's), if any. */
export function findSuppression(construct: IConstruct, ruleId: string, findingId: string | undefined): PolicySuppression | undefined {
  // Nearest scope first, so the most specific reason is reported.
  for (const scope of [...construct.node.scopes].reverse()) {
    for (const entry of scope.node.metadata) {
      if (entry.type !== SUPPRESSION_METADATA) continue;
      const s = entry.data as PolicySuppression;
      if (s.ruleId !== ruleId) continue;
      if (s.appliesTo === undefined) return s;
      if (findingId === undefined) continue;
      if (typeof s.appliesTo === 'string' ? s.appliesTo === findingId : new RegExp(s.appliesTo.source, s.appliesTo.flags.replace('g', '')).test(findingId)) return s;
    }
  }
  return undefined;
}
