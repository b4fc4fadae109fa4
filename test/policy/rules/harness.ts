import { referencingIndex, stackIndex } from '../../../src/policy/engine';
import type { FeatureGovernanceFacts, GatewayGovernanceFacts, LlmGovernanceOptions } from '../../../src/policy/governance-facts';
import { Compliance, isCannotEvaluate, type PolicyRule, type PolicySubject, type RuleContext } from '../../../src/policy/rule';
import { helmReleaseValues } from '../../../src/policy/subjects';

/** Another resource of the same stack, visible to the rule through its context. */
export interface OtherResource {
  readonly type: string;
  readonly address: string;
  readonly config: any;
}

/** One table row: a rule, a resolved configuration and the expected verdict. */
export interface RuleCase {
  readonly rule: PolicyRule;
  readonly name: string;
  /** Subject type. @default the rule's first resource type */
  readonly type?: string;
  readonly config: any;
  readonly others?: ReadonlyArray<OtherResource>;
  readonly gateways?: ReadonlyArray<GatewayGovernanceFacts>;
  readonly features?: ReadonlyArray<FeatureGovernanceFacts>;
  readonly options?: LlmGovernanceOptions;
  /** `compliant`, `non-compliant`, `not-applicable`, `unknown`, or the exact granular finding ids. */
  readonly expected: 'compliant' | 'non-compliant' | 'not-applicable' | 'unknown' | ReadonlyArray<string>;
}

export type Verdict = 'compliant' | 'non-compliant' | 'not-applicable' | 'unknown' | ReadonlyArray<string>;

/** Runs one rule over one case the way the engine does. */
export function verdict(c: RuleCase): Verdict {
  const type = c.type ?? c.rule.resourceTypes[0];
  // The engine attaches the merged chart values to helm_release subjects.
  const subject: PolicySubject = { type, address: `${type}.subject`, path: 'stack/Subject', config: c.config, ...(type === 'helm_release' ? { helmValues: helmReleaseValues(c.config) } : {}) };
  const others: PolicySubject[] = (c.others ?? []).map((o) => ({ ...o, path: `stack/${o.address}` }));
  const resources = [subject, ...others];
  const context: RuleContext = {
    subject,
    resources,
    governance: {
      gateways: (c.gateways ?? []).map((facts, i) => ({ path: `stack/Gateway${i}`, facts })),
      features: (c.features ?? []).map((facts, i) => ({ path: `stack/Feature${i}`, facts })),
    },
    options: c.options ?? {},
    referencing: referencingIndex(resources),
    ...stackIndex(resources),
  };
  const outcome = c.rule.check(c.config, context);
  if (Array.isArray(outcome)) return outcome.length === 0 ? 'compliant' : outcome;
  if (isCannotEvaluate(outcome as any)) return 'unknown';
  switch (outcome) {
    case Compliance.COMPLIANT:
      return 'compliant';
    case Compliance.NON_COMPLIANT:
      return 'non-compliant';
    case Compliance.NOT_APPLICABLE:
      return 'not-applicable';
    default:
      return 'unknown';
  }
}

/** True when a case proves the rule fires. */
export const isNonCompliantCase = (c: RuleCase): boolean => c.expected === 'non-compliant' || (Array.isArray(c.expected) && c.expected.length > 0);
/** True when a case proves the rule passes. */
export const isCompliantCase = (c: RuleCase): boolean => c.expected === 'compliant';

/** Shorthand: the address the harness gives the subject. */
export const SUBJECT = (type: string): string => `${type}.subject`;
