import { z } from 'zod';
import { ProblemCollector, isAwsRegion } from '../core';
import { ContentFilterAction, ContentFilterPattern, IBAN_REGEX, PrebuiltPattern } from './content-filter-pattern';
import { isUnresolved } from '../core/tokens';
import { schemaFor, tokenOr, validateProps, withFix } from '../core/validation';
import type { LiteLlmGuardrail, LiteLlmGuardrailMode, LiteLlmPromptInjectionParams } from './litellm/config-model';

/** When a guardrail runs (`guardrails[].litellm_params.mode`). */
export enum GuardrailMode {
  /** On the request, before the model is called (can block or mask). */
  PRE_CALL = 'pre_call',
  /** In parallel with the model call (can block, cannot modify; lower latency). */
  DURING_CALL = 'during_call',
  /** On the response, after the model answered. */
  POST_CALL = 'post_call',
  /** Only logs what it would have done. */
  LOGGING_ONLY = 'logging_only',
}

/** What a PII guardrail does with an entity it finds. */
export enum PiiAction {
  /** Replace the entity with a placeholder such as `<EMAIL_ADDRESS>`. */
  MASK = 'MASK',
  /** Reject the request. */
  BLOCK = 'BLOCK',
}

/** Options every `guardrails[]` guardrail takes. */
export interface GuardrailOptions {
  /** Unique guardrail name; keys and teams refer to it. @default - the factory's name, e.g. `pii` */
  readonly name?: string;
  /** When it runs. @default [GuardrailMode.PRE_CALL] */
  readonly modes?: ReadonlyArray<GuardrailMode>;
  /**
   * Whether it runs on every request. LiteLLM's own default is off (opt-in per key/team/request); a
   * guardrail added to the platform gateway is meant to apply everywhere.
   * @default true
   */
  readonly defaultOn?: boolean;
}

/** Props of `Guardrail.litellmPii`. */
export interface LiteLlmPiiGuardrailProps extends GuardrailOptions {
  /**
   * Entity type → action. The entity names are Presidio's; each is rendered as the content-filter pattern
   * that detects it (see `PII_ENTITY_PATTERNS`): EMAIL_ADDRESS, PHONE_NUMBER (US formats), CREDIT_CARD,
   * US_SSN, IP_ADDRESS, IBAN_CODE. Other entities (PERSON, LOCATION, ...) need a model-based detector:
   * use `Guardrail.presidio` with the analyzer and anonymizer deployed as sidecars.
   *
   * Not the same default as the `policy-pii-masking` guardrail a `PolicyBundle` adds, which masks every entity
   * it lists (including credit cards, IBANs and SSNs, and also IP addresses): this guardrail rejects requests
   * carrying payment or national identifiers, the bundle's lets them through masked.
   * @default - mask EMAIL_ADDRESS and PHONE_NUMBER; block (reject the request) CREDIT_CARD, IBAN_CODE and US_SSN
   */
  readonly entities?: Readonly<Record<string, PiiAction>>;
}

/** Props of `Guardrail.contentFilter`. */
export interface ContentFilterGuardrailProps extends GuardrailOptions {
  /** What to detect. @default - the PII patterns: e-mail, US phone, US SSN, credit card, IPv4, IBAN, all masked */
  readonly patterns?: ReadonlyArray<ContentFilterPattern>;
}

/** Props of `Guardrail.presidio`. */
export interface PresidioGuardrailProps extends GuardrailOptions {
  /** Presidio analyzer base URL, e.g. a sidecar `http://localhost:5002`. */
  readonly analyzerApiBase: string;
  /** Presidio anonymizer base URL, e.g. a sidecar `http://localhost:5001`. */
  readonly anonymizerApiBase: string;
  /** Entity type → action. @default - Presidio's default entities, masked */
  readonly entities?: Readonly<Record<string, PiiAction>>;
  /** Language of the analysed text (ISO 639-1). @default 'en' */
  readonly language?: string;
  /** Restore masked values in the response. @default false */
  readonly outputParsePii?: boolean;
}

/** Props of `Guardrail.bedrock`. */
export interface BedrockGuardrailProps extends GuardrailOptions {
  /** Bedrock guardrail id (not the ARN), e.g. `ff6ujrregl1q`. */
  readonly guardrailIdentifier: string;
  /** Guardrail version: a number (pin it) or `DRAFT`. */
  readonly guardrailVersion: string;
  /** Region of the guardrail. @default - the region of the gateway's AWS credentials */
  readonly region?: string;
}

/** Props of `Guardrail.promptInjection`. */
export interface PromptInjectionGuardrailProps {
  /** Heuristic check against known attack phrasings (in-process, no extra call). @default true */
  readonly heuristicsCheck?: boolean;
  /** Similarity check against LiteLLM's attack list in a vector database. @default false */
  readonly vectorDbCheck?: boolean;
  /** Return the rejection as a normal response instead of an error. @default false */
  readonly rejectAsResponse?: boolean;
}

/** Which LiteLLM mechanism a guardrail uses. */
export enum GuardrailKind {
  /** LiteLLM's in-process regex filter (`litellm_content_filter`); `Guardrail.litellmPii` renders one too. */
  CONTENT_FILTER = 'litellm_content_filter',
  /** @deprecated LiteLLM registers no `litellm_pii` guardrail; `Guardrail.litellmPii` now has kind CONTENT_FILTER. */
  LITELLM_PII = 'litellm_pii',
  PRESIDIO = 'presidio',
  BEDROCK = 'bedrock',
  /** The `detect_prompt_injection` callback in `litellm_settings` (not a `guardrails[]` entry). */
  PROMPT_INJECTION = 'prompt_injection',
}

const NAME = /^[a-z0-9]([a-z0-9_-]{0,62}[a-z0-9])?$/;
const ENTITY = /^[A-Z][A-Z0-9_]*$/;

const optionsShape = {
  name: z.string().regex(NAME, withFix('is not a valid guardrail name', 'use 1-64 lowercase letters, digits, _ and -')).optional(),
  modes: z.array(z.enum(GuardrailMode)).min(1).optional(),
  defaultOn: z.boolean().optional(),
};

// Keys are checked in a refinement: zod reports a bad record key without its custom message.
const entities = z.record(z.string(), z.enum(PiiAction)).superRefine((record, ctx) => {
  for (const key of Object.keys(record)) {
    if (!ENTITY.test(key)) ctx.addIssue({ code: 'custom', path: [key], input: key, message: withFix('is not a PII entity type', 'use an upper-case Presidio entity name such as EMAIL_ADDRESS') });
  }
});
const url = tokenOr(z.string().regex(/^https?:\/\/\S+$/, withFix('is not an http(s) URL', 'pass a URL such as http://localhost:5002')));

const piiSchema = schemaFor<LiteLlmPiiGuardrailProps>()(z.strictObject({
  ...optionsShape,
  entities: entities.superRefine((record, ctx) => {
    for (const key of Object.keys(record)) {
      if (/^[A-Z][A-Z0-9_]*$/.test(key) && !Object.prototype.hasOwnProperty.call(PII_ENTITY_PATTERNS, key)) {
        ctx.addIssue({
          code: 'custom',
          path: [key],
          input: key,
          message: withFix('is not an entity the in-process content filter detects', `use ${Object.keys(PII_ENTITY_PATTERNS).sort().join(', ')}; for other entities use Guardrail.presidio with the analyzer and anonymizer as sidecars, or Guardrail.contentFilter with a regex pattern`),
        });
      }
    }
  }).refine((e) => Object.keys(e).length > 0, { message: withFix('lists no entity', 'list at least one entity, or omit entities for the defaults') }).optional(),
}));

const contentFilterSchema = schemaFor<ContentFilterGuardrailProps>()(z.strictObject({
  ...optionsShape,
  patterns: z.array(z.custom<ContentFilterPattern>((v) => v instanceof ContentFilterPattern, {
    message: withFix('is not a ContentFilterPattern', 'use ContentFilterPattern.prebuilt(...) or ContentFilterPattern.regex(...)'),
  })).min(1, withFix('lists no pattern', 'list at least one pattern, or omit patterns for the PII defaults')).optional(),
}));

const presidioSchema = schemaFor<PresidioGuardrailProps>()(z.strictObject({
  ...optionsShape,
  analyzerApiBase: url,
  anonymizerApiBase: url,
  entities: entities.optional(),
  language: z.string().regex(/^[a-z]{2}$/, withFix('is not an ISO 639-1 language code', "pass a two-letter code such as 'en' or 'de'")).optional(),
  outputParsePii: z.boolean().optional(),
}));

const bedrockSchema = schemaFor<BedrockGuardrailProps>()(z.strictObject({
  ...optionsShape,
  guardrailIdentifier: tokenOr(z.string().regex(/^[a-z0-9]{1,64}$/, withFix('is not a Bedrock guardrail id', 'pass the guardrail id (not its ARN), e.g. ff6ujrregl1q'))),
  guardrailVersion: tokenOr(z.string().regex(/^(DRAFT|[1-9]\d{0,7})$/, withFix('is not a guardrail version', "pass a published version number (or 'DRAFT' for tests)"))),
  region: z.string().refine((r) => isUnresolved(r) || isAwsRegion(r), { message: withFix('is not an AWS region', 'pass a region such as eu-central-1') }).optional(),
}));

const promptInjectionSchema = schemaFor<PromptInjectionGuardrailProps>()(z.strictObject({
  heuristicsCheck: z.boolean().optional(),
  vectorDbCheck: z.boolean().optional(),
  rejectAsResponse: z.boolean().optional(),
}).refine((p) => p.heuristicsCheck !== false || p.vectorDbCheck === true, { message: withFix('enables no check', 'leave heuristicsCheck on or turn vectorDbCheck on') }));

/**
 * The content-filter pattern that detects each Presidio entity name `Guardrail.litellmPii` accepts. IBAN is a
 * regex pattern (see `IBAN_REGEX`); the others are LiteLLM prebuilt patterns.
 */
export const PII_ENTITY_PATTERNS: Readonly<Record<string, (action: ContentFilterAction) => ContentFilterPattern>> = {
  CREDIT_CARD: (a) => ContentFilterPattern.prebuilt(PrebuiltPattern.CREDIT_CARD, a),
  EMAIL_ADDRESS: (a) => ContentFilterPattern.prebuilt(PrebuiltPattern.EMAIL, a),
  IBAN_CODE: (a) => ContentFilterPattern.regex('iban', IBAN_REGEX, a),
  IP_ADDRESS: (a) => ContentFilterPattern.prebuilt(PrebuiltPattern.IPV4, a),
  PHONE_NUMBER: (a) => ContentFilterPattern.prebuilt(PrebuiltPattern.US_PHONE, a),
  US_SSN: (a) => ContentFilterPattern.prebuilt(PrebuiltPattern.US_SSN, a),
};

const DEFAULT_PII_ENTITIES: Readonly<Record<string, PiiAction>> = {
  CREDIT_CARD: PiiAction.BLOCK,
  EMAIL_ADDRESS: PiiAction.MASK,
  IBAN_CODE: PiiAction.BLOCK,
  PHONE_NUMBER: PiiAction.MASK,
  US_SSN: PiiAction.BLOCK,
};

type GuardrailOutput =
  | { readonly kind: 'guardrail'; readonly value: LiteLlmGuardrail }
  | { readonly kind: 'prompt_injection'; readonly value: LiteLlmPromptInjectionParams };

function sortedRecord<V>(r: Readonly<Record<string, V>>): Record<string, V> {
  return Object.fromEntries(Object.entries(r).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function modeOf(modes: ReadonlyArray<GuardrailMode> | undefined): LiteLlmGuardrailMode | LiteLlmGuardrailMode[] {
  const list = [...new Set(modes ?? [GuardrailMode.PRE_CALL])] as LiteLlmGuardrailMode[];
  return list.length === 1 ? list[0] : list;
}

/**
 * A guardrail LiteLLM applies to requests and responses.
 *
 * Type names were checked against BerriAI/litellm at the pinned image's release (`litellm/types/guardrails.py`
 * `SupportedGuardrailIntegrations`, `litellm/proxy/guardrails/guardrail_registry.py`): `litellm_content_filter`,
 * `presidio` and `bedrock` are registered integrations, and the registry raises "Unsupported guardrail" at
 * startup for anything else (BerriAI/litellm#36535). `litellm_pii` is documented but not registered, so no
 * factory renders it. Prompt-injection detection is the `detect_prompt_injection` callback with
 * `litellm_settings.prompt_injection_params` (`LiteLLMPromptInjectionParams`), not a `guardrails[]` type.
 */
export class Guardrail {
  /**
   * LiteLLM's in-process content filter (`litellm_content_filter`): regular expressions, no external service,
   * no extra Python packages. By default it masks the PII patterns (e-mail, US phone, US SSN, credit card,
   * IPv4, IBAN) on the request before the model sees it.
   */
  public static contentFilter(props: ContentFilterGuardrailProps = {}): Guardrail {
    const p = validateProps('Guardrail.contentFilter', contentFilterSchema, props);
    const patterns = p.patterns ?? Object.keys(PII_ENTITY_PATTERNS).sort().map((entity) => PII_ENTITY_PATTERNS[entity](ContentFilterAction.MASK));
    return Guardrail.renderContentFilter('Guardrail.contentFilter', p.name ?? 'content-filter', p.modes, p.defaultOn, patterns);
  }

  /**
   * PII masking and blocking by entity name, rendered as LiteLLM's content filter (`litellm_content_filter`):
   * each entity becomes the pattern that detects it (`PII_ENTITY_PATTERNS`). By default it masks e-mail
   * addresses and phone numbers and blocks (rejects the request on) credit card numbers, IBANs and US SSNs.
   * A `PolicyBundle` adds its own PII guardrail (`policy-pii-masking`) that masks all of its entities; both run
   * when both are configured (pass `name: 'policy-pii-masking'` to replace the bundle's with yours).
   *
   * (LiteLLM documents a `litellm_pii` guardrail, but its registry does not register that type: a config with it
   * stops the proxy at startup. The entity-based API is kept and rendered as the content filter.)
   */
  public static litellmPii(props: LiteLlmPiiGuardrailProps = {}): Guardrail {
    const p = validateProps('Guardrail.litellmPii', piiSchema, props);
    const wanted = p.entities ?? DEFAULT_PII_ENTITIES;
    const actionOf = (entity: string) => (wanted[entity] === PiiAction.BLOCK ? ContentFilterAction.BLOCK : ContentFilterAction.MASK);
    const patterns = Object.keys(wanted).sort().map((entity) => PII_ENTITY_PATTERNS[entity](actionOf(entity)));
    return Guardrail.renderContentFilter('Guardrail.litellmPii', p.name ?? 'pii', p.modes, p.defaultOn, patterns);
  }

  /**
   * Microsoft Presidio (`presidio`): needs the analyzer and anonymizer services, e.g. as sidecars
   * added with `gateway.addSidecar()`.
   */
  public static presidio(props: PresidioGuardrailProps): Guardrail {
    const p = validateProps('Guardrail.presidio', presidioSchema, props);
    const name = p.name ?? 'presidio';
    return new Guardrail(GuardrailKind.PRESIDIO, name, {
      kind: 'guardrail',
      value: {
        guardrail_name: name,
        litellm_params: {
          guardrail: 'presidio',
          mode: modeOf(p.modes),
          default_on: p.defaultOn ?? true,
          presidio_analyzer_api_base: p.analyzerApiBase,
          presidio_anonymizer_api_base: p.anonymizerApiBase,
          presidio_language: p.language ?? 'en',
          ...(p.entities ? { pii_entities_config: sortedRecord(p.entities) } : {}),
          ...(p.outputParsePii !== undefined ? { output_parse_pii: p.outputParsePii } : {}),
        },
      },
    });
  }

  /**
   * An Amazon Bedrock guardrail (`bedrock`), applied with the gateway's AWS credentials. The workload
   * identity needs `bedrock:ApplyGuardrail` on the guardrail (see `bedrockGuardrail`).
   */
  public static bedrock(props: BedrockGuardrailProps): Guardrail {
    const p = validateProps('Guardrail.bedrock', bedrockSchema, props);
    const name = p.name ?? 'bedrock';
    return new Guardrail(
      GuardrailKind.BEDROCK,
      name,
      {
        kind: 'guardrail',
        value: {
          guardrail_name: name,
          litellm_params: {
            guardrail: 'bedrock',
            mode: modeOf(p.modes),
            default_on: p.defaultOn ?? true,
            guardrailIdentifier: p.guardrailIdentifier,
            guardrailVersion: p.guardrailVersion,
            ...(p.region ? { aws_region_name: p.region } : {}),
          },
        },
      },
      { guardrailIdentifier: p.guardrailIdentifier, guardrailVersion: p.guardrailVersion, region: p.region },
    );
  }

  /**
   * LiteLLM's in-process prompt-injection detection: the `detect_prompt_injection` callback, configured
   * by `litellm_settings.prompt_injection_params`. It runs on every request (there is no per-key switch),
   * and a gateway takes at most one.
   */
  public static promptInjection(props: PromptInjectionGuardrailProps = {}): Guardrail {
    const p = validateProps('Guardrail.promptInjection', promptInjectionSchema, props);
    return new Guardrail(GuardrailKind.PROMPT_INJECTION, 'prompt-injection', {
      kind: 'prompt_injection',
      value: {
        heuristics_check: p.heuristicsCheck ?? true,
        vector_db_check: p.vectorDbCheck ?? false,
        reject_as_response: p.rejectAsResponse ?? false,
      },
    });
  }

  private static renderContentFilter(
    source: string,
    name: string,
    modes: ReadonlyArray<GuardrailMode> | undefined,
    defaultOn: boolean | undefined,
    patterns: ReadonlyArray<ContentFilterPattern>,
  ): Guardrail {
    const seen = new Set<string>();
    const problems = new ProblemCollector();
    patterns.forEach((pattern, i) => {
      if (seen.has(pattern.name)) problems.add(`patterns[${i}]`, pattern.name, 'detects the same pattern twice', 'list each pattern once');
      seen.add(pattern.name);
    });
    problems.throwIfAny(source);
    return new Guardrail(GuardrailKind.CONTENT_FILTER, name, {
      kind: 'guardrail',
      value: {
        guardrail_name: name,
        litellm_params: {
          guardrail: 'litellm_content_filter',
          mode: modeOf(modes),
          default_on: defaultOn ?? true,
          patterns: patterns.map((pattern) => pattern._toLiteLlm()),
        },
      },
    });
  }

  private constructor(
    public readonly kind: GuardrailKind,
    /** Guardrail name (unique per gateway). */
    public readonly name: string,
    private readonly output: GuardrailOutput,
    /** The Bedrock guardrail to allow `bedrock:ApplyGuardrail` on, for `Guardrail.bedrock`. */
    public readonly bedrockGuardrail?: { readonly guardrailIdentifier: string; readonly guardrailVersion: string; readonly region?: string },
  ) {}

  /** @internal What the guardrail adds to the LiteLLM config. */
  public _toLiteLlm(): GuardrailOutput {
    return this.output;
  }
}
