import type { Construct } from 'constructs';
import type { PlatformContext } from './clouds/contract';
import { PlatformCloud } from './platform-cloud';
import { platformPropsSchema, type LlmPlatformProps, type PlatformStackInfo, type TeamStackProps } from './platform-props';
import { TeamStack } from './team-stack';
import { TerraformStack } from '../core/cdktf';
import { ProblemCollector } from '../core/errors';
import { type OwnershipTags, OwnershipTagging } from '../core/tags';
import { validateProps } from '../core/validation';
import { isProduction } from '../feature/readiness/evaluate';
import { LlmGateway } from '../gateway/llm-gateway';
import { ModelDeployment } from '../gateway/model-deployment';
import { DEFAULT_SLO, ObservabilityStack } from '../observability/observability-stack';
import type { SloObjectives } from '../observability/slo/types';
import { PolicyBundle } from '../policy/bundle';
import { PolicyPack } from '../policy/pack';
import { GatewayTenancy } from '../tenancy/gateway-tenancy';
import { VectorStore } from '../vector-store/vector-store';

/**
 * The whole LLM platform for one cloud, in one stack (one Terraform state): the providers it needs, a
 * `PolicyBundle` with both packs, an `ObservabilityStack`, the `LlmGateway` (watched by it), a `VectorStore` and the
 * tenancy control plane (`GatewayTenancy`). Each team gets its own stack and state from `teamStack()`.
 *
 * ```ts
 * const platform = new LlmPlatform(app, 'llm', {
 *   cloud: PlatformCloud.aws({ region: 'us-east-1', vpcId, privateSubnetIds, certificateArn }),
 *   models: [ModelDeployment.bedrock({ alias: 'chat', ... }), ModelDeployment.bedrock({ alias: 'chat-fallback', ... })],
 *   fallbacks: [{ from: 'chat', to: ['chat-fallback'] }],
 *   modelAllowList: ['bedrock/anthropic.claude-3-5-haiku-20241022-v1:0', 'bedrock/amazon.nova-lite-v1:0'],
 *   slo: { availability: 0.999, latencyP95Ms: 1200 },
 * });
 * const hiring = platform.teamStack(app, 'hiring', { monthlyBudgetUsd: 5_000, tokensPerMinute: 200_000, requestsPerMinute: 600, owner: 'hiring-squad' });
 * new StandardLlmFeature(hiring, 'job-description-gen', { ... });
 * ```
 *
 * **Adding a team never changes this stack.** Team stacks reference only values every part registers as outputs
 * when it is created (AWS: the tenancy functions, the key secrets' KMS key, the callers' security group, the
 * Prometheus workspace and Grafana; GCP: the notification channels; Kubernetes: names only), so this stack's JSON
 * is the same with 1 team or 200.
 *
 * The parts are properties (`gateway`, `observability`, `vectorStore`, `policy`, `tenancy`) for anything the props
 * do not cover: `platform.gateway.connections.allowAdminFrom(...)`, `platform.gateway.addModel(...)`,
 * `PolicyBundle.suppress(...)`.
 */
export class LlmPlatform extends TerraformStack {
  /** The cloud the platform runs on. */
  public readonly cloud: PlatformCloud;
  /** Readable name: the gateway's name and the base of every resource name. */
  public readonly platformName: string;
  public readonly environment: string;
  /** True when `environment` is a production name: every readiness item required, strict policy packs. */
  public readonly production: boolean;
  /** The platform's objectives. */
  public readonly slo: SloObjectives;
  /** The platform's runbook, if any. */
  public readonly runbookUrl?: string;
  /** The reviewed provider models, if listed. */
  public readonly modelAllowList?: ReadonlyArray<string>;
  /** Ownership tags/labels of the platform stack. */
  public readonly tags: OwnershipTags;
  /** The policy bundle governing this stack (team stacks get their own, with the same packs). */
  public readonly policy: PolicyBundle;
  /** Metrics, traces, dashboards, alerts and the audit trail. */
  public readonly observability: ObservabilityStack;
  /** The LiteLLM gateway. */
  public readonly gateway: LlmGateway;
  /** The vector store, unless `vectorStore: false`. */
  public readonly vectorStore?: VectorStore;
  /** The tenancy control plane: applies teams' desired state and rotates secrets from inside the gateway's network. */
  public readonly tenancy: GatewayTenancy;

  private readonly configure?: (stack: TerraformStack, info: PlatformStackInfo) => void;
  private readonly teamStacks = new Map<string, TeamStack>();

  constructor(scope: Construct, id: string, props: LlmPlatformProps) {
    super(scope, id);
    const p = validateProps(this, platformPropsSchema, props, platformProblems(id, props));

    this.cloud = p.cloud;
    this.platformName = p.name ?? (id.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^[^a-z]+/, '').slice(0, 32).replace(/-+$/, '') || 'llm-platform');
    this.environment = p.environment ?? 'production';
    this.production = isProduction(this.environment);
    this.slo = p.slo ?? DEFAULT_SLO;
    this.runbookUrl = p.runbookUrl;
    this.modelAllowList = p.modelAllowList;
    this.configure = p.configureStack;
    this.tags = {
      team: p.ownership?.team ?? 'platform',
      environment: this.environment,
      ...(p.ownership?.costCenter ? { costCenter: p.ownership.costCenter } : {}),
      ...(p.ownership?.extra ? { extra: p.ownership.extra } : {}),
    };
    const cloud = this.cloud._strategy;
    const ctx: PlatformContext = {
      stack: this, name: this.platformName, environment: this.environment, production: this.production, tags: this.tags,
    };

    this.configure?.(this, { role: 'platform' });
    cloud.providers(this, 'platform');
    OwnershipTagging.apply(this, this.tags);
    // Synthesis fails on any error-level finding (and, in production, on anything a rule could not evaluate).
    this.policy = new PolicyBundle(this, 'Policy', { packs: this._policyPacks() });

    cloud.beforeGateway(ctx);
    this.observability = new ObservabilityStack(this, 'Observability', {
      target: cloud.observabilityTarget(ctx),
      slo: this.slo,
      name: `${this.platformName.slice(0, 28).replace(/-+$/, '')}-obs`,
      tags: this.tags,
      ...(p.alerting ? { alerting: p.alerting } : {}),
      ...(p.runbookUrl ? { runbookUrl: p.runbookUrl } : {}),
    });
    this.gateway = new LlmGateway(this, 'gateway', {
      name: this.platformName,
      runtime: cloud.gatewayRuntime(ctx),
      models: p.models,
      tags: this.tags,
      observability: this.observability,
      ...(p.fallbacks ? { fallbacks: p.fallbacks } : {}),
      ...(p.defaultFallbacks ? { defaultFallbacks: p.defaultFallbacks } : {}),
      ...(p.guardrails ? { guardrails: p.guardrails } : {}),
      ...(p.routing ? { routing: p.routing } : {}),
      ...(p.allowMessageLogging !== undefined ? { allowMessageLogging: p.allowMessageLogging } : {}),
      ...(p.image ? { image: p.image } : {}),
    });
    if (p.vectorStore !== false) {
      const removal = typeof p.vectorStore === 'object' ? p.vectorStore.removalPolicy : undefined;
      this.vectorStore = new VectorStore(this, 'vectors', {
        backend: cloud.vectorBackend(ctx),
        nameParts: [this.platformName, 'vectors'],
        ...(removal ? { removalPolicy: removal } : {}),
      });
    }
    this.tenancy = new GatewayTenancy(this, 'Tenancy', { gateway: this.gateway, ...cloud.tenancyProps(ctx) });
    const parts = [this.gateway, this.observability, this.tenancy, ...(this.vectorStore ? [this.vectorStore] : [])];
    const store = this.vectorStore ? { vectorStore: this.vectorStore } : {};
    cloud.afterParts(ctx, { gateway: this.gateway, tenancy: this.tenancy, ...store, all: parts });
  }

  /**
   * A team's own stack (its own Terraform state), next to this one in `app`: its providers, its policy bundle, its
   * `TenantQuota` (budget, limits, identity), its dashboard and alerts, and the team context every
   * `StandardLlmFeature` created in it finds. The stack is named `<platform stack id>-<team>`.
   */
  public teamStack(app: Construct, team: string, props: TeamStackProps): TeamStack {
    return new TeamStack(app, team, { ...props, platform: this });
  }

  /** The team stacks created so far, by team. */
  public get teams(): ReadonlyMap<string, TeamStack> {
    return this.teamStacks;
  }

  /** The packs of the platform stack and of every team stack: both built-in packs, strict in production. @internal */
  public _policyPacks(aliasAllowList?: ReadonlyArray<string>): PolicyPack[] {
    return [
      PolicyPack.securityBaseline({ strict: this.production }),
      PolicyPack.llmGovernance({
        strict: this.production,
        ...(this.modelAllowList ? { modelAllowList: [...this.modelAllowList] } : {}),
        ...(aliasAllowList ? { aliasAllowList: [...aliasAllowList] } : {}),
      }),
    ];
  }

  /** Records a team stack and runs the `configureStack` hook on it. @internal */
  public _registerTeam(team: string, stack: TeamStack): void {
    this.teamStacks.set(team, stack);
    this.configure?.(stack, { role: 'team', team });
  }
}

/** Problems the props schema cannot see: the cloud's own options, aliases in fallbacks, the allow-list. */
function platformProblems(id: string, props: LlmPlatformProps): ProblemCollector {
  const p = new ProblemCollector();
  if (props === null || typeof props !== 'object') return p;
  const environment = typeof props.environment === 'string' ? props.environment : 'production';
  const production = isProduction(environment);
  if (props.cloud instanceof PlatformCloud) {
    p.addAll(props.cloud._strategy.problems(production, props.vectorStore !== false));
    if (props.cloud.kind === 'kubernetes' && props.alerting !== undefined) {
      p.add('alerting', props.alerting, 'is not rendered on Kubernetes: the cluster\'s Alertmanager routes alerts', 'remove alerting and route severity="page" / severity="ticket" in your Alertmanager configuration');
    }
  }
  const models = Array.isArray(props.models) ? props.models.filter((m): m is ModelDeployment => m instanceof ModelDeployment) : [];
  const aliases = [...new Set(models.map((m) => m.alias))].sort();
  const aliasCheck = (path: string, alias: unknown) => {
    if (typeof alias === 'string' && !aliases.includes(alias)) p.add(path, alias, 'is not an alias of the platform\'s models', `use one of ${aliases.join(', ')}`);
  };
  if (Array.isArray(props.fallbacks)) {
    props.fallbacks.forEach((f, i) => {
      if (f === null || typeof f !== 'object') return;
      aliasCheck(`fallbacks[${i}].from`, f.from);
      if (Array.isArray(f.to)) f.to.forEach((t: unknown, j: number) => aliasCheck(`fallbacks[${i}].to[${j}]`, t));
    });
  }
  if (Array.isArray(props.defaultFallbacks)) props.defaultFallbacks.forEach((a, i) => aliasCheck(`defaultFallbacks[${i}]`, a));
  const deployed = [...new Set(models.map((m) => m.litellmModel))].sort();
  if (props.modelAllowList === undefined) {
    if (production && deployed.length > 0) {
      p.add('modelAllowList', undefined, `is required in production (${environment}): the reviewed models, checked on every synth`,
        `list the provider models you reviewed, e.g. modelAllowList: [${deployed.map((m) => `'${m}'`).join(', ')}]`);
    }
  } else if (Array.isArray(props.modelAllowList)) {
    const missing = deployed.filter((m) => !props.modelAllowList!.includes(m));
    if (missing.length > 0) p.add('modelAllowList', props.modelAllowList, `does not list ${missing.join(', ')}, which the platform deploys`, `add ${missing.map((m) => `'${m}'`).join(', ')} once reviewed, or remove those models`);
  }
  if (props.name === undefined && !/^[a-z]/i.test(id.replace(/[^a-z0-9-]/gi, ''))) {
    p.add('name', undefined, `cannot be derived from the stack id '${id}'`, "pass name: a lowercase name starting with a letter, e.g. 'llm-platform'");
  }
  return p;
}
