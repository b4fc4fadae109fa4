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
  /** The allowed tools when `toolExecution` is `allow-listed`. @default - not stated */
  readonly tools?: ReadonlyArray<string>;
  /**
   * True when the gateway serving the feature writes prompts/responses to logs or traces.
   * @default - read from the gateways serving the feature's models
   */
  readonly messageLogging?: boolean;
  /** What users get when the feature is off or failing. @default - not declared */
  readonly businessFallback?: string;
  /** Owning squad. @default - not named */
  readonly owner?: string;
  /** Who is paged for the feature. @default - not named */
  readonly oncall?: string;
  /** Name of the gateway serving the feature (`LlmGateway.gatewayName`). @default - unknown */
  readonly gateway?: string;
}

/** One virtual key of a team (`TenantQuota.addKey`). */
export interface GovernedTenantKey {
  /** Feature name; the LiteLLM key alias is `<team>/<feature>`. */
  readonly name: string;
  readonly models: ReadonlyArray<string>;
  /** @default - the team's limit */
  readonly tokensPerMinute?: number;
  /** @default - the team's limit */
  readonly requestsPerMinute?: number;
  /** @default - the team's budget */
  readonly monthlyBudgetUsd?: number;
  /** Days between automatic rotations of the key. */
  readonly rotationDays: number;
}

/** Facts of a team's quota on a gateway (`TenantQuota`): its LiteLLM team, limits, budget and keys. */
export interface TenantGovernanceFacts {
  readonly kind: 'tenant';
  /** Team name (LiteLLM `team_alias`). */
  readonly team: string;
  /** Name of the gateway the team lives on. */
  readonly gateway: string;
  /** Model aliases the team may call. */
  readonly models: ReadonlyArray<string>;
  /** Monthly budget in USD. @default - none (non-compliant) */
  readonly monthlyBudgetUsd?: number;
  /** Tokens per minute limit. @default - none (non-compliant) */
  readonly tokensPerMinute?: number;
  /** Requests per minute limit. @default - none (non-compliant) */
  readonly requestsPerMinute?: number;
  readonly keys: ReadonlyArray<GovernedTenantKey>;
  /** Environment name, e.g. `prod`. */
  readonly environment?: string;
}

/** Facts any governed construct reports. */
export type GovernanceFacts = GatewayGovernanceFacts | FeatureGovernanceFacts | TenantGovernanceFacts;

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
   * Provider models that gateways may deploy, as `provider/modelId` (LiteLLM's model string), e.g.
   * `bedrock/anthropic.claude-3-5-haiku-20241022-v1:0` or `vertex_ai/gemini-1.5-pro`. An alias never allows
   * a model: whatever is deployed under an alias must be on this list. List aliases in `aliasAllowList`.
   * @default - no model allow-list: models are not checked
   */
  readonly modelAllowList?: ReadonlyArray<string>;
  /**
   * Model aliases (LiteLLM `model_name`) gateways may publish and features may call, e.g. `chat-default`.
   * @default - no alias allow-list: aliases are not checked
   */
  readonly aliasAllowList?: ReadonlyArray<string>;
  /**
   * Strict mode: a rule that cannot evaluate a resource (a value only known at plan time such as `Fn.file()`,
   * a module, unreadable Helm values) is an error, not a warning.
   * @default true (production default)
   */
  readonly strict?: boolean;
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
