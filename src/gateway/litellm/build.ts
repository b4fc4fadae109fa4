import type {
  LiteLlmConfig,
  LiteLlmFallbackRule,
  LiteLlmGuardrail,
  LiteLlmModelListEntry,
  LiteLlmPromptInjectionParams,
  LiteLlmRouterSettings,
  LiteLlmRoutingStrategy,
  LiteLlmS3CallbackParams,
  LiteLlmSettings,
} from './config-model';
import { DATABASE_POOL, ENV, GENERAL_DEFAULTS, PROMETHEUS_LATENCY_BUCKETS, RETRY_POLICY_DEFAULTS } from './defaults';
import { type ValidationProblem, renderReceived } from '../../core/errors';
import { isUnresolvedNumber } from '../../core/tokens';

/**
 * Assembles a `LiteLlmConfig` from runtime-neutral parts and checks the rules that span several parts
 * (fallback graph, mirroring, Redis, connection pool). Pure: no cdktf.
 */

/** A value with the prop path it came from, so problems can name it. */
export interface Located<T> {
  readonly value: T;
  /** Prop path, e.g. `models[2]` or `fallbacks[0]`. */
  readonly path: string;
}

/** What the config needs to know about the runtime. */
export interface LiteLlmRuntimeFacts {
  readonly minReplicas: number;
  readonly maxReplicas: number;
  readonly workersPerReplica: number;
  readonly databaseMaxConnections: number | undefined;
  readonly providesRedis: boolean;
}

/** `general` (after retries fail), `context_window` (prompt too long), `content_policy` (provider refused). */
export type LiteLlmFallbackKind = 'general' | 'context_window' | 'content_policy';

export interface LiteLlmFallbackSpec {
  readonly from: string;
  /** Fallback groups in priority order. */
  readonly to: ReadonlyArray<string>;
  readonly kind: LiteLlmFallbackKind;
}

export interface LiteLlmRoutingSpec {
  readonly strategy: LiteLlmRoutingStrategy;
  readonly numRetries: number;
  readonly timeoutSeconds: number;
  readonly streamTimeoutSeconds: number;
  readonly allowedFails: number;
  readonly cooldownSeconds: number;
  readonly maxFallbacks: number;
}

export interface LiteLlmBuildInput {
  readonly models: ReadonlyArray<Located<LiteLlmModelListEntry>>;
  readonly fallbacks: ReadonlyArray<Located<LiteLlmFallbackSpec>>;
  /** Groups tried for any model group without fallbacks of its own. */
  readonly defaultFallbacks: Located<ReadonlyArray<string>>;
  readonly guardrails: ReadonlyArray<Located<LiteLlmGuardrail>>;
  /** Settings for the `detect_prompt_injection` callback, when enabled. */
  readonly promptInjection: ReadonlyArray<Located<LiteLlmPromptInjectionParams>>;
  readonly routing: LiteLlmRoutingSpec;
  readonly runtime: LiteLlmRuntimeFacts;
  readonly allowMessageLogging: boolean;
  readonly backgroundHealthChecks: boolean;
  readonly healthCheckIntervalSeconds: number;
  /**
   * Logging callbacks an observability stack attached: `otel` (traces; its environment is set by the
   * caller) and `s3` (the audit trail's `s3_callback_params`). @default - none
   */
  readonly logging?: { readonly otel?: boolean; readonly s3?: LiteLlmS3CallbackParams };
}

/** True when more than one process serves traffic, so limits, cooldowns and caches must be shared. */
export function requiresRedis(runtime: LiteLlmRuntimeFacts): boolean {
  return runtime.minReplicas > 1 || runtime.maxReplicas > 1 || runtime.workersPerReplica > 1;
}

/**
 * LiteLLM's per-worker Prisma pool (`database_connection_pool_limit`).
 *
 * Every worker of every replica holds its own pool, so at full scale the gateway opens
 * `pool × workersPerReplica × maxReplicas` connections. The pool is the largest value that keeps that
 * below 80 % of the database's `max_connections` (the rest is for migrations, admin sessions and
 * bootstrap jobs): `floor(0.8 × max_connections / (maxReplicas × workersPerReplica))`, capped at 50.
 * `undefined` when the runtime uses no database or its size is only known at apply time.
 */
export function databasePoolLimit(runtime: LiteLlmRuntimeFacts): number | undefined {
  const raw = rawPoolLimit(runtime);
  return raw === undefined ? undefined : Math.min(raw, DATABASE_POOL.maxPerWorker);
}

function rawPoolLimit(runtime: LiteLlmRuntimeFacts): number | undefined {
  const max = runtime.databaseMaxConnections;
  if (max === undefined || [max, runtime.maxReplicas, runtime.workersPerReplica].some(isUnresolvedNumber)) return undefined;
  const workers = Math.max(1, runtime.maxReplicas) * Math.max(1, runtime.workersPerReplica);
  return Math.floor((DATABASE_POOL.shareOfMaxConnections * max) / workers);
}

/**
 * Every cycle in a directed graph, each once, as a path that starts and ends at the same node
 * (rotated to start at its smallest node, e.g. `['chat', 'chat-eu', 'chat']`). Deterministic.
 */
export function findCycles(edges: ReadonlyMap<string, ReadonlyArray<string>>): string[][] {
  const found = new Map<string, string[]>();
  const nodes = [...edges.keys()].sort();
  // Reporting a handful of cycles is enough to fix a config; the cap bounds the search on dense graphs.
  const limit = 20;
  // Elementary cycles through `start` using only nodes >= start: each cycle is found exactly once,
  // from its smallest node. Fallback graphs are tiny, so the simple search is fine.
  for (const start of nodes) {
    const walk = (node: string, path: string[]): void => {
      for (const next of edges.get(node) ?? []) {
        if (found.size >= limit) return;
        if (next === start) {
          const cycle = [...path, start];
          found.set(cycle.join('\u0000'), cycle);
        } else if (next > start && !path.includes(next)) {
          walk(next, [...path, next]);
        }
      }
    };
    walk(start, [start]);
  }
  return [...found.keys()].sort().map((k) => found.get(k)!);
}

const KIND_LABEL: Record<LiteLlmFallbackKind, string> = {
  general: 'general',
  context_window: 'context-window',
  content_policy: 'content-policy',
};

/** Every problem that spans several parts of the gateway, all at once. */
export function checkLiteLlmInput(input: LiteLlmBuildInput): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  const add = (path: string, value: unknown, message: string, fix: string): void => {
    problems.push({ path, received: renderReceived(value), message, fix });
  };

  if (input.models.length === 0) {
    add('models', [], 'is empty: the gateway would serve no model', 'pass at least one ModelDeployment in models (or call addModel())');
  }

  const aliases = new Set(input.models.map((m) => m.value.model_name));
  const aliasList = [...aliases].sort().join(', ') || '(none)';
  const aliasOfId = new Map<string, string>();
  const firstPathOfId = new Map<string, string>();
  for (const m of input.models) {
    const id = m.value.model_info.id;
    const first = firstPathOfId.get(id);
    if (first !== undefined) {
      add(`${m.path}.id`, id, `duplicates the deployment id of ${first}`, 'give each deployment a unique id (or omit id to get a generated one)');
    } else {
      firstPathOfId.set(id, m.path);
      aliasOfId.set(id, m.value.model_name);
    }
  }

  for (const m of input.models) {
    const target = m.value.litellm_params.silent_model;
    if (target === undefined) continue;
    if (target === m.value.model_name) {
      add(`${m.path}.mirrorTo`, target, 'mirrors the deployment to its own model group', 'mirror to a different alias (the candidate model under evaluation)');
    } else if (!aliases.has(target)) {
      const owner = aliasOfId.get(target);
      add(
        `${m.path}.mirrorTo`,
        target,
        owner
          ? `is a deployment id; LiteLLM's silent_model names a model group (alias), and this deployment belongs to '${owner}'`
          : 'is not the alias of any configured model',
        owner ? `mirror to the alias '${owner}'` : `use one of: ${aliasList}, or add the shadow model first`,
      );
    }
  }

  const seenFrom = new Map<string, string>();
  const graphs = new Map<LiteLlmFallbackKind, Map<string, string[]>>();
  for (const f of input.fallbacks) {
    const { from, to, kind } = f.value;
    if (!aliases.has(from)) {
      add(`${f.path}.from`, from, 'is not the alias of any configured model', `use one of: ${aliasList} (add the model before its fallback)`);
    }
    to.forEach((target, i) => {
      if (!aliases.has(target)) add(`${f.path}.to[${i}]`, target, 'is not the alias of any configured model', `use one of: ${aliasList} (add the model before its fallback)`);
    });
    const key = `${kind}\u0000${from}`;
    const first = seenFrom.get(key);
    if (first !== undefined) {
      add(`${f.path}.from`, from, `already has ${KIND_LABEL[kind]} fallbacks in ${first}`, 'merge the two rules into one \'to\' list in priority order');
    } else {
      seenFrom.set(key, f.path);
    }
    const graph = graphs.get(kind) ?? new Map<string, string[]>();
    graphs.set(kind, graph);
    graph.set(from, [...(graph.get(from) ?? []), ...to]);
  }
  for (const [kind, graph] of [...graphs.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    for (const cycle of findCycles(graph)) {
      const path = input.fallbacks.find((f) => f.value.kind === kind && f.value.from === cycle[0])?.path ?? 'fallbacks';
      add(path, cycle.join(' -> '), `forms a ${KIND_LABEL[kind]} fallback cycle: ${cycle.join(' -> ')}`, 'remove one edge of the cycle so fallbacks always end at a model without further fallbacks');
    }
  }
  input.defaultFallbacks.value.forEach((target, i) => {
    if (!aliases.has(target)) add(`${input.defaultFallbacks.path}[${i}]`, target, 'is not the alias of any configured model', `use one of: ${aliasList}`);
  });

  const guardrailNames = new Map<string, string>();
  for (const g of input.guardrails) {
    const name = g.value.guardrail_name;
    const first = guardrailNames.get(name);
    if (first !== undefined) add(`${g.path}.name`, name, `duplicates the guardrail name of ${first}`, 'give each guardrail a unique name');
    else guardrailNames.set(name, g.path);
  }
  if (input.promptInjection.length > 1) {
    const [first, ...rest] = input.promptInjection;
    for (const p of rest) add(p.path, 'Guardrail.promptInjection', `is a second prompt-injection guardrail (the first is ${first.path}); LiteLLM runs one detect_prompt_injection callback`, 'keep one Guardrail.promptInjection() with the checks you need');
  }

  const rt = input.runtime;
  if (requiresRedis(rt) && !rt.providesRedis) {
    add(
      'runtime',
      `minReplicas ${rt.minReplicas}, maxReplicas ${rt.maxReplicas}, workersPerReplica ${rt.workersPerReplica}`,
      'runs more than one LiteLLM process but provides no Redis: rate limits, budgets, cooldowns and key revocations would be enforced per process',
      'enable Redis on the runtime, or run a single replica with a single worker (minReplicas 1, maxReplicas 1, workersPerReplica 1)',
    );
  }
  const raw = rawPoolLimit(rt);
  if (raw !== undefined && raw < DATABASE_POOL.minPerWorker) {
    const workers = Math.max(1, rt.maxReplicas) * Math.max(1, rt.workersPerReplica);
    const needed = Math.ceil((DATABASE_POOL.minPerWorker * workers) / DATABASE_POOL.shareOfMaxConnections);
    add(
      'runtime',
      `databaseMaxConnections ${rt.databaseMaxConnections}, maxReplicas ${rt.maxReplicas}, workersPerReplica ${rt.workersPerReplica}`,
      `leaves ${raw} database connection${raw === 1 ? '' : 's'} per worker for ${workers} workers (pool = floor(0.8 × max_connections / (maxReplicas × workersPerReplica)); at least ${DATABASE_POOL.minPerWorker} are needed)`,
      `lower maxReplicas or workersPerReplica, or use a database with max_connections of at least ${needed}`,
    );
  }
  return problems;
}

function byAliasThenId(a: LiteLlmModelListEntry, b: LiteLlmModelListEntry): number {
  const ka = [a.model_name, a.model_info.id];
  const kb = [b.model_name, b.model_info.id];
  return ka[0] < kb[0] ? -1 : ka[0] > kb[0] ? 1 : ka[1] < kb[1] ? -1 : ka[1] > kb[1] ? 1 : 0;
}

function fallbackRules(fallbacks: ReadonlyArray<LiteLlmFallbackSpec>, kind: LiteLlmFallbackKind): LiteLlmFallbackRule[] | undefined {
  const rules = fallbacks
    .filter((f) => f.kind === kind)
    .sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0))
    .map((f) => ({ [f.from]: [...f.to] }));
  return rules.length > 0 ? rules : undefined;
}

/**
 * The LiteLLM config for the input. Call `checkLiteLlmInput` first; this function does not re-check the
 * cross-part rules (the renderer still checks the shape against the strict schema).
 */
export function buildLiteLlmConfig(input: LiteLlmBuildInput): LiteLlmConfig {
  const redis = input.runtime.providesRedis || requiresRedis(input.runtime);
  const redisRef = {
    host: `os.environ/${ENV.REDIS_HOST}`,
    port: `os.environ/${ENV.REDIS_PORT}`,
    password: `os.environ/${ENV.REDIS_PASSWORD}`,
  };
  const promptInjection = input.promptInjection[0]?.value;

  const litellmSettings: LiteLlmSettings = {
    callbacks: [
      'prometheus',
      ...(input.logging?.otel ? ['otel' as const] : []),
      ...(input.logging?.s3 ? ['s3_v2' as const] : []),
      ...(promptInjection ? ['detect_prompt_injection' as const] : []),
    ],
    json_logs: true,
    prometheus_latency_buckets: [...PROMETHEUS_LATENCY_BUCKETS],
    // `redact_user_api_key_info` drops every `user_api_key_*` field (key alias, team) from what logging
    // callbacks receive (`litellm_core_utils/redact_messages.py`): the audit trail's "who", and the trace's
    // `metadata.user_api_key_alias` / `_team_alias` span attributes (`integrations/opentelemetry.py`
    // `set_attributes`). It stays on unless a callback that attributes calls (otel, s3_v2) runs; message
    // content stays off either way.
    redact_user_api_key_info: !(input.logging?.s3 || input.logging?.otel),
    ...(input.logging?.s3 ? { s3_callback_params: { ...input.logging.s3 } } : {}),
    request_timeout: input.routing.timeoutSeconds,
    turn_off_message_logging: !input.allowMessageLogging,
    // Router Redis alone leaves the proxy's own cache and coordination per process (AWS guidance #75:
    // "Redis deployed but unused"). `default_off` shares state without caching responses unasked.
    ...(redis ? { cache: true, cache_params: { type: 'redis' as const, ...redisRef, mode: 'default_off' as const } } : {}),
    ...(promptInjection ? { prompt_injection_params: promptInjection } : {}),
  };

  const specs = input.fallbacks.map((f) => f.value);
  const routerSettings: LiteLlmRouterSettings = {
    routing_strategy: input.routing.strategy,
    num_retries: input.routing.numRetries,
    retry_policy: { ...RETRY_POLICY_DEFAULTS },
    allowed_fails: input.routing.allowedFails,
    cooldown_time: input.routing.cooldownSeconds,
    timeout: input.routing.timeoutSeconds,
    stream_timeout: input.routing.streamTimeoutSeconds,
    max_fallbacks: input.routing.maxFallbacks,
    enable_pre_call_checks: true,
    ...(redis ? { redis_host: redisRef.host, redis_port: redisRef.port, redis_password: redisRef.password } : {}),
    ...withDefined('fallbacks', fallbackRules(specs, 'general')),
    ...withDefined('context_window_fallbacks', fallbackRules(specs, 'context_window')),
    ...withDefined('content_policy_fallbacks', fallbackRules(specs, 'content_policy')),
    ...(input.defaultFallbacks.value.length > 0 ? { default_fallbacks: [...input.defaultFallbacks.value] } : {}),
  };

  const pool = databasePoolLimit(input.runtime);
  const guardrails = input.guardrails
    .map((g) => g.value)
    .sort((a, b) => (a.guardrail_name < b.guardrail_name ? -1 : a.guardrail_name > b.guardrail_name ? 1 : 0));
  return {
    model_list: input.models.map((m) => m.value).sort(byAliasThenId),
    litellm_settings: litellmSettings,
    router_settings: routerSettings,
    general_settings: {
      master_key: `os.environ/${ENV.MASTER_KEY}`,
      background_health_checks: input.backgroundHealthChecks,
      ...(input.backgroundHealthChecks ? { health_check_interval: input.healthCheckIntervalSeconds } : {}),
      ...(pool !== undefined ? { database_connection_pool_limit: pool } : {}),
      proxy_batch_write_at: GENERAL_DEFAULTS.proxyBatchWriteAtSeconds,
    },
    ...(guardrails.length > 0 ? { guardrails } : {}),
    // The OpenTelemetry callback's own switch follows the gateway's decision on message logging.
    ...(input.logging?.otel ? { callback_settings: { otel: { message_logging: input.allowMessageLogging } } } : {}),
  };
}

function withDefined<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, V>);
}
