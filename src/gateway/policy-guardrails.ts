import { ContentFilterPattern } from './content-filter-pattern';
import { Guardrail, GuardrailKind, type GuardrailMode } from './guardrail';
import { type ValidationProblem, ValidationError, renderReceived } from '../core/errors';
// Types only (erased at compile time): the gateway implements the policy module's duck-typed contract without
// loading the policy module, and the compiler checks that it still matches when the contract changes.
import type { GovernedGuardrail, GovernedGuardrailPurpose } from '../policy/governance-facts';
import type { PolicyGuardrailEntry } from '../policy/guardrails';

/**
 * Turns the runtime guardrails a `PolicyBundle` contributes (`PolicyGuardrailEntry`, plain data) into the
 * gateway's own `Guardrail` objects, so they are rendered, validated and reported exactly like guardrails the
 * user configured: the factories stay the single place that knows LiteLLM's keys.
 */

/** The gateway's view of what a guardrail is for. */
export function guardrailPurpose(kind: GuardrailKind): GovernedGuardrailPurpose {
  switch (kind) {
    case GuardrailKind.CONTENT_FILTER:
    case GuardrailKind.LITELLM_PII:
    case GuardrailKind.PRESIDIO:
      return 'pii';
    case GuardrailKind.PROMPT_INJECTION:
      return 'prompt-injection';
    case GuardrailKind.BEDROCK:
      // Bedrock guardrails filter content (topics, words, harmful categories); their prompt-attack filter is one
      // policy among several, so the gateway does not claim prompt-injection coverage for them.
      return 'content';
    default:
      return 'other';
  }
}

/** The callback name LiteLLM's in-process prompt-injection detection registers under. */
export const PROMPT_INJECTION_CALLBACK = 'detect_prompt_injection';

/** Governance facts of one guardrail, as rendered. */
export function governedGuardrail(
  g: Guardrail,
  purpose: GovernedGuardrailPurpose = guardrailPurpose(g.kind),
  name: string = g.name,
): GovernedGuardrail {
  const out = g._toLiteLlm();
  if (out.kind === 'prompt_injection') {
    // A callback: it runs on every request; LiteLLM has no per-key switch for it.
    return { name, guardrail: PROMPT_INJECTION_CALLBACK, purpose, defaultOn: true };
  }
  // LiteLLM's own default for `default_on` is off.
  return { name, guardrail: out.value.litellm_params.guardrail, purpose, defaultOn: out.value.litellm_params.default_on ?? false };
}

/** A guardrail contributed by a policy bundle, rendered with a `Guardrail` factory. */
export interface PolicyGuardrail {
  /** The entry as the bundle sent it. */
  readonly entry: PolicyGuardrailEntry;
  readonly guardrail: Guardrail;
}

type Factory = (props: any) => Guardrail;

interface Mapping {
  readonly factory: Factory;
  /** `params` key (LiteLLM's) → factory prop. Keys not listed cannot be rendered and are rejected. */
  readonly params: Readonly<Record<string, string>>;
  /** Converts a param's plain value to the factory's prop type, or reports why it cannot (paths relative to the param). */
  readonly convert?: Readonly<Record<string, (value: unknown) => { value?: unknown; problems: ValidationProblem[] }>>;
  /** Whether `guardrailName`, `mode` and `defaultOn` are factory props (not for the prompt-injection callback). */
  readonly options: boolean;
}

/** `params.patterns` (LiteLLM `patterns[]` entries) → `ContentFilterPattern`s. */
function contentFilterPatterns(value: unknown): { value?: unknown; problems: ValidationProblem[] } {
  if (!Array.isArray(value)) return { problems: [{ path: '', received: renderReceived(value), message: 'is not a list of patterns', fix: "send [{ pattern_type: 'prebuilt', pattern_name: 'email', action: 'MASK' }, ...]" }] };
  const problems: ValidationProblem[] = [];
  const patterns = value.map((v, i) => {
    const r = ContentFilterPattern._fromLiteLlm(v);
    problems.push(...r.problems.map((p) => ({ ...p, path: `[${i}]${p.path ? `.${p.path}` : ''}` })));
    return r.pattern;
  });
  return problems.length > 0 ? { problems } : { value: patterns, problems };
}

const GUARDRAILS: Readonly<Record<string, Mapping>> = {
  litellm_content_filter: { factory: Guardrail.contentFilter, params: { patterns: 'patterns' }, convert: { patterns: contentFilterPatterns }, options: true },
  // Entity names (Presidio's) are still accepted; they are rendered as the content filter, which LiteLLM registers.
  litellm_pii: { factory: Guardrail.litellmPii, params: { entities_config: 'entities' }, options: true },
  presidio: {
    factory: Guardrail.presidio,
    params: {
      output_parse_pii: 'outputParsePii',
      pii_entities_config: 'entities',
      presidio_analyzer_api_base: 'analyzerApiBase',
      presidio_anonymizer_api_base: 'anonymizerApiBase',
      presidio_language: 'language',
    },
    options: true,
  },
  bedrock: {
    factory: Guardrail.bedrock,
    params: { aws_region_name: 'region', guardrailIdentifier: 'guardrailIdentifier', guardrailVersion: 'guardrailVersion' },
    options: true,
  },
};

const CALLBACKS: Readonly<Record<string, Mapping>> = {
  [PROMPT_INJECTION_CALLBACK]: {
    factory: Guardrail.promptInjection,
    params: { heuristics_check: 'heuristicsCheck', reject_as_response: 'rejectAsResponse', vector_db_check: 'vectorDbCheck' },
    options: false,
  },
};

const OPTION_KEYS: Readonly<Record<string, string>> = { name: 'guardrailName', modes: 'mode', defaultOn: 'defaultOn' };

/**
 * The `Guardrail` for a policy entry, or every reason it cannot be rendered (paths under `path`, in the
 * entry's own terms: `mode`, `params.entities_config`, ...).
 */
export function policyGuardrail(entry: PolicyGuardrailEntry, path: string): { guardrail?: PolicyGuardrail; problems: ValidationProblem[] } {
  const problems: ValidationProblem[] = [];
  const add = (at: string, value: unknown, message: string, fix: string): void => {
    problems.push({ path: at ? `${path}.${at}` : path, received: renderReceived(value), message, fix });
  };
  const table = entry?.kind === 'guardrail' ? GUARDRAILS : entry?.kind === 'callback' ? CALLBACKS : undefined;
  if (!table) {
    add('kind', entry?.kind, 'is not a policy guardrail kind', "send 'guardrail' (a guardrails[] entry) or 'callback' (a litellm_settings callback)");
    return { problems };
  }
  const mapping = Object.prototype.hasOwnProperty.call(table, entry.guardrail) ? table[entry.guardrail] : undefined;
  if (!mapping) {
    add('guardrail', entry.guardrail, `is not a ${entry.kind} the gateway can render`, `use one of: ${Object.keys(table).sort().join(', ')}`);
    return { problems };
  }
  if (entry.kind === 'callback' && entry.guardrailName !== entry.guardrail) {
    add('guardrailName', entry.guardrailName, 'differs from the callback name; LiteLLM knows a callback only by its name', `name the entry '${entry.guardrail}'`);
  }

  const props: Record<string, unknown> = {};
  if (mapping.options) {
    props.name = entry.guardrailName;
    props.modes = Array.isArray(entry.mode) ? [...entry.mode] as GuardrailMode[] : entry.mode;
    props.defaultOn = entry.defaultOn;
  }
  const params = entry.params ?? {};
  for (const key of Object.keys(params).sort()) {
    const prop = Object.prototype.hasOwnProperty.call(mapping.params, key) ? mapping.params[key] : undefined;
    if (prop === undefined) {
      add(`params.${key}`, params[key], `is not a parameter the gateway can render for ${entry.guardrail}`, `use only: ${Object.keys(mapping.params).sort().join(', ') || '(no parameters)'}`);
    } else if (mapping.convert?.[key]) {
      const converted = mapping.convert[key](params[key]);
      converted.problems.forEach((p) => problems.push({ ...p, path: `${path}.params.${key}${p.path.startsWith('[') || !p.path ? '' : '.'}${p.path}` }));
      props[prop] = converted.value;
    } else {
      props[prop] = params[key];
    }
  }
  if (problems.length > 0) return { problems };

  const inverse: Record<string, string> = { ...OPTION_KEYS };
  for (const [key, prop] of Object.entries(mapping.params)) inverse[prop] = `params.${key}`;
  try {
    return { guardrail: { entry, guardrail: mapping.factory(props) }, problems };
  } catch (e) {
    if (!(e instanceof ValidationError)) throw e;
    for (const p of e.problems) {
      // Factory prop paths (`entities.e-mail`, `modes[0]`) → the entry's own keys.
      const [head] = p.path.split(/[.[]/, 1);
      const mapped = head && inverse[head] ? `${inverse[head]}${p.path.slice(head.length)}` : p.path === '(props)' ? '' : p.path;
      problems.push({ ...p, path: mapped ? `${path}.${mapped}` : path });
    }
    return { problems };
  }
}
