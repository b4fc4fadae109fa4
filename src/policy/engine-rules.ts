import { Compliance, type PolicyRule } from './rule';

/**
 * The engine's own findings. They are not rules of a pack: they say what the engine could not evaluate or
 * what a suppression did not do, so nothing passes silently. Suppressible like any rule.
 */
const engineRule = (id: string, description: string, fix: string, anchors: PolicyRule['anchors'] = { cdkNag: [], checkov: [] }): PolicyRule => ({
  id,
  level: 'warning',
  description,
  fix,
  resourceTypes: [],
  anchors,
  check: () => Compliance.NOT_APPLICABLE,
});

/** A resource or governed construct whose configuration or facts could not be read. Unknown; error when strict. */
export const ENGINE_RULE: PolicyRule = engineRule(
  'LLM-POLICY-1',
  'The policy engine could not read this resource\'s configuration or governance facts, so no rule was evaluated for it.',
  'Make the configuration resolvable at synth time (see the error in the message), or suppress with a reason.',
  { cdkNag: ['CdkNagValidationFailure'], checkov: [] },
);

/** A Terraform module call: its resources are not in the stack's JSON, so no rule sees them. Unknown; error when strict. */
export const MODULE_RULE: PolicyRule = engineRule(
  'LLM-POLICY-2',
  'A Terraform module is called; the resources it creates are not in the synthesized JSON, so no policy rule evaluated them.',
  'Build the resources with constructs (or provider bindings) so the policy sees them, or review the module version and suppress with the review reference.',
);

/** A suppression that matched no finding: stale, misplaced or for a rule not in the bundle's packs. */
export const UNUSED_SUPPRESSION_RULE: PolicyRule = engineRule(
  'LLM-POLICY-3',
  'A suppression matches no finding (the resource is compliant, the rule is not in the bundle\'s packs, or the suppression is on the wrong construct).',
  'Remove the suppression, or move it to the construct whose finding it accepts.',
);

/** Every engine finding id. */
export const ENGINE_RULES: ReadonlyArray<PolicyRule> = [ENGINE_RULE, MODULE_RULE, UNUSED_SUPPRESSION_RULE];
