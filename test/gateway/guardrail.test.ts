import { expectProblem, validationError } from './helpers';
import { ContentFilterAction, ContentFilterPattern, Guardrail, GuardrailKind, GuardrailMode, IBAN_REGEX, PII_ENTITY_PATTERNS, PiiAction, PrebuiltPattern } from '../../src/gateway';
import { guardrailSchema } from '../../src/gateway/litellm';
import { PII_ENTITY_CONTENT_FILTER_PATTERNS, defaultRuntimeGuardrails } from '../../src/policy/guardrails';

function entryOf(g: Guardrail) {
  const out = g._toLiteLlm();
  if (out.kind !== 'guardrail') throw new Error('not a guardrails[] entry');
  expect(guardrailSchema.safeParse(out.value).success).toBe(true);
  return out.value;
}

const prebuilt = (pattern_name: string, action = 'MASK') => ({ pattern_type: 'prebuilt', pattern_name, action });
const iban = (action = 'MASK') => ({ pattern_type: 'regex', name: 'iban', pattern: IBAN_REGEX, action });

describe('Guardrail.litellmPii', () => {
  it('renders LiteLLM\'s content filter (litellm_pii is not a registered guardrail), with the default entities as patterns', () => {
    expect(entryOf(Guardrail.litellmPii())).toEqual({
      guardrail_name: 'pii',
      litellm_params: {
        guardrail: 'litellm_content_filter',
        mode: 'pre_call',
        default_on: true,
        // Sorted by entity: CREDIT_CARD, EMAIL_ADDRESS, IBAN_CODE, PHONE_NUMBER, US_SSN.
        patterns: [prebuilt('credit_card', 'BLOCK'), prebuilt('email'), iban('BLOCK'), prebuilt('us_phone'), prebuilt('us_ssn', 'BLOCK')],
      },
    });
  });

  it('takes a name, several modes, default-off and its own entities', () => {
    const g = Guardrail.litellmPii({ name: 'pii-strict', modes: [GuardrailMode.PRE_CALL, GuardrailMode.POST_CALL], defaultOn: false, entities: { IP_ADDRESS: PiiAction.MASK, EMAIL_ADDRESS: PiiAction.BLOCK } });
    expect(g.name).toBe('pii-strict');
    expect(g.kind).toBe(GuardrailKind.CONTENT_FILTER);
    const e = entryOf(g);
    expect(e.litellm_params.mode).toEqual(['pre_call', 'post_call']);
    expect(e.litellm_params.default_on).toBe(false);
    expect(e.litellm_params.patterns).toEqual([prebuilt('email', 'BLOCK'), prebuilt('ipv4')]);
  });

  it('rejects an entity the content filter cannot detect, and says to use Presidio', () => {
    const error = validationError(() => Guardrail.litellmPii({ entities: { PERSON: PiiAction.MASK } }));
    expectProblem(error, 'entities.PERSON', 'is not an entity the in-process content filter detects', 'Guardrail.presidio');
  });

  it('rejects an entity that is not an upper-case entity type', () => {
    const error = validationError(() => Guardrail.litellmPii({ entities: { email: PiiAction.MASK } }));
    expect(error.constructPath).toBe('Guardrail.litellmPii');
    expectProblem(error, 'entities.email', 'is not a PII entity type', 'EMAIL_ADDRESS');
  });

  it('rejects an empty entity map', () => {
    expectProblem(validationError(() => Guardrail.litellmPii({ entities: {} })), 'entities', 'lists no entity', 'omit entities for the defaults');
  });

  it('rejects an invalid name', () => {
    expectProblem(validationError(() => Guardrail.litellmPii({ name: 'PII Guard' })), 'name', 'is not a valid guardrail name', 'lowercase');
  });

  it('renders exactly what the policy bundle asks for with the same entities', () => {
    const entities = { CREDIT_CARD: 'MASK', EMAIL_ADDRESS: 'BLOCK', IBAN_CODE: 'MASK', IP_ADDRESS: 'MASK', PHONE_NUMBER: 'MASK', US_SSN: 'BLOCK' } as const;
    const policy = defaultRuntimeGuardrails(entities)[0];
    const rendered = entryOf(Guardrail.litellmPii({ entities: entities as Record<string, PiiAction> })).litellm_params.patterns;
    expect(rendered).toEqual(policy.params!.patterns);
    expect(Object.keys(PII_ENTITY_PATTERNS).sort()).toEqual(Object.keys(PII_ENTITY_CONTENT_FILTER_PATTERNS).sort());
  });
});

describe('Guardrail.contentFilter', () => {
  it('masks the PII patterns by default', () => {
    const e = entryOf(Guardrail.contentFilter());
    expect(e.guardrail_name).toBe('content-filter');
    expect(e.litellm_params.guardrail).toBe('litellm_content_filter');
    expect(e.litellm_params.patterns).toEqual([prebuilt('credit_card'), prebuilt('email'), iban(), prebuilt('ipv4'), prebuilt('us_phone'), prebuilt('us_ssn')]);
  });

  it('takes prebuilt and regex patterns', () => {
    const e = entryOf(Guardrail.contentFilter({
      name: 'secrets',
      patterns: [ContentFilterPattern.prebuilt(PrebuiltPattern.AWS_ACCESS_KEY, ContentFilterAction.BLOCK), ContentFilterPattern.regex('employee-id', 'EMP-[0-9]{6}')],
    }));
    expect(e.litellm_params.patterns).toEqual([prebuilt('aws_access_key', 'BLOCK'), { pattern_type: 'regex', name: 'employee-id', pattern: 'EMP-[0-9]{6}', action: 'MASK' }]);
  });

  it('rejects an empty pattern list, a non-pattern and a pattern listed twice', () => {
    expectProblem(validationError(() => Guardrail.contentFilter({ patterns: [] })), 'patterns', 'lists no pattern', 'omit patterns');
    expectProblem(validationError(() => Guardrail.contentFilter({ patterns: ['email' as never] })), 'patterns[0]', 'is not a ContentFilterPattern', 'ContentFilterPattern.prebuilt');
    const email = ContentFilterPattern.prebuilt(PrebuiltPattern.EMAIL);
    expectProblem(validationError(() => Guardrail.contentFilter({ patterns: [email, email] })), 'patterns[1]', 'detects the same pattern twice', 'once');
  });
});

describe('ContentFilterPattern', () => {
  it('knows only prebuilt names that exist in LiteLLM\'s patterns.json (the docs\' "phone" does not)', () => {
    expectProblem(validationError(() => ContentFilterPattern.prebuilt('phone' as PrebuiltPattern)), 'pattern', 'is not a prebuilt content-filter pattern', 'us_phone');
    expect(Object.values(PrebuiltPattern)).toContain('us_phone');
  });

  it('rejects an invalid regex, Python-incompatible syntax, a bad name and a bad action', () => {
    expectProblem(validationError(() => ContentFilterPattern.regex('x', '(')), 'pattern', 'is not a valid regular expression', 'Python');
    expectProblem(validationError(() => ContentFilterPattern.regex('x', '(?<id>[0-9]+)')), 'pattern', "Python's re module rejects", '(?P<name>');
    expectProblem(validationError(() => ContentFilterPattern.regex('Bad Name', 'x')), 'name', 'is not a pattern name', 'lowercase');
    expectProblem(validationError(() => ContentFilterPattern.regex('x', 'x', 'REDACT' as ContentFilterAction)), 'action', 'is not a content-filter action', 'MASK');
  });

  it('the IBAN expression matches grouped and compact IBANs and not ordinary words', () => {
    const re = new RegExp(IBAN_REGEX);
    expect(re.test('DE89 3704 0044 0532 0130 00')).toBe(true);
    expect(re.test('GB29NWBK60161331926819')).toBe(true);
    expect(re.test('HELLO WORLD')).toBe(false);
  });
});

describe('Guardrail.presidio', () => {
  it('points LiteLLM at the analyzer and anonymizer', () => {
    const e = entryOf(Guardrail.presidio({ analyzerApiBase: 'http://localhost:5002', anonymizerApiBase: 'http://localhost:5001', entities: { PERSON: PiiAction.MASK }, outputParsePii: true }));
    expect(e.litellm_params).toEqual({
      guardrail: 'presidio',
      mode: 'pre_call',
      default_on: true,
      presidio_analyzer_api_base: 'http://localhost:5002',
      presidio_anonymizer_api_base: 'http://localhost:5001',
      presidio_language: 'en',
      pii_entities_config: { PERSON: 'MASK' },
      output_parse_pii: true,
    });
  });

  it('rejects a missing anonymizer and a bad language', () => {
    const error = validationError(() => Guardrail.presidio({ analyzerApiBase: 'http://localhost:5002', language: 'english' } as never));
    expectProblem(error, 'anonymizerApiBase', 'expected string', 'pass a string');
    expectProblem(error, 'language', 'is not an ISO 639-1 language code', "'en'");
  });
});

describe('Guardrail.bedrock', () => {
  it('uses LiteLLM\'s guardrailIdentifier / guardrailVersion keys and exposes the guardrail for IAM', () => {
    const g = Guardrail.bedrock({ guardrailIdentifier: 'ff6ujrregl1q', guardrailVersion: '3', region: 'eu-central-1', modes: [GuardrailMode.DURING_CALL] });
    expect(entryOf(g).litellm_params).toEqual({ guardrail: 'bedrock', mode: 'during_call', default_on: true, guardrailIdentifier: 'ff6ujrregl1q', guardrailVersion: '3', aws_region_name: 'eu-central-1' });
    expect(g.bedrockGuardrail).toEqual({ guardrailIdentifier: 'ff6ujrregl1q', guardrailVersion: '3', region: 'eu-central-1' });
  });

  it('rejects an ARN as identifier, a bad version and a bad region', () => {
    const error = validationError(() => Guardrail.bedrock({ guardrailIdentifier: 'arn:aws:bedrock:eu-central-1:123456789012:guardrail/ff6ujrregl1q', guardrailVersion: 'v3', region: 'frankfurt' }));
    expect(error.constructPath).toBe('Guardrail.bedrock');
    expectProblem(error, 'guardrailIdentifier', 'is not a Bedrock guardrail id', 'not its ARN');
    expectProblem(error, 'guardrailVersion', 'is not a guardrail version', 'version number');
    expectProblem(error, 'region', 'is not an AWS region', 'eu-central-1');
  });
});

describe('Guardrail.promptInjection', () => {
  it('is the detect_prompt_injection callback with heuristics on by default', () => {
    const g = Guardrail.promptInjection();
    expect(g.kind).toBe(GuardrailKind.PROMPT_INJECTION);
    expect(g._toLiteLlm()).toEqual({ kind: 'prompt_injection', value: { heuristics_check: true, vector_db_check: false, reject_as_response: false } });
  });

  it('rejects a configuration with no check enabled', () => {
    const error = validationError(() => Guardrail.promptInjection({ heuristicsCheck: false }));
    expectProblem(error, '', 'enables no check', 'vectorDbCheck');
  });
});
