import type { IConstruct } from 'constructs';
import { knownPolicyRuleIds } from './pack';
import { ProblemCollector } from '../core/errors';
import { findLiteralSecrets } from '../core/validation';

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

/** Edit distance, for "did you mean" (ids are short). */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const next = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = row[j];
      row[j] = next;
    }
  }
  return row[b.length];
}

const naturalKey = (id: string): string => id.replace(/\d+/g, (d) => d.padStart(6, '0'));

/** `LLM-IAM-02` → `LLM-IAM-2`: the closest known id, if close enough to be a typo. */
function closest(id: string, known: ReadonlyArray<string>): string | undefined {
  const normalized = id.replace(/-0+(\d)/g, '-$1');
  if (known.includes(normalized)) return normalized;
  let best: string | undefined;
  let bestDistance = 3;
  for (const k of known) {
    const d = distance(id, k);
    if (d < bestDistance) [best, bestDistance] = [k, d];
  }
  return best;
}

/** Valid ids grouped by area, for the error message: `LLM-IAM-1…8, LLM-S3-1…5, …`. */
function describeIds(known: ReadonlyArray<string>): string {
  const byArea = new Map<string, string[]>();
  for (const id of [...known].sort((a, b) => naturalKey(a).localeCompare(naturalKey(b)))) {
    const area = id.replace(/-[^-]+$/, '');
    byArea.set(area, [...(byArea.get(area) ?? []), id]);
  }
  return [...byArea.values()].map((ids) => ids.join(', ')).join('; ');
}

/** Validates and stores a suppression on `construct`. */
export function addSuppression(construct: IConstruct, ruleId: string, reason: string, options: SuppressOptions = {}): void {
  const problems = new ProblemCollector();
  if (typeof ruleId !== 'string' || !RULE_ID.test(ruleId)) {
    problems.add('ruleId', ruleId, 'is not a rule id', 'pass the rule id alone, e.g. "LLM-IAM-1"; target one finding with { appliesTo: "Action::s3:*" }');
  } else if (!knownPolicyRuleIds().has(ruleId)) {
    const known = [...knownPolicyRuleIds()];
    const suggestion = closest(ruleId, known);
    problems.add(
      'ruleId',
      ruleId,
      'is not the id of any policy rule, so the suppression would never apply',
      `${suggestion ? `did you mean "${suggestion}"? ` : ''}valid ids: ${describeIds(known)} (custom rules: create their PolicyPack.custom first)`,
    );
  }
  if (typeof reason !== 'string' || reason.trim().length < MIN_REASON_LENGTH) {
    problems.add('reason', reason, `must explain the exception in at least ${MIN_REASON_LENGTH} characters`, 'say why the finding is acceptable here and who accepted it, e.g. "Public ALB by design; WAF and rate limits attached (SEC-123)"');
  }
  const appliesTo = options.appliesTo;
  if (appliesTo !== undefined && !(appliesTo instanceof RegExp) && (typeof appliesTo !== 'string' || appliesTo.length === 0)) {
    problems.add('appliesTo', appliesTo, 'must be a finding id or a RegExp', 'pass the finding id shown in brackets after the rule id, e.g. "Action::s3:*"');
  }
  // Reasons land in the policy report and in cdk.tf.json metadata: never a credential there.
  problems.addAll(findLiteralSecrets({ reason, ...(typeof appliesTo === 'string' ? { appliesTo } : {}) }));
  // The path, not the construct: a suppression must not change how the construct's own strings are escaped.
  problems.throwIfAny(construct.node.path || 'PolicyBundle.suppress');
  const entry: PolicySuppression = { ruleId, reason: reason.trim(), appliesTo, scopePath: construct.node.path };
  construct.node.addMetadata(SUPPRESSION_METADATA, entry);
}

/** The suppressions stored on `construct` itself (not its scopes). */
export function suppressionsOn(construct: IConstruct): PolicySuppression[] {
  const out: PolicySuppression[] = [];
  for (const entry of construct.node.metadata) if (entry.type === SUPPRESSION_METADATA) out.push(entry.data as PolicySuppression);
  return out;
}

/** The label of a suppression in reports: `LLM-IAM-1` or `LLM-IAM-1[Action::s3:*]`. */
export function suppressionLabel(s: PolicySuppression): string {
  if (s.appliesTo === undefined) return s.ruleId;
  return `${s.ruleId}[${typeof s.appliesTo === 'string' ? s.appliesTo : s.appliesTo.toString()}]`;
}

/** The suppression that applies to a finding at `construct` (its own or an ancestor's), if any. */
export function findSuppression(construct: IConstruct, ruleId: string, findingId: string | undefined): PolicySuppression | undefined {
  // Nearest scope first, so the most specific reason is reported.
  const scopes = construct.node.scopes;
  for (let i = scopes.length - 1; i >= 0; i--) {
    for (const entry of scopes[i].node.metadata) {
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
