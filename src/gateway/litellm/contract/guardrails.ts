import type { ContractKey } from './config-keys';
import type { ContractSourceId } from './sources';

/** One guardrail type the pinned image registers and can run, with its parameters and what it needs. */
export interface ContractGuardrail {
  readonly source: ContractSourceId;
  readonly params: Readonly<Record<string, ContractKey>>;
  /** Python packages the hook imports; all are in the pinned image unless listed in `missingFromImage`. */
  readonly packages?: ReadonlyArray<string>;
  /** Services that must be reachable (the runtime deploys them or the user provides them). */
  readonly services?: ReadonlyArray<string>;
  /** Parameters (or environment variables, `env:NAME`) at least one of each group must be set. */
  readonly requiredOneOf?: ReadonlyArray<ReadonlyArray<string>>;
}

/** `guardrails[].litellm_params.mode` values (`SupportedGuardrailIntegrations` hooks' event hooks). */
export const CONTRACT_GUARDRAIL_MODES: ReadonlyArray<string> = ['pre_call', 'post_call', 'during_call', 'logging_only'];

/** Prebuilt content-filter patterns (patterns.json); an unknown name fails startup with "Unknown pattern name". */
export const CONTRACT_CONTENT_FILTER_PREBUILT: ReadonlyArray<string> = [
  'us_ssn', 'us_ssn_no_dash', 'email', 'us_phone', 'visa', 'mastercard', 'amex', 'discover', 'credit_card',
  'aws_access_key', 'aws_secret_key', 'github_token', 'slack_token', 'generic_api_key', 'ipv4', 'ipv6', 'url',
  'passport_us', 'passport_uk', 'passport_germany', 'passport_france', 'passport_netherlands', 'passport_canada',
  'passport_india', 'passport_australia', 'passport_china', 'passport_japan',
];

const str = (source: ContractSourceId): ContractKey => ({ source, type: 'string' });
const bool = (source: ContractSourceId): ContractKey => ({ source, type: 'boolean' });
const action = (source: ContractSourceId): ContractKey => ({ source, type: 'string', values: ['BLOCK', 'MASK'] });

/** Keys every guardrail type takes (`guardrail`, `mode`, and BaseLitellmParams). */
export const CONTRACT_GUARDRAIL_COMMON: Readonly<Record<string, ContractKey>> = {
  guardrail: str('guardrailTypes'),
  mode: { source: 'guardrailTypes', note: 'a mode or a list of modes' },
  default_on: bool('guardrailTypes'),
  api_key: str('guardrailTypes'),
  api_base: str('guardrailTypes'),
};

/**
 * Types that are registered **and** runnable in the pinned image. Registered types outside this list are not
 * verified at the pin or need packages the image lacks (`hide-secrets` needs detect-secrets); `litellm_pii` is
 * not registered at all (documented only): LiteLLM fails at startup with "Unsupported guardrail".
 */
export const CONTRACT_GUARDRAILS: Readonly<Record<string, ContractGuardrail>> = {
  litellm_content_filter: {
    source: 'guardrailTypes',
    params: {
      patterns: {
        source: 'guardrailTypes',
        type: 'list',
        items: {
          source: 'guardrailTypes',
          type: 'map',
          keys: {
            pattern_type: { source: 'guardrailTypes', type: 'string', values: ['prebuilt', 'regex'] },
            pattern_name: { source: 'contentFilterPatterns', type: 'string', values: CONTRACT_CONTENT_FILTER_PREBUILT },
            pattern: str('guardrailTypes'),
            name: str('guardrailTypes'),
            action: action('guardrailTypes'),
          },
        },
      },
      blocked_words: { source: 'guardrailTypes', type: 'list', items: { source: 'guardrailTypes', type: 'map', keys: { keyword: str('guardrailTypes'), action: action('guardrailTypes'), description: str('guardrailTypes') } } },
      pattern_redaction_format: str('guardrailTypes'),
      keyword_redaction_tag: str('guardrailTypes'),
    },
    packages: [],
  },
  presidio: {
    source: 'presidio',
    params: {
      pii_entities_config: { source: 'guardrailTypes', type: 'map', openKeys: true, items: action('guardrailTypes') },
      presidio_analyzer_api_base: str('presidio'),
      presidio_anonymizer_api_base: str('presidio'),
      presidio_language: str('guardrailTypes'),
      output_parse_pii: bool('guardrailTypes'),
    },
    services: ['presidio-analyzer', 'presidio-anonymizer'],
    requiredOneOf: [['presidio_analyzer_api_base', 'env:PRESIDIO_ANALYZER_API_BASE'], ['presidio_anonymizer_api_base', 'env:PRESIDIO_ANONYMIZER_API_BASE']],
  },
  bedrock: {
    source: 'guardrailTypes',
    params: {
      guardrailIdentifier: str('guardrailTypes'),
      guardrailVersion: str('guardrailTypes'),
      aws_region_name: str('guardrailTypes'),
      disable_exception_on_block: bool('guardrailTypes'),
    },
    services: ['AWS Bedrock Guardrails (task role bedrock:ApplyGuardrail)'],
    requiredOneOf: [['guardrailIdentifier'], ['guardrailVersion']],
  },
};

/** Registered in newer source but not usable here, with the reason (for error messages). */
export const CONTRACT_GUARDRAILS_REJECTED: Readonly<Record<string, string>> = {
  'litellm_pii': 'is documented but not a registered guardrail type: LiteLLM fails at startup with "Unsupported guardrail: litellm_pii"',
  'hide-secrets': 'is an Enterprise hook (the image ships detect-secrets, listed as "Enterprise" in requirements.txt) and was not verified to run without a license',
};
