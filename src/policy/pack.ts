import { z } from 'zod';
import type { LlmGovernanceOptions } from './governance-facts';
import type { PolicyRule } from './rule';
import { schemaFor, validateProps, withFix } from '../core/validation';
import { LLM_GOVERNANCE_RULES, SECURITY_BASELINE_RULES } from './rules/registry';

const governanceSchema = schemaFor<LlmGovernanceOptions>()(
  z.strictObject({
    modelAllowList: z
      .array(z.string().min(1, withFix('must not be empty', 'pass a model alias such as "chat-default" or "provider/modelId"')))
      .min(1, withFix('must list at least one model', 'list the allowed aliases, or omit modelAllowList to skip the allow-list rule'))
      .optional(),
    productionEnvironments: z.array(z.string().min(1)).min(1).optional(),
  }),
);

/**
 * A named set of policy rules. Pick packs with the static factories and hand them to a `PolicyBundle`.
 *
 * ```ts
 * PolicyPack.securityBaseline()
 * PolicyPack.llmGovernance({ modelAllowList: ['chat-default', 'embed'] })
 * ```
 */
export class PolicyPack {
  /**
   * Security controls over the Terraform resources of a stack: what this library creates and what users add
   * raw (network exposure, IAM, encryption, backups, secrets, load balancers, containers, GCP, Kubernetes).
   */
  public static securityBaseline(): PolicyPack {
    return new PolicyPack('security-baseline', SECURITY_BASELINE_RULES, {});
  }

  /** Governance over what LLM gateways and features declare (models, fallbacks, logging, guardrails, quotas). */
  public static llmGovernance(options: LlmGovernanceOptions = {}): PolicyPack {
    const parsed = validateProps('PolicyPack.llmGovernance', governanceSchema, options);
    return new PolicyPack('llm-governance', LLM_GOVERNANCE_RULES, parsed);
  }

  /**
   * A pack of your own rules (same shape as the built-in ones).
   * @param name pack name, shown in reports
   */
  public static custom(name: string, rules: ReadonlyArray<PolicyRule>, options: LlmGovernanceOptions = {}): PolicyPack {
    return new PolicyPack(name, rules, options);
  }

  private constructor(
    /** Pack name, e.g. `security-baseline`. */
    public readonly name: string,
    public readonly rules: ReadonlyArray<PolicyRule>,
    /** Options handed to every rule of the pack as `context.options`. */
    public readonly options: LlmGovernanceOptions,
  ) {}
}
