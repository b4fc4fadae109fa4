import type { IConstruct } from 'constructs';
import { z } from 'zod';
import {
  budgetSchema, environmentSchema, featureNameSchema, gatewayNameSchema, keyAliasSchema, minBadEventsSchema,
  runbookUrlSchema, sloSchema, teamNameSchema, validated,
} from './inputs';
import { providerAlerts, providerRecordingRules } from './provider-alerts';
import { sloRecordingRules } from './recording-rules';
import { featureScope, gatewayScope, teamScope, type SloScope } from './scope';
import { availabilityBurnAlerts, latencyBurnAlerts } from './slo-alerts';
import { spendProjectionAlert } from './spend-alerts';
import type { PrometheusRule, RuleGroup, SloObjectives } from './types';
import { schemaFor } from '../../core/validation';

/** How often the groups are evaluated. Recording windows start at 5 minutes. */
export const RULE_EVALUATION_INTERVAL = '1m';

interface CommonInput {
  /** The gateway's name (`LlmGateway.gatewayName`); every series carries it as the `gateway` label. */
  readonly gateway: string;
  /** Added as an `environment` label to every alert. @default - no environment label */
  readonly environment?: string;
  readonly slo: SloObjectives;
  /** Added as the `runbook_url` annotation of every alert. @default - no runbook link */
  readonly runbookUrl?: string;
  /**
   * Low-traffic guard: a burn-rate alert also needs this many bad events in its long window.
   * @default DEFAULT_MIN_BAD_EVENTS (5)
   */
  readonly minBadEvents?: number;
}

export interface GatewayRuleGroupsInput extends CommonInput {}

export interface TeamRuleGroupsInput extends CommonInput {
  /** The team name: LiteLLM's `team_alias`. */
  readonly team: string;
  /** Projected-spend alert threshold, USD per month. @default - no spend alert */
  readonly monthlyBudgetUsd?: number;
}

export interface FeatureRuleGroupsInput extends TeamRuleGroupsInput {
  /** The feature name. */
  readonly feature: string;
  /** The feature's virtual-key alias (`api_key_alias` label), `<team>/<feature>` by convention. */
  readonly keyAlias: string;
}

const common = {
  gateway: gatewayNameSchema,
  environment: environmentSchema.optional(),
  slo: sloSchema,
  runbookUrl: runbookUrlSchema.optional(),
  minBadEvents: minBadEventsSchema.optional(),
};
const gatewaySchema = schemaFor<GatewayRuleGroupsInput>()(z.strictObject(common));
const teamSchema = schemaFor<TeamRuleGroupsInput>()(z.strictObject({ ...common, team: teamNameSchema, monthlyBudgetUsd: budgetSchema.optional() }));
const featureSchema = schemaFor<FeatureRuleGroupsInput>()(z.strictObject({
  ...common, team: teamNameSchema, monthlyBudgetUsd: budgetSchema.optional(), feature: featureNameSchema, keyAlias: keyAliasSchema,
}));

function sloRules(scope: SloScope, input: CommonInput): PrometheusRule[] {
  const options = { runbookUrl: input.runbookUrl, minBadEvents: input.minBadEvents };
  return [
    ...sloRecordingRules(scope, input.slo.latencyP95Ms / 1000),
    ...availabilityBurnAlerts(scope, input.slo.availability, options),
    ...latencyBurnAlerts(scope, input.slo.latencyP95Ms, options),
  ];
}

/**
 * The platform's rules for one gateway: SLO recordings and burn-rate alerts over all its traffic,
 * provider-deployment failure and cooldown alerts, and the fallback-rate alert. Independent of the teams
 * on the gateway, so adding a team never changes them.
 */
export function gatewayRuleGroups(input: GatewayRuleGroupsInput, errorScope: IConstruct | string = 'gatewayRuleGroups'): RuleGroup[] {
  const p = validated(errorScope, gatewaySchema, input);
  const scope = gatewayScope(p.gateway, p.environment);
  return [{
    name: `llm-gateway-${p.gateway}`,
    interval: RULE_EVALUATION_INTERVAL,
    rules: [...sloRules(scope, p), ...providerRecordingRules(scope), ...providerAlerts(scope, p.runbookUrl)],
  }];
}

/** One team's rules: SLO recordings and burn-rate alerts over the team's traffic, and its spend projection. */
export function teamRuleGroups(input: TeamRuleGroupsInput, errorScope: IConstruct | string = 'teamRuleGroups'): RuleGroup[] {
  const p = validated(errorScope, teamSchema, input);
  const scope = teamScope(p.gateway, p.team, p.environment);
  const rules = sloRules(scope, p);
  if (p.monthlyBudgetUsd !== undefined) rules.push(spendProjectionAlert(scope, p.monthlyBudgetUsd, p.runbookUrl));
  return [{ name: `llm-team-${p.gateway}-${p.team}`, interval: RULE_EVALUATION_INTERVAL, rules }];
}

/** One feature's rules (its virtual key's traffic): what `StandardLlmFeature` deploys with the feature. */
export function featureRuleGroups(input: FeatureRuleGroupsInput, errorScope: IConstruct | string = 'featureRuleGroups'): RuleGroup[] {
  const p = validated(errorScope, featureSchema, input);
  const scope = featureScope(p.gateway, p.team, p.feature, p.keyAlias, p.environment);
  const rules = sloRules(scope, p);
  if (p.monthlyBudgetUsd !== undefined) rules.push(spendProjectionAlert(scope, p.monthlyBudgetUsd, p.runbookUrl));
  return [{ name: `llm-feature-${p.gateway}-${p.team}-${p.feature}`, interval: RULE_EVALUATION_INTERVAL, rules }];
}
