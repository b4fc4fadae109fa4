import type { GovernedGuardrailPurpose } from './governance-facts';

/** What the guardrail does with a detected PII entity (LiteLLM `entities_config` values). */
export type PolicyPiiAction = 'MASK' | 'BLOCK';

/**
 * A runtime guardrail the policy bundle asks every governed gateway to run. Plain data; the gateway renders it
 * into its LiteLLM config:
 *
 * - `kind: 'guardrail'` → an entry of `guardrails[]`:
 *   `{ guardrail_name, litellm_params: { guardrail, mode, default_on, ...params } }`
 * - `kind: 'callback'` → a name in `litellm_settings.callbacks` (LiteLLM's in-memory prompt-injection
 *   detection is the `detect_prompt_injection` callback, not a `guardrails[]` entry).
 *
 * Source: /work/shared/reference/litellm.md §3 (guardrails[], litellm_pii + entities_config) and LiteLLM docs
 * "In-memory Prompt Injection Detection" (`litellm_settings.callbacks: ["detect_prompt_injection"]`).
 */
export interface PolicyGuardrailEntry {
  readonly kind: 'guardrail' | 'callback';
  /** `guardrail_name` (or the callback name for `kind: 'callback'`). Unique; consumers de-duplicate by it. */
  readonly guardrailName: string;
  /** LiteLLM `litellm_params.guardrail` (`litellm_pii`, `presidio`, ...) or the callback name. */
  readonly guardrail: string;
  readonly purpose: GovernedGuardrailPurpose;
  /** LiteLLM `mode`s (ignored for callbacks). */
  readonly mode: ReadonlyArray<'pre_call' | 'post_call' | 'during_call' | 'logging_only'>;
  /** Runs on every request (`default_on`). */
  readonly defaultOn: boolean;
  /** Extra `litellm_params`, e.g. `{ entities_config: { EMAIL_ADDRESS: 'MASK' } }`. Sorted keys. */
  readonly params?: Readonly<Record<string, unknown>>;
}

/**
 * Implemented by constructs that run LiteLLM (the gateway). The bundle calls it once per consumer during
 * synthesis, before any configuration is resolved, so consumers must render their config lazily and should
 * de-duplicate entries by `guardrailName`.
 */
export interface IPolicyGuardrailConsumer {
  addPolicyGuardrails(entries: ReadonlyArray<PolicyGuardrailEntry>): void;
}

/** Duck-typing check for `IPolicyGuardrailConsumer`. */
export function isPolicyGuardrailConsumer(x: unknown): x is IPolicyGuardrailConsumer {
  return typeof x === 'object' && x !== null && typeof (x as { addPolicyGuardrails?: unknown }).addPolicyGuardrails === 'function';
}

/**
 * PII entities masked by default. Entity names are Presidio's (which LiteLLM's PII guardrails use); masking
 * rather than blocking keeps features working while keeping identifiers away from model providers.
 */
export const DEFAULT_PII_ENTITIES: Readonly<Record<string, PolicyPiiAction>> = {
  CREDIT_CARD: 'MASK',
  EMAIL_ADDRESS: 'MASK',
  IBAN_CODE: 'MASK',
  IP_ADDRESS: 'MASK',
  PHONE_NUMBER: 'MASK',
  US_SSN: 'MASK',
};

/** The runtime guardrails a bundle contributes by default: PII masking and prompt-injection detection. */
export function defaultRuntimeGuardrails(piiEntities: Readonly<Record<string, PolicyPiiAction>> = DEFAULT_PII_ENTITIES): PolicyGuardrailEntry[] {
  const entities: Record<string, PolicyPiiAction> = {};
  for (const key of Object.keys(piiEntities).sort()) entities[key] = piiEntities[key];
  return [
    {
      kind: 'guardrail',
      guardrailName: 'policy-pii-masking',
      guardrail: 'litellm_pii',
      purpose: 'pii',
      // Mask before the provider sees the prompt, and in the response before the caller sees it.
      mode: ['pre_call', 'post_call'],
      defaultOn: true,
      params: { entities_config: entities },
    },
    {
      kind: 'callback',
      guardrailName: 'detect_prompt_injection',
      guardrail: 'detect_prompt_injection',
      purpose: 'prompt-injection',
      mode: ['pre_call'],
      defaultOn: true,
    },
  ];
}
