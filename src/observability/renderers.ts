/**
 * The pure renderers the construct uses (slo/, dashboards/, alerting/), loaded on first use: the Grafana
 * Foundation SDK behind the dashboards costs import time that importing the package must not pay. The
 * types are the modules' own, so the construct's calls are checked against their signatures.
 */
import type { DashboardJson } from './targets/contract';

type Slo = typeof import('./slo');
type Dashboards = typeof import('./dashboards');
type Alerting = typeof import('./alerting');

/** The dashboards' models are plain JSON objects; the construct handles them as such. */
type AsJson<F extends (...args: any[]) => unknown> = (...args: Parameters<F>) => DashboardJson;

export type ObservabilityRenderers =
  Pick<Slo, 'gatewayRuleGroups' | 'teamRuleGroups' | 'featureRuleGroups' | 'renderRuleGroupsYaml'>
  & { platformDashboard: AsJson<Dashboards['platformDashboard']>; teamDashboard: AsJson<Dashboards['teamDashboard']> }
  & Pick<Alerting, 'renderAlertmanagerConfig'>;

let loaded: ObservabilityRenderers | undefined;

export function renderers(): ObservabilityRenderers {
  if (!loaded) {
    /* eslint-disable @typescript-eslint/no-require-imports */
    const slo = require('./slo') as Slo;
    const dashboards = require('./dashboards') as Dashboards;
    const alerting = require('./alerting') as Alerting;
    /* eslint-enable @typescript-eslint/no-require-imports */
    loaded = {
      gatewayRuleGroups: slo.gatewayRuleGroups,
      teamRuleGroups: slo.teamRuleGroups,
      featureRuleGroups: slo.featureRuleGroups,
      renderRuleGroupsYaml: slo.renderRuleGroupsYaml,
      platformDashboard: (...args) => dashboards.platformDashboard(...args) as unknown as DashboardJson,
      teamDashboard: (...args) => dashboards.teamDashboard(...args) as unknown as DashboardJson,
      renderAlertmanagerConfig: alerting.renderAlertmanagerConfig,
    };
  }
  return loaded;
}
