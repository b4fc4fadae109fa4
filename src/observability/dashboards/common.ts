import { createHash } from 'node:crypto';
import type * as common from '@grafana/grafana-foundation-sdk/common';
import { DashboardBuilder, DashboardCursorSync, DatasourceVariableBuilder, VariableHide, type Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { numbered, type PanelContext } from './panels';

/** Grafana dashboard uids are at most 40 characters. */
export const MAX_UID_LENGTH = 40;

/** The datasource variable's name when no datasource uid is given. */
export const DATASOURCE_VARIABLE = 'datasource';

/**
 * A uid that is the same for the same input, readable when it fits (`llm-team-prod-hiring`) and a
 * hash of the parts when it does not.
 */
export function stableUid(prefix: string, parts: ReadonlyArray<string>): string {
  const readable = [prefix, ...parts].join('-');
  if (readable.length <= MAX_UID_LENGTH) return readable;
  const digest = createHash('sha256').update(parts.join('\u0000')).digest('hex');
  return `${prefix}-${digest.slice(0, MAX_UID_LENGTH - prefix.length - 1)}`;
}

/**
 * Where panels read from: the given Prometheus datasource uid, or a `$datasource` variable the viewer
 * picks (`$name`, never `${name}`, so the JSON passes through Terraform strings without escaping).
 */
export function datasourceContext(datasourceUid: string | undefined): PanelContext {
  return { datasource: { type: 'prometheus', uid: datasourceUid ?? `$${DATASOURCE_VARIABLE}` } satisfies common.DataSourceRef };
}

/** The shared frame: uid, title, tags, UTC, 30 s refresh, last 6 hours, read-only (it is generated). */
export function baseDashboard(
  uid: string, title: string, tags: ReadonlyArray<string>, description: string, datasourceUid: string | undefined,
): DashboardBuilder {
  const b = new DashboardBuilder(title)
    .uid(uid).description(description).tags([...tags]).timezone('utc').refresh('30s')
    .time({ from: 'now-6h', to: 'now' }).tooltip(DashboardCursorSync.Crosshair).readonly();
  if (datasourceUid === undefined) {
    b.withVariable(new DatasourceVariableBuilder(DATASOURCE_VARIABLE).label('Prometheus').type('prometheus').hide(VariableHide.DontHide));
  }
  return b;
}

/** Builds, numbers the panels, and returns plain JSON data (no class instances, no undefined). */
export function finish(builder: DashboardBuilder): Dashboard {
  return JSON.parse(JSON.stringify(numbered(builder.build()))) as Dashboard;
}
