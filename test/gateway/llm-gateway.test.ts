import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { SsmParameter } from '@cdktf/provider-aws/lib/ssm-parameter';
import { parse } from 'yaml';
// Types of the matchers Testing.setupJest() registers.
import 'cdktf/lib/testing/adapters/jest';
import { FakeRuntime, expectProblem, runtimeOf, secret, validationError } from './helpers';
import { TerraformStack, Testing } from '../../src/core/cdktf';
import {
  DEFAULT_LITELLM_IMAGE,
  FallbackKind,
  GatewayPeer,
  Guardrail,
  LlmGateway,
  type LlmGatewayProps,
  ModelDeployment,
  OS_ENVIRON_PATTERN,
  RoutingStrategy,
  configHash,
  imagePinProblem,
} from '../../src/gateway';

Testing.setupJest();

const chat = () => ModelDeployment.bedrock({ alias: 'chat', modelId: 'anthropic.claude-3-5-sonnet-20240620-v1:0', region: 'eu-central-1', id: 'chat-bedrock' });
const chatEu = () => ModelDeployment.vertexAi({ alias: 'chat-eu', model: 'gemini-1.5-pro-002', project: 'my-project', location: 'europe-west4', id: 'chat-eu-vertex' });
const chatFast = () => ModelDeployment.openai({ alias: 'chat-fast', model: 'gpt-4o-mini', apiKey: secret(), id: 'chat-fast-openai' });

function setup(overrides: Partial<LlmGatewayProps> = {}, runtime = new FakeRuntime()) {
  const stack = new TerraformStack(Testing.app({ stubVersion: true }), 'stack');
  new AwsProvider(stack, 'aws', { region: 'eu-central-1' });
  const gateway = new LlmGateway(stack, 'gateway', {
    runtime: runtimeOf(runtime),
    models: [chat(), chatEu(), chatFast()],
    fallbacks: [{ from: 'chat', to: ['chat-eu'] }],
    ...overrides,
  });
  return { stack, gateway, runtime };
}

function synthesizedConfig(stack: TerraformStack): { yaml: string; hash: string } {
  const json = JSON.parse(Testing.synth(stack));
  const param = Object.values(json.resource.aws_ssm_parameter)[0] as { value: string; tags: Record<string, string> };
  return { yaml: param.value, hash: param.tags['config-sha256'] };
}

describe('LlmGateway defaults', () => {
  it('matches the snapshot', () => {
    const { stack } = setup();
    expect(Testing.synth(stack)).toMatchSnapshot();
  });

  it('binds the runtime exactly once, with the pinned default image on port 4000', () => {
    const { runtime, gateway } = setup();
    expect(runtime.contexts).toHaveLength(1);
    const ctx = runtime.contexts[0];
    expect(ctx.scope).toBe(gateway);
    expect(ctx.image).toBe(DEFAULT_LITELLM_IMAGE);
    expect(imagePinProblem(DEFAULT_LITELLM_IMAGE)).toBeUndefined();
    expect(ctx.containerPort).toBe(4000);
    expect(ctx.baseName).toBe('gateway');
    expect(ctx.tags).toEqual({});
  });

  it('renders the config lazily into the runtime, with its hash', () => {
    const { stack, gateway } = setup();
    const { yaml, hash } = synthesizedConfig(stack);
    expect(yaml).toBe(gateway.renderConfig());
    expect(hash).toBe(configHash(yaml));
    expect(Testing.synth(stack)).toHaveResourceWithProperties(SsmParameter, { name: '/gateway/config' });
  });

  it('gives the runtime the production environment', () => {
    const { runtime } = setup();
    expect(runtime.contexts[0].environment()).toEqual({
      // The admin UI stays off unless `adminUi: true`.
      DISABLE_ADMIN_UI: 'True',
      DISABLE_SCHEMA_UPDATE: 'true',
      LITELLM_LOG: 'ERROR',
      LITELLM_MODE: 'PRODUCTION',
      NUM_WORKERS: '2',
      PROMETHEUS_MULTIPROC_DIR: '/tmp/prometheus_multiproc',
    });
  });

  it('gives the runtime each API key by reference under a deterministic name', () => {
    const { runtime } = setup();
    const env = runtime.contexts[0].secretEnvironment();
    expect(Object.keys(env)).toEqual(['OPENAI_API_KEY_CHAT_FAST_OPENAI']);
    expect(env.OPENAI_API_KEY_CHAT_FAST_OPENAI.toString()).toContain('secret:openai-AbCdEf');
    expect(runtime.contexts[0].renderConfig()).toContain('api_key: os.environ/OPENAI_API_KEY_CHAT_FAST_OPENAI');
  });

  it('gives the runtime the cloud permissions of its models, deduplicated and sorted', () => {
    const second = ModelDeployment.bedrock({ alias: 'chat', modelId: 'anthropic.claude-3-5-sonnet-20240620-v1:0', region: 'eu-central-1', id: 'chat-bedrock-2' });
    const us = ModelDeployment.bedrock({ alias: 'chat', modelId: 'anthropic.claude-3-haiku-20240307-v1:0', region: 'us-east-1', id: 'chat-bedrock-us' });
    const { runtime } = setup({ models: [us, chat(), second, chatEu()] });
    expect(runtime.contexts[0].cloudAccess()).toEqual({
      bedrock: [
        { region: 'eu-central-1', modelId: 'anthropic.claude-3-5-sonnet-20240620-v1:0' },
        { region: 'us-east-1', modelId: 'anthropic.claude-3-haiku-20240307-v1:0' },
      ],
      vertex: [{ project: 'my-project', location: 'europe-west4' }],
      bedrockGuardrails: [],
    });
  });

  it('gives the runtime the Bedrock guardrails it must be allowed to apply', () => {
    // GIVEN a Bedrock guardrail added after construction
    const { gateway, runtime } = setup();
    gateway.addGuardrail(Guardrail.bedrock({ guardrailIdentifier: 'ff6ujrregl1q', guardrailVersion: '3', region: 'eu-central-1' }));
    // THEN the runtime sees it at synth time
    expect(runtime.contexts[0].cloudAccess().bedrockGuardrails).toEqual([{ guardrailIdentifier: 'ff6ujrregl1q', guardrailVersion: '3', region: 'eu-central-1' }]);
  });

  it('exposes the endpoint and delegates allowFrom to the runtime', () => {
    const { gateway, runtime } = setup();
    expect(gateway.endpoint).toBe('https://gateway.internal.example');
    const peer = GatewayPeer.securityGroup('sg-0123456789abcdef0');
    gateway.connections.allowFrom(peer);
    expect(runtime.peers).toEqual([peer]);
  });

  it('refuses allowMetricsFrom on a runtime with no metrics-only listener (a ValidationError, never a TypeError)', () => {
    const { gateway } = setup();
    const err = validationError(() => gateway.connections.allowMetricsFrom(GatewayPeer.kubernetesNamespace('monitoring')));
    expectProblem(err, 'connections.allowMetricsFrom(peer)', 'has no metrics-only listener', 'scrape with the runtime\'s collector sidecar');
  });

  it('lists the models for the policy bundle (a copy, not the internal list)', () => {
    const { gateway } = setup();
    expect(gateway.models.map((m) => m.alias)).toEqual(['chat', 'chat-eu', 'chat-fast']);
    (gateway.models as ModelDeployment[]).pop();
    expect(gateway.models).toHaveLength(3);
  });

  it('passes synth-time validation when valid', () => {
    const { stack } = setup();
    expect(() => Testing.synth(stack, true)).not.toThrow();
  });
});

describe('LlmGateway options', () => {
  it('applies routing options, message logging, health checks and governance emission', () => {
    const governed = ModelDeployment.bedrock({ alias: 'chat', modelId: 'm', region: 'eu-central-1', id: 'g', governance: { owner: 'platform' } });
    const { gateway } = setup({
      models: [governed, chatEu()],
      routing: {
        strategy: RoutingStrategy.LATENCY_BASED,
        numRetries: 1,
        timeoutSeconds: 60,
        streamTimeoutSeconds: 30,
        allowedFails: 5,
        cooldownSeconds: 10,
        maxFallbacks: 1,
      },
      allowMessageLogging: true,
      backgroundHealthChecks: true,
      healthCheckIntervalSeconds: 600,
      emitGovernanceMetadata: false,
      defaultFallbacks: ['chat-eu'],
    });
    const config = parse(gateway.renderConfig());
    expect(config.router_settings).toMatchObject({ routing_strategy: 'latency-based-routing', num_retries: 1, timeout: 60, stream_timeout: 30, allowed_fails: 5, cooldown_time: 10, max_fallbacks: 1, default_fallbacks: ['chat-eu'] });
    expect(config.litellm_settings.request_timeout).toBe(60);
    expect(config.litellm_settings.turn_off_message_logging).toBe(false);
    expect(config.general_settings).toMatchObject({ background_health_checks: true, health_check_interval: 600 });
    expect(config.model_list[0].model_info.platform_governance).toBeUndefined();
    expect(gateway.models[0].governance).toEqual({ owner: 'platform' });
  });

  it('uses the name and tags it is given', () => {
    const { runtime } = setup({ name: 'hiring-llm', tags: { team: 'hiring' } });
    expect(runtime.contexts[0].baseName).toBe('hiring-llm');
    expect(runtime.contexts[0].tags).toEqual({ team: 'hiring' });
  });

  it('accepts an image pinned by digest', () => {
    const image = `ghcr.io/berriai/litellm:main-v1.83.14-stable@sha256:${'a'.repeat(64)}`;
    expect(setup({ image }).runtime.contexts[0].image).toBe(image);
  });

  it('routes context-window and content-policy fallbacks to their own keys', () => {
    const { gateway } = setup({
      fallbacks: [
        { from: 'chat', to: ['chat-eu'], kind: FallbackKind.CONTEXT_WINDOW },
        { from: 'chat', to: ['chat-fast'], kind: FallbackKind.CONTENT_POLICY },
      ],
    });
    const rs = parse(gateway.renderConfig()).router_settings;
    expect(rs.context_window_fallbacks).toEqual([{ chat: ['chat-eu'] }]);
    expect(rs.content_policy_fallbacks).toEqual([{ chat: ['chat-fast'] }]);
    expect(rs.fallbacks).toBeUndefined();
  });
});

describe('LlmGateway add* after construction', () => {
  it('appear in the synthesized config, its hash, the environment, secrets, cloud access and sidecars', () => {
    // GIVEN a gateway synthesized once
    const { stack, gateway, runtime } = setup();
    const before = synthesizedConfig(stack);
    const ctx = runtime.contexts[0];
    // WHEN everything is added after construction
    gateway.addModel(ModelDeployment.bedrock({ alias: 'chat-us', modelId: 'anthropic.claude-3-haiku-20240307-v1:0', region: 'us-east-1', id: 'chat-us-bedrock' }));
    gateway.addModel(ModelDeployment.anthropic({ alias: 'claude', model: 'claude-3-5-sonnet-20241022', apiKey: secret('anthropic'), id: 'claude-direct' }));
    gateway.addFallback({ from: 'chat-eu', to: ['chat-us'] });
    gateway.addGuardrail(Guardrail.litellmPii());
    gateway.addGuardrail(Guardrail.promptInjection());
    gateway.addEnvironment('OTEL_SERVICE_NAME', 'llm-gateway');
    gateway.addSecretEnvironment('LANGFUSE_SECRET_KEY', secret('langfuse'));
    gateway.addSidecar({ name: 'otel-collector', image: 'public.ecr.aws/aws-observability/aws-otel-collector:v0.43.1', ports: [4317] });
    // THEN the runtime sees them at synth
    const after = synthesizedConfig(stack);
    expect(after.hash).not.toBe(before.hash);
    expect(after.hash).toBe(configHash(after.yaml));
    const config = parse(after.yaml);
    expect(config.model_list.map((m: any) => m.model_info.id)).toEqual(['chat-bedrock', 'chat-eu-vertex', 'chat-fast-openai', 'chat-us-bedrock', 'claude-direct']);
    expect(config.router_settings.fallbacks).toEqual([{ chat: ['chat-eu'] }, { 'chat-eu': ['chat-us'] }]);
    expect(config.guardrails.map((g: any) => g.guardrail_name)).toEqual(['pii']);
    expect(config.litellm_settings.callbacks).toEqual(['prometheus', 'detect_prompt_injection']);
    expect(ctx.environment().OTEL_SERVICE_NAME).toBe('llm-gateway');
    expect(Object.keys(ctx.secretEnvironment())).toEqual(['ANTHROPIC_API_KEY_CLAUDE_DIRECT', 'LANGFUSE_SECRET_KEY', 'OPENAI_API_KEY_CHAT_FAST_OPENAI']);
    expect(ctx.cloudAccess().bedrock.map((b) => b.region)).toEqual(['eu-central-1', 'us-east-1']);
    expect(ctx.sidecars().map((s) => s.name)).toEqual(['otel-collector']);
  });
});

describe('LlmGateway validation (construct path + prop path + fix)', () => {
  const PATH = 'stack/gateway';
  const expectError = (fn: () => unknown, path: string, message: string | RegExp, fix: string | RegExp) => {
    const error = validationError(fn);
    expect(error.constructPath).toBe(PATH);
    expect(error.message).toContain(`[${PATH}]`);
    expectProblem(error, path, message, fix);
    return error;
  };

  it.each([
    ['ghcr.io/berriai/litellm:latest', "uses the floating tag 'latest'", 'pin a released version tag'],
    ['ghcr.io/berriai/litellm:main', "uses the floating tag 'main'", 'pin a released version tag'],
    ['ghcr.io/berriai/litellm', 'is not pinned (no tag or digest)', 'pin a released version tag'],
    ['ghcr.io/berriai/litellm:main-v1.82.7-stable', 'a compromised release', 'pin a later stable release'],
    [`ghcr.io/berriai/litellm:v1.82.8@sha256:${'b'.repeat(64)}`, 'a compromised release', 'pin a later stable release'],
    ['ghcr.io/berriai/litellm@sha256:1234', 'has a malformed digest', '@sha256:<64 hex digits>'],
  ])('rejects the image %s', (image, message, fix) => {
    expectError(() => setup({ image }), 'image', message, fix);
  });

  it('reports props problems and the runtime\'s own problems in one error', () => {
    const runtime = new FakeRuntime({ problems: [{ path: 'privateSubnetIds', received: '[]', message: 'is empty', fix: 'pass two or more private subnets' }] });
    const error = expectError(() => setup({ routing: { numRetries: 9 } }, runtime), 'routing.numRetries', 'is more than 5', 'at most 5 retries');
    expectProblem(error, 'runtime.privateSubnetIds', 'is empty', 'two or more private subnets');
    expect(runtime.contexts).toHaveLength(0);
  });

  it('rejects an empty model list', () => {
    expectError(() => setup({ models: [], fallbacks: [] }), 'models', 'is empty', 'at least one ModelDeployment');
  });

  it('rejects duplicate deployment ids', () => {
    const twin = ModelDeployment.bedrock({ alias: 'chat-eu', modelId: 'x', region: 'eu-west-1', id: 'chat-bedrock' });
    expectError(() => setup({ models: [chat(), twin], fallbacks: [] }), 'models[1].id', 'duplicates the deployment id of models[0]', 'unique id');
  });

  it('rejects a fallback from an unknown alias', () => {
    expectError(() => setup({ fallbacks: [{ from: 'chat-us', to: ['chat'] }] }), 'fallbacks[0].from', 'is not the alias of any configured model', 'use one of: chat, chat-eu, chat-fast');
  });

  it('rejects a fallback to an unknown alias', () => {
    expectError(() => setup({ fallbacks: [{ from: 'chat', to: ['chat-us'] }] }), 'fallbacks[0].to[0]', 'is not the alias of any configured model', 'use one of');
  });

  it('rejects a fallback with an empty target list', () => {
    expectError(() => setup({ fallbacks: [{ from: 'chat', to: [] }] }), 'fallbacks[0].to', 'lists no fallback', 'at least one alias');
  });

  it('reports a fallback cycle with its path', () => {
    expectError(
      () => setup({ fallbacks: [{ from: 'chat', to: ['chat-eu'] }, { from: 'chat-eu', to: ['chat-fast'] }, { from: 'chat-fast', to: ['chat'] }] }),
      'fallbacks[0]',
      'forms a general fallback cycle: chat -> chat-eu -> chat-fast -> chat',
      'remove one edge',
    );
  });

  it('rejects an unknown mirror target', () => {
    const mirrored = ModelDeployment.bedrock({ alias: 'chat-x', modelId: 'm', region: 'eu-central-1', mirrorTo: 'chat-candidate' });
    expectError(() => setup({ models: [chat(), chatEu(), chatFast(), mirrored] }), 'models[3].mirrorTo', 'is not the alias of any configured model', 'add the shadow model first');
  });

  it('rejects duplicate guardrail names', () => {
    expectError(() => setup({ guardrails: [Guardrail.litellmPii(), Guardrail.litellmPii()] }), 'guardrails[1].name', 'duplicates the guardrail name', 'unique name');
  });

  it('requires Redis when the runtime runs several processes', () => {
    expectError(() => setup({}, new FakeRuntime({ providesRedis: false })), 'runtime', 'provides no Redis', 'enable Redis on the runtime');
  });

  it('rejects a database too small for the pool of every worker', () => {
    expectError(() => setup({}, new FakeRuntime({ databaseMaxConnections: 30, maxReplicas: 10, workersPerReplica: 2 })), 'runtime', 'leaves 1 database connection per worker for 20 workers', 'max_connections of at least 50');
  });

  it('rejects a literal secret anywhere in the props, without echoing it', () => {
    const error = expectError(() => setup({ tags: { extra: { token: 'sk-proj-abcdefghijklmnopqrstuvwxyz123' } } }), 'tags.extra.token', 'looks like a literal secret', 'SecretRef');
    expect(error.message).not.toContain('abcdefghijklmnopqrstuvwxyz123');
  });

  it('rejects something that is not a runtime', () => {
    expectError(() => setup({ runtime: {} as never }), 'runtime', 'is not a GatewayRuntime', 'GatewayRuntime static factory');
  });

  it('rejects an unknown prop', () => {
    expectError(() => setup({ observabilty: true } as never), '', 'Unrecognized key', "remove 'observabilty'");
  });

  describe('add* validate their input and leave the gateway unchanged', () => {
    it('addFallback to an unknown alias', () => {
      const { gateway } = setup();
      const before = gateway.renderConfig();
      expectError(() => gateway.addFallback({ from: 'chat-fast', to: ['chat-us'] }), 'fallbacks[1].to[0]', 'is not the alias of any configured model', 'add the model before its fallback');
      expect(gateway.fallbacks).toHaveLength(1);
      expect(gateway.renderConfig()).toBe(before);
    });

    it('addFallback that closes a cycle', () => {
      const { gateway } = setup();
      expectError(() => gateway.addFallback({ from: 'chat-eu', to: ['chat'] }), 'fallbacks[0]', 'chat -> chat-eu -> chat', 'remove one edge');
    });

    it('addFallback with a malformed rule', () => {
      const { gateway } = setup();
      expectError(() => gateway.addFallback({ from: 'chat', to: ['chat-eu'], kind: 'sometimes' as never }), 'fallbacks[1].kind', /Invalid option/, 'use one of');
    });

    it('addModel with a duplicate id', () => {
      const { gateway } = setup();
      expectError(() => gateway.addModel(ModelDeployment.bedrock({ alias: 'other', modelId: 'm', region: 'eu-central-1', id: 'chat-bedrock' })), 'models[3].id', 'duplicates the deployment id', 'unique id');
      expect(gateway.models).toHaveLength(3);
    });

    it('addModel with something else', () => {
      const { gateway } = setup();
      expectError(() => gateway.addModel({ alias: 'x' } as never), 'models[3]', 'is not a ModelDeployment', 'static factory');
    });

    it('addGuardrail with a duplicate name', () => {
      const { gateway } = setup({ guardrails: [Guardrail.litellmPii()] });
      expectError(() => gateway.addGuardrail(Guardrail.litellmPii()), 'guardrails[1].name', 'duplicates the guardrail name', 'unique name');
    });

    it('addGuardrail with a second prompt-injection guardrail', () => {
      const { gateway } = setup({ guardrails: [Guardrail.promptInjection()] });
      expectError(() => gateway.addGuardrail(Guardrail.promptInjection()), 'guardrails[1]', 'second prompt-injection guardrail', 'keep one');
    });

    it('addEnvironment overriding a production setting', () => {
      const { gateway } = setup();
      expectError(() => gateway.addEnvironment('LITELLM_LOG', 'DEBUG'), 'environment.LITELLM_LOG', 'cannot be overridden', 'stay fixed');
      expect(gateway.environment().LITELLM_LOG).toBe('ERROR');
    });

    it('addEnvironment with an invalid name', () => {
      const { gateway } = setup();
      expectError(() => gateway.addEnvironment('my-var', 'x'), 'environment.my-var', 'is not a valid environment variable name', 'upper-case');
    });

    it('addEnvironment with a secret value', () => {
      const { gateway } = setup();
      expectError(() => gateway.addEnvironment('OPENAI_KEY', 'sk-proj-abcdefghijklmnopqrstuvwxyz123'), 'environment.OPENAI_KEY', 'looks like a literal secret', 'SecretRef');
    });

    it('addSecretEnvironment with a plain string', () => {
      const { gateway } = setup();
      expectError(() => gateway.addSecretEnvironment('LANGFUSE_SECRET_KEY', 'abc' as never), 'secretEnvironment.LANGFUSE_SECRET_KEY', 'is not a SecretRef', 'SecretRef.awsSecretsManager');
    });

    it('addSecretEnvironment with a name already used by a model key', () => {
      const { gateway } = setup();
      expectError(() => gateway.addSecretEnvironment('OPENAI_API_KEY_CHAT_FAST_OPENAI', secret()), 'secretEnvironment.OPENAI_API_KEY_CHAT_FAST_OPENAI', 'is already set', 'once');
    });

    it('addSidecar with a floating image and a reserved name', () => {
      const { gateway } = setup();
      const error = expectError(() => gateway.addSidecar({ name: 'litellm', image: 'otel/opentelemetry-collector-contrib:latest' }), 'sidecars[0].image', "uses the floating tag 'latest'", 'pin');
      expectProblem(error, 'sidecars[0].name', 'is reserved', 'unique container name');
      expect(gateway.renderConfig()).toBeDefined();
    });

    it('addSidecar with a bad environment name', () => {
      const { gateway } = setup();
      expectError(() => gateway.addSidecar({ name: 'presidio', image: 'mcr.microsoft.com/presidio-analyzer:2.2.355', environment: { 'bad-name': 'x' } }), 'sidecars[0].environment.bad-name', 'is not a valid environment variable name', 'upper-case');
    });
  });

  it('re-validates at synth (a runtime whose Redis went away after construction)', () => {
    const runtime = new FakeRuntime();
    const { stack } = setup({}, runtime);
    (runtime as { providesRedis: boolean }).providesRedis = false;
    expect(() => Testing.synth(stack, true)).toThrow(/\[stack\/gateway\] runtime: runs more than one LiteLLM process but provides no Redis.*Fix: enable Redis on the runtime/s);
  });

  it('never renders an invalid config', () => {
    const runtime = new FakeRuntime();
    const { gateway } = setup({}, runtime);
    (runtime as { providesRedis: boolean }).providesRedis = false;
    expectError(() => gateway.renderConfig(), 'runtime', 'provides no Redis', 'enable Redis');
  });
});

describe('secrets', () => {
  it('appear in the synthesized config only as os.environ/NAME references', () => {
    const { stack } = setup({ models: [chat(), chatEu(), chatFast(), ModelDeployment.azureOpenai({ alias: 'az', deployment: 'd', apiBase: 'https://r.openai.azure.com', apiVersion: '2024-10-21', apiKey: secret('azure') })] });
    const config = parse(synthesizedConfig(stack).yaml);
    const found: Array<[string, unknown]> = [];
    const walk = (v: unknown, key: string): void => {
      if (Array.isArray(v)) v.forEach((x) => walk(x, key));
      else if (v && typeof v === 'object') Object.entries(v).forEach(([k, x]) => walk(x, k));
      else if (/(^|_)(key|password)$/.test(key)) found.push([key, v]);
    };
    walk(config, '');
    expect(found.map(([k]) => k).sort()).toEqual(['api_key', 'api_key', 'master_key', 'password', 'redis_password']);
    for (const [, value] of found) expect(value).toMatch(OS_ENVIRON_PATTERN);
  });
});
