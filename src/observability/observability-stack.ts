import { Construct } from 'constructs';
import { z } from 'zod';
import { type OwnershipTags, ProblemCollector, schemaFor, validateProps, withFix } from '../core';
import { AlertChannel, type ObservabilityAlerting } from './alert-channel';
import { addDashboardFile } from './dashboard-files';
import { renderers } from './renderers';
import { TerraformStack } from '../core/cdktf';
import { TerraformLiterals } from '../core/literal-guard';
import type { LlmGateway } from '../gateway/llm-gateway';
import type { IGatewayObserver } from '../gateway/logging-callback';
import { runbookUrlSchema, sloSchema, teamNameSchema } from './slo/inputs';
import type { SloObjectives } from './slo/types';
import { ObservabilityTarget } from './target';
import { DashboardFolder, type ObservabilityTargetBinding } from './targets/contract';
import { type TeamDashboardOptions, TeamObservability, teamDashboardOptionsSchema } from './team-observability';

/** The platform's default objectives: 99.9 % of requests succeed, 95 % complete within 1.2 s. */
export const DEFAULT_SLO: SloObjectives = { availability: 0.999, latencyP95Ms: 1200 };

/** Props of `ObservabilityStack`. */
export interface ObservabilityStackProps {
  /** Where metrics, traces, dashboards, alerts and the audit trail live: `ObservabilityTarget.aws({...})`, `.gcp({...})`, `.kubernetes({...})`. */
  readonly target: ObservabilityTarget;
  /** Objectives of every watched gateway (teams and features may set their own). @default DEFAULT_SLO */
  readonly slo?: SloObjectives;
  /** Where pages and tickets go. @default - alerts are evaluated but nobody is notified */
  readonly alerting?: ObservabilityAlerting;
  /** Runbook linked from every alert and dashboard. @default - none */
  readonly runbookUrl?: string;
  /** Readable base for resource names (lowercase letters, digits, -; at most 32). @default - the construct id */
  readonly name?: string;
  /** Ownership tags/labels. @default {} */
  readonly tags?: OwnershipTags;
}

const channelList = z.array(z.custom<AlertChannel>((v) => v instanceof AlertChannel, { message: withFix('is not an AlertChannel', 'create it with AlertChannel.email(...), .snsTopic(...) or .pagerDuty(...)') }));

const propsSchema = schemaFor<ObservabilityStackProps>()(z.strictObject({
  target: z.custom<ObservabilityTarget>((v) => v instanceof ObservabilityTarget, { message: withFix('is not an ObservabilityTarget', 'create it with ObservabilityTarget.aws({...}), .gcp({...}) or .kubernetes({...})') }),
  slo: sloSchema.optional(),
  alerting: z.strictObject({ page: channelList.optional(), ticket: channelList.optional() }).optional(),
  runbookUrl: runbookUrlSchema.optional(),
  name: z.string().regex(/^[a-z]([a-z0-9-]{0,30}[a-z0-9])?$/, withFix('is not a valid name', 'use 1-32 lowercase letters, digits and -, starting with a letter')).optional(),
  tags: z.strictObject({
    team: z.string().optional(),
    environment: z.string().optional(),
    costCenter: z.string().optional(),
    extra: z.record(z.string(), z.string()).optional(),
  }).optional(),
}));

/** A gateway the stack watches. */
interface Watched {
  readonly gateway: LlmGateway;
  readonly name: string;
  readonly environment?: string;
}

/**
 * Metrics, traces, dashboards, SLO burn-rate alerts and an audit trail for every gateway it watches, on
 * AWS, GCP or Kubernetes — with no work from the squads calling the gateway.
 *
 * ```ts
 * const observability = new ObservabilityStack(stack, 'obs', {
 *   target: ObservabilityTarget.aws({ grafana: { allowedVpcEndpointIds: [endpointId] } }),
 *   slo: { availability: 0.999, latencyP95Ms: 1200 },
 *   alerting: { page: [AlertChannel.pagerDuty(key)], ticket: [AlertChannel.email('llm-platform@example.com')] },
 * });
 * new LlmGateway(stack, 'gateway', { ..., observability });   // or observability.watch(gateway)
 * observability.addTeamDashboard('hiring', { scope: hiringStack }); // in the team's own stack
 * ```
 *
 * **Multi-stack.** Team artefacts (`addTeamDashboard`, `TeamObservability.addFeature`) are created in the
 * stack of the scope you pass and reference only a fixed set of values this stack exports from the start,
 * so adding a team never changes this stack's JSON.
 */
export class ObservabilityStack extends Construct implements IGatewayObserver {
  /** Objectives of the watched gateways. */
  public readonly slo: SloObjectives;
  /** The target kind (`aws`, `gcp`, `kubernetes`). */
  public readonly targetKind: string;
  /** @internal */
  public readonly _binding: ObservabilityTargetBinding;
  /** @internal */
  public readonly _runbookUrl: string | undefined;
  private readonly watched: Watched[] = [];
  private readonly teams = new Map<string, TeamObservability>();

  constructor(scope: Construct, id: string, props: ObservabilityStackProps) {
    super(scope, id);
    const extra = new ProblemCollector();
    if (props?.target instanceof ObservabilityTarget) extra.addAll(props.target._impl.validate().map((p) => ({ ...p, path: p.path ? `target.${p.path}` : 'target' })));
    for (const severity of ['page', 'ticket'] as const) {
      const channels = (props?.alerting as Record<string, unknown> | undefined)?.[severity];
      if (Array.isArray(channels)) channels.forEach((c, i) => { if (c instanceof AlertChannel) extra.addAll(c._problems(`alerting.${severity}[${i}]`)); });
    }
    const p = validateProps(this, propsSchema, props, extra);
    this.slo = p.slo ?? DEFAULT_SLO;
    this.targetKind = p.target.kind;
    this._runbookUrl = p.runbookUrl;
    const page = p.alerting?.page ?? [];
    this._binding = p.target._impl.bind({
      scope: this,
      baseName: p.name ?? baseNameOf(id),
      slo: this.slo,
      page,
      ticket: p.alerting?.ticket ?? page,
      tags: p.tags ?? {},
    });
  }

  /**
   * The construct under which the target created its platform resources (e.g. `Aws` with `Workspace`,
   * `Alerting`, `Grafana`, `Audit`): for policy suppressions and escape hatches.
   */
  public get targetResources(): Construct {
    return this._binding.construct;
  }

  /** The gateways this stack watches, in the order they were added. */
  public get gateways(): ReadonlyArray<LlmGateway> {
    return this.watched.map((w) => w.gateway);
  }

  /**
   * Observes a gateway: a collector sidecar (or scrape config) sends its metrics to the target's Prometheus
   * with a `gateway` label, LiteLLM's traces go to the target's trace store (content stripped unless the
   * gateway allows message logging), every call lands in the audit trail, and the gateway's SLO rules and
   * platform dashboard are provisioned. Watching the same gateway twice changes nothing.
   */
  public watch(gateway: LlmGateway): void {
    if (!(gateway instanceof Construct) || typeof (gateway as Partial<LlmGateway>).addLoggingCallback !== 'function') {
      new ProblemCollector().add('watch(gateway)', gateway, 'is not an LlmGateway', 'pass the LlmGateway to observe (or give the gateway this stack as its observability prop)').throwIfAny(this);
    }
    if (this.watched.some((w) => w.gateway === gateway)) return;
    const name = gateway.gatewayName;
    if (this.watched.some((w) => w.name === name)) {
      new ProblemCollector().add('watch(gateway)', name, 'is the name of a gateway this stack already watches (series are told apart by the gateway label)', 'give each gateway a unique name').throwIfAny(this);
    }
    const environment = gateway.ownershipTags.environment;
    const w: Watched = { gateway, name, ...(environment !== undefined ? { environment } : {}) };
    this.watched.push(w);
    this._binding.instrument(gateway, { gatewayName: name, keepMessageContent: gateway.messageLoggingAllowed, environment });
    const r = renderers();
    this._binding.addRuleGroups(this, `Rules-${name}`, `${name}-gateway`, r.gatewayRuleGroups({
      gateway: name,
      ...(environment !== undefined && /^[a-z0-9]([a-z0-9-]{0,30}[a-z0-9])?$/.test(environment) ? { environment } : {}),
      slo: this.slo,
      ...(this._runbookUrl ? { runbookUrl: this._runbookUrl } : {}),
    }));
    // Rendered once: nothing added later changes the platform dashboard.
    const model = r.platformDashboard({
      gateway: name,
      slo: this.slo,
      datasourceUid: this._datasourceUid,
      ...(this._runbookUrl ? { runbookUrl: this._runbookUrl } : {}),
    });
    const dashboard = () => model;
    this._binding.addDashboard(this, `Dashboard-${name}`, dashboard, DashboardFolder.PLATFORM);
    addDashboardFile(TerraformStack.of(this), String(dashboard().uid ?? `llm-gateway-${name}`), dashboard);
  }

  /**
   * A team's dashboard (the four incident questions, the team's SLOs, spend against budget, runbook links)
   * and the team's SLO and budget alerts, created in the stack of `options.scope` (default: this stack).
   * Returns the team's handle; `addFeature` on it adds a feature's row and alerts. Calling it again for the
   * same team and scope returns the same handle.
   */
  public addTeamDashboard(team: string, options: TeamDashboardOptions = {}): TeamObservability {
    // Checked before anything is created, so a rejected call leaves nothing behind.
    validateProps(this, z.strictObject({ team: teamNameSchema, options: teamDashboardOptionsSchema }), { team, options });
    const scope = options.scope ?? this;
    const gateway = this.gatewayFor(options.gateway, 'addTeamDashboard');
    const key = `${TerraformStack.of(scope).node.path}\u0000${gateway.name}\u0000${team}`;
    const existing = this.teams.get(key);
    if (existing) return existing;
    const handle = new TeamObservability(scope, `LlmObservability-${gateway.name}-${typeof team === 'string' ? team : 'team'}`, {
      observability: this,
      gateway: gateway.name,
      team,
      options,
    });
    // Literal text in the team's own stack is escaped like everything under this construct.
    TerraformLiterals.protect(handle);
    this.teams.set(key, handle);
    return handle;
  }

  /** @internal The datasource uid dashboards query. */
  public get _datasourceUid(): string | undefined {
    return this._binding.outputs.datasourceUid;
  }

  private gatewayFor(gateway: LlmGateway | string | undefined, method: string): Watched {
    const p = new ProblemCollector();
    let found: Watched | undefined;
    if (gateway === undefined) {
      if (this.watched.length === 1) found = this.watched[0];
      else p.add(`${method}(options.gateway)`, undefined, this.watched.length === 0 ? 'names no gateway and the stack watches none' : `names no gateway and the stack watches ${this.watched.length}`, 'watch the gateway first (observability.watch(gateway) or the gateway\'s observability prop), and pass options.gateway when there are several');
    } else {
      const name = typeof gateway === 'string' ? gateway : (gateway as LlmGateway).gatewayName;
      found = this.watched.find((w) => w.name === name);
      if (!found) p.add(`${method}(options.gateway)`, name, 'is not a gateway this stack watches', `use one of: ${this.watched.map((w) => w.name).join(', ') || '(none; watch the gateway first)'}`);
    }
    p.throwIfAny(this);
    return found!;
  }
}

function baseNameOf(id: string): string {
  const slug = id.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^[^a-z]+/, '').slice(0, 32).replace(/-+$/, '');
  return slug || 'llm-observability';
}
