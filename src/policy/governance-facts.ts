/**
 * What LLM constructs tell the policy engine about themselves. Terraform JSON cannot say which model alias a
 * feature uses or whether prompts are logged, so governed constructs expose these facts through a method the
 * engine finds by duck typing (no import of the policy module is needed by the construct's users):
 *
 * ```ts
 * class LlmGateway extends Construct implements IGovernedConstruct {
 *   public governanceFacts(): GovernanceFacts { return { kind: 'gateway', ... }; }
 * }
 * ```
 *
 * Facts are read at synthesis, after every `add*` call and after the bundle has contributed its runtime
 * guardrails (see `IPolicyGuardrailConsumer`).
 */

/** One model deployment a gateway serves. */
export interface GovernedModel {
  /** Public alias (LiteLLM `model_name`), e.g. `chat-default`. */
  readonly alias: string;
  /** Provider, e.g. `bedrock`, `vertex_ai`, `openai`. */
  readonly provider: string;
  /** Provider model id, e.g. `anthropic.claude-3-5-sonnet-20240620-v1:0`. */
  readonly modelId: string;
}

/** A LiteLLM fallback: when `from` fails, try `to` in order. */
export interface GovernedFallback {
  readonly from: string;
  readonly to: ReadonlyArray<string>;
  /** LiteLLM fallback kind. Only `general` protects against provider outages. */
  readonly kind: 'general' | 'context_window' | 'content_policy';
}

/** What a guardrail is for. */
export type GovernedGuardrailPurpose = 'pii' | 'prompt-injection' | 'content' | 'other';

/** A guardrail configured on a gateway (LiteLLM `guardrails[]` or a guardrail callback). */
export interface GovernedGuardrail {
  /** `guardrail_name` (or the callback name). */
  readonly name: string;
  /** LiteLLM `litellm_params.guardrail` (`litellm_pii`, `presidio`, `bedrock`, ...) or callback name. */
  readonly guardrail: string;
  readonly purpose: GovernedGuardrailPurpose;
  /** Runs on every request without the caller asking for it. */
  readonly defaultOn: boolean;
}

/** Facts of an LLM gateway (LiteLLM proxy). */
export interface GatewayGovernanceFacts {
  readonly kind: 'gateway';
  /** Every model deployment (an alias may appear several times: one model group). */
  readonly models: ReadonlyArray<GovernedModel>;
  readonly fallbacks: ReadonlyArray<GovernedFallback>;
  /** True when prompts/responses are written to logs, traces or spend logs (LiteLLM `turn_off_message_logging: false`). */
  readonly messageLogging: boolean;
  /** True when the owner explicitly allowed message logging (a documented, reviewed decision). */
  readonly messageLoggingAllowed: boolean;
  readonly guardrails: ReadonlyArray<GovernedGuardrail>;
  /** Environment name, e.g. `prod`. */
  readonly environment?: string;
}

/** How freely an LLM feature may execute tools (function calling, MCP). */
export type GovernedToolExecution = 'none' | 'allow-listed' | 'unconstrained';

/** Data classification of what a feature sends to models. */
export type GovernedDataClassification = 'public' | 'internal' | 'confidential' | 'restricted';

/** Facts of a team's LLM feature or quota (`StandardLlmFeature`, `TenantQuota`). */
export interface FeatureGovernanceFacts {
  readonly kind: 'feature';
  /** Owning team. */
  readonly team: string;
  /** Feature name (for messages). */
  readonly name: string;
  /** Model aliases the feature calls. */
  readonly models: ReadonlyArray<string>;
  /** @default - unclassified (treated as `internal`) */
  readonly dataClassification?: GovernedDataClassification;
  /** Guardrails applied to the feature's own key or team (in addition to the gateway's default-on ones). @default [] */
  readonly guardrails?: ReadonlyArray<GovernedGuardrail>;
  /** Monthly budget in USD. @default - none (non-compliant) */
  readonly monthlyBudgetUsd?: number;
  /** Tokens per minute limit. @default - none (non-compliant) */
  readonly tokensPerMinute?: number;
  /** Requests per minute limit. @default - none (non-compliant) */
  readonly requestsPerMinute?: number;
  /** @default 'none' */
  readonly toolExecution?: GovernedToolExecution;
  /** True when the feature's output is consumed by a program, not read by a person. @default false */
  readonly automation?: boolean;
  /** True when the feature declares a structured output contract (JSON schema / response_format). @default false */
  readonly structuredOutput?: boolean;
  /** Environment name, e.g. `prod`. */
  readonly environment?: string;
}

/** Facts any governed construct reports. */
export type GovernanceFacts = GatewayGovernanceFacts | FeatureGovernanceFacts;

/**
 * Implemented by constructs the governance pack checks. Found by duck typing: any construct in the bundle's
 * scope with a `governanceFacts()` method.
 */
export interface IGovernedConstruct {
  governanceFacts(): GovernanceFacts;
}

/** Every governed construct's facts in the bundle's scope, as rules see them. */
export interface GovernanceSnapshot {
  /** Every gateway of the app (features are checked against the gateway serving them, wherever it lives). */
  readonly gateways: ReadonlyArray<{ readonly path: string; readonly facts: GatewayGovernanceFacts }>;
  /** Governed features of the stack under evaluation. */
  readonly features: ReadonlyArray<{ readonly path: string; readonly facts: FeatureGovernanceFacts }>;
}

/** Options of `PolicyPack.llmGovernance()`. */
export interface LlmGovernanceOptions {
  /**
   * Model aliases (or `provider/modelId`) that gateways and features may use.
   * @default - no allow-list: LLM-GOV-1 is not applicable
   */
  readonly modelAllowList?: ReadonlyArray<string>;
  /**
   * Environment names treated as production (case-insensitive).
   * @default ['prod', 'production']
   */
  readonly productionEnvironments?: ReadonlyArray<string>;
}

/** Duck-typing check for `IGovernedConstruct`. */
export function isGovernedConstruct(x: unknown): x is IGovernedConstruct {
  return typeof x === 'object' && x !== null && typeof (x as { governanceFacts?: unknown }).governanceFacts === 'function';
}
