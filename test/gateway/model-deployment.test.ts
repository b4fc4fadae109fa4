import { expectProblem, secret, validationError } from './helpers';
import { SecretRef } from '../../src/core';
import { DataClassification, ModelDeployment, ModelMode, ModelProvider, OpenAiCompatibleServer } from '../../src/gateway';
import { modelListEntrySchema } from '../../src/gateway/litellm';

const BEDROCK = { alias: 'chat', modelId: 'anthropic.claude-3-5-sonnet-20240620-v1:0', region: 'eu-central-1' };

describe('ModelDeployment factories', () => {
  it('bedrock: provider/model string, region, no key, cloud access', () => {
    const m = ModelDeployment.bedrock(BEDROCK);
    const e = m._toLiteLlm({ emitGovernance: true });
    expect(e.model_name).toBe('chat');
    expect(e.litellm_params).toEqual({ model: 'bedrock/anthropic.claude-3-5-sonnet-20240620-v1:0', aws_region_name: 'eu-central-1' });
    expect(e.model_info).toEqual({ id: m.id, mode: 'chat' });
    expect(m.provider).toBe(ModelProvider.BEDROCK);
    expect(m.bedrock).toEqual({ region: 'eu-central-1', modelId: 'anthropic.claude-3-5-sonnet-20240620-v1:0' });
    expect(m.secretEnvironment).toEqual({});
    expect(m.apiKeyEnvironmentName).toBeUndefined();
  });

  it('openai: key only as os.environ, secret environment by reference', () => {
    const key = secret();
    const m = ModelDeployment.openai({ alias: 'chat-fast', model: 'gpt-4o-mini', apiKey: key, id: 'chat-fast-1' });
    const e = m._toLiteLlm({ emitGovernance: true });
    expect(e.litellm_params).toEqual({ model: 'openai/gpt-4o-mini', api_key: 'os.environ/OPENAI_API_KEY_CHAT_FAST_1' });
    expect(m.secretEnvironment).toEqual({ OPENAI_API_KEY_CHAT_FAST_1: key });
  });

  it('azureOpenai: deployment, api base, api version, key', () => {
    const m = ModelDeployment.azureOpenai({ alias: 'chat', deployment: 'gpt4o', apiBase: 'https://r.openai.azure.com', apiVersion: '2024-10-21', apiKey: secret(), id: 'az' });
    expect(m._toLiteLlm({ emitGovernance: true }).litellm_params).toEqual({
      model: 'azure/gpt4o',
      api_base: 'https://r.openai.azure.com',
      api_version: '2024-10-21',
      api_key: 'os.environ/AZURE_OPENAI_API_KEY_AZ',
    });
  });

  it('vertexAi: project and location, no key, cloud access', () => {
    const m = ModelDeployment.vertexAi({ alias: 'chat-eu', model: 'gemini-1.5-pro-002', project: 'my-project', location: 'europe-west4' });
    expect(m._toLiteLlm({ emitGovernance: true }).litellm_params).toEqual({ model: 'vertex_ai/gemini-1.5-pro-002', vertex_project: 'my-project', vertex_location: 'europe-west4' });
    expect(m.vertex).toEqual({ project: 'my-project', location: 'europe-west4' });
  });

  it('anthropic: key by reference', () => {
    const m = ModelDeployment.anthropic({ alias: 'claude', model: 'claude-3-5-sonnet-20241022', apiKey: secret('anthropic'), id: 'claude-1' });
    expect(m._toLiteLlm({ emitGovernance: true }).litellm_params).toEqual({ model: 'anthropic/claude-3-5-sonnet-20241022', api_key: 'os.environ/ANTHROPIC_API_KEY_CLAUDE_1' });
  });

  it('openaiCompatible: openai/ by default, hosted_vllm/ for vLLM, key optional', () => {
    const generic = ModelDeployment.openaiCompatible({ alias: 'local', model: 'llama3', apiBase: 'http://tgi:8080/v1' });
    const vllm = ModelDeployment.openaiCompatible({ alias: 'local', model: 'meta-llama/Llama-3.1-8B-Instruct', apiBase: 'http://vllm:8000/v1', server: OpenAiCompatibleServer.VLLM });
    expect(generic._toLiteLlm({ emitGovernance: true }).litellm_params).toEqual({ model: 'openai/llama3', api_base: 'http://tgi:8080/v1' });
    expect(vllm._toLiteLlm({ emitGovernance: true }).litellm_params.model).toBe('hosted_vllm/meta-llama/Llama-3.1-8B-Instruct');
    expect(generic.secretEnvironment).toEqual({});
  });

  it('maps the common options to litellm_params and model_info', () => {
    const m = ModelDeployment.bedrock({
      ...BEDROCK,
      weight: 5,
      rpm: 100,
      tpm: 100_000,
      timeoutSeconds: 30,
      streamTimeoutSeconds: 20,
      maxRetries: 1,
      mode: ModelMode.EMBEDDING,
      mirrorTo: 'chat-candidate',
      tags: ['eu', 'canary', 'eu'],
      baseModel: 'anthropic.claude-3-5-sonnet',
    });
    const e = m._toLiteLlm({ emitGovernance: true });
    expect(e.litellm_params).toMatchObject({ weight: 5, rpm: 100, tpm: 100_000, timeout: 30, stream_timeout: 20, max_retries: 1, silent_model: 'chat-candidate', tags: ['canary', 'eu'] });
    expect(e.model_info).toMatchObject({ mode: 'embedding', base_model: 'anthropic.claude-3-5-sonnet' });
    expect(modelListEntrySchema.safeParse(e).success).toBe(true);
  });
});

describe('deployment ids', () => {
  it('are deterministic and stable for the same alias, provider and model', () => {
    expect(ModelDeployment.bedrock(BEDROCK).id).toBe(ModelDeployment.bedrock(BEDROCK).id);
    expect(ModelDeployment.bedrock(BEDROCK).id).toMatch(/^chat-bedrock-[0-9a-f]{8}$/);
  });

  it('differ when the region or model differs', () => {
    const ids = new Set([
      ModelDeployment.bedrock(BEDROCK).id,
      ModelDeployment.bedrock({ ...BEDROCK, region: 'us-east-1' }).id,
      ModelDeployment.bedrock({ ...BEDROCK, modelId: 'anthropic.claude-3-haiku-20240307-v1:0' }).id,
    ]);
    expect(ids.size).toBe(3);
  });

  it('pins the generated id (renaming it would reset cooldowns, metrics and secret env names)', () => {
    expect(ModelDeployment.bedrock(BEDROCK).id).toBe('chat-bedrock-68c1ac77');
  });
});

describe('governance metadata', () => {
  const governance = { license: 'Anthropic Commercial Terms', intendedUse: 'internal drafting', dataClassification: DataClassification.CONFIDENTIAL, owner: 'platform-team' };

  it('is kept on the deployment for the policy bundle', () => {
    expect(ModelDeployment.bedrock({ ...BEDROCK, governance }).governance).toEqual(governance);
  });

  it('round-trips into model_info.platform_governance', () => {
    const e = ModelDeployment.bedrock({ ...BEDROCK, governance })._toLiteLlm({ emitGovernance: true });
    expect(e.model_info.platform_governance).toEqual({ license: 'Anthropic Commercial Terms', intended_use: 'internal drafting', data_classification: 'confidential', owner: 'platform-team' });
  });

  it('is left out when emission is off, or when there is none', () => {
    expect(ModelDeployment.bedrock({ ...BEDROCK, governance })._toLiteLlm({ emitGovernance: false }).model_info.platform_governance).toBeUndefined();
    expect(ModelDeployment.bedrock(BEDROCK)._toLiteLlm({ emitGovernance: true }).model_info.platform_governance).toBeUndefined();
  });
});

describe('ModelDeployment validation', () => {
  it('rejects a Bedrock region that is not a region', () => {
    const error = validationError(() => ModelDeployment.bedrock({ ...BEDROCK, region: 'europe' }));
    expect(error.constructPath).toBe('ModelDeployment.bedrock');
    expectProblem(error, 'region', 'is not an AWS region', 'eu-central-1');
  });

  it('rejects a weight of zero or less', () => {
    expectProblem(validationError(() => ModelDeployment.bedrock({ ...BEDROCK, weight: 0 })), 'weight', 'must be greater than 0', 'positive weight');
  });

  it('rejects a literal key anywhere in the props', () => {
    const error = validationError(() => ModelDeployment.openaiCompatible({ alias: 'local', model: 'x', apiBase: 'http://vllm:8000/v1', tags: ['sk-proj-abcdefghijklmnopqrstuvwxyz123'] }));
    expect(error.constructPath).toBe('ModelDeployment.openaiCompatible');
    expectProblem(error, 'tags[0]', 'looks like a literal secret', 'SecretRef');
    expect(error.message).not.toContain('abcdefghijklmnopqrstuvwxyz123');
  });

  it('rejects a string where a SecretRef belongs', () => {
    const error = validationError(() => ModelDeployment.openai({ alias: 'a', model: 'gpt-4o', apiKey: 'sk-proj-abcdefghijklmnopqrstuvwxyz123' as unknown as SecretRef }));
    expectProblem(error, 'apiKey', 'is not a SecretRef', 'SecretRef.awsSecretsManager');
  });

  it('rejects an unknown prop', () => {
    const error = validationError(() => ModelDeployment.vertexAi({ alias: 'a', model: 'm', project: 'my-project', location: 'europe-west4', region: 'x' } as never));
    expectProblem(error, '', 'Unrecognized key', "remove 'region'");
  });

  it('rejects a bad alias, deployment id and Azure API version together', () => {
    const error = validationError(() => ModelDeployment.azureOpenai({ alias: 'bad alias', id: 'Bad_Id', deployment: 'd', apiBase: 'https://r.openai.azure.com', apiVersion: 'latest', apiKey: secret() }));
    expect(error.problems.map((p) => p.path).sort()).toEqual(['alias', 'apiVersion', 'id']);
  });

  it('rejects a bad Vertex location and project', () => {
    const error = validationError(() => ModelDeployment.vertexAi({ alias: 'a', model: 'm', project: 'P', location: 'mars' }));
    expectProblem(error, 'location', 'is not a Google Cloud location', 'europe-west4');
    expectProblem(error, 'project', 'is not a Google Cloud project id', 'project id');
  });

  it('rejects an api base that is not a URL', () => {
    expectProblem(validationError(() => ModelDeployment.openaiCompatible({ alias: 'a', model: 'm', apiBase: 'vllm:8000' })), 'apiBase', 'is not an http(s) URL', 'http://host:8000/v1');
  });
});
