import { Construct } from 'constructs';
import { z } from 'zod';
import { ProblemCollector, schemaFor, validateProps, withFix } from '../core';
import { addDashboardFile } from './dashboard-files';
import type { ObservabilityStack } from './observability-stack';
import { renderers } from './renderers';
import { TerraformStack } from '../core/cdktf';
import type { LlmGateway } from '../gateway/llm-gateway';
import type { FeatureDashboardExtension } from './dashboards/team';
import { budgetSchema, featureNameSchema, keyAliasSchema, runbookUrlSchema, sloSchema, teamNameSchema } from './slo/inputs';
import type { RuleGroup, SloObjectives } from './slo/types';
import { DashboardFolder } from './targets/contract';

/** Options of `ObservabilityStack.addTeamDashboard`. */
export interface TeamDashboardOptions {
  /**
   * Where the team's dashboard and alerts are created: a construct in the team's own stack. Only a fixed
   * set of platform values is referenced from there.
   * @default - the ObservabilityStack (the platform stack)
   */
  readonly scope?: Construct;
  /** The watched gateway the team calls (an `LlmGateway` or its name). @default - the only watched gateway */
  readonly gateway?: LlmGateway | string;
  /** The team's objectives. @default - the ObservabilityStack's */
  readonly slo?: SloObjectives;
  /** Monthly budget, USD: a spend-rate alert projects its exhaustion. @default - no spend alert */
  readonly monthlyBudgetUsd?: number;
  /** The team's runbook (linked from its alerts and dashboard). @default - the ObservabilityStack's */
  readonly runbookUrl?: string;
}

/** Options of `TeamObservability.addFeature`. */
export interface FeatureObservabilityOptions {
  /** Feature name (lowercase letters, digits, - and _). */
  readonly name: string;
  /** The feature's virtual key alias. @default `<team>/<name>` */
  readonly keyAlias?: string;
  /** The feature's objectives. @default - the team's */
  readonly slo?: SloObjectives;
  /** Monthly budget, USD. @default - no spend alert */
  readonly monthlyBudgetUsd?: number;
  /** The feature's runbook. @default - the team's */
  readonly runbookUrl?: string;
}

export interface TeamObservabilityProps {
  readonly observability: ObservabilityStack;
  readonly gateway: string;
  readonly team: string;
  readonly options: TeamDashboardOptions;
}

export const teamDashboardOptionsSchema = schemaFor<TeamDashboardOptions>()(z.strictObject({
  scope: z.custom<Construct>((v) => v instanceof Construct, { message: withFix('is not a construct', 'pass a construct in the team\'s stack (e.g. the team stack itself)') }).optional(),
  gateway: z.union([z.string(), z.custom<LlmGateway>((v) => v instanceof Construct)]).optional(),
  slo: sloSchema.optional(),
  monthlyBudgetUsd: budgetSchema.optional(),
  runbookUrl: runbookUrlSchema.optional(),
}));

const featureSchema = schemaFor<FeatureObservabilityOptions>()(z.strictObject({
  name: featureNameSchema,
  keyAlias: keyAliasSchema.optional(),
  slo: sloSchema.optional(),
  monthlyBudgetUsd: budgetSchema.optional(),
  runbookUrl: runbookUrlSchema.optional(),
}));

interface Feature {
  readonly name: string;
  readonly keyAlias: string;
  readonly slo?: SloObjectives;
  readonly runbookUrl?: string;
}

/**
 * One team's observability, in the team's stack: its dashboard (one row per feature), its SLO and budget
 * alerts, and each feature's alerts. Created by `ObservabilityStack.addTeamDashboard`.
 */
export class TeamObservability extends Construct {
  public readonly team: string;
  public readonly gateway: string;
  /** The team's objectives. */
  public readonly slo: SloObjectives;
  /** Uid of the team's dashboard. */
  public readonly dashboardUid: string;
  private readonly observability: ObservabilityStack;
  private readonly runbookUrl: string | undefined;
  private readonly features: Feature[] = [];
  private readonly extensions: FeatureDashboardExtension[] = [];

  constructor(scope: Construct, id: string, props: TeamObservabilityProps) {
    super(scope, id);
    const schema = z.strictObject({ team: teamNameSchema, options: teamDashboardOptionsSchema });
    const p = validateProps(this, schema, { team: props.team, options: props.options });
    this.observability = props.observability;
    this.team = p.team;
    this.gateway = props.gateway;
    this.slo = p.options.slo ?? props.observability.slo;
    this.runbookUrl = p.options.runbookUrl ?? props.observability._runbookUrl;
    const r = renderers();
    const binding = props.observability._binding;
    binding.addRuleGroups(this, 'Rules', `${this.gateway}-team-${this.team}`, r.teamRuleGroups({
      gateway: this.gateway,
      team: this.team,
      slo: this.slo,
      ...(p.options.monthlyBudgetUsd !== undefined ? { monthlyBudgetUsd: p.options.monthlyBudgetUsd } : {}),
      ...(this.runbookUrl ? { runbookUrl: this.runbookUrl } : {}),
    }));
    // Rendered at synthesis (features added later get their rows), once per set of features.
    let cached: { readonly key: string; readonly model: ReturnType<typeof r.teamDashboard> } | undefined;
    const render = () => r.teamDashboard({
      gateway: this.gateway,
      team: this.team,
      slo: this.slo,
      features: this.features.map((f) => ({
        name: f.name,
        keyAlias: f.keyAlias,
        ...(f.slo ? { slo: f.slo } : {}),
        ...(f.runbookUrl ? { runbookUrl: f.runbookUrl } : {}),
      })),
      ...(this.runbookUrl ? { runbookUrl: this.runbookUrl } : {}),
      datasourceUid: props.observability._datasourceUid,
      ...(this.extensions.length > 0 ? { extensions: [...this.extensions] } : {}),
    });
    // Features and extensions are only ever added, so their counts identify the set rendered.
    const dashboard = () => {
      const key = `${this.features.length}/${this.extensions.length}`;
      if (cached?.key !== key) cached = { key, model: render() };
      return cached.model;
    };
    this.dashboardUid = String(dashboard().uid);
    binding.addDashboard(this, 'Dashboard', dashboard, DashboardFolder.TEAMS);
    addDashboardFile(TerraformStack.of(this), this.dashboardUid, dashboard);
  }

  /**
   * The platform's observability target (`aws`, `gcp`, `kubernetes`) and its fixed outputs (e.g. `workspaceId`):
   * what a team-stack workload that pushes its own metrics (an evaluation probe) may reference.
   */
  public get target(): { readonly kind: string; readonly outputs: Readonly<Record<string, string | undefined>> } {
    return { kind: this.observability.targetKind, outputs: this.observability._binding.outputs };
  }

  /**
   * More rule groups in the team's stack, provisioned like the team's own (an AMP namespace, Cloud Monitoring
   * policies, a PrometheusRule) under this construct: e.g. a feature's evaluation regression alerts.
   */
  public addRuleGroups(id: string, name: string, groups: ReadonlyArray<RuleGroup>): void {
    this.observability._binding.addRuleGroups(this, id, name, groups);
  }

  /** Panels added to every feature row of the team's dashboard (the extension decides per feature; [] for none). */
  public addDashboardExtension(extension: FeatureDashboardExtension): void {
    this.extensions.push(extension);
  }

  /** The features added so far, in order. */
  public get featureNames(): ReadonlyArray<string> {
    return this.features.map((f) => f.name);
  }

  /** A feature's row on the team dashboard and its SLO and budget alerts (in the team's stack). */
  public addFeature(options: FeatureObservabilityOptions): void {
    const p = validateProps(this, z.strictObject({ feature: featureSchema }), { feature: options }).feature;
    if (this.features.some((f) => f.name === p.name)) {
      new ProblemCollector().add('feature.name', p.name, `is already a feature of team ${this.team}`, 'add each feature once').throwIfAny(this);
    }
    const feature: Feature = {
      name: p.name,
      keyAlias: p.keyAlias ?? `${this.team}/${p.name}`,
      ...(p.slo ? { slo: p.slo } : {}),
      ...(p.runbookUrl ?? this.runbookUrl ? { runbookUrl: p.runbookUrl ?? this.runbookUrl } : {}),
    };
    this.features.push(feature);
    this.observability._binding.addRuleGroups(this, `Feature-${feature.name}`, `${this.gateway}-feature-${this.team}-${feature.name}`, renderers().featureRuleGroups({
      gateway: this.gateway,
      team: this.team,
      feature: feature.name,
      keyAlias: feature.keyAlias,
      slo: feature.slo ?? this.slo,
      ...(p.monthlyBudgetUsd !== undefined ? { monthlyBudgetUsd: p.monthlyBudgetUsd } : {}),
      ...(feature.runbookUrl ? { runbookUrl: feature.runbookUrl } : {}),
    }));
  }
}
