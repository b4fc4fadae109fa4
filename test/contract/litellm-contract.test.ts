import * as fs from 'node:fs';
import * as path from 'node:path';
import { renderedLiteLlmContainers } from './rendered';
import { Testing } from '../../src/core/cdktf';
import {
  CONTRACT_CONFIG,
  CONTRACT_ENVIRONMENT,
  CONTRACT_GUARDRAILS,
  CONTRACT_SOURCES,
  LITELLM_CONTRACT_VERSION,
  checkLiteLlmContract,
  contractSize,
  type ContractKey,
} from '../../src/gateway/litellm/contract';
import { DEFAULT_LITELLM_IMAGE } from '../../src/gateway/litellm/defaults';
import { buildExample, EXAMPLES, EXAMPLES_DIR } from '../examples/load-examples';

const MINIMAL = {
  model_list: [{ model_name: 'chat', litellm_params: { model: 'bedrock/x' }, model_info: { id: 'chat-1' } }],
  general_settings: { master_key: 'os.environ/LITELLM_MASTER_KEY' },
};

const wheres = (v: ReadonlyArray<{ where: string }>) => v.map((x) => x.where);

describe('the LiteLLM contract (data)', () => {
  it('describes the pinned image', () => {
    // The version tag is part of the image reference; re-derive the contract when the pin changes.
    expect(DEFAULT_LITELLM_IMAGE).toContain(LITELLM_CONTRACT_VERSION.replace(/^v/, ''));
  });

  it('cites a file and a commit (or the reference it came through) for every source', () => {
    for (const [id, s] of Object.entries(CONTRACT_SOURCES)) {
      expect({ id, path: s.path.length > 0, commit: s.commit.length >= 5 }).toEqual({ id, path: true, commit: true });
    }
    const all: ContractKey[] = [];
    const collect = (k: ContractKey) => {
      all.push(k);
      Object.values(k.keys ?? {}).forEach(collect);
      if (k.items) collect(k.items);
    };
    Object.values(CONTRACT_CONFIG).forEach(collect);
    for (const g of Object.values(CONTRACT_GUARDRAILS)) Object.values(g.params).forEach(collect);
    for (const k of all) expect(CONTRACT_SOURCES).toHaveProperty([k.source]);
    for (const v of Object.values(CONTRACT_ENVIRONMENT)) expect(CONTRACT_SOURCES).toHaveProperty([v.source]);
  });

  it('has entries in every section', () => {
    const size = contractSize();
    for (const section of ['model_list', 'litellm_settings', 'router_settings', 'general_settings', 'callback_settings']) expect(size[`config.${section}`]).toBeGreaterThan(0);
    expect(size.environment).toBeGreaterThan(30);
    expect(size.cliFlags).toBeGreaterThan(5);
    expect(size.features).toBeGreaterThan(5);
  });
});

describe('checkLiteLlmContract on known-bad output', () => {
  it('rejects the litellm_pii guardrail the library used to render by default', () => {
    // GIVEN the default PII guardrail as rendered before issue 10 (src/gateway/guardrail.ts at b80f76a)
    const config = { ...MINIMAL, guardrails: [{ guardrail_name: 'pii-masking', litellm_params: { guardrail: 'litellm_pii', mode: 'pre_call', default_on: true, entities_config: { EMAIL_ADDRESS: 'MASK' } } }] };
    // THEN the contract names the startup failure
    const v = checkLiteLlmContract({ config });
    expect(wheres(v)).toEqual(['config:guardrails[0].litellm_params.guardrail']);
    expect(v[0].message).toMatch(/Unsupported guardrail: litellm_pii/);
  });

  it('rejects keys LiteLLM ignores silently, unknown values and missing requirements', () => {
    const config = {
      ...MINIMAL,
      litellm_settings: { callbacks: ['prometheus', 'langfuse_typo'], turn_off_message_loging: true, prompt_injection_params: { llm_api_check: true } },
      router_settings: { routing_strategy: 'round-robin', num_retrys: 2 },
      general_settings: { master_key: 'os.environ/LITELLM_MASTER_KEY', database_connection_pool_limit: '10' },
      guardrails: [
        { guardrail_name: 'pii', litellm_params: { guardrail: 'litellm_content_filter', mode: 'pre_call', patterns: [{ pattern_type: 'prebuilt', pattern_name: 'phone', action: 'MASK' }, { pattern_type: 'regex', action: 'MASK' }] } },
        { guardrail_name: 'presidio', litellm_params: { guardrail: 'presidio', mode: ['pre_call', 'before_call'] } },
        { guardrail_name: 'secrets', litellm_params: { guardrail: 'hide-secrets', mode: 'pre_call' } },
      ],
      callback_settings: { otel: { message_loging: false } },
      litellm_setting: {},
    };
    expect(wheres(checkLiteLlmContract({ config })).sort()).toEqual([
      'config:general_settings.database_connection_pool_limit',
      'config:guardrails[0].litellm_params.patterns[0].pattern_name',
      'config:guardrails[0].litellm_params.patterns[1]',
      'config:guardrails[1].litellm_params',
      'config:guardrails[1].litellm_params',
      'config:guardrails[1].litellm_params.mode',
      'config:guardrails[2].litellm_params.guardrail',
      'config:guardrail:hide-secrets',
      'config:litellm_setting',
      'config:litellm_settings.callbacks[1]',
      'config:litellm_settings.prompt_injection_params.llm_api_fail_call_string',
      'config:litellm_settings.prompt_injection_params.llm_api_name',
      'config:litellm_settings.prompt_injection_params.llm_api_system_prompt',
      'config:litellm_settings.turn_off_message_loging',
      'config:router_settings.num_retrys',
      'config:router_settings.routing_strategy',
      'config:callback_settings.otel.message_loging',
    ].sort());
  });

  it('checks the environment against what the image reads and what the config references', () => {
    const v = checkLiteLlmContract({
      config: { ...MINIMAL, model_list: [{ model_name: 'c', litellm_params: { model: 'openai/x', api_key: 'os.environ/OPENAI_API_KEY_C' }, model_info: { id: 'c' } }] },
      environment: { LITELLM_MASTER_KEY: '<secret>', DATABASE_USR: 'x', LITELLM_LOG: 'VERBOSE', LITELLM_MODE: 'PRODUCTION' },
    });
    expect(wheres(v).sort()).toEqual(['env:DATABASE_USR', 'env:LITELLM_LOG', 'env:OPENAI_API_KEY_C']);
  });

  it('checks command lines against the CLI', () => {
    expect(wheres(checkLiteLlmContract({ args: ['--config', '/etc/c.yaml', '--port', '4000', '--workers', '2', '--num_workers'] }))).toEqual(['args[4]', 'args[5]', 'args[6]']);
    expect(checkLiteLlmContract({ args: ['--skip_server_startup'] })).toEqual([]);
  });

  it('reads YAML text as PyYAML does', () => {
    expect(wheres(checkLiteLlmContract({ config: 'model_list: []\nrouter_settings:\n  enable_pre_call_checks: yes\n' }))).toEqual([]);
    expect(wheres(checkLiteLlmContract({ config: 'router_settings: [' }))).toEqual(['config']);
  });
});

/** Examples that deploy a gateway, by hand or through `LlmPlatform` (the others render nothing for LiteLLM). */
const GATEWAY_EXAMPLES = EXAMPLES.filter((name) => /new (LlmGateway|LlmPlatform)\(/.test(fs.readFileSync(path.join(EXAMPLES_DIR, name, 'main.ts'), 'utf8')));

describe('every example renders inside the contract', () => {
  it('covers the gateway and platform examples', () => {
    expect(GATEWAY_EXAMPLES.length).toBeGreaterThanOrEqual(6);
    expect(GATEWAY_EXAMPLES).toEqual(expect.arrayContaining(['aws-platform', 'gcp-platform', 'kubernetes-platform']));
  });

  it.each(GATEWAY_EXAMPLES)('%s', (name) => {
    const app = buildExample(name, Testing.app({ stackTraces: false }) as never);
    const stacks = app.node.children.filter((c) => typeof (c as { toTerraform?: unknown }).toTerraform === 'function');
    const rendered = stacks.flatMap((s) => renderedLiteLlmContainers(JSON.parse(Testing.synth(s as never, false))));
    for (const c of rendered) {
      const violations = checkLiteLlmContract({ config: c.config, environment: c.environment, args: c.args });
      expect({ where: c.where, violations }).toEqual({ where: c.where, violations: [] });
    }
    expect(rendered.some((c) => c.config !== undefined)).toBe(true);
  });
});
