/** Rule groups and expected labels shared by the promtool-backed tests. */
import type { Caller } from './litellm-series';
import {
  ALERT_NAMES, featureRuleGroups, gatewayRuleGroups, isAlertingRule, renderRuleGroupsYaml, teamRuleGroups,
  type RuleGroup, type SloObjectives,
} from '../../src/observability/slo';

export const SLO: SloObjectives = { availability: 0.999, latencyP95Ms: 1200 };
export const GATEWAY = 'prod';
export const HIRING: Caller = { gateway: GATEWAY, team: 'hiring', keyAlias: 'hiring/jd-gen' };
export const TINY: Caller = { gateway: GATEWAY, team: 'tiny', keyAlias: 'tiny/faq' };

/** The platform's rules for `prod`, plus team and feature rules for hiring/jd-gen and tiny/faq. */
export function fixtureGroups(): RuleGroup[] {
  return [
    ...gatewayRuleGroups({ gateway: GATEWAY, slo: SLO }),
    ...teamRuleGroups({ gateway: GATEWAY, team: 'hiring', slo: SLO, monthlyBudgetUsd: 3000 }),
    ...featureRuleGroups({ gateway: GATEWAY, team: 'hiring', feature: 'jd-gen', keyAlias: 'hiring/jd-gen', slo: SLO, monthlyBudgetUsd: 1200 }),
    ...teamRuleGroups({ gateway: GATEWAY, team: 'tiny', slo: SLO }),
    ...featureRuleGroups({ gateway: GATEWAY, team: 'tiny', feature: 'faq', keyAlias: 'tiny/faq', slo: SLO }),
  ];
}

/**
 * The same groups without annotations. promtool compares annotations exactly, and theirs interpolate
 * `$value` (an extrapolated rate); firing depends only on expr, labels and `for`, which stay as they are.
 * Annotations are asserted in their own test, where `$value` is exact.
 */
export function withoutAnnotations(groups: ReadonlyArray<RuleGroup>): RuleGroup[] {
  return groups.map((g) => ({ ...g, rules: g.rules.map((r) => (isAlertingRule(r) ? { ...r, annotations: {} } : r)) }));
}

/**
 * The fixture rule file. `gatewayOnly` keeps just the gateway group: long simulations (days of samples)
 * test the burn-rate logic, which is the same code at every scope, at a fraction of the cost.
 */
export function fixtureRulesYaml(options: { gatewayOnly?: boolean } = {}): string {
  const groups = options.gatewayOnly ? gatewayRuleGroups({ gateway: GATEWAY, slo: SLO }) : fixtureGroups();
  return renderRuleGroupsYaml(withoutAnnotations(groups));
}

type Slo = 'availability' | 'latency';

export function gatewayAlert(severity: 'page' | 'ticket', slo: Slo): Record<string, string> {
  return { gateway: GATEWAY, scope: 'gateway', severity, slo };
}

export function teamAlert(c: Caller, severity: 'page' | 'ticket', slo: Slo): Record<string, string> {
  return { gateway: c.gateway, scope: 'team', severity, slo, team: c.team, team_alias: c.team };
}

export function featureAlert(c: Caller, severity: 'page' | 'ticket', slo: Slo): Record<string, string> {
  const feature = c.keyAlias.split('/')[1];
  return { api_key_alias: c.keyAlias, feature, gateway: c.gateway, scope: 'feature', severity, slo, team: c.team };
}

/** Gateway, team and feature alerts of one caller: what a caller's own burn fires at all three scopes. */
export function allScopes(c: Caller, severity: 'page' | 'ticket', slo: Slo): Array<{ labels: Record<string, string> }> {
  return [gatewayAlert(severity, slo), teamAlert(c, severity, slo), featureAlert(c, severity, slo)].map((labels) => ({ labels }));
}

export { ALERT_NAMES };
