/**
 * Draws a Grafana dashboard JSON model as a static HTML page (inline SVG), from query results already
 * fetched from Prometheus. Enough of Grafana's look to show what the dashboard answers; not Grafana.
 */

export interface SeriesData {
  readonly name: string;
  readonly points: ReadonlyArray<readonly [number, number]>;
}

/** Results per panel id: one list of series per query, in target order. */
export type PanelData = Map<number, SeriesData[][]>;

interface GridPos { x: number; y: number; w: number; h: number }
interface Panel {
  id: number;
  type: string;
  title: string;
  gridPos: GridPos;
  description?: string;
  options?: { content?: string };
  fieldConfig?: { defaults?: FieldDefaults };
}

interface FieldDefaults {
  unit?: string;
  decimals?: number;
  noValue?: string;
  thresholds?: { steps: Array<{ value: number | null; color: string }> };
}

const COLORS = ['#73bf69', '#f2cc0c', '#8ab8ff', '#ff780a', '#f2495c', '#5794f2', '#b877d9', '#fade2a'];
const NAMED: Record<string, string> = { green: '#73bf69', red: '#f2495c', orange: '#ff9830' };
const ROW_PX = 30;
const GAP = 8;

function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export function format(value: number, unit: string | undefined, decimals?: number): string {
  if (!Number.isFinite(value)) return '–';
  const d = (n: number, dd: number) => n.toFixed(decimals ?? dd);
  switch (unit) {
    case 'percentunit': return `${d(value * 100, Math.abs(value) < 0.01 ? 2 : 1)}%`;
    case 'reqps': return `${d(value, value < 10 ? 2 : 0)} req/s`;
    case 's': return value < 1 ? `${d(value * 1000, 0)} ms` : `${d(value, 2)} s`;
    case 'x': return `${d(value, 1)}x`;
    case 'currencyUSD': return `$${d(value, 2)}`;
    default: return Math.abs(value) >= 1000 ? `${d(value / 1000, 1)}k` : d(value, value < 10 ? 2 : 0);
  }
}

function thresholdColor(p: Panel, value: number): string {
  const steps = p.fieldConfig?.defaults?.thresholds?.steps ?? [];
  let color = steps[0]?.color ?? 'green';
  for (const s of steps) if (s.value !== null && value >= s.value) color = s.color;
  return NAMED[color] ?? color;
}

function limitOf(p: Panel): number | undefined {
  const steps = p.fieldConfig?.defaults?.thresholds?.steps ?? [];
  return steps.length > 1 ? steps[1].value ?? undefined : undefined;
}

function timeseries(p: Panel, data: SeriesData[][], w: number, h: number): string {
  const series = data.flat().filter((s) => s.points.length > 0);
  const plotW = w - 70;
  const plotH = h - 24 - Math.min(3, Math.ceil(series.length / 3)) * 16;
  if (series.length === 0) return '<div class="nodata">No data</div>';
  const xs = series.flatMap((s) => s.points.map((pt) => pt[0]));
  const ys = series.flatMap((s) => s.points.map((pt) => pt[1])).filter(Number.isFinite);
  const limit = limitOf(p);
  const x0 = Math.min(...xs);
  const x1 = Math.max(...xs);
  const yMax = Math.max(...ys, limit !== undefined && limit < 1e12 ? limit * 1.15 : 0, 1e-9) * 1.05;
  const px = (t: number) => 60 + ((t - x0) / Math.max(1, x1 - x0)) * plotW;
  const py = (v: number) => 6 + plotH - (v / yMax) * plotH;
  const unit = p.fieldConfig?.defaults?.unit;
  const grid = [0, 0.5, 1].map((f) => `<line x1="60" x2="${60 + plotW}" y1="${py(yMax * f)}" y2="${py(yMax * f)}" class="grid"/>` +
    `<text x="54" y="${py(yMax * f) + 4}" class="axis" text-anchor="end">${esc(format(yMax * f, unit))}</text>`).join('');
  // Relative time: the picture's data is synthetic, so wall-clock times would mean nothing.
  const hours = [6, 5, 4, 3, 2, 1, 0].map((ago) => {
    const t = x1 - ago * 3600;
    return t >= x0 ? `<text x="${px(t)}" y="${plotH + 20}" class="axis" text-anchor="middle">${ago === 0 ? 'now' : `-${ago}h`}</text>` : '';
  }).join('');
  const lines = series.map((s, i) => {
    const d = s.points.filter((pt) => Number.isFinite(pt[1])).map((pt, j) => `${j === 0 ? 'M' : 'L'}${px(pt[0]).toFixed(1)},${py(pt[1]).toFixed(1)}`).join('');
    return `<path d="${d}" stroke="${COLORS[i % COLORS.length]}" fill="none" stroke-width="1.6"/>`;
  }).join('');
  const threshold = limit !== undefined && limit < yMax ? `<line x1="60" x2="${60 + plotW}" y1="${py(limit)}" y2="${py(limit)}" class="limit"/>` : '';
  const legend = series.slice(0, 9).map((s, i) => `<span><i style="background:${COLORS[i % COLORS.length]}"></i>${esc(s.name)}</span>`).join('');
  return `<svg width="${w}" height="${plotH + 26}">${grid}${hours}${threshold}${lines}</svg><div class="legend">${legend}</div>`;
}

function statPanel(p: Panel, data: SeriesData[][]): string {
  const last = data.flat()[0]?.points.at(-1)?.[1];
  const d = p.fieldConfig?.defaults;
  if (last === undefined) return `<div class="stat" style="color:#ccccdc">${esc(d?.noValue ?? 'No data')}</div>`;
  return `<div class="stat" style="color:${thresholdColor(p, last)}">${esc(format(last, d?.unit, d?.decimals))}</div>`;
}

function barsPanel(p: Panel, data: SeriesData[][], w: number): string {
  const rows = data.flat().map((s) => ({ name: s.name, v: s.points.at(-1)?.[1] ?? NaN })).filter((r) => Number.isFinite(r.v));
  if (rows.length === 0) return '<div class="nodata">No data</div>';
  const max = Math.max(...rows.map((r) => r.v), limitOf(p) ?? 0, 1e-9);
  return rows.map((r) => `<div class="bar"><span class="bn">${esc(r.name)}</span><span class="bt" style="width:${Math.max(2, (r.v / max) * (w - 300))}px;background:${thresholdColor(p, r.v)}"></span>` +
    `<span class="bv">${esc(format(r.v, p.fieldConfig?.defaults?.unit))}</span></div>`).join('');
}

function statesPanel(data: SeriesData[][], w: number): string {
  const series = data.flat();
  if (series.length === 0) return '<div class="nodata">No data</div>';
  const palette = ['#73bf69', '#ff9830', '#f2495c'];
  const xs = series.flatMap((s) => s.points.map((pt) => pt[0]));
  const x0 = Math.min(...xs);
  const x1 = Math.max(...xs);
  const bw = w - 230;
  return series.map((s) => {
    const rects = s.points.map((pt, i) => {
      const next = s.points[i + 1]?.[0] ?? x1;
      const x = 220 + ((pt[0] - x0) / (x1 - x0)) * bw;
      const width = Math.max(1, ((next - pt[0]) / (x1 - x0)) * bw);
      return `<rect x="${x.toFixed(1)}" y="4" width="${width.toFixed(1)}" height="26" fill="${palette[Math.min(2, Math.max(0, Math.round(pt[1])))]}"/>`;
    }).join('');
    return `<svg width="${w}" height="34"><text x="0" y="22" class="axis">${esc(s.name)}</text>${rects}</svg>`;
  }).join('') + '<div class="legend"><span><i style="background:#73bf69"></i>healthy</span><span><i style="background:#ff9830"></i>partial outage</span><span><i style="background:#f2495c"></i>cooling down</span></div>';
}

function markdown(content: string): string {
  return content.split('\n').map((line) => {
    let html = esc(line).replace(/\*\*([^*]+)\*\*/g, '<b>$1</b>').replace(/\[([^\]]+)\]\(([^)]+)\)/g, '<a>$1</a>');
    if (line.startsWith('- ')) html = `<li>${html.slice(2)}</li>`;
    return line.trim() === '' ? '' : `<p>${html}</p>`;
  }).join('');
}

/** The page: title bar, then every panel at its grid position (24 columns). */
export function dashboardHtml(dashboard: { title: string; panels: Panel[] }, data: PanelData, widthPx: number, subtitle: string): string {
  const col = (widthPx - GAP) / 24;
  const body = dashboard.panels.map((p) => {
    const left = p.gridPos.x * col + GAP;
    const top = p.gridPos.y * ROW_PX + 56;
    const w = p.gridPos.w * col - GAP;
    const h = p.gridPos.h * ROW_PX - GAP;
    if (p.type === 'row') return `<div class="row" style="left:${left}px;top:${top}px;width:${w}px">${esc(p.title)}</div>`;
    const results = data.get(p.id) ?? [];
    let inner = '';
    if (p.type === 'timeseries') inner = timeseries(p, results, w - 16, h - 34);
    else if (p.type === 'stat') inner = statPanel(p, results);
    else if (p.type === 'bargauge') inner = barsPanel(p, results, w - 16);
    else if (p.type === 'state-timeline') inner = statesPanel(results, w - 16);
    else if (p.type === 'text') inner = `<div class="md">${markdown(p.options?.content ?? '')}</div>`;
    return `<div class="panel" style="left:${left}px;top:${top}px;width:${w}px;height:${h}px"><div class="title">${esc(p.title)}</div>${inner}</div>`;
  }).join('\n');
  const height = Math.max(...dashboard.panels.map((p) => (p.gridPos.y + p.gridPos.h) * ROW_PX)) + 70;
  return `<!doctype html><html><head><meta charset="utf-8"><style>
body{margin:0;background:#111217;font-family:"DejaVu Sans",Arial,sans-serif;color:#ccccdc;width:${widthPx}px;height:${height}px;position:relative;overflow:hidden}
.top{position:absolute;left:${GAP}px;top:12px;font-size:19px;color:#e6e6eb}.top small{color:#8e8e9e;font-size:13px;margin-left:14px}
.panel{position:absolute;background:#181b1f;border:1px solid #2c3235;border-radius:3px;padding:6px 8px;box-sizing:border-box;overflow:hidden}
.title{font-size:13px;font-weight:600;color:#d8d9da;margin-bottom:4px;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.row{position:absolute;font-size:15px;font-weight:600;color:#e6e6eb;padding-top:6px}
.stat{font-size:34px;font-weight:600;text-align:center;margin-top:18px}
.legend{font-size:11px;color:#9fa0a8;display:flex;flex-wrap:wrap;gap:4px 12px}.legend i{display:inline-block;width:12px;height:3px;margin-right:5px;vertical-align:middle}
.grid{stroke:#2c3235;stroke-width:1}.limit{stroke:#f2495c;stroke-dasharray:6 4;stroke-width:1.4}.axis{fill:#8e8e9e;font-size:10px}
.bar{display:flex;align-items:center;font-size:12px;margin:8px 0}.bn{width:150px;overflow:hidden}.bt{height:16px;display:inline-block;margin:0 8px;border-radius:2px}.bv{color:#d8d9da}
.md{font-size:12.5px;line-height:1.45}.md p{margin:3px 0}.md li{margin-left:14px}.md a{color:#6e9fff}.nodata{color:#6c6c7a;font-size:12px;margin-top:20px;text-align:center}
</style></head><body><div class="top">${esc(dashboard.title)}<small>${esc(subtitle)}</small></div>${body}</body></html>`;
}
