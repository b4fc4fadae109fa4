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
 * Source: BerriAI/litellm at the pinned image's release: `litellm/types/guardrails.py` (`SupportedGuardrailIntegrations`
 * registers `litellm_content_filter`; there is no `litellm_pii`), `…/guardrail_hooks/litellm_content_filter/patterns.json`
 * (prebuilt pattern names), and LiteLLM docs "In-memory Prompt Injection Detection"
 * (`litellm_settings.callbacks: ["detect_prompt_injection"]`).
 */
export interface PolicyGuardrailEntry {
  readonly kind: 'guardrail' | 'callback';
  /** `guardrail_name` (or the callback name for `kind: 'callback'`). Unique; consumers de-duplicate by it. */
  readonly guardrailName: string;
  /** LiteLLM `litellm_params.guardrail` (`litellm_content_filter`, `presidio`, `bedrock`) or the callback name. */
  readonly guardrail: string;
  readonly purpose: GovernedGuardrailPurpose;
  /** LiteLLM `mode`s (ignored for callbacks). */
  readonly mode: ReadonlyArray<'pre_call' | 'post_call' | 'during_call' | 'logging_only'>;
  /** Runs on every request (`default_on`). */
  readonly defaultOn: boolean;
  /** Extra `litellm_params`, e.g. `{ patterns: [{ pattern_type: 'prebuilt', pattern_name: 'email', action: 'MASK' }] }`. Sorted keys. */
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
 * PII entities masked by default. Entity names are Presidio's; the contributed guardrail renders each as the
 * LiteLLM content-filter pattern that detects it (`PII_ENTITY_CONTENT_FILTER_PATTERNS`). Masking rather than
 * blocking keeps features working while keeping identifiers away from model providers.
 */
export const DEFAULT_PII_ENTITIES: Readonly<Record<string, PolicyPiiAction>> = {
  CREDIT_CARD: 'MASK',
  EMAIL_ADDRESS: 'MASK',
  IBAN_CODE: 'MASK',
  IP_ADDRESS: 'MASK',
  PHONE_NUMBER: 'MASK',
  US_SSN: 'MASK',
};

/** A `litellm_content_filter` `patterns[]` entry, without its action. */
export type PolicyContentFilterPattern =
  | { readonly pattern_type: 'prebuilt'; readonly pattern_name: string }
  | { readonly pattern_type: 'regex'; readonly name: string; readonly pattern: string };

/**
 * The LiteLLM content-filter pattern that detects each PII entity the bundle accepts. Prebuilt names are entries
 * of BerriAI/litellm `…/litellm_content_filter/patterns.json` present since the filter's first release
 * (`us_phone`, not the docs' `phone`, which does not exist). IBAN is a regex pattern (ISO 13616 structure, our
 * expression) because the `iban` prebuilt is newer than the pinned image may carry. Must render exactly what the
 * gateway's `Guardrail.litellmPii` renders for the same entity (a test holds them together).
 */
export const PII_ENTITY_CONTENT_FILTER_PATTERNS: Readonly<Record<string, PolicyContentFilterPattern>> = {
  CREDIT_CARD: { pattern_type: 'prebuilt', pattern_name: 'credit_card' },
  EMAIL_ADDRESS: { pattern_type: 'prebuilt', pattern_name: 'email' },
  IBAN_CODE: { pattern_type: 'regex', name: 'iban', pattern: '\\b[A-Z]{2}[0-9]{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?\\b' },
  IP_ADDRESS: { pattern_type: 'prebuilt', pattern_name: 'ipv4' },
  PHONE_NUMBER: { pattern_type: 'prebuilt', pattern_name: 'us_phone' },
  US_SSN: { pattern_type: 'prebuilt', pattern_name: 'us_ssn' },
};

/**
 * The runtime guardrails a bundle contributes by default: PII masking (LiteLLM's in-process content filter) and
 * prompt-injection detection. An entity without a pattern in `PII_ENTITY_CONTENT_FILTER_PATTERNS` is passed on
 * as a prebuilt name, which the gateway rejects with a ValidationError naming it (never a config LiteLLM would
 * refuse at startup).
 */
export function defaultRuntimeGuardrails(piiEntities: Readonly<Record<string, PolicyPiiAction>> = DEFAULT_PII_ENTITIES): PolicyGuardrailEntry[] {
  const patterns = Object.keys(piiEntities).sort().map((entity) => ({
    ...(PII_ENTITY_CONTENT_FILTER_PATTERNS[entity] ?? { pattern_type: 'prebuilt' as const, pattern_name: entity }),
    action: piiEntities[entity],
  }));
  return [
    {
      kind: 'guardrail',
      guardrailName: 'policy-pii-masking',
      guardrail: 'litellm_content_filter',
      purpose: 'pii',
      // Mask before the provider sees the prompt, and in the response before the caller sees it.
      mode: ['pre_call', 'post_call'],
      defaultOn: true,
      params: { patterns },
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
