/**
 * Small, typed wrappers over the Grafana Foundation SDK (0.0.21) panel builders, so the dashboards read
 * as a list of questions and queries. Builder names come from the SDK's typings
 * (node_modules/@grafana/grafana-foundation-sdk/dist/<panel>/panelBuilder.gen.d.ts).
 */
import * as bargauge from '@grafana/grafana-foundation-sdk/bargauge';
import type * as cog from '@grafana/grafana-foundation-sdk/cog';
import {
  GraphThresholdsStyleConfigBuilder, GraphThresholdsStyleMode, LegendDisplayMode, LegendPlacement, ReduceDataOptionsBuilder, VisibilityMode,
  VizLegendOptionsBuilder,
} from '@grafana/grafana-foundation-sdk/common';
import type * as common from '@grafana/grafana-foundation-sdk/common';
import {
  DashboardLinkBuilder, DashboardLinkType, MappingType, ThresholdsConfigBuilder, ThresholdsMode,
  type Dashboard, type Panel, type RowPanel, type Threshold,
} from '@grafana/grafana-foundation-sdk/dashboard';
import * as prometheus from '@grafana/grafana-foundation-sdk/prometheus';
import * as stat from '@grafana/grafana-foundation-sdk/stat';
import * as statetimeline from '@grafana/grafana-foundation-sdk/statetimeline';
import * as text from '@grafana/grafana-foundation-sdk/text';
import * as timeseries from '@grafana/grafana-foundation-sdk/timeseries';

/** One query of a panel. */
export interface Query {
  readonly expr: string;
  /** Series name template, e.g. `{{team_alias}}`. */
  readonly legend?: string;
}

/** What every panel helper needs: where the data comes from. */
export interface PanelContext {
  readonly datasource: common.DataSourceRef;
}

const REF_IDS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

function targets(ctx: PanelContext, queries: ReadonlyArray<Query>, instant = false): prometheus.DataqueryBuilder[] {
  return queries.map((q, i) => {
    const b = new prometheus.DataqueryBuilder().refId(REF_IDS[i]).expr(q.expr).datasource(ctx.datasource).legendFormat(q.legend ?? '__auto');
    return instant ? b.instant() : b.range();
  });
}

/** Steps green → red at `limit` (a threshold line on graphs, a colour on stats). */
export function limitThresholds(limit: number, below: 'good' | 'bad' = 'good'): ThresholdsConfigBuilder {
  const steps: Threshold[] = below === 'good'
    ? [{ value: null, color: 'green' }, { value: limit, color: 'red' }]
    : [{ value: null, color: 'red' }, { value: limit, color: 'green' }];
  return new ThresholdsConfigBuilder().mode(ThresholdsMode.Absolute).steps(steps);
}

export interface GraphOptions {
  readonly unit: string;
  readonly description: string;
  /** Draws a dashed line at this value (the SLO threshold). */
  readonly limit?: number;
  readonly span?: number;
  readonly height?: number;
  readonly stacked?: boolean;
  readonly min?: number;
  readonly max?: number;
}

export function graph(ctx: PanelContext, title: string, queries: ReadonlyArray<Query>, o: GraphOptions): timeseries.PanelBuilder {
  const p = new timeseries.PanelBuilder()
    .title(title).description(o.description).datasource(ctx.datasource).targets(targets(ctx, queries))
    .unit(o.unit).span(o.span ?? 8).height(o.height ?? 8).fillOpacity(o.stacked ? 60 : 10).lineWidth(1)
    .legend(new VizLegendOptionsBuilder().showLegend(true).displayMode(LegendDisplayMode.List).placement(LegendPlacement.Bottom));
  if (o.min !== undefined) p.min(o.min);
  if (o.max !== undefined) p.max(o.max);
  if (o.limit !== undefined) {
    p.thresholds(limitThresholds(o.limit)).thresholdsStyle(new GraphThresholdsStyleConfigBuilder().mode(GraphThresholdsStyleMode.Dashed));
  }
  return p;
}

export interface StatOptions {
  readonly unit: string;
  readonly description: string;
  readonly thresholds: ThresholdsConfigBuilder;
  readonly span?: number;
  readonly height?: number;
  readonly decimals?: number;
  readonly noValue?: string;
}

export function single(ctx: PanelContext, title: string, query: Query, o: StatOptions): stat.PanelBuilder {
  const p = new stat.PanelBuilder()
    .title(title).description(o.description).datasource(ctx.datasource).targets(targets(ctx, [query]))
    .unit(o.unit).span(o.span ?? 4).height(o.height ?? 5).thresholds(o.thresholds)
    .reduceOptions(new ReduceDataOptionsBuilder().calcs(['lastNotNull']).values(false));
  if (o.decimals !== undefined) p.decimals(o.decimals);
  if (o.noValue !== undefined) p.noValue(o.noValue);
  return p;
}

/** Horizontal bars of the latest value per series (e.g. error ratio per model). */
export function bars(ctx: PanelContext, title: string, query: Query, o: StatOptions): bargauge.PanelBuilder {
  return new bargauge.PanelBuilder()
    .title(title).description(o.description).datasource(ctx.datasource).targets(targets(ctx, [query], true))
    .unit(o.unit).span(o.span ?? 8).height(o.height ?? 8).thresholds(o.thresholds)
    .reduceOptions(new ReduceDataOptionsBuilder().calcs(['lastNotNull']).values(false));
}

/**
 * Deployment state over time. LiteLLM sets 0 after a success, 1 after a failure, and 2 when the router
 * cools the deployment down (`router_cooldown_event_callback`), until its next call.
 */
export function deploymentStates(ctx: PanelContext, title: string, query: Query, description: string, span = 12): statetimeline.PanelBuilder {
  return new statetimeline.PanelBuilder()
    .title(title).description(description).datasource(ctx.datasource).targets(targets(ctx, [query]))
    .span(span).height(8).mergeValues(true).showValue(VisibilityMode.Never)
    .mappings([{
      type: MappingType.ValueToText,
      options: {
        0: { text: 'healthy', color: 'green', index: 0 },
        1: { text: 'partial outage', color: 'orange', index: 1 },
        2: { text: 'cooling down', color: 'red', index: 2 },
      },
    }]);
}

export function markdown(title: string, content: string, span = 24, height = 6): text.PanelBuilder {
  return new text.PanelBuilder().title(title).mode(text.TextMode.Markdown).content(content).span(span).height(height);
}

export function link(title: string, url: string): DashboardLinkBuilder {
  return new DashboardLinkBuilder(title).type(DashboardLinkType.Link).url(url).targetBlank(true).icon('doc').tooltip(title);
}

/** The built dashboard with panel ids 1..n in layout order (Grafana needs them unique). */
export function numbered(d: Dashboard): Dashboard {
  let id = 0;
  const panels = (d.panels ?? []).map((p) => {
    id += 1;
    const withId = { ...p, id } as Panel | RowPanel;
    if (withId.type === 'row') {
      const row = withId as RowPanel;
      return { ...row, panels: (row.panels ?? []).map((child) => ({ ...child, id: (id += 1) })) };
    }
    return withId;
  });
  return { ...d, panels };
}

export type PanelBuilder = cog.Builder<Panel>;
