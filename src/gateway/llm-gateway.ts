import { Construct } from 'constructs';
import { z } from 'zod';
import { type OwnershipTags, ProblemCollector, SecretRef, ValidationError, type ValidationProblem, describeProblem } from '../core';
import { Guardrail, GuardrailKind } from './guardrail';
import {
  type LiteLlmBuildInput,
  type LiteLlmS3CallbackParams,
  type LiteLlmFallbackKind,
  type Located,
  BASE_ENVIRONMENT,
  COMPROMISED_LITELLM_VERSIONS,
  DEFAULT_LITELLM_IMAGE,
  FLOATING_IMAGE_TAGS,
  GENERAL_DEFAULTS,
  LITELLM_PORT,
  RESERVED_ENVIRONMENT,
  ROUTING_DEFAULTS,
  buildLiteLlmConfig,
  checkLiteLlmInput,
  configHash,
  renderLiteLlmConfig,
} from './litellm';
import { AUDIT_HMAC_ENV, AUDIT_S3_ENV, type IGatewayObserver, LoggingCallback } from './logging-callback';
import { ModelDeployment } from './model-deployment';
import { GatewayPeer } from './peer';
import { type PolicyGuardrail, PROMPT_INJECTION_CALLBACK, governedGuardrail, policyGuardrail } from './policy-guardrails';
import { GatewayRuntime } from './runtime';
import type { GatewayCloudAccess, GatewayManagement, GatewayRuntimeBinding, GatewayRuntimeContext, GatewaySidecar } from './runtime-contract';
import { schemaFor, tokenOr, validateProps, withFix } from '../core/validation';
// Types only (erased at compile time): the policy engine finds gateways by duck typing, so the gateway never loads
// the policy module; importing the contract's types lets the compiler hold the two together.
import type { GatewayGovernanceFacts, GovernedFallback, IGovernedConstruct } from '../policy/governance-facts';
import type { IPolicyGuardrailConsumer, PolicyGuardrailEntry } from '../policy/guardrails';

/** Which failure a fallback handles. */
export enum FallbackKind {
  /** Any error left after retries (`fallbacks`). */
  GENERAL = 'general',
  /** The prompt does not fit the model's context window (`context_window_fallbacks`). */
  CONTEXT_WINDOW = 'context_window',
  /** The provider refused the content (`content_policy_fallbacks`). */
  CONTENT_POLICY = 'content_policy',
}

/** How LiteLLM picks a deployment inside a model group (`router_settings.routing_strategy`). */
export enum RoutingStrategy {
  /** Weighted random pick; LiteLLM's recommended strategy for throughput. */
  SIMPLE_SHUFFLE = 'simple-shuffle',
  LEAST_BUSY = 'least-busy',
  USAGE_BASED = 'usage-based-routing',
  USAGE_BASED_V2 = 'usage-based-routing-v2',
  LATENCY_BASED = 'latency-based-routing',
}

/** A fallback rule: when `from` fails (in the way `kind` says), try `to` in order. */
export interface ModelFallback {
  /** Alias whose failures are handled. */
  readonly from: string;
  /** Aliases to try, in priority order. */
  readonly to: ReadonlyArray<string>;
  /** Which failure. @default FallbackKind.GENERAL */
  readonly kind?: FallbackKind;
}

/** Router behaviour. */
export interface GatewayRoutingOptions {
  /** @default RoutingStrategy.SIMPLE_SHUFFLE */
  readonly strategy?: RoutingStrategy;
  /** Retries of a failed request inside its model group, 0-5. @default 2 */
  readonly numRetries?: number;
  /** Per-call timeout. Keep it below the load balancer's idle timeout. @default 120 */
  readonly timeoutSeconds?: number;
  /** Per-call timeout for streaming calls. @default 120 */
  readonly streamTimeoutSeconds?: number;
  /** Failures per minute before a deployment is cooled down. @default 3 */
  readonly allowedFails?: number;
  /** How long a failing deployment is taken out of rotation. @default 30 */
  readonly cooldownSeconds?: number;
  /** Fallback hops tried for one request, 0-5. @default 2 */
  readonly maxFallbacks?: number;
}

/** Props of `LlmGateway`. */
export interface LlmGatewayProps {
  /** Where the gateway runs: `GatewayRuntime.ecsFargate({...})`, `.cloudRun({...})` or `.kubernetes({...})`. */
  readonly runtime: GatewayRuntime;
  /** Model deployments behind their aliases (more can be added with `addModel`). */
  readonly models: ReadonlyArray<ModelDeployment>;
  /** Fallback rules (more with `addFallback`). @default [] */
  readonly fallbacks?: ReadonlyArray<ModelFallback>;
  /** Aliases tried for any model group without fallbacks of its own (`default_fallbacks`). @default [] */
  readonly defaultFallbacks?: ReadonlyArray<string>;
  /** Router behaviour. @default - see `GatewayRoutingOptions` */
  readonly routing?: GatewayRoutingOptions;
  /** Guardrails (more with `addGuardrail`). @default [] */
  readonly guardrails?: ReadonlyArray<Guardrail>;
  /**
   * LiteLLM image, pinned by version tag or (better) digest. Floating tags (`latest`, `main`, ...), untagged
   * images and the compromised LiteLLM 1.82.7 / 1.82.8 are rejected.
   * @default DEFAULT_LITELLM_IMAGE
   */
  readonly image?: string;
  /**
   * Let logging callbacks see prompts and responses (`turn_off_message_logging: false`). This is the only way
   * to turn message logging on, so it is also the explicit, reviewable decision the policy bundle's LLM-GOV-3
   * looks for (`governanceFacts().messageLoggingAllowed`).
   * @default false
   */
  readonly allowMessageLogging?: boolean;
  /** Background model health checks. They call every model, which costs money. @default false */
  readonly backgroundHealthChecks?: boolean;
  /** Interval of background health checks. @default 300 */
  readonly healthCheckIntervalSeconds?: number;
  /** Publish each model's governance facts in `model_info.platform_governance` (visible in `/model/info`). @default true */
  readonly emitGovernanceMetadata?: boolean;
  /**
   * Serve LiteLLM's admin UI (`/ui`, on the admin entry point only). Off by default: `DISABLE_ADMIN_UI=True`.
   * @default false
   */
  readonly adminUi?: boolean;
  /** Readable base for resource names (lowercase letters, digits, -; at most 32). @default - the construct id */
  readonly name?: string;
  /**
   * Ownership tags/labels for the runtime's resources. `environment` is also reported to the policy bundle
   * (`governanceFacts().environment`), where it decides which production-only rules apply.
   * @default {}
   */
  readonly tags?: OwnershipTags;
  /**
   * Observes the gateway: an `ObservabilityStack` (metrics, traces, dashboards, alerts, audit trail).
   * Same as calling `observability.watch(gateway)` after construction.
   * @default - none
   */
  readonly observability?: IGatewayObserver;
}

/** Network access to the gateway. */
export interface GatewayConnections {
  /**
   * Lets a caller reach the gateway's inference routes (`INFERENCE_ROUTES`: chat/completions, embeddings, ...);
   * a ValidationError for a peer kind the runtime does not support.
   */
  allowFrom(peer: GatewayPeer): void;
  /**
   * Lets an operations peer reach the admin entry point (`adminEndpoint`: every LiteLLM route, including
   * `/key/*`, `/team/*`, `/model/*`, `/spend/*`), e.g. the tenancy reconciler's function or Job. Callers granted
   * with `allowFrom` never reach those routes. A ValidationError for a peer kind the runtime does not support.
   */
  allowAdminFrom(peer: GatewayPeer): void;
  /**
   * Lets a metrics scraper outside the gateway's pods (a cluster's Prometheus) reach LiteLLM's `/metrics/` and
   * nothing else (Kubernetes: the edge's metrics-only port). A ValidationError on runtimes that scrape from a
   * sidecar instead (ECS, Cloud Run) and for peer kinds the runtime does not support.
   */
  allowMetricsFrom(peer: GatewayPeer): void;
}

const ALIAS_REF = z.string().min(1).max(64);
const ENV_NAME = /^[A-Z_][A-Z0-9_]*$/;
const COMPROMISED = new RegExp(`(^|[^0-9.])(${COMPROMISED_LITELLM_VERSIONS.map((v) => v.replace(/\./g, '\\.')).join('|')})([^0-9]|$)`);

/** Why an image reference is not safely pinned, or `undefined` when it is. */
export function imagePinProblem(image: string): { message: string; fix: string } | undefined {
  const [ref, digest] = image.split('@');
  if (digest !== undefined && !/^sha256:[a-f0-9]{64}$/.test(digest)) {
    return { message: 'has a malformed digest', fix: 'use name:tag@sha256:<64 hex digits>' };
  }
  const lastSegment = ref.slice(ref.lastIndexOf('/') + 1);
  const colon = lastSegment.indexOf(':');
  const tag = colon === -1 ? undefined : lastSegment.slice(colon + 1);
  if (tag !== undefined && COMPROMISED.test(tag)) {
    return {
      message: `is LiteLLM ${COMPROMISED_LITELLM_VERSIONS.join(' or ')}, a compromised release (BerriAI/litellm#24512)`,
      fix: `pin a later stable release, e.g. ${DEFAULT_LITELLM_IMAGE}`,
    };
  }
  if (digest !== undefined) return undefined;
  if (tag === undefined || tag === '') return { message: 'is not pinned (no tag or digest)', fix: 'pin a released version tag, or better a digest: name:tag@sha256:<digest>' };
  if (FLOATING_IMAGE_TAGS.includes(tag)) return { message: `uses the floating tag '${tag}'`, fix: 'pin a released version tag, or better a digest: name:tag@sha256:<digest>' };
  return undefined;
}

const pinnedImage = tokenOr(z.string().regex(/^\S+$/, withFix('is not an image reference', 'pass e.g. ghcr.io/berriai/litellm:<tag>@sha256:<digest>')).superRefine((image, ctx) => {
  const problem = imagePinProblem(image);
  if (problem) ctx.addIssue({ code: 'custom', message: withFix(problem.message, problem.fix), input: image });
}));

const fallbackSchema = schemaFor<ModelFallback>()(z.strictObject({
  from: ALIAS_REF,
  to: z.array(ALIAS_REF).min(1, withFix('lists no fallback', 'list at least one alias to fall back to')),
  kind: z.enum(FallbackKind).optional(),
}));

const routingSchema = schemaFor<GatewayRoutingOptions>()(z.strictObject({
  strategy: z.enum(RoutingStrategy).optional(),
  numRetries: z.number().int().min(0).max(ROUTING_DEFAULTS.maxRetriesBound, withFix(`is more than ${ROUTING_DEFAULTS.maxRetriesBound}`, 'use at most 5 retries; add fallbacks for resilience instead')).optional(),
  timeoutSeconds: z.number().positive().max(3600).optional(),
  streamTimeoutSeconds: z.number().positive().max(3600).optional(),
  allowedFails: z.number().int().min(0).max(10_000).optional(),
  cooldownSeconds: z.number().min(0).max(3600).optional(),
  maxFallbacks: z.number().int().min(0).max(ROUTING_DEFAULTS.maxRetriesBound, withFix(`is more than ${ROUTING_DEFAULTS.maxRetriesBound}`, 'use at most 5 fallback hops')).optional(),
}));

const tagsSchema = schemaFor<OwnershipTags>()(z.strictObject({
  team: z.string().optional(),
  environment: z.string().optional(),
  costCenter: z.string().optional(),
  extra: z.record(z.string(), z.string()).optional(),
}));

const runtimeSchema = z.custom<GatewayRuntime>((v) => v instanceof GatewayRuntime, {
  message: withFix('is not a GatewayRuntime', 'create it with a GatewayRuntime static factory, e.g. GatewayRuntime.ecsFargate({...})'),
});
const modelSchema = z.custom<ModelDeployment>((v) => v instanceof ModelDeployment, {
  message: withFix('is not a ModelDeployment', 'create it with a ModelDeployment static factory, e.g. ModelDeployment.bedrock({...})'),
});
const guardrailInstance = z.custom<Guardrail>((v) => v instanceof Guardrail, {
  message: withFix('is not a Guardrail', 'create it with a Guardrail static factory, e.g. Guardrail.litellmPii()'),
});

const propsSchema = schemaFor<LlmGatewayProps>()(z.strictObject({
  runtime: runtimeSchema,
  models: z.array(modelSchema),
  fallbacks: z.array(fallbackSchema).optional(),
  defaultFallbacks: z.array(ALIAS_REF).optional(),
  routing: routingSchema.optional(),
  guardrails: z.array(guardrailInstance).optional(),
  image: pinnedImage.optional(),
  allowMessageLogging: z.boolean().optional(),
  adminUi: z.boolean().optional(),
  backgroundHealthChecks: z.boolean().optional(),
  healthCheckIntervalSeconds: z.number().int().min(30).max(86_400).optional(),
  emitGovernanceMetadata: z.boolean().optional(),
  name: z.string().regex(/^[a-z]([a-z0-9-]{0,30}[a-z0-9])?$/, withFix('is not a valid name', 'use 1-32 lowercase letters, digits and -, starting with a letter')).optional(),
  tags: tagsSchema.optional(),
  observability: z.custom<IGatewayObserver>((v) => typeof (v as { watch?: unknown } | undefined)?.watch === 'function', {
    message: withFix('is not an observer', 'pass an ObservabilityStack (or anything with a watch(gateway) method)'),
  }).optional(),
}));

// SecretRef's constructor is private, so `instanceOf` (which wants a public constructor type) does not apply.
/** The props the cross-part rules read. */
// Not `propsSchema.pick(...)`: a pick of a strict object stays strict, fails on every other prop, and would skip
// the cross-part rules whenever `name`, `tags`, `image` or `routing` is set.
const crossCheckedParts = z.looseObject({
  runtime: runtimeSchema,
  models: z.array(modelSchema),
  fallbacks: z.array(fallbackSchema).optional(),
  defaultFallbacks: z.array(ALIAS_REF).optional(),
  guardrails: z.array(guardrailInstance).optional(),
});

const secretRefSchema = z.custom<SecretRef>((v) => v instanceof SecretRef, {
  message: withFix('is not a SecretRef', 'pass SecretRef.awsSecretsManager(arn), SecretRef.gcpSecretManager(id) or SecretRef.kubernetes(name, key)'),
});

/** A record keyed by environment variable names (keys checked in a refinement so the message survives). */
function envRecord<V extends z.ZodType>(value: V) {
  return z.record(z.string(), value).superRefine((record, ctx) => {
    for (const key of Object.keys(record)) {
      if (!ENV_NAME.test(key)) ctx.addIssue({ code: 'custom', path: [key], input: key, message: withFix('is not a valid environment variable name', 'use upper-case letters, digits and _, not starting with a digit') });
    }
  });
}

const sidecarSchema = schemaFor<GatewaySidecar>()(z.strictObject({
  name: z.string().regex(/^[a-z]([a-z0-9-]{0,61}[a-z0-9])?$/, withFix('is not a valid container name', 'use 1-63 lowercase letters, digits and -, starting with a letter')),
  image: pinnedImage,
  environment: envRecord(z.string()).optional(),
  secrets: envRecord(secretRefSchema).optional(),
  ports: z.array(z.number().int().min(1).max(65_535)).optional(),
  command: z.array(z.string()).optional(),
  essential: z.boolean().optional(),
  cpu: z.number().int().positive().optional(),
  memoryMiB: z.number().int().positive().optional(),
  startBeforeGateway: z.boolean().optional(),
  healthCheck: z.strictObject({
    path: z.string().regex(/^\/\S*$/, withFix('is not an absolute path', "pass a path such as '/'")),
    port: z.number().int().min(1).max(65_535),
    command: z.array(z.string().min(1, withFix('must not be empty', 'pass the executable and its arguments'))).min(1, withFix('must not be empty', "pass the executable and its arguments, e.g. ['/healthcheck']")).optional(),
  }).optional(),
}));

/** Container names the runtimes use for LiteLLM itself. */
const RESERVED_SIDECAR_NAMES = ['litellm', 'gateway', 'migrations'];

/**
 * A private, production-configured LiteLLM gateway on the runtime of your choice.
 *
 * ```ts
 * const gateway = new LlmGateway(stack, 'gateway', {
 *   runtime: GatewayRuntime.ecsFargate({ vpcId, privateSubnetIds, certificateArn }),
 *   models: [ModelDeployment.bedrock({ alias: 'chat', modelId: '...', region: 'eu-central-1' })],
 *   fallbacks: [{ from: 'chat', to: ['chat-eu'] }],
 * });
 * gateway.connections.allowFrom(GatewayPeer.securityGroup(appSg.id));
 * ```
 *
 * **Contract with runtimes.** The gateway calls `runtime._impl.bind(context)` once, from its constructor.
 * Every function on the `GatewayRuntimeContext` is evaluated when called, so a runtime must call them
 * lazily at synth (e.g. inside `Lazy.stringValue`) for `add*` calls made after construction to appear.
 * The gateway supplies: the rendered `config.yaml` and its sha256 (`configHash()`; the runtime sets it as
 * `LITELLM_CONFIG_SHA256` so a config change rolls the service), the plain environment (`LITELLM_MODE=PRODUCTION`,
 * `LITELLM_LOG=ERROR`, `NUM_WORKERS`, `DISABLE_SCHEMA_UPDATE=true`, `PROMETHEUS_MULTIPROC_DIR=/tmp/prometheus_multiproc`,
 * plus `addEnvironment` values), the secret environment (one `<PROVIDER>_API_KEY_<DEPLOYMENT_ID>` per
 * key-based deployment, plus `addSecretEnvironment` values), the cloud permissions the models need, and sidecars.
 * The runtime itself supplies, and must not take from the gateway: `LITELLM_MASTER_KEY`; `LITELLM_SALT_KEY`
 * (generated once, never rotated: it encrypts credentials in the database); the database environment
 * (`DATABASE_URL`, or `IAM_TOKEN_DB_AUTH` with `DATABASE_HOST`/`PORT`/`USER`/`NAME`); when `providesRedis`,
 * `REDIS_HOST`, `REDIS_PORT`, `REDIS_PASSWORD` and `REDIS_SSL`; a writable `PROMETHEUS_MULTIPROC_DIR`; and a
 * one-off migration job that gates the service. It sizes its load balancer's idle timeout above the routing timeout.
 *
 * **Policy.** A `PolicyBundle` governing the gateway's stack finds it by duck typing: it reads
 * `governanceFacts()` (models, fallbacks, message logging, guardrails, environment) and, during synthesis, hands
 * it runtime guardrails through `addPolicyGuardrails()` (by default PII masking and prompt-injection detection).
 * Those are rendered like guardrails passed in `guardrails`, which is why runtimes must read the config lazily.
 */
export class LlmGateway extends Construct implements IGovernedConstruct, IPolicyGuardrailConsumer {
  /** Base URL callers use (may be a token). */
  public readonly endpoint: string;
  /**
   * Base URL of the admin entry point for peers granted with `connections.allowAdminFrom` (may be a token);
   * `undefined` for a custom runtime without one.
   */
  public readonly adminEndpoint: string | undefined;
  /** Network access to the gateway. */
  public readonly connections: GatewayConnections;
  /** The LiteLLM image the runtime runs. */
  public readonly image: string;
  /** The runtime the gateway runs on. */
  public readonly runtime: GatewayRuntime;
  /** Readable base of the gateway's resource names (`name`, or derived from the construct id). */
  public readonly gatewayName: string;

  private readonly _models: ModelDeployment[] = [];
  private readonly _fallbacks: ModelFallback[] = [];
  private readonly _defaultFallbacks: ReadonlyArray<string>;
  private readonly _guardrails: Guardrail[] = [];
  /** Guardrails a policy bundle contributed, by `guardrailName`. */
  private readonly _policyGuardrails = new Map<string, PolicyGuardrail>();
  private readonly _sidecars: GatewaySidecar[] = [];
  private readonly _loggingCallbacks: LoggingCallback[] = [];
  private readonly _environment: Record<string, string> = {};
  private readonly _secretEnvironment: Record<string, SecretRef> = {};
  private readonly routing: LiteLlmBuildInput['routing'];
  private readonly allowMessageLogging: boolean;
  private readonly adminUi: boolean;
  private readonly backgroundHealthChecks: boolean;
  private readonly healthCheckIntervalSeconds: number;
  private readonly emitGovernance: boolean;
  private readonly tags: OwnershipTags;
  private readonly binding: GatewayRuntimeBinding;
  private rendered?: { readonly version: number; readonly yaml: string };
  private version = 0;

  constructor(scope: Construct, id: string, props: LlmGatewayProps) {
    super(scope, id);

    // Cross-part rules and the runtime's own checks join the props problems in one error.
    // They are checked whenever the parts they read are well-formed, even if other props are not.
    const extra = new ProblemCollector();
    if (props?.runtime instanceof GatewayRuntime) extra.addAll(runtimeProblems(props.runtime));
    if (crossCheckedParts.safeParse(props).success) {
      extra.addAll(checkLiteLlmInput(this.buildInput({
        models: props.models,
        fallbacks: props.fallbacks ?? [],
        defaultFallbacks: props.defaultFallbacks ?? [],
        guardrails: props.guardrails ?? [],
        runtime: props.runtime,
        routing: resolveRouting(routingSchema.safeParse(props.routing).success ? props.routing : undefined),
      })));
    }
    const p = validateProps(this, propsSchema, props, extra);

    this.runtime = p.runtime;
    this.image = p.image ?? DEFAULT_LITELLM_IMAGE;
    this._models.push(...p.models);
    this._fallbacks.push(...(p.fallbacks ?? []));
    this._defaultFallbacks = [...(p.defaultFallbacks ?? [])];
    this._guardrails.push(...(p.guardrails ?? []));
    this.routing = resolveRouting(p.routing);
    this.allowMessageLogging = p.allowMessageLogging ?? false;
    this.adminUi = p.adminUi ?? false;
    this.backgroundHealthChecks = p.backgroundHealthChecks ?? false;
    this.healthCheckIntervalSeconds = p.healthCheckIntervalSeconds ?? GENERAL_DEFAULTS.healthCheckIntervalSeconds;
    this.emitGovernance = p.emitGovernanceMetadata ?? true;
    this.tags = p.tags ?? {};

    this.gatewayName = p.name ?? baseNameOf(id);
    const context: GatewayRuntimeContext = {
      scope: this,
      baseName: this.gatewayName,
      image: this.image,
      containerPort: LITELLM_PORT,
      renderConfig: () => this.renderConfig(),
      configHash: () => configHash(this.renderConfig()),
      environment: () => this.environment(),
      secretEnvironment: () => this.secretEnvironment(),
      cloudAccess: () => this.cloudAccess(),
      sidecars: () => [...this._sidecars],
      tags: p.tags ?? {},
      allowMessageLogging: this.allowMessageLogging,
    };
    this.binding = this.runtime._impl.bind(context);
    this.endpoint = this.binding.endpoint;
    this.adminEndpoint = this.binding.adminEndpoint;
    const binding = this.binding;
    this.connections = {
      allowFrom: (peer: GatewayPeer) => binding.allowFrom(peer),
      allowAdminFrom: (peer: GatewayPeer) => {
        if (binding.allowAdminFrom) return binding.allowAdminFrom(peer);
        return this.fail('connections.allowAdminFrom(peer)', String(peer), `is not supported by the ${this.runtime.kind} runtime, which has no separate admin entry point`, 'use a runtime with one (ECS Fargate, Cloud Run, Kubernetes), or implement allowAdminFrom and adminEndpoint in your runtime binding');
      },
      allowMetricsFrom: (peer: GatewayPeer) => {
        if (binding.allowMetricsFrom) return binding.allowMetricsFrom(peer);
        return this.fail('connections.allowMetricsFrom(peer)', String(peer), `is not supported by the ${this.runtime.kind} runtime, which has no metrics-only listener (its metrics are scraped by a sidecar on localhost)`, 'scrape with the runtime\'s collector sidecar (ObservabilityStack does), or implement allowMetricsFrom in your runtime binding');
      },
    };

    this.node.addValidation({
      validate: () => this.currentProblems().map(describeProblem),
    });
    // Last: the observer reads the finished gateway (name, runtime, message-logging decision).
    p.observability?.watch(this);
  }

  /** Whether logging callbacks may see prompts and responses (`allowMessageLogging`). */
  public get messageLoggingAllowed(): boolean {
    return this.allowMessageLogging;
  }

  /** The logging callbacks added with `addLoggingCallback`, in order. */
  public get loggingCallbacks(): ReadonlyArray<LoggingCallback> {
    return [...this._loggingCallbacks];
  }

  /**
   * Adds a LiteLLM logging callback (`LoggingCallback.openTelemetry(...)`, `LoggingCallback.s3Audit(...)`):
   * its `litellm_settings.callbacks` entry, settings and environment. One of each kind per gateway. An
   * `ObservabilityStack` calls this when it watches the gateway.
   */
  public addLoggingCallback(callback: LoggingCallback): void {
    const path = `loggingCallbacks[${this._loggingCallbacks.length}]`;
    if (!(callback instanceof LoggingCallback)) this.fail(path, callback, 'is not a LoggingCallback', 'create it with LoggingCallback.openTelemetry({...}) or LoggingCallback.s3Audit({...})');
    if (this._loggingCallbacks.some((c) => c.callbackName === callback.callbackName)) {
      this.fail(path, callback.callbackName, 'is already configured (LiteLLM runs one instance of each logging callback)', 'add each kind of logging callback once');
    }
    const spec = callback._spec;
    if (spec.kind === 'otel') {
      // OpenTelemetryConfig.from_env (litellm/integrations/opentelemetry.py): exporter, endpoint, resource.
      this.addEnvironment('OTEL_EXPORTER', 'otlp_http');
      this.addEnvironment('OTEL_ENDPOINT', spec.endpoint);
      this.addEnvironment('OTEL_SERVICE_NAME', spec.serviceName);
      this.addEnvironment('OTEL_ENVIRONMENT_NAME', spec.environment);
    } else {
      // Bucket and region travel as environment (`os.environ/` refs, resolved by `_init_s3_params`): they are
      // often known only at apply time, and the rendered config (and its hash) must hold no tokens.
      this.addEnvironment(AUDIT_S3_ENV.BUCKET, spec.bucketName);
      this.addEnvironment(AUDIT_S3_ENV.REGION, spec.region);
      if (spec.accessKeyId) this.addSecretEnvironment(AUDIT_HMAC_ENV.ACCESS_KEY_ID, spec.accessKeyId);
      if (spec.secretAccessKey) this.addSecretEnvironment(AUDIT_HMAC_ENV.SECRET_ACCESS_KEY, spec.secretAccessKey);
    }
    this._loggingCallbacks.push(callback);
    this.changed();
  }

  /** The model deployments, in the order they were given (for the policy bundle and reports). */
  public get models(): ReadonlyArray<ModelDeployment> {
    return [...this._models];
  }

  /** The guardrails given in props or with `addGuardrail`, in that order (without those a policy bundle contributed). */
  public get guardrails(): ReadonlyArray<Guardrail> {
    return [...this._guardrails];
  }

  /**
   * Guardrails a policy bundle contributed that the gateway renders, sorted by name: those shadowed by a
   * guardrail of your own (see `addPolicyGuardrails`) are left out.
   */
  public get policyGuardrails(): ReadonlyArray<Guardrail> {
    return this.activePolicyGuardrails(this._guardrails).map((g) => g.guardrail);
  }

  /** The fallback rules, in the order they were given. */
  public get fallbacks(): ReadonlyArray<ModelFallback> {
    return [...this._fallbacks];
  }

  /**
   * Admin API access for management jobs (the tenancy reconciler, secret rotation): admin URL, master key
   * reference and where the gateway runs. `undefined` for a custom runtime that offers none.
   */
  public get management(): GatewayManagement | undefined {
    return this.binding.management;
  }

  /** Ownership tags/labels given in `tags` (team, environment, cost center). */
  public get ownershipTags(): OwnershipTags {
    return { ...this.tags };
  }

  /**
   * Lets a Google service account call the gateway (Cloud Run: `roles/run.invoker` on the service).
   * Shorthand for `connections.allowFrom(GatewayPeer.gcpPrincipal('serviceAccount:<email>'))`. The caller then
   * sends its Google ID token (audience: the service URL) in `X-Serverless-Authorization` and its LiteLLM key in
   * `Authorization: Bearer sk-...`: Cloud Run checks the first and passes the second to LiteLLM (README, Cloud Run).
   */
  public grantInvoke(serviceAccountEmail: string): void {
    this.connections.allowFrom(GatewayPeer.gcpPrincipal(`serviceAccount:${serviceAccountEmail}`));
  }

  /** Adds a model deployment. */
  public addModel(model: ModelDeployment): void {
    if (!(model instanceof ModelDeployment)) this.fail(`models[${this._models.length}]`, model, 'is not a ModelDeployment', 'create it with a ModelDeployment static factory');
    this.checkChange({ models: [...this._models, model] });
    this._models.push(model);
    this.changed();
  }

  /** Adds a fallback rule; its aliases must already be configured. */
  public addFallback(fallback: ModelFallback): void {
    const path = `fallbacks[${this._fallbacks.length}]`;
    const result = fallbackSchema.safeParse(fallback);
    if (!result.success) validateProps(this, z.strictObject({ [path]: fallbackSchema }), { [path]: fallback });
    this.checkChange({ fallbacks: [...this._fallbacks, fallback] });
    this._fallbacks.push(fallback);
    this.changed();
  }

  /** Adds a guardrail. */
  public addGuardrail(guardrail: Guardrail): void {
    if (!(guardrail instanceof Guardrail)) this.fail(`guardrails[${this._guardrails.length}]`, guardrail, 'is not a Guardrail', 'create it with a Guardrail static factory');
    this.checkChange({ guardrails: [...this._guardrails, guardrail] });
    this._guardrails.push(guardrail);
    this.changed();
  }

  /**
   * Runtime guardrails contributed by a policy bundle (`IPolicyGuardrailConsumer`). The bundle calls this
   * once per gateway during synthesis; the config, its hash and the governance facts include the entries
   * because they are computed when read.
   *
   * Entries are rendered with the `Guardrail` factories: `guardrail` entries (`litellm_content_filter`, `litellm_pii` (rendered as the content filter), `presidio`,
   * `bedrock`) become `guardrails[]` entries, the `detect_prompt_injection` callback becomes
   * `Guardrail.promptInjection()` (`litellm_settings.callbacks` and `prompt_injection_params`). An entry the
   * gateway cannot render (another guardrail type or callback, an unknown parameter, invalid values) is a
   * ValidationError naming the gateway: a control the policy asked for is never dropped silently.
   *
   * De-duplication, by `guardrailName`: an entry replaces an earlier entry with the same name (so calling this
   * again changes nothing), and **a guardrail of your own with the same name wins** over the policy's. The
   * prompt-injection callback exists once per gateway, so your own `Guardrail.promptInjection()` (whatever its
   * name) wins over the policy's `detect_prompt_injection` too. Shadowed entries are not rendered and not
   * reported in `governanceFacts()`; your guardrail is reported instead.
   */
  public addPolicyGuardrails(entries: ReadonlyArray<PolicyGuardrailEntry>): void {
    const problems: ValidationProblem[] = [];
    const accepted: PolicyGuardrail[] = [];
    if (!Array.isArray(entries)) {
      problems.push({ path: 'policyGuardrails', received: String(entries), message: 'is not a list of policy guardrail entries', fix: 'pass PolicyGuardrailEntry[]' });
    } else {
      entries.forEach((entry, i) => {
        const result = policyGuardrail(entry, `policyGuardrails[${i}]`);
        problems.push(...result.problems);
        if (result.guardrail) accepted.push(result.guardrail);
      });
    }
    if (problems.length > 0) throw new ValidationError(this, problems);
    for (const g of accepted) this._policyGuardrails.set(g.entry.guardrailName, g);
    this.changed();
  }

  /**
   * What the gateway tells the policy bundle about itself (`IGovernedConstruct`), computed when called:
   *
   * - `models`: one entry per deployment; `provider` and `modelId` split the LiteLLM model string
   *   (`bedrock/anthropic.claude-...` → `bedrock`, `anthropic.claude-...`), so `provider/modelId` in a model
   *   allow-list is exactly the `litellm_params.model` the gateway renders.
   * - `fallbacks`: every fallback rule with its kind; `defaultFallbacks` appear as `general` fallbacks of each
   *   alias that has no general fallback of its own (that is when LiteLLM uses them).
   * - `messageLogging` and `messageLoggingAllowed`: both `allowMessageLogging`; logging cannot be on without it.
   * - `guardrails`: your guardrails and the policy's that are rendered. Purpose: `litellm_content_filter` and `presidio`
   *   are `pii`, prompt-injection detection is `prompt-injection`, `bedrock` is `content`; policy entries keep
   *   the purpose the bundle declared.
   * - `environment`: `tags.environment`, when set.
   */
  public governanceFacts(): GatewayGovernanceFacts {
    const models = this._models.map((m) => {
      const slash = m.litellmModel.indexOf('/');
      return { alias: m.alias, provider: m.litellmModel.slice(0, slash), modelId: m.litellmModel.slice(slash + 1) };
    });
    const fallbacks: GovernedFallback[] = this._fallbacks.map((f) => ({ from: f.from, to: [...f.to], kind: f.kind ?? FallbackKind.GENERAL }));
    if (this._defaultFallbacks.length > 0) {
      const withGeneral = new Set(fallbacks.filter((f) => f.kind === FallbackKind.GENERAL).map((f) => f.from));
      for (const alias of new Set(this._models.map((m) => m.alias))) {
        const to = this._defaultFallbacks.filter((t) => t !== alias);
        if (!withGeneral.has(alias) && to.length > 0) fallbacks.push({ from: alias, to, kind: FallbackKind.GENERAL });
      }
    }
    const guardrails = [
      ...this._guardrails.map((g) => governedGuardrail(g)),
      ...this.activePolicyGuardrails(this._guardrails).map((g) => governedGuardrail(g.guardrail, g.entry.purpose, g.entry.guardrailName)),
    ];
    return {
      kind: 'gateway',
      models,
      fallbacks,
      messageLogging: this.allowMessageLogging,
      messageLoggingAllowed: this.allowMessageLogging,
      guardrails,
      ...(this.tags.environment !== undefined ? { environment: this.tags.environment } : {}),
    };
  }

  /** Adds a container that runs beside LiteLLM (e.g. Presidio, the OpenTelemetry collector). */
  public addSidecar(sidecar: GatewaySidecar): void {
    const path = `sidecars[${this._sidecars.length}]`;
    const extra = new ProblemCollector();
    const name = (sidecar as { name?: unknown } | undefined)?.name;
    if (typeof name === 'string' && (RESERVED_SIDECAR_NAMES.includes(name) || this._sidecars.some((s) => s.name === name))) {
      extra.add(`${path}.name`, name, RESERVED_SIDECAR_NAMES.includes(name) ? 'is reserved for the gateway\'s own containers' : 'is already used by another sidecar', 'choose a unique container name');
    }
    validateProps(this, z.strictObject({ [path]: sidecarSchema }), { [path]: sidecar }, extra);
    this._sidecars.push(sidecar);
    this.changed();
  }

  /** Adds a plain environment variable to the LiteLLM container. Never a secret: use `addSecretEnvironment`. */
  public addEnvironment(name: string, value: string): void {
    const extra = this.environmentNameProblems(name, `environment.${name}`);
    validateProps(this, z.strictObject({ environment: z.record(z.string(), z.string()) }), { environment: { [name]: value } }, extra);
    this._environment[name] = value;
    this.changed();
  }

  /** Adds a secret environment variable to the LiteLLM container, by reference. */
  public addSecretEnvironment(name: string, secret: SecretRef): void {
    const extra = this.environmentNameProblems(name, `secretEnvironment.${name}`);
    const schema = z.strictObject({ secretEnvironment: z.record(z.string(), secretRefSchema) });
    validateProps(this, schema, { secretEnvironment: { [name]: secret } }, extra);
    this._secretEnvironment[name] = secret;
    this.changed();
  }

  /** The rendered LiteLLM `config.yaml` for the gateway as it is now. Throws a ValidationError if it is invalid. */
  public renderConfig(): string {
    if (this.rendered?.version === this.version) return this.rendered.yaml;
    const input = this.buildInput();
    const problems = checkLiteLlmInput(input);
    if (problems.length > 0) throw new ValidationError(this, problems);
    const yaml = renderLiteLlmConfig(buildLiteLlmConfig(input));
    this.rendered = { version: this.version, yaml };
    return yaml;
  }

  /** Plain environment for the LiteLLM container (sorted by name). */
  public environment(): Readonly<Record<string, string>> {
    return sortRecord({
      ...BASE_ENVIRONMENT,
      NUM_WORKERS: String(this.runtime._impl.workersPerReplica),
      // The admin UI stays off unless asked for (ui_sso.py reads DISABLE_ADMIN_UI with str_to_bool).
      DISABLE_ADMIN_UI: this.adminUi ? 'False' : 'True',
      ...this._environment,
    });
  }

  /** Secret environment for the LiteLLM container (sorted by name): model API keys and `addSecretEnvironment` values. */
  public secretEnvironment(): Readonly<Record<string, SecretRef>> {
    const out: Record<string, SecretRef> = {};
    for (const m of this._models) Object.assign(out, m.secretEnvironment);
    return sortRecord({ ...out, ...this._secretEnvironment });
  }

  /** Cloud permissions the configured models need (deduplicated, sorted). */
  public cloudAccess(): GatewayCloudAccess {
    const bedrock = new Map<string, { region: string; modelId: string }>();
    const vertex = new Map<string, { project: string; location: string }>();
    for (const m of this._models) {
      if (m.bedrock) bedrock.set(`${m.bedrock.region}\u0000${m.bedrock.modelId}`, { ...m.bedrock });
      if (m.vertex) vertex.set(`${m.vertex.project}\u0000${m.vertex.location}`, { ...m.vertex });
    }
    const guardrails = new Map<string, { region?: string; guardrailIdentifier: string; guardrailVersion: string }>();
    for (const g of [...this._guardrails, ...this.policyGuardrails]) {
      if (g.bedrockGuardrail) guardrails.set(`${g.bedrockGuardrail.region ?? ''}\u0000${g.bedrockGuardrail.guardrailIdentifier}\u0000${g.bedrockGuardrail.guardrailVersion}`, { ...g.bedrockGuardrail });
    }
    const sorted = <T>(map: Map<string, T>): T[] => [...map.keys()].sort().map((k) => map.get(k)!);
    return { bedrock: sorted(bedrock), vertex: sorted(vertex), bedrockGuardrails: sorted(guardrails) };
  }

  /** Policy guardrails not shadowed by `user` guardrails (same name; or any prompt-injection callback), by name. */
  private activePolicyGuardrails(user: ReadonlyArray<Guardrail>): PolicyGuardrail[] {
    // `user` may hold invalid input while it is being checked.
    const names = new Set(user.map((g) => g?.name));
    const userPromptInjection = user.some((g) => g?.kind === GuardrailKind.PROMPT_INJECTION);
    return [...this._policyGuardrails.keys()].sort().map((name) => this._policyGuardrails.get(name)!).filter((g) => {
      if (names.has(g.entry.guardrailName)) return false;
      return !(userPromptInjection && (g.guardrail.kind === GuardrailKind.PROMPT_INJECTION || g.entry.guardrail === PROMPT_INJECTION_CALLBACK));
    });
  }

  private changed(): void {
    this.version += 1;
  }

  private currentProblems(): ValidationProblem[] {
    return [...checkLiteLlmInput(this.buildInput()), ...this.secretNameConflicts(this._models, this._secretEnvironment)];
  }

  /** Throws (naming the gateway) if the gateway would be invalid after a change; the state is untouched. */
  private checkChange(change: {
    models?: ReadonlyArray<ModelDeployment>;
    fallbacks?: ReadonlyArray<ModelFallback>;
    guardrails?: ReadonlyArray<Guardrail>;
  }): void {
    const models = change.models ?? this._models;
    const problems = [
      ...checkLiteLlmInput(this.buildInput({ ...change })),
      ...this.secretNameConflicts(models, this._secretEnvironment),
    ];
    if (problems.length > 0) throw new ValidationError(this, problems);
  }

  private secretNameConflicts(models: ReadonlyArray<ModelDeployment>, secretEnv: Readonly<Record<string, SecretRef>>): ValidationProblem[] {
    const problems = new ProblemCollector();
    models.forEach((m, i) => {
      const name = m.apiKeyEnvironmentName;
      if (name && name in secretEnv) problems.add(`models[${i}].id`, m.id, `gives the API key environment name ${name}, which addSecretEnvironment already uses`, 'rename the secret environment variable or give the deployment another id');
    });
    return [...problems.problems];
  }

  private environmentNameProblems(name: string, path: string): ProblemCollector {
    const p = new ProblemCollector();
    if (typeof name !== 'string' || !ENV_NAME.test(name)) {
      p.add(path, name, 'is not a valid environment variable name', 'use upper-case letters, digits and _, not starting with a digit');
    } else if (RESERVED_ENVIRONMENT.includes(name)) {
      p.add(path, name, 'is set by the gateway or its runtime and cannot be overridden', 'use another name; production settings such as LITELLM_LOG stay fixed');
    } else if (name in this._environment || name in this._secretEnvironment || this._models.some((m) => m.apiKeyEnvironmentName === name)) {
      p.add(path, name, 'is already set', 'set each environment variable once');
    }
    return p;
  }

  private fail(path: string, value: unknown, message: string, fix: string): never {
    new ProblemCollector().add(path, value, message, fix).throwIfAny(this);
    throw new Error('unreachable');
  }

  private loggingInput(): LiteLlmBuildInput['logging'] {
    const otel = this._loggingCallbacks.some((c) => c._spec.kind === 'otel');
    const s3 = this._loggingCallbacks.map((c) => c._spec).find((c): c is Extract<LoggingCallback['_spec'], { kind: 's3' }> => c.kind === 's3');
    if (!otel && !s3) return undefined;
    return { ...(otel ? { otel: true } : {}), ...(s3 ? { s3: s3CallbackParams(s3) } : {}) };
  }

  private buildInput(override: {
    models?: ReadonlyArray<ModelDeployment>;
    fallbacks?: ReadonlyArray<ModelFallback>;
    defaultFallbacks?: ReadonlyArray<string>;
    guardrails?: ReadonlyArray<Guardrail>;
    runtime?: GatewayRuntime;
    routing?: LiteLlmBuildInput['routing'];
    backgroundHealthChecks?: boolean;
  } = {}): LiteLlmBuildInput {
    const models = override.models ?? this._models;
    const fallbacks = override.fallbacks ?? this._fallbacks;
    const guardrails = override.guardrails ?? this._guardrails;
    const runtime = (override.runtime ?? this.runtime)._impl;
    const located = <T, U>(items: ReadonlyArray<T>, prefix: string, f: (t: T) => U): Array<Located<U>> => items.map((t, i) => ({ value: f(t), path: `${prefix}[${i}]` }));
    const guardrailOutputs = [
      ...guardrails.map((g, i) => ({ out: g._toLiteLlm(), path: `guardrails[${i}]` })),
      // Class fields are initialized before the constructor body, so this also works for the check in it.
      ...this.activePolicyGuardrails(guardrails).map((g) => ({ out: g.guardrail._toLiteLlm(), path: `policyGuardrails.${g.entry.guardrailName}` })),
    ];
    return {
      models: located(models, 'models', (m) => m._toLiteLlm({ emitGovernance: this.emitGovernance ?? true })),
      fallbacks: located(fallbacks, 'fallbacks', (f) => ({ from: f.from, to: [...f.to], kind: (f.kind ?? FallbackKind.GENERAL) as LiteLlmFallbackKind })),
      defaultFallbacks: { value: override.defaultFallbacks ?? this._defaultFallbacks, path: 'defaultFallbacks' },
      guardrails: guardrailOutputs.flatMap(({ out, path }) => (out.kind === 'guardrail' ? [{ value: out.value, path }] : [])),
      promptInjection: guardrailOutputs.flatMap(({ out, path }) => (out.kind === 'prompt_injection' ? [{ value: out.value, path }] : [])),
      routing: override.routing ?? this.routing,
      // While props are checked, the runtime may hold anything the user passed (its own validation reports
      // it): the cross-part rules only ever see numbers (1 for a value that is not one) and booleans.
      runtime: {
        minReplicas: numberOr(runtime.minReplicas, 1),
        maxReplicas: numberOr(runtime.maxReplicas, 1),
        workersPerReplica: numberOr(runtime.workersPerReplica, 1),
        databaseMaxConnections: runtime.databaseMaxConnections === undefined ? undefined : numberOr(runtime.databaseMaxConnections, 1),
        providesRedis: runtime.providesRedis === true,
      },
      allowMessageLogging: this.allowMessageLogging ?? false,
      backgroundHealthChecks: override.backgroundHealthChecks ?? this.backgroundHealthChecks ?? false,
      healthCheckIntervalSeconds: this.healthCheckIntervalSeconds ?? GENERAL_DEFAULTS.healthCheckIntervalSeconds,
      logging: this.loggingInput(),
    };
  }
}

function s3CallbackParams(spec: Extract<LoggingCallback['_spec'], { kind: 's3' }>): LiteLlmS3CallbackParams {
  return {
    s3_bucket_name: `os.environ/${AUDIT_S3_ENV.BUCKET}`,
    s3_region_name: `os.environ/${AUDIT_S3_ENV.REGION}`,
    s3_path: spec.path,
    ...(spec.endpointUrl !== undefined ? { s3_endpoint_url: spec.endpointUrl } : {}),
    ...(spec.accessKeyId ? { s3_aws_access_key_id: `os.environ/${AUDIT_HMAC_ENV.ACCESS_KEY_ID}` } : {}),
    ...(spec.secretAccessKey ? { s3_aws_secret_access_key: `os.environ/${AUDIT_HMAC_ENV.SECRET_ACCESS_KEY}` } : {}),
  };
}

function resolveRouting(r: GatewayRoutingOptions | undefined): LiteLlmBuildInput['routing'] {
  return {
    strategy: r?.strategy ?? (ROUTING_DEFAULTS.strategy as RoutingStrategy),
    numRetries: r?.numRetries ?? ROUTING_DEFAULTS.numRetries,
    timeoutSeconds: r?.timeoutSeconds ?? ROUTING_DEFAULTS.timeoutSeconds,
    streamTimeoutSeconds: r?.streamTimeoutSeconds ?? ROUTING_DEFAULTS.streamTimeoutSeconds,
    allowedFails: r?.allowedFails ?? ROUTING_DEFAULTS.allowedFails,
    cooldownSeconds: r?.cooldownSeconds ?? ROUTING_DEFAULTS.cooldownSeconds,
    maxFallbacks: r?.maxFallbacks ?? ROUTING_DEFAULTS.maxFallbacks,
  };
}

/** The runtime's own problems, with paths under `runtime.`. */
function runtimeProblems(runtime: GatewayRuntime): ValidationProblem[] {
  return runtime._impl.validate().map((p) => ({ ...p, path: p.path === 'runtime' || p.path.startsWith('runtime.') ? p.path : `runtime.${p.path}` }));
}

function numberOr(value: unknown, fallback: number): number {
  return typeof value === 'number' && !Number.isNaN(value) ? value : fallback;
}

function baseNameOf(id: string): string {
  const slug = id.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^[^a-z]+/, '').slice(0, 32).replace(/-+$/, '');
  return slug || 'llm-gateway';
}

function sortRecord<V>(r: Readonly<Record<string, V>>): Record<string, V> {
  return Object.fromEntries(Object.keys(r).sort().map((k) => [k, r[k]]));
}
