import type { GovernanceSnapshot, LlmGovernanceOptions } from './governance-facts';
import type { HelmValues } from './subjects';

/** How a rule judged one subject. Rules may also return granular finding ids (see `RuleOutcome`). */
export enum Compliance {
  COMPLIANT = 'Compliant',
  NON_COMPLIANT = 'Non-Compliant',
  NOT_APPLICABLE = 'Not-Applicable',
  /** The rule could not decide (an unresolved expression, or the rule itself failed). */
  UNKNOWN = 'Unknown',
  /** Non-compliant, with a suppression carrying a reason. Never the same as compliant. */
  SUPPRESSED = 'Suppressed',
}

/** `error` fails synthesis; `warning` is reported and never fails it. */
export type RuleLevel = 'error' | 'warning';

/** A rule's cross-references to the cdk-nag and checkov controls it mirrors (empty when none exists). */
export interface RuleAnchors {
  /** cdk-nag rule ids, e.g. `AwsSolutions-IAM5` or `NIST.800.53.R5-RDSInstancePublicAccess`. */
  readonly cdkNag: ReadonlyArray<string>;
  /** checkov check ids, e.g. `CKV_AWS_49`. */
  readonly checkov: ReadonlyArray<string>;
}

/**
 * One thing the policy looks at: a Terraform resource (its resolved `toTerraform()` configuration, escape-hatch
 * overrides included) or an LLM construct's governance facts (`llm:gateway`, `llm:feature`).
 */
export interface PolicySubject {
  /** Terraform resource type (`aws_iam_role`) or governance kind (`llm:gateway`, `llm:feature`). */
  readonly type: string;
  /** Terraform address (`aws_iam_role.role_1A2B3C4D`), or the construct path for governance subjects. */
  readonly address: string;
  /** Construct path, e.g. `platform/gateway/TaskRole`. */
  readonly path: string;
  /** Resolved resource configuration (snake_case keys) or the governance facts. */
  readonly config: any;
  /** `helm_release` only: the values handed to the chart (`values` documents merged with `set*`), or why not. */
  readonly helmValues?: HelmValues;
}

/** What a rule can see beyond its own subject. */
export interface RuleContext {
  /** The subject under evaluation. */
  readonly subject: PolicySubject;
  /** Every Terraform resource of the same stack, resolved. */
  readonly resources: ReadonlyArray<PolicySubject>;
  /** Every governed LLM construct in the bundle's scope. */
  readonly governance: GovernanceSnapshot;
  /** Options of the pack the rule belongs to (governance options for `llmGovernance()`). */
  readonly options: LlmGovernanceOptions;
  /** Resources of the stack whose configuration references `address` (e.g. `${aws_s3_bucket.b.id}`). */
  referencing(address: string, type?: string): ReadonlyArray<PolicySubject>;
  /** Resources of the stack of one type (indexed once per stack: rules must not scan `resources` per subject). */
  ofType(type: string): ReadonlyArray<PolicySubject>;
  /** The resource or data source of the stack at `address` (`aws_lb.x`, `data.aws_iam_policy_document.y`). */
  atAddress(address: string): PolicySubject | undefined;
}

/**
 * Says the rule cannot decide, e.g. an IAM policy that is an unresolved expression. Reported as `Unknown`: a
 * warning, or an error when the pack is strict (the default).
 */
export interface CannotEvaluate {
  readonly cannotEvaluate: string;
}

/**
 * A rule's verdict: a `Compliance` value, a list of granular finding ids (`Action::*`, `tcp:22:0.0.0.0/0`;
 * empty = compliant), or `cannotEvaluate(reason)`.
 */
export type RuleOutcome = Compliance | ReadonlyArray<string> | CannotEvaluate;

/** Builds a `CannotEvaluate` outcome. */
export function cannotEvaluate(reason: string): CannotEvaluate {
  return { cannotEvaluate: reason };
}

/** True when an outcome is `CannotEvaluate`. */
export function isCannotEvaluate(outcome: RuleOutcome): outcome is CannotEvaluate {
  return typeof outcome === 'object' && outcome !== null && !Array.isArray(outcome) && 'cannotEvaluate' in outcome;
}

/**
 * One rule: a pure function over a subject's resolved configuration, with the metadata reports and docs need.
 * One rule per file under `src/policy/rules/<area>/`.
 */
export interface PolicyRule {
  /** Stable id, `LLM-<AREA>-<n>`. Suppressions and reports use it. */
  readonly id: string;
  readonly level: RuleLevel;
  /** One line: what is wrong when the rule fires. */
  readonly description: string;
  /** One line: how to fix it. */
  readonly fix: string;
  /** Subject types the rule applies to (`aws_iam_role`, `llm:feature`, ...). */
  readonly resourceTypes: ReadonlyArray<string>;
  readonly anchors: RuleAnchors;
  /** Never throws on purpose; if it does, the engine reports an `Unknown` finding instead of crashing. */
  check(config: any, context: RuleContext): RuleOutcome;
}
