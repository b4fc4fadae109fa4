import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import type { IConstruct } from 'constructs';
import { parse } from 'yaml';
// Types of the matchers Testing.setupJest() registers.
import 'cdktf/lib/testing/adapters/jest';
import { FakeRuntime, expectProblem, runtimeOf, secret, validationError } from './helpers';
import { TerraformStack, Testing } from '../../src/core/cdktf';
import {
  FallbackKind,
  GatewayRuntime,
  Guardrail,
  GuardrailMode,
  LlmGateway,
  type LlmGatewayProps,
  ModelDeployment,
  IBAN_REGEX,
  PiiAction,
  configHash,
} from '../../src/gateway';
import { Compliance, PolicyBundle, type PolicyBundleProps, type PolicyGuardrailEntry, PolicyPack, defaultRuntimeGuardrails } from '../../src/policy';

Testing.setupJest();

const chat = () => ModelDeployment.bedrock({ alias: 'chat', modelId: 'anthropic.claude-3-5-sonnet-20240620-v1:0', region: 'eu-central-1', id: 'chat-bedrock' });
const chatEu = () => ModelDeployment.vertexAi({ alias: 'chat-eu', model: 'gemini-1.5-pro-002', project: 'my-project', location: 'europe-west4', id: 'chat-eu-vertex' });
const chatFast = () => ModelDeployment.openai({ alias: 'chat-fast', model: 'gpt-4o-mini', apiKey: secret(), id: 'chat-fast-openai' });

// LiteLLM model strings (provider/modelId): an alias never allows a model (issue 11 item 4).
const ALLOWED = ['bedrock/anthropic.claude-3-5-sonnet-20240620-v1:0', 'vertex_ai/gemini-1.5-pro-002', 'openai/gpt-4o-mini'];

interface Setup {
  readonly bundle?: Partial<PolicyBundleProps> | false;
  readonly gateway?: Partial<LlmGatewayProps>;
}

function setup(o: Setup = {}) {
  const stack = new TerraformStack(Testing.app({ stubVersion: true }), 'stack');
  new AwsProvider(stack, 'aws', { region: 'eu-central-1' });
  const bundle = o.bundle === false ? undefined : new PolicyBundle(stack, 'policy', {
    packs: [PolicyPack.securityBaseline(), PolicyPack.llmGovernance({ modelAllowList: ALLOWED })],
    // Reports are the policy module's concern; these tests read findings from the bundle.
    reports: false,
    ...o.bundle,
  });
  const gateway = new LlmGateway(stack, 'gateway', {
    runtime: runtimeOf(new FakeRuntime()),
    models: [chat(), chatEu(), chatFast()],
    fallbacks: [{ from: 'chat', to: ['chat-eu'] }, { from: 'chat-fast', to: ['chat'] }],
    ...o.gateway,
  });
  return { stack, gateway, bundle };
}

/** The config and hash the (fake) runtime put into the synthesized stack. */
function synthesizedConfig(stack: TerraformStack): { yaml: string; hash: string; config: any } {
  const json = JSON.parse(Testing.synth(stack));
  const param = Object.values(json.resource.aws_ssm_parameter)[0] as { value: string; tags: Record<string, string> };
  return { yaml: param.value, hash: param.tags['config-sha256'], config: parse(param.value) };
}

const metadataOf = (c: IConstruct, type: string): string[] => c.node.metadata.filter((m) => m.type === type).map((m) => String(m.data));
const nonCompliant = (bundle: PolicyBundle, stack: TerraformStack, ruleId: string) =>
  bundle.findings(stack).filter((f) => f.ruleId === ruleId && f.compliance === Compliance.NON_COMPLIANT);

const prebuilt = (pattern_name: string, action = 'MASK') => ({ pattern_type: 'prebuilt', pattern_name, action });
const POLICY_PII = {
  guardrail_name: 'policy-pii-masking',
  litellm_params: {
    // LiteLLM's in-process content filter: a registered guardrail type that needs no extra package or service.
    guardrail: 'litellm_content_filter',
    mode: ['pre_call', 'post_call'],
    default_on: true,
    patterns: [
      prebuilt('credit_card'), prebuilt('email'), { pattern_type: 'regex', name: 'iban', pattern: IBAN_REGEX, action: 'MASK' },
      prebuilt('ipv4'), prebuilt('us_phone'), prebuilt('us_ssn'),
    ],
  },
};

describe('LlmGateway under a PolicyBundle: runtime guardrails', () => {
  it('renders the bundle\'s PII masking guardrail and prompt-injection callback into the synthesized config', () => {
    // GIVEN a governed stack with a gateway that has no guardrail of its own
    const { stack, gateway } = setup();
    expect(gateway.renderConfig()).not.toContain('policy-pii-masking');

    // WHEN
    const { yaml, hash, config } = synthesizedConfig(stack);

    // THEN the guardrails arrived during synthesis, before the runtime's lazy values were resolved
    expect(config.guardrails).toEqual([POLICY_PII]);
    expect(config.litellm_settings.callbacks).toEqual(['prometheus', 'detect_prompt_injection']);
    expect(config.litellm_settings.prompt_injection_params).toEqual({ heuristics_check: true, vector_db_check: false, reject_as_response: false });
    expect(hash).toBe(configHash(yaml));
    expect(yaml).toBe(gateway.renderConfig());
    // Sorted by the entries' names (detect_prompt_injection, policy-pii-masking).
    expect(gateway.policyGuardrails.map((g) => g.name)).toEqual(['prompt-injection', 'policy-pii-masking']);
  });

  it('reports the contributed guardrails in its facts, so LLM-GOV-8 is satisfied', () => {
    const { stack, gateway, bundle } = setup();
    Testing.synth(stack);
    expect(gateway.governanceFacts().guardrails).toEqual([
      { name: 'detect_prompt_injection', guardrail: 'detect_prompt_injection', purpose: 'prompt-injection', defaultOn: true },
      { name: 'policy-pii-masking', guardrail: 'litellm_content_filter', purpose: 'pii', defaultOn: true },
    ]);
    expect(bundle!.findings(stack)).toContainEqual(expect.objectContaining({ ruleId: 'LLM-GOV-8', resourcePath: 'stack/gateway', compliance: Compliance.COMPLIANT }));
  });

  it('with runtimeGuardrails: false, the config has no policy guardrail and LLM-GOV-8 warns on the gateway', () => {
    const { stack, gateway, bundle } = setup({ bundle: { runtimeGuardrails: false } });
    const { config } = synthesizedConfig(stack);
    expect(config.guardrails).toBeUndefined();
    expect(config.litellm_settings.callbacks).toEqual(['prometheus']);
    expect(nonCompliant(bundle!, stack, 'LLM-GOV-8')).toEqual([expect.objectContaining({ resourcePath: 'stack/gateway', level: 'warning' })]);
    expect(metadataOf(gateway, '@cdktf/warn')).toContainEqual(expect.stringContaining('[LLM-GOV-8]'));
  });

  it('uses the bundle\'s piiEntities', () => {
    const { stack } = setup({ bundle: { piiEntities: { EMAIL_ADDRESS: 'MASK', US_SSN: 'BLOCK' } } });
    const { config } = synthesizedConfig(stack);
    expect(config.guardrails[0].litellm_params.patterns).toEqual([prebuilt('email'), prebuilt('us_ssn', 'BLOCK')]);
  });

  it('keeps the user\'s guardrails beside the policy\'s, sorted by name', () => {
    const { stack } = setup({ gateway: { guardrails: [Guardrail.litellmPii()] } });
    const { config } = synthesizedConfig(stack);
    expect(config.guardrails.map((g: any) => g.guardrail_name)).toEqual(['pii', 'policy-pii-masking']);
    // The two defaults differ: the gateway's blocks payment and national identifiers, the bundle's masks them.
    expect(config.guardrails[0].litellm_params.patterns[0]).toEqual(prebuilt('credit_card', 'BLOCK'));
    expect(config.guardrails[1].litellm_params.patterns[0]).toEqual(prebuilt('credit_card', 'MASK'));
  });

  it('a user guardrail with the policy guardrail\'s name wins, in the config and in the facts', () => {
    // GIVEN the user's own PII guardrail, named like the bundle's
    const mine = Guardrail.litellmPii({ name: 'policy-pii-masking', entities: { EMAIL_ADDRESS: PiiAction.BLOCK } });
    const { stack, gateway } = setup({ gateway: { guardrails: [mine] } });

    // WHEN
    const { config } = synthesizedConfig(stack);

    // THEN only the user's is rendered (no duplicate-name ValidationError), and the facts say so
    expect(config.guardrails).toEqual([{
      guardrail_name: 'policy-pii-masking',
      litellm_params: { guardrail: 'litellm_content_filter', mode: 'pre_call', default_on: true, patterns: [prebuilt('email', 'BLOCK')] },
    }]);
    expect(gateway.governanceFacts().guardrails.filter((g) => g.name === 'policy-pii-masking')).toEqual([
      { name: 'policy-pii-masking', guardrail: 'litellm_content_filter', purpose: 'pii', defaultOn: true },
    ]);
    expect(gateway.policyGuardrails.map((g) => g.name)).toEqual(['prompt-injection']);
  });

  it('the user\'s own prompt-injection guardrail wins over the policy callback (LiteLLM runs one)', () => {
    const { stack, gateway } = setup({ gateway: { guardrails: [Guardrail.promptInjection({ vectorDbCheck: true })] } });
    const { config } = synthesizedConfig(stack);
    expect(config.litellm_settings.callbacks).toEqual(['prometheus', 'detect_prompt_injection']);
    expect(config.litellm_settings.prompt_injection_params).toEqual({ heuristics_check: true, vector_db_check: true, reject_as_response: false });
    expect(gateway.governanceFacts().guardrails.filter((g) => g.purpose === 'prompt-injection')).toEqual([
      { name: 'prompt-injection', guardrail: 'detect_prompt_injection', purpose: 'prompt-injection', defaultOn: true },
    ]);
  });

  it('a user guardrail added after a synthesis also wins over the policy\'s', () => {
    const { stack, gateway } = setup();
    Testing.synth(stack);
    gateway.addGuardrail(Guardrail.litellmPii({ name: 'policy-pii-masking', entities: { IP_ADDRESS: PiiAction.MASK } }));
    const { config } = synthesizedConfig(stack);
    expect(config.guardrails).toHaveLength(1);
    expect(config.guardrails[0].litellm_params.patterns).toEqual([prebuilt('ipv4')]);
  });
});

describe('LlmGateway under a PolicyBundle: governance findings', () => {
  it('a model that is not on the allow-list is an LLM-GOV-1 error naming the gateway', () => {
    // GIVEN an allow-list without chat-fast's model (openai/gpt-4o-mini)
    const stack = new TerraformStack(Testing.app({ stubVersion: true }), 'stack');
    new AwsProvider(stack, 'aws', { region: 'eu-central-1' });
    const bundle = new PolicyBundle(stack, 'policy', {
      packs: [PolicyPack.securityBaseline(), PolicyPack.llmGovernance({ modelAllowList: ['bedrock/anthropic.claude-3-5-sonnet-20240620-v1:0', 'vertex_ai/gemini-1.5-pro-002'] })],
      reports: false,
    });
    const gateway = new LlmGateway(stack, 'gateway', {
      runtime: runtimeOf(new FakeRuntime()),
      models: [chat(), chatEu(), chatFast()],
      fallbacks: [{ from: 'chat', to: ['chat-eu'] }, { from: 'chat-fast', to: ['chat'] }],
    });

    // WHEN
    Testing.synth(stack);

    // THEN
    expect(nonCompliant(bundle, stack, 'LLM-GOV-1')).toEqual([
      expect.objectContaining({ level: 'error', resourcePath: 'stack/gateway', resourceType: 'llm:gateway', findingId: 'Model::openai/gpt-4o-mini' }),
    ]);
    expect(metadataOf(gateway, '@cdktf/error')).toEqual([expect.stringMatching(/^\[LLM-GOV-1\[Model::openai\/gpt-4o-mini\]\] A gateway deploys a provider model that is not on/)]);
  });

  it('allowing an alias does not allow the model deployed under it; models are allowed by provider/modelId', () => {
    const { stack, bundle, gateway } = setup({ bundle: { packs: [PolicyPack.llmGovernance({ modelAllowList: ['bedrock/anthropic.claude-3-5-sonnet-20240620-v1:0', 'vertex_ai/gemini-1.5-pro-002'], aliasAllowList: ['chat', 'chat-eu', 'chat-fast'] })] } });
    Testing.synth(stack);
    expect(gateway.governanceFacts().models).toContainEqual({ alias: 'chat-fast', provider: 'openai', modelId: 'gpt-4o-mini' });
    expect(nonCompliant(bundle!, stack, 'LLM-GOV-1')).toEqual([expect.objectContaining({ findingId: 'Model::openai/gpt-4o-mini' })]);
  });

  it('an alias without a fallback fires LLM-GOV-2 on the gateway', () => {
    // GIVEN chat-fast has no fallback (chat falls back to chat-eu, which ends the chain)
    const { stack, bundle, gateway } = setup({ gateway: { fallbacks: [{ from: 'chat', to: ['chat-eu'] }] } });

    // WHEN
    Testing.synth(stack);

    // THEN
    expect(nonCompliant(bundle!, stack, 'LLM-GOV-2')).toEqual([expect.objectContaining({ level: 'error', resourcePath: 'stack/gateway', findingId: 'Alias::chat-fast' })]);
    expect(metadataOf(gateway, '@cdktf/error')).toContainEqual(expect.stringMatching(/^\[LLM-GOV-2\[Alias::chat-fast\]\] A model alias in use has no fallback/));
  });

  it('a context-window fallback does not protect an alias; default fallbacks do', () => {
    const onlyContext = setup({ gateway: { fallbacks: [{ from: 'chat', to: ['chat-eu'] }, { from: 'chat-fast', to: ['chat'], kind: FallbackKind.CONTEXT_WINDOW }] } });
    Testing.synth(onlyContext.stack);
    expect(nonCompliant(onlyContext.bundle!, onlyContext.stack, 'LLM-GOV-2').map((f) => f.findingId)).toEqual(['Alias::chat-fast']);

    const withDefault = setup({ gateway: { fallbacks: [{ from: 'chat', to: ['chat-eu'] }], defaultFallbacks: ['chat'] } });
    Testing.synth(withDefault.stack);
    expect(nonCompliant(withDefault.bundle!, withDefault.stack, 'LLM-GOV-2')).toEqual([]);
  });

  it('the default configuration has no governance error', () => {
    const { stack, bundle } = setup();
    Testing.synth(stack);
    expect(bundle!.findings(stack).filter((f) => f.resourcePath === 'stack/gateway' && f.compliance === Compliance.NON_COMPLIANT)).toEqual([]);
  });

  it('message logging allowed explicitly is compliant (LLM-GOV-3), and the config logs messages', () => {
    const { stack, bundle, gateway } = setup({ gateway: { allowMessageLogging: true } });
    const { config } = synthesizedConfig(stack);
    expect(config.litellm_settings.turn_off_message_logging).toBe(false);
    expect(gateway.governanceFacts()).toMatchObject({ messageLogging: true, messageLoggingAllowed: true });
    expect(bundle!.findings(stack)).toContainEqual(expect.objectContaining({ ruleId: 'LLM-GOV-3', resourcePath: 'stack/gateway', compliance: Compliance.COMPLIANT }));
  });

  it.each([undefined, false, true])('message logging is on only when allowed (allowMessageLogging %s)', (allowMessageLogging) => {
    // Logging without the allowance cannot be expressed: the same prop drives the config and both facts.
    const { gateway } = setup({ bundle: false, gateway: { allowMessageLogging } });
    const facts = gateway.governanceFacts();
    const config = parse(gateway.renderConfig());
    expect(facts.messageLogging).toBe(allowMessageLogging === true);
    expect(facts.messageLoggingAllowed).toBe(facts.messageLogging);
    expect(config.litellm_settings.turn_off_message_logging).toBe(!facts.messageLogging);
  });
});

describe('LlmGateway under a PolicyBundle: idempotence', () => {
  it('synthesizing twice neither duplicates guardrails nor changes the config', () => {
    const { stack, gateway } = setup();
    const first = synthesizedConfig(stack);
    const second = synthesizedConfig(stack);
    expect(second.yaml).toBe(first.yaml);
    expect(second.hash).toBe(first.hash);
    expect(second.config.guardrails).toEqual([POLICY_PII]);
    expect(second.config.litellm_settings.callbacks.filter((c: string) => c === 'detect_prompt_injection')).toHaveLength(1);
    expect(gateway.governanceFacts().guardrails).toHaveLength(2);
  });

  it('receiving the same entries again (a second bundle, or a second call) changes nothing', () => {
    // GIVEN one bundle on the App and one on the stack, both governing the gateway's stack
    const app = Testing.app({ stubVersion: true });
    const stack = new TerraformStack(app, 'stack');
    new AwsProvider(stack, 'aws', { region: 'eu-central-1' });
    new PolicyBundle(app, 'platform-policy', { packs: [PolicyPack.llmGovernance()], reports: false });
    new PolicyBundle(stack, 'policy', { packs: [PolicyPack.securityBaseline()], reports: false });
    const gateway = new LlmGateway(stack, 'gateway', { runtime: runtimeOf(new FakeRuntime()), models: [chat()] });

    // WHEN
    const { yaml, config } = synthesizedConfig(stack);
    gateway.addPolicyGuardrails(defaultRuntimeGuardrails());

    // THEN
    expect(config.guardrails).toEqual([POLICY_PII]);
    expect(gateway.renderConfig()).toBe(yaml);
    expect(gateway.governanceFacts().guardrails).toHaveLength(2);
  });

  it('a later entry with the same name replaces the earlier one', () => {
    const { gateway } = setup({ bundle: false });
    gateway.addPolicyGuardrails(defaultRuntimeGuardrails());
    gateway.addPolicyGuardrails(defaultRuntimeGuardrails({ EMAIL_ADDRESS: 'BLOCK' }));
    const config = parse(gateway.renderConfig());
    expect(config.guardrails).toEqual([{ ...POLICY_PII, litellm_params: { ...POLICY_PII.litellm_params, patterns: [prebuilt('email', 'BLOCK')] } }]);
  });
});

describe('LlmGateway.governanceFacts', () => {
  it('maps models, fallbacks, logging, guardrails and environment', () => {
    // GIVEN a gateway with every kind of fact and no bundle
    const { gateway } = setup({
      bundle: false,
      gateway: {
        models: [chat(), ModelDeployment.bedrock({ alias: 'chat', modelId: 'anthropic.claude-3-5-sonnet-20240620-v1:0', region: 'eu-west-1', id: 'chat-bedrock-2' }), chatEu(), chatFast()],
        fallbacks: [{ from: 'chat', to: ['chat-eu', 'chat-fast'] }, { from: 'chat-fast', to: ['chat'], kind: FallbackKind.CONTEXT_WINDOW }],
        defaultFallbacks: ['chat'],
        guardrails: [
          Guardrail.presidio({ analyzerApiBase: 'http://localhost:5002', anonymizerApiBase: 'http://localhost:5001' }),
          Guardrail.bedrock({ guardrailIdentifier: 'ff6ujrregl1q', guardrailVersion: '1', defaultOn: false }),
          Guardrail.promptInjection(),
        ],
        tags: { team: 'platform', environment: 'prod' },
      },
    });

    // WHEN / THEN
    expect(gateway.governanceFacts()).toEqual({
      kind: 'gateway',
      models: [
        { alias: 'chat', provider: 'bedrock', modelId: 'anthropic.claude-3-5-sonnet-20240620-v1:0' },
        { alias: 'chat', provider: 'bedrock', modelId: 'anthropic.claude-3-5-sonnet-20240620-v1:0' },
        { alias: 'chat-eu', provider: 'vertex_ai', modelId: 'gemini-1.5-pro-002' },
        { alias: 'chat-fast', provider: 'openai', modelId: 'gpt-4o-mini' },
      ],
      fallbacks: [
        { from: 'chat', to: ['chat-eu', 'chat-fast'], kind: 'general' },
        { from: 'chat-fast', to: ['chat'], kind: 'context_window' },
        // default_fallbacks apply to groups without general fallbacks of their own
        { from: 'chat-eu', to: ['chat'], kind: 'general' },
        { from: 'chat-fast', to: ['chat'], kind: 'general' },
      ],
      messageLogging: false,
      messageLoggingAllowed: false,
      guardrails: [
        { name: 'presidio', guardrail: 'presidio', purpose: 'pii', defaultOn: true },
        { name: 'bedrock', guardrail: 'bedrock', purpose: 'content', defaultOn: false },
        { name: 'prompt-injection', guardrail: 'detect_prompt_injection', purpose: 'prompt-injection', defaultOn: true },
      ],
      environment: 'prod',
    });
  });

  it('has no environment without an environment tag', () => {
    const { gateway } = setup({ bundle: false, gateway: { tags: { team: 'platform' } } });
    expect(gateway.governanceFacts()).not.toHaveProperty('environment');
  });

  it('reflects models added after construction', () => {
    const { gateway } = setup({ bundle: false });
    gateway.addModel(ModelDeployment.anthropic({ alias: 'chat-anthropic', model: 'claude-3-5-sonnet-20241022', apiKey: secret('anthropic') }));
    expect(gateway.governanceFacts().models).toContainEqual({ alias: 'chat-anthropic', provider: 'anthropic', modelId: 'claude-3-5-sonnet-20241022' });
  });
});

describe('LlmGateway.addPolicyGuardrails', () => {
  const entry = (o: Partial<PolicyGuardrailEntry> = {}): PolicyGuardrailEntry => ({
    kind: 'guardrail',
    guardrailName: 'policy-pii-masking',
    guardrail: 'litellm_content_filter',
    purpose: 'pii',
    mode: ['pre_call'],
    defaultOn: true,
    params: { patterns: [prebuilt('email')] },
    ...o,
  });

  it('renders presidio and bedrock entries with the Guardrail factories, and grants the Bedrock guardrail', () => {
    const { gateway } = setup({ bundle: false });
    gateway.addPolicyGuardrails([
      entry({ guardrailName: 'policy-presidio', guardrail: 'presidio', params: { presidio_analyzer_api_base: 'http://localhost:5002', presidio_anonymizer_api_base: 'http://localhost:5001', presidio_language: 'de' } }),
      entry({ guardrailName: 'policy-content', guardrail: 'bedrock', purpose: 'content', mode: ['pre_call', 'post_call'], params: { guardrailIdentifier: 'abc123', guardrailVersion: '3', aws_region_name: 'eu-central-1' } }),
    ]);
    const config = parse(gateway.renderConfig());
    expect(config.guardrails).toEqual([
      { guardrail_name: 'policy-content', litellm_params: { guardrail: 'bedrock', mode: ['pre_call', 'post_call'], default_on: true, guardrailIdentifier: 'abc123', guardrailVersion: '3', aws_region_name: 'eu-central-1' } },
      { guardrail_name: 'policy-presidio', litellm_params: { guardrail: 'presidio', mode: 'pre_call', default_on: true, presidio_analyzer_api_base: 'http://localhost:5002', presidio_anonymizer_api_base: 'http://localhost:5001', presidio_language: 'de' } },
    ]);
    expect(gateway.cloudAccess().bedrockGuardrails).toEqual([{ guardrailIdentifier: 'abc123', guardrailVersion: '3', region: 'eu-central-1' }]);
    expect(gateway.governanceFacts().guardrails).toEqual([
      { name: 'policy-content', guardrail: 'bedrock', purpose: 'content', defaultOn: true },
      { name: 'policy-presidio', guardrail: 'presidio', purpose: 'pii', defaultOn: true },
    ]);
  });

  it('rejects an entry kind it does not know', () => {
    const { gateway } = setup({ bundle: false });
    const e = validationError(() => gateway.addPolicyGuardrails([entry({ kind: 'webhook' as any })]));
    expect(e.constructPath).toBe('stack/gateway');
    expectProblem(e, 'policyGuardrails[0].kind', 'is not a policy guardrail kind', "send 'guardrail'");
  });

  it('rejects a guardrail type or callback it cannot render, rather than dropping it', () => {
    const { gateway } = setup({ bundle: false });
    const e = validationError(() => gateway.addPolicyGuardrails([
      entry({ guardrail: 'lakera_v2' }),
      { kind: 'callback', guardrailName: 'otel', guardrail: 'otel', purpose: 'other', mode: [], defaultOn: true },
    ]));
    expectProblem(e, 'policyGuardrails[0].guardrail', 'is not a guardrail the gateway can render', 'use one of: bedrock, litellm_content_filter, litellm_pii, presidio');
    expectProblem(e, 'policyGuardrails[1].guardrail', 'is not a callback the gateway can render', 'use one of: detect_prompt_injection');
    // Nothing was added.
    expect(gateway.policyGuardrails).toEqual([]);
  });

  it('rejects a callback entry named differently from its callback', () => {
    const { gateway } = setup({ bundle: false });
    const e = validationError(() => gateway.addPolicyGuardrails([{ ...defaultRuntimeGuardrails()[1], guardrailName: 'injection' }]));
    expectProblem(e, 'policyGuardrails[0].guardrailName', 'differs from the callback name', "name the entry 'detect_prompt_injection'");
  });

  it('rejects parameters it cannot render', () => {
    const { gateway } = setup({ bundle: false });
    const e = validationError(() => gateway.addPolicyGuardrails([entry({ params: { patterns: [prebuilt('email')], presidio_language: 'en' } })]));
    expectProblem(e, 'policyGuardrails[0].params.presidio_language', 'is not a parameter the gateway can render for litellm_content_filter', 'use only: patterns');
  });

  it('reports the factories\' problems under the entry\'s own keys', () => {
    const { gateway } = setup({ bundle: false });
    const e = validationError(() => gateway.addPolicyGuardrails([
      entry({ mode: ['sometimes' as any] }),
      entry({ guardrailName: 'Bad Name' }),
      entry({ guardrailName: 'entities', guardrail: 'litellm_pii', params: { entities_config: { 'e-mail': 'MASK' } } }),
      entry({ guardrailName: 'patterns', params: { patterns: [prebuilt('phone'), { pattern_type: 'regex', name: 'x', pattern: '(', action: 'MASK' }, { pattern_type: 'prebuilt', pattern_name: 'email', pattern: 'x', action: 'MASK' }] } }),
    ]));
    expectProblem(e, 'policyGuardrails[0].mode[0]', /./, /use one of/);
    expectProblem(e, 'policyGuardrails[1].guardrailName', 'is not a valid guardrail name', 'use 1-64 lowercase letters');
    expectProblem(e, 'policyGuardrails[2].params.entities_config.e-mail', 'is not a PII entity type', 'use an upper-case Presidio entity name');
    // The docs' `phone` is not a prebuilt pattern: LiteLLM would refuse to start with it.
    expectProblem(e, 'policyGuardrails[3].params.patterns[0].pattern_name', 'is not a prebuilt content-filter pattern', 'us_phone');
    expectProblem(e, 'policyGuardrails[3].params.patterns[1].pattern', 'is not a valid regular expression', /./);
    expectProblem(e, 'policyGuardrails[3].params.patterns[2].pattern', 'is not a key of a prebuilt pattern', 'pattern_name');
  });

  it('rejects something that is not a list', () => {
    const { gateway } = setup({ bundle: false });
    const e = validationError(() => gateway.addPolicyGuardrails(undefined as any));
    expectProblem(e, 'policyGuardrails', 'is not a list of policy guardrail entries', 'pass PolicyGuardrailEntry[]');
  });
});

describe('LlmGateway under a PolicyBundle on the ECS Fargate runtime', () => {
  const BASE = {
    vpcId: 'vpc-0123456789abcdef0',
    privateSubnetIds: ['subnet-0123456789abcdef0', 'subnet-0fedcba9876543210'],
    certificateArn: 'arn:aws:acm:eu-central-1:123456789012:certificate/11111111-2222-3333-4444-555555555555',
  };

  function ecs(governed: boolean) {
    const stack = new TerraformStack(Testing.app({ stubVersion: true }), 'stack');
    new AwsProvider(stack, 'aws', { region: 'eu-central-1' });
    if (governed) new PolicyBundle(stack, 'policy', { packs: [PolicyPack.llmGovernance()], reports: false });
    const gateway = new LlmGateway(stack, 'gateway', { name: 'llm-gw', runtime: GatewayRuntime.ecsFargate(BASE), models: [chat()] });
    const json = JSON.parse(Testing.synth(stack));
    const object = Object.values(json.resource.aws_s3_object)[0] as { content: string };
    const task = Object.values(json.resource.aws_ecs_task_definition)[0] as { container_definitions: string };
    const litellm = (JSON.parse(task.container_definitions) as any[]).find((c) => c.name === 'litellm');
    const env = Object.fromEntries(litellm.environment.map((e: any) => [e.name, e.value]));
    return { gateway, content: object.content, hash: env.LITELLM_CONFIG_SHA256 as string };
  }

  it('puts the policy guardrails into the S3 config object and LITELLM_CONFIG_SHA256, which changes with the bundle', () => {
    // GIVEN / WHEN the same gateway with and without a bundle
    const governed = ecs(true);
    const plain = ecs(false);

    // THEN the governed config object carries the guardrails and its hash is the one in the task definition
    expect(governed.content).toBe(governed.gateway.renderConfig());
    expect(parse(governed.content).guardrails).toEqual([POLICY_PII]);
    expect(parse(governed.content).litellm_settings.callbacks).toContain('detect_prompt_injection');
    expect(governed.hash).toBe(configHash(governed.content));
    expect(parse(plain.content).guardrails).toBeUndefined();
    expect(plain.hash).toBe(configHash(plain.content));
    expect(governed.hash).not.toBe(plain.hash);
  });
});

it('GuardrailMode values are the LiteLLM modes a policy entry carries', () => {
  // The entry's `mode` strings are passed to the factories as GuardrailMode values.
  const modes: ReadonlyArray<PolicyGuardrailEntry['mode'][number]> = ['pre_call', 'post_call', 'during_call', 'logging_only'];
  expect(Object.values(GuardrailMode).sort()).toEqual([...modes].sort());
});
