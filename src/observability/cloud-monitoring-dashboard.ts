/**
 * Converts a Grafana dashboard model into a Cloud Monitoring dashboard (`google_monitoring_dashboard`
 * `dashboard_json`) with the same panels, each PromQL query run against Google Managed Service for
 * Prometheus (`timeSeriesQuery.prometheusQuery`). The GCP target provisions these, so GCP users get the
 * platform and team dashboards without running Grafana; the Grafana JSON is still written beside the
 * stack for a self-run Grafana with the GMP datasource. Pure: no cdktf.
 *
 * Shapes: Grafana dashboard JSON model (panels with `gridPos` on a 24-column grid, `targets[].expr`,
 * collapsed `row` panels holding their `panels`); Cloud Monitoring `Dashboard` REST resource
 * (`mosaicLayout { columns, tiles[{ xPos, yPos, width, height, widget }] }`, widgets `xyChart`,
 * `scorecard`, `timeSeriesTable`, `text`, `sectionHeader`; `TimeSeriesQuery.prometheusQuery`), Cloud
 * Monitoring API reference, projects.dashboards.
 */

/** Cloud Monitoring's mosaic grid is 48 columns wide; Grafana's is 24. */
const COLUMNS = 48;
const SCALE = COLUMNS / 24;

/** Grafana's built-in interval variables, fixed to values a 1-minute GMP scrape supports. */
const BUILTIN_VARIABLES: Readonly<Record<string, string>> = {
  __rate_interval: '5m',
  __interval: '1m',
  __range: '1h',
};

interface GrafanaPanel {
  readonly type?: string;
  readonly title?: string;
  readonly gridPos?: { readonly x?: number; readonly y?: number; readonly w?: number; readonly h?: number };
  readonly targets?: ReadonlyArray<{ readonly expr?: string; readonly legendFormat?: string; readonly hide?: boolean }>;
  readonly options?: { readonly content?: string };
  readonly panels?: ReadonlyArray<GrafanaPanel>;
}

export interface CloudMonitoringDashboardResult {
  /** The `dashboard_json` object. */
  readonly dashboard: Record<string, unknown>;
  /** Queries that still reference a variable after substitution (left out). */
  readonly problems: ReadonlyArray<string>;
}

/** `$name`, `${name}`, `${name:format}` and `[[name]]` references in a query. */
const VARIABLE = /\$\{([A-Za-z0-9_]+)(?::[A-Za-z0-9_]+)?\}|\$([A-Za-z0-9_]+)|\[\[([A-Za-z0-9_]+)\]\]/g;

/** Replaces Grafana variables with values; returns the query and the names left unresolved. */
export function substituteVariables(expr: string, values: Readonly<Record<string, string>>): { expr: string; unresolved: string[] } {
  const unresolved: string[] = [];
  const all = { ...BUILTIN_VARIABLES, ...values };
  const out = expr.replace(VARIABLE, (match, a: string | undefined, b: string | undefined, c: string | undefined) => {
    const name = a ?? b ?? c ?? '';
    if (name in all) return all[name];
    unresolved.push(name);
    return match;
  });
  return { expr: out, unresolved };
}

function flatten(panels: ReadonlyArray<GrafanaPanel>): GrafanaPanel[] {
  return panels.flatMap((p) => (p.type === 'row' ? [p, ...(p.panels ?? [])] : [p]));
}

/**
 * The Cloud Monitoring dashboard for a Grafana dashboard model. `variables` gives the value of each
 * dashboard variable (e.g. `{ gateway: 'llm-gateway', team: 'hiring' }`); multi-value selections are not
 * carried over (each dashboard is for one gateway or team).
 */
export function cloudMonitoringDashboard(
  grafana: Readonly<Record<string, unknown>>,
  variables: Readonly<Record<string, string>>,
): CloudMonitoringDashboardResult {
  const problems: string[] = [];
  const tiles: Array<Record<string, unknown>> = [];
  const panels = flatten((grafana.panels as ReadonlyArray<GrafanaPanel> | undefined) ?? []);
  for (const panel of panels) {
    const title = panel.title ?? '';
    const g = panel.gridPos ?? {};
    const position = {
      xPos: Math.round((g.x ?? 0) * SCALE),
      yPos: g.y ?? 0,
      width: Math.max(1, Math.round((g.w ?? (panel.type === 'row' ? 24 : 12)) * SCALE)),
      height: Math.max(1, g.h ?? (panel.type === 'row' ? 1 : 8)),
    };
    if (panel.type === 'row') {
      tiles.push({ ...position, widget: { title, sectionHeader: { dividerBelow: true } } });
      continue;
    }
    if (panel.type === 'text') {
      tiles.push({ ...position, widget: { title, text: { content: panel.options?.content ?? '', format: 'MARKDOWN' } } });
      continue;
    }
    const queries: Array<{ expr: string; legend?: string }> = [];
    for (const t of panel.targets ?? []) {
      if (!t.expr || t.hide) continue;
      const { expr, unresolved } = substituteVariables(t.expr, variables);
      if (unresolved.length > 0) {
        problems.push(`${title}: ${[...new Set(unresolved)].join(', ')} not resolved in ${t.expr}`);
        continue;
      }
      queries.push({ expr, ...(t.legendFormat ? { legend: t.legendFormat } : {}) });
    }
    if (queries.length === 0) continue;
    let widget: Record<string, unknown>;
    if (panel.type === 'stat' || panel.type === 'gauge') {
      widget = { title, scorecard: { timeSeriesQuery: { prometheusQuery: queries[0].expr } } };
    } else if (panel.type === 'table') {
      widget = { title, timeSeriesTable: { dataSets: queries.map((q) => ({ timeSeriesQuery: { prometheusQuery: q.expr } })) } };
    } else {
      widget = { title, xyChart: { chartOptions: { mode: 'COLOR' }, dataSets: queries.map((q) => ({ timeSeriesQuery: { prometheusQuery: q.expr }, plotType: 'LINE', targetAxis: 'Y1' })) } };
    }
    tiles.push({ ...position, widget });
  }
  return {
    dashboard: {
      displayName: String(grafana.title ?? 'LLM gateway'),
      mosaicLayout: { columns: COLUMNS, tiles },
    },
    problems,
  };
}
