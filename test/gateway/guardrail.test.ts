import { expectProblem, validationError } from './helpers';
import { Guardrail, GuardrailKind, GuardrailMode, PiiAction } from '../../src/gateway';
import { guardrailSchema } from '../../src/gateway/litellm';

function entryOf(g: Guardrail) {
  const out = g._toLiteLlm();
  if (out.kind !== 'guardrail') throw new Error('not a guardrails[] entry');
  expect(guardrailSchema.safeParse(out.value).success).toBe(true);
  return out.value;
}

describe('Guardrail.litellmPii', () => {
  it('defaults to a pre-call guardrail that is on for every request, with default entities', () => {
    expect(entryOf(Guardrail.litellmPii())).toEqual({
      guardrail_name: 'pii',
      litellm_params: {
        guardrail: 'litellm_pii',
        mode: 'pre_call',
        default_on: true,
        entities_config: { CREDIT_CARD: 'BLOCK', EMAIL_ADDRESS: 'MASK', IBAN_CODE: 'BLOCK', PHONE_NUMBER: 'MASK', US_SSN: 'BLOCK' },
      },
    });
  });

  it('takes a name, several modes, default-off and its own entities (sorted)', () => {
    const g = Guardrail.litellmPii({ name: 'pii-strict', modes: [GuardrailMode.PRE_CALL, GuardrailMode.POST_CALL], defaultOn: false, entities: { PERSON: PiiAction.MASK, EMAIL_ADDRESS: PiiAction.BLOCK } });
    expect(g.name).toBe('pii-strict');
    expect(g.kind).toBe(GuardrailKind.LITELLM_PII);
    const e = entryOf(g);
    expect(e.litellm_params.mode).toEqual(['pre_call', 'post_call']);
    expect(e.litellm_params.default_on).toBe(false);
    expect(Object.keys(e.litellm_params.entities_config!)).toEqual(['EMAIL_ADDRESS', 'PERSON']);
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
