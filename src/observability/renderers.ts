import type { RuleGroup, SloObjectives } from './slo/types';
import type { DashboardJson } from './targets/contract';

/**
 * The pure renderers the construct uses (slo/, dashboards/, alerting/), behind one typed seam so the
 * construct code reads the same whatever module layout they have. Loaded on first use.
 */
export interface ObservabilityRenderers {
  gatewayRuleGroups(input: { gateway: string; environment?: string; slo: SloObjectives; runbookUrl?: string }): RuleGroup[];
  teamRuleGroups(input: { gateway: string; team: string; slo: SloObjectives; monthlyBudgetUsd?: number; runbookUrl?: string }): RuleGroup[];
  featureRuleGroups(input: {
    gateway: string; team: string; feature: string; keyAlias: string; slo: SloObjectives; monthlyBudgetUsd?: number; runbookUrl?: string;
  }): RuleGroup[];
  renderRuleGroupsYaml(groups: ReadonlyArray<RuleGroup>): string;
  platformDashboard(input: { gateway: string; slo: SloObjectives; datasourceUid?: string; runbookUrl?: string }): DashboardJson;
  teamDashboard(input: {
    gateway: string;
    team: string;
    slo: SloObjectives;
    features?: ReadonlyArray<{ name: string; keyAlias: string; slo?: SloObjectives; runbookUrl?: string }>;
    runbookUrl?: string;
    datasourceUid?: string;
  }): DashboardJson;
  renderAlertmanagerConfig(input: {
    page: { name: string; sns: ReadonlyArray<{ topicArn: string; region: string }> };
    ticket: { name: string; sns: ReadonlyArray<{ topicArn: string; region: string }> };
  }): string;
}

let loaded: ObservabilityRenderers | undefined;

export function renderers(): ObservabilityRenderers {
  if (!loaded) {
    /* eslint-disable @typescript-eslint/no-require-imports */
    loaded = {
      ...require('./slo'),
      ...require('./dashboards'),
      ...require('./alerting'),
    } as ObservabilityRenderers;
    /* eslint-enable @typescript-eslint/no-require-imports */
  }
  return loaded;
}
