import * as fc from 'fast-check';
import { parse } from 'yaml';
import {
  type LiteLlmBuildInput,
  type LiteLlmFallbackSpec,
  type LiteLlmGuardrail,
  type LiteLlmModelListEntry,
  type LiteLlmRuntimeFacts,
  PROMETHEUS_LATENCY_BUCKETS,
  buildLiteLlmConfig,
  checkLiteLlmInput,
  databasePoolLimit,
  findCycles,
  renderLiteLlmConfig,
  requiresRedis,
} from '../../../src/gateway/litellm';

const entry = (alias: string, id: string, extra: Partial<LiteLlmModelListEntry['litellm_params']> = {}): LiteLlmModelListEntry => ({
  model_name: alias,
  litellm_params: { model: `bedrock/${id}`, aws_region_name: 'eu-central-1', ...extra },
  model_info: { id, mode: 'chat' },
});

const guardrail = (name: string): LiteLlmGuardrail => ({ guardrail_name: name, litellm_params: { guardrail: 'litellm_content_filter', mode: 'pre_call', patterns: [{ pattern_type: 'prebuilt', pattern_name: 'email', action: 'MASK' }] } });

const RUNTIME: LiteLlmRuntimeFacts = { minReplicas: 2, maxReplicas: 4, workersPerReplica: 2, databaseMaxConnections: 200, providesRedis: true };

function input(o: {
  models?: LiteLlmModelListEntry[];
  fallbacks?: LiteLlmFallbackSpec[];
  defaultFallbacks?: string[];
  guardrails?: LiteLlmGuardrail[];
  promptInjection?: number;
  runtime?: Partial<LiteLlmRuntimeFacts>;
  allowMessageLogging?: boolean;
  backgroundHealthChecks?: boolean;
} = {}): LiteLlmBuildInput {
  const models = o.models ?? [entry('chat', 'chat-a'), entry('chat-eu', 'chat-eu-a')];
  return {
    models: models.map((value, i) => ({ value, path: `models[${i}]` })),
    fallbacks: (o.fallbacks ?? []).map((value, i) => ({ value, path: `fallbacks[${i}]` })),
    defaultFallbacks: { value: o.defaultFallbacks ?? [], path: 'defaultFallbacks' },
    guardrails: (o.guardrails ?? []).map((value, i) => ({ value, path: `guardrails[${i}]` })),
    promptInjection: Array.from({ length: o.promptInjection ?? 0 }, (_, i) => ({ value: { heuristics_check: true }, path: `guardrails[${10 + i}]` })),
    routing: { strategy: 'simple-shuffle', numRetries: 2, timeoutSeconds: 120, streamTimeoutSeconds: 120, allowedFails: 3, cooldownSeconds: 30, maxFallbacks: 2 },
    runtime: { ...RUNTIME, ...o.runtime },
    allowMessageLogging: o.allowMessageLogging ?? false,
    backgroundHealthChecks: o.backgroundHealthChecks ?? false,
    healthCheckIntervalSeconds: 300,
  };
}

function problem(i: LiteLlmBuildInput, path: string) {
  const found = checkLiteLlmInput(i).filter((p) => p.path === path);
  expect(found).toHaveLength(1);
  return found[0];
}

describe('requiresRedis', () => {
  it.each([
    [1, 1, 1, false],
    [2, 2, 1, true],
    [1, 3, 1, true],
    [1, 1, 4, true],
  ])('min %i, max %i, workers %i -> %s', (minReplicas, maxReplicas, workersPerReplica, expected) => {
    expect(requiresRedis({ ...RUNTIME, minReplicas, maxReplicas, workersPerReplica })).toBe(expected);
  });
});

describe('Redis', () => {
  it('configures router Redis and the Redis cache together, from the environment, never redis_url', () => {
    const config = buildLiteLlmConfig(input());
    expect(config.router_settings).toMatchObject({ redis_host: 'os.environ/REDIS_HOST', redis_port: 'os.environ/REDIS_PORT', redis_password: 'os.environ/REDIS_PASSWORD' });
    expect(config.litellm_settings.cache).toBe(true);
    expect(config.litellm_settings.cache_params).toEqual({ type: 'redis', host: 'os.environ/REDIS_HOST', port: 'os.environ/REDIS_PORT', password: 'os.environ/REDIS_PASSWORD', mode: 'default_off' });
    expect(renderLiteLlmConfig(config)).not.toContain('redis_url');
  });

  it('leaves Redis out for a single process without Redis', () => {
    const config = buildLiteLlmConfig(input({ runtime: { minReplicas: 1, maxReplicas: 1, workersPerReplica: 1, providesRedis: false } }));
    expect(config.router_settings.redis_host).toBeUndefined();
    expect(config.litellm_settings.cache_params).toBeUndefined();
    expect(checkLiteLlmInput(input({ runtime: { minReplicas: 1, maxReplicas: 1, workersPerReplica: 1, providesRedis: false } }))).toEqual([]);
  });

  it('is required when the runtime runs more than one process', () => {
    const p = problem(input({ runtime: { providesRedis: false } }), 'runtime');
    expect(p.message).toContain('runs more than one LiteLLM process but provides no Redis');
    expect(p.fix).toContain('enable Redis on the runtime');
    expect(p.received).toContain('maxReplicas 4');
  });
});

describe('database connection pool', () => {
  it.each([
    // max_connections, maxReplicas, workers -> pool
    [200, 4, 2, 20], // floor(0.8 * 200 / 8)
    [100, 10, 4, 2], // floor(80 / 40)
    [10_000, 1, 1, 50], // capped
    [500, 3, 3, 44], // floor(400 / 9)
  ])('max_connections %i over %i replicas x %i workers -> %i per worker', (databaseMaxConnections, maxReplicas, workersPerReplica, pool) => {
    const runtime = { ...RUNTIME, databaseMaxConnections, maxReplicas, workersPerReplica };
    expect(databasePoolLimit(runtime)).toBe(pool);
    expect(buildLiteLlmConfig(input({ runtime })).general_settings.database_connection_pool_limit).toBe(pool);
  });

  it('is not set when the runtime uses no database', () => {
    const config = buildLiteLlmConfig(input({ runtime: { databaseMaxConnections: undefined } }));
    expect(config.general_settings.database_connection_pool_limit).toBeUndefined();
  });

  it('is a problem when fewer than two connections per worker fit', () => {
    const p = problem(input({ runtime: { databaseMaxConnections: 20, maxReplicas: 10, workersPerReplica: 1 } }), 'runtime');
    expect(p.message).toContain('leaves 1 database connection per worker for 10 workers');
    expect(p.message).toContain('floor(0.8 × max_connections / (maxReplicas × workersPerReplica))');
    expect(p.fix).toBe('lower maxReplicas or workersPerReplica, or use a database with max_connections of at least 25');
  });
});

describe('findCycles', () => {
  const graph = (edges: Record<string, string[]>) => new Map(Object.entries(edges));

  it('finds no cycle in a chain', () => {
    expect(findCycles(graph({ a: ['b'], b: ['c'] }))).toEqual([]);
  });

  it('finds a two-node cycle once, from its smallest node', () => {
    expect(findCycles(graph({ 'chat-eu': ['chat'], 'chat': ['chat-eu'] }))).toEqual([['chat', 'chat-eu', 'chat']]);
  });

  it('finds a self loop and a longer cycle', () => {
    expect(findCycles(graph({ a: ['a', 'b'], b: ['c'], c: ['a'] }))).toEqual([['a', 'a'], ['a', 'b', 'c', 'a']]);
  });
});

describe('checkLiteLlmInput', () => {
  it('accepts a valid input', () => {
    expect(checkLiteLlmInput(input({ fallbacks: [{ from: 'chat', to: ['chat-eu'], kind: 'general' }] }))).toEqual([]);
  });

  it('rejects an empty model list', () => {
    const p = problem(input({ models: [] }), 'models');
    expect(p.message).toContain('is empty');
    expect(p.fix).toContain('ModelDeployment');
  });

  it('rejects duplicate deployment ids', () => {
    const p = problem(input({ models: [entry('chat', 'same'), entry('chat-eu', 'same')] }), 'models[1].id');
    expect(p.message).toBe('duplicates the deployment id of models[0]');
    expect(p.fix).toContain('unique id');
  });

  it('rejects a fallback from an unknown alias', () => {
    const p = problem(input({ fallbacks: [{ from: 'chat-us', to: ['chat'], kind: 'general' }] }), 'fallbacks[0].from');
    expect(p.message).toBe('is not the alias of any configured model');
    expect(p.fix).toContain('use one of: chat, chat-eu');
  });

  it('rejects a fallback to an unknown alias', () => {
    const p = problem(input({ fallbacks: [{ from: 'chat', to: ['chat-eu', 'chat-us'], kind: 'general' }] }), 'fallbacks[0].to[1]');
    expect(p.received).toBe('"chat-us"');
    expect(p.fix).toContain('add the model before its fallback');
  });

  it('reports a fallback cycle with its path', () => {
    const i = input({ fallbacks: [{ from: 'chat', to: ['chat-eu'], kind: 'general' }, { from: 'chat-eu', to: ['chat'], kind: 'general' }] });
    const p = problem(i, 'fallbacks[0]');
    expect(p.message).toBe('forms a general fallback cycle: chat -> chat-eu -> chat');
    expect(p.fix).toContain('remove one edge of the cycle');
  });

  it('keeps fallback kinds apart (a context-window edge does not close a general cycle)', () => {
    const i = input({ fallbacks: [{ from: 'chat', to: ['chat-eu'], kind: 'general' }, { from: 'chat-eu', to: ['chat'], kind: 'context_window' }] });
    expect(checkLiteLlmInput(i)).toEqual([]);
  });

  it('rejects two rules for the same alias and kind', () => {
    const i = input({ fallbacks: [{ from: 'chat', to: ['chat-eu'], kind: 'content_policy' }, { from: 'chat', to: ['chat-eu'], kind: 'content_policy' }] });
    const p = problem(i, 'fallbacks[1].from');
    expect(p.message).toBe('already has content-policy fallbacks in fallbacks[0]');
    expect(p.fix).toContain('merge the two rules');
  });

  it('rejects an unknown default fallback', () => {
    const p = problem(input({ defaultFallbacks: ['chat-us'] }), 'defaultFallbacks[0]');
    expect(p.message).toBe('is not the alias of any configured model');
  });

  it('rejects a mirror target that is not an alias', () => {
    const p = problem(input({ models: [entry('chat', 'chat-a', { silent_model: 'nope' }), entry('chat-eu', 'chat-eu-a')] }), 'models[0].mirrorTo');
    expect(p.message).toBe('is not the alias of any configured model');
    expect(p.fix).toContain('use one of: chat, chat-eu');
  });

  it('explains that a mirror names an alias when given a deployment id', () => {
    const p = problem(input({ models: [entry('chat', 'chat-a', { silent_model: 'chat-eu-a' }), entry('chat-eu', 'chat-eu-a')] }), 'models[0].mirrorTo');
    expect(p.message).toContain("silent_model names a model group (alias), and this deployment belongs to 'chat-eu'");
    expect(p.fix).toBe("mirror to the alias 'chat-eu'");
  });

  it('rejects mirroring a deployment to its own group', () => {
    const p = problem(input({ models: [entry('chat', 'chat-a', { silent_model: 'chat' }), entry('chat-eu', 'chat-eu-a')] }), 'models[0].mirrorTo');
    expect(p.message).toContain('its own model group');
  });

  it('rejects duplicate guardrail names', () => {
    const p = problem(input({ guardrails: [guardrail('pii'), guardrail('pii')] }), 'guardrails[1].name');
    expect(p.message).toBe('duplicates the guardrail name of guardrails[0]');
    expect(p.fix).toContain('unique name');
  });

  it('rejects a second prompt-injection guardrail', () => {
    const p = problem(input({ promptInjection: 2 }), 'guardrails[11]');
    expect(p.message).toContain('second prompt-injection guardrail');
  });

  it('reports every problem at once', () => {
    const i = input({
      models: [entry('chat', 'same'), entry('chat-eu', 'same')],
      fallbacks: [{ from: 'nope', to: ['chat'], kind: 'general' }],
      runtime: { providesRedis: false },
    });
    expect(checkLiteLlmInput(i).map((p) => p.path)).toEqual(['models[1].id', 'fallbacks[0].from', 'runtime']);
  });
});

describe('buildLiteLlmConfig', () => {
  it('sets the production defaults', () => {
    const config = buildLiteLlmConfig(input());
    expect(config.litellm_settings).toMatchObject({
      callbacks: ['prometheus'],
      json_logs: true,
      redact_user_api_key_info: true,
      turn_off_message_logging: true,
      request_timeout: 120,
    });
    expect(config.router_settings).toMatchObject({
      routing_strategy: 'simple-shuffle',
      num_retries: 2,
      allowed_fails: 3,
      cooldown_time: 30,
      timeout: 120,
      stream_timeout: 120,
      max_fallbacks: 2,
      enable_pre_call_checks: true,
      retry_policy: { AuthenticationErrorRetries: 0, BadRequestErrorRetries: 0 },
    });
    expect(config.general_settings).toEqual({
      master_key: 'os.environ/LITELLM_MASTER_KEY',
      background_health_checks: false,
      database_connection_pool_limit: 20,
      proxy_batch_write_at: 60,
    });
  });

  it('has latency buckets with an exact 1.2 s bound for the SLI', () => {
    const buckets = buildLiteLlmConfig(input()).litellm_settings.prometheus_latency_buckets!;
    expect(buckets.filter((b) => b === 1.2)).toHaveLength(1);
    expect([...buckets]).toEqual([...buckets].sort((a, b) => a - b));
    expect(buckets).toEqual(PROMETHEUS_LATENCY_BUCKETS);
    expect(renderLiteLlmConfig(buildLiteLlmConfig(input()))).toMatch(/\n {4}- 1\.2\n/);
  });

  it('turns message logging on only when allowed', () => {
    expect(buildLiteLlmConfig(input({ allowMessageLogging: true })).litellm_settings.turn_off_message_logging).toBe(false);
  });

  it('opts into background health checks with an interval', () => {
    const settings = buildLiteLlmConfig(input({ backgroundHealthChecks: true })).general_settings;
    expect(settings).toMatchObject({ background_health_checks: true, health_check_interval: 300 });
  });

  it('adds the prompt-injection callback and its params', () => {
    const s = buildLiteLlmConfig(input({ promptInjection: 1 })).litellm_settings;
    expect(s.callbacks).toEqual(['prometheus', 'detect_prompt_injection']);
    expect(s.prompt_injection_params).toEqual({ heuristics_check: true });
  });

  it('writes each fallback kind to its own key, sorted by source alias', () => {
    const config = buildLiteLlmConfig(input({
      models: [entry('a', 'a1'), entry('b', 'b1'), entry('c', 'c1')],
      fallbacks: [
        { from: 'c', to: ['a'], kind: 'general' },
        { from: 'a', to: ['c', 'b'], kind: 'general' },
        { from: 'a', to: ['b'], kind: 'context_window' },
        { from: 'b', to: ['a'], kind: 'content_policy' },
      ],
      defaultFallbacks: ['a'],
    }));
    expect(config.router_settings.fallbacks).toEqual([{ a: ['c', 'b'] }, { c: ['a'] }]);
    expect(config.router_settings.context_window_fallbacks).toEqual([{ a: ['b'] }]);
    expect(config.router_settings.content_policy_fallbacks).toEqual([{ b: ['a'] }]);
    expect(config.router_settings.default_fallbacks).toEqual(['a']);
  });

  it('renders identical YAML for any order of models, fallbacks and guardrails', () => {
    const models = [entry('a', 'a2'), entry('b', 'b1'), entry('a', 'a1'), entry('c', 'c1')];
    const fallbacks: LiteLlmFallbackSpec[] = [
      { from: 'a', to: ['b', 'c'], kind: 'general' },
      { from: 'b', to: ['c'], kind: 'general' },
      { from: 'c', to: ['a'], kind: 'context_window' },
    ];
    const guardrails = [guardrail('x'), guardrail('y'), guardrail('z')];
    const reference = renderLiteLlmConfig(buildLiteLlmConfig(input({ models, fallbacks, guardrails })));
    expect(parse(reference).model_list.map((m: any) => m.model_info.id)).toEqual(['a1', 'a2', 'b1', 'c1']);
    fc.assert(
      fc.property(
        fc.shuffledSubarray(models, { minLength: models.length, maxLength: models.length }),
        fc.shuffledSubarray(fallbacks, { minLength: fallbacks.length, maxLength: fallbacks.length }),
        fc.shuffledSubarray(guardrails, { minLength: guardrails.length, maxLength: guardrails.length }),
        (m, f, g) => renderLiteLlmConfig(buildLiteLlmConfig(input({ models: m, fallbacks: f, guardrails: g }))) === reference,
      ),
    );
  });
});
