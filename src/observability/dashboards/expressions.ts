import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';

/** One PromQL query of a dashboard, with the panel it belongs to. */
export interface DashboardExpression {
  readonly panel: string;
  readonly refId: string;
  readonly expr: string;
}

interface PanelLike {
  readonly title?: string;
  readonly type?: string;
  readonly targets?: ReadonlyArray<{ readonly expr?: string; readonly refId?: string }>;
  readonly panels?: ReadonlyArray<PanelLike>;
}

/** Every PromQL expression of a dashboard, in panel order (rows' nested panels included). */
export function dashboardExpressions(dashboard: Dashboard): DashboardExpression[] {
  const out: DashboardExpression[] = [];
  const walk = (panels: ReadonlyArray<PanelLike>): void => {
    for (const panel of panels) {
      for (const t of panel.targets ?? []) {
        if (typeof t.expr === 'string') out.push({ panel: panel.title ?? '', refId: t.refId ?? '', expr: t.expr });
      }
      if (panel.panels) walk(panel.panels);
    }
  };
  walk((dashboard.panels ?? []) as ReadonlyArray<PanelLike>);
  return out;
}

const RECORDING_NAME = /\b[a-z_]+:[a-z0-9_]+:[a-z0-9_]+\b/g;

/**
 * The recording rules a dashboard reads (names only, sorted). Deploy the rule groups that record them
 * with the dashboard: gateway recordings with the platform dashboard, team and feature recordings with
 * the team dashboard.
 */
export function recordingRulesUsed(dashboard: Dashboard): string[] {
  const names = new Set<string>();
  for (const e of dashboardExpressions(dashboard)) for (const m of e.expr.matchAll(RECORDING_NAME)) names.add(m[0]);
  return [...names].sort();
}
