import { z } from 'zod';
import { ENGINE_RULES } from './engine-rules';
import type { LlmGovernanceOptions } from './governance-facts';
import type { PolicyRule } from './rule';
import { markLiteralsChecked, schemaFor, validateProps, withFix } from '../core/validation';
import { LLM_GOVERNANCE_RULES, SECURITY_BASELINE_RULES } from './rules/registry';

/** Options every pack takes. */
export interface PolicyPackOptions {
  /**
   * Strict mode: a rule that cannot evaluate a resource (a value only known at plan time such as `Fn.file()`,
   * a Terraform module, unreadable Helm values) fails synthesis like an error finding, instead of a warning.
   * Turn it off only for exploratory stacks.
   * @default true (production default)
   */
  readonly strict?: boolean;
}

// `provider/modelId`: LiteLLM's model string (provider prefix, then the provider's own id, which may contain '/').
const MODEL_ID = /^[a-z][a-z0-9_-]*\/\S+$/;

const governanceSchema = schemaFor<LlmGovernanceOptions>()(
  z.strictObject({
    modelAllowList: z
      .array(
        z.string().regex(
          MODEL_ID,
          withFix(
            'is not a provider/modelId (an alias cannot allow a model: any model could be deployed under it)',
            'name the provider model, e.g. "bedrock/anthropic.claude-3-5-haiku-20241022-v1:0", and list aliases in aliasAllowList',
          ),
        ),
      )
      .min(1, withFix('must list at least one model', 'list the allowed provider/modelId ids, or omit modelAllowList to skip the check'))
      .optional(),
    aliasAllowList: z
      .array(z.string().regex(/^[^\s/]+$/, withFix('is not a model alias', 'pass a LiteLLM model_name such as "chat-default" (no "/"; models go in modelAllowList)')))
      .min(1, withFix('must list at least one alias', 'list the allowed aliases, or omit aliasAllowList to skip the check'))
      .optional(),
    productionEnvironments: z.array(z.string().min(1)).min(1).optional(),
    strict: z.boolean().optional(),
  }),
);

const strictSchema = schemaFor<PolicyPackOptions>()(z.strictObject({ strict: z.boolean().optional() }));

/** Rule ids of every pack created in this process (suppressions of other ids are rejected). */
const knownRuleIds = new Set<string>([...SECURITY_BASELINE_RULES, ...LLM_GOVERNANCE_RULES, ...ENGINE_RULES].map((r) => r.id));

/** Rule ids a suppression may name: built-in rules, engine findings and rules of custom packs created so far. */
export function knownPolicyRuleIds(): ReadonlySet<string> {
  return knownRuleIds;
}

/**
 * A named set of policy rules. Pick packs with the static factories and hand them to a `PolicyBundle`.
 *
 * ```ts
 * PolicyPack.securityBaseline()
 * PolicyPack.llmGovernance({
 *   modelAllowList: ['bedrock/anthropic.claude-3-5-haiku-20241022-v1:0'],
 *   aliasAllowList: ['chat-default'],
 * })
 * ```
 */
export class PolicyPack {
  /**
   * Security controls over the Terraform resources of a stack: what this library creates and what users add
   * raw (network exposure, IAM, encryption, backups, secrets, load balancers, containers, GCP, Kubernetes).
   */
  public static securityBaseline(options: PolicyPackOptions = {}): PolicyPack {
    const parsed = validateProps('PolicyPack.securityBaseline', strictSchema, options);
    // Options checked above, rules are the library's: bundles need not scan the pack for literal secrets again.
    return markLiteralsChecked(new PolicyPack('security-baseline', SECURITY_BASELINE_RULES, {}, parsed.strict ?? true));
  }

  /** Governance over what LLM gateways and features declare (models, fallbacks, logging, guardrails, quotas). */
  public static llmGovernance(options: LlmGovernanceOptions = {}): PolicyPack {
    const parsed = validateProps('PolicyPack.llmGovernance', governanceSchema, options);
    return markLiteralsChecked(new PolicyPack('llm-governance', LLM_GOVERNANCE_RULES, parsed, parsed.strict ?? true));
  }

  /**
   * A pack of your own rules (same shape as the built-in ones). Create it before suppressing its rule ids.
   * @param name pack name, shown in reports
   */
  public static custom(name: string, rules: ReadonlyArray<PolicyRule>, options: LlmGovernanceOptions = {}): PolicyPack {
    for (const r of rules) knownRuleIds.add(r.id);
    return new PolicyPack(name, rules, options, options.strict ?? true);
  }

  private constructor(
    /** Pack name, e.g. `security-baseline`. */
    public readonly name: string,
    public readonly rules: ReadonlyArray<PolicyRule>,
    /** Options handed to every rule of the pack as `context.options`. */
    public readonly options: LlmGovernanceOptions,
    /** Whether findings this pack cannot evaluate fail synthesis (see `PolicyPackOptions.strict`). */
    public readonly strict: boolean,
  ) {}
}
