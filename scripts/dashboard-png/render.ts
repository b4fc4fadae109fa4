/**
 * Renders the team dashboard to docs/team-dashboard.png, offline:
 * 1. synthetic LiteLLM series (scenario.ts) → TSDB blocks (`promtool tsdb create-blocks-from openmetrics`);
 * 2. a local Prometheus (Debian's `prometheus`, on 127.0.0.1) serves them; the team and feature rule
 *    groups are backfilled (`promtool tsdb create-blocks-from rules`, twice: the ratios read the rates);
 * 3. every panel's queries run against it; html.ts draws the dashboard; headless Chromium screenshots it.
 *
 * Run: `npx projen docs:dashboard` (needs prometheus, promtool and chromium; not part of `npm test`).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { dashboardHtml, type PanelData, type SeriesData } from './html';
import { DURATION_SECONDS, scenario, toOpenMetrics } from './scenario';
import { teamDashboard } from '../../src/observability/dashboards';
import { featureRuleGroups, isAlertingRule, renderRuleGroupsYaml, teamRuleGroups, type RuleGroup } from '../../src/observability/slo';

const PORT = 19093;
const URL = `http://127.0.0.1:${PORT}`;
const WIDTH = 1600;
const OUT = path.join(__dirname, '..', '..', 'docs', 'team-dashboard.png');

const SLO = { availability: 0.999, latencyP95Ms: 1200 };
const FEATURES = [
  { name: 'jd-gen', keyAlias: 'hiring/jd-gen', runbookUrl: 'https://runbooks.example.com/hiring/jd-gen' },
  { name: 'summarize', keyAlias: 'hiring/summarize' },
];

function run(cmd: string, args: string[], cwd: string): void {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed:\n${r.stdout}${r.stderr}`);
}

async function waitReady(): Promise<void> {
  for (let i = 0; i < 120; i++) {
    try {
      const r = await fetch(`${URL}/-/ready`);
      if (r.ok) return;
    } catch { /* not up yet */ }
    await new Promise((res) => setTimeout(res, 500));
  }
  throw new Error('prometheus did not become ready');
}

async function startPrometheus(dir: string): Promise<ChildProcess> {
  fs.writeFileSync(path.join(dir, 'prometheus.yml'), 'global:\n  scrape_interval: 1m\n');
  const p = spawn('prometheus', [
    `--config.file=${path.join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${path.join(dir, 'tsdb')}`, `--web.listen-address=127.0.0.1:${PORT}`,
    '--storage.tsdb.retention.time=3650d', '--log.level=warn',
  ], { stdio: 'ignore' });
  await waitReady();
  return p;
}

async function stop(p: ChildProcess): Promise<void> {
  await new Promise<void>((res) => { p.once('exit', () => res()); p.kill('SIGTERM'); });
}

/** Backfills recording rules into the TSDB directory (promtool evaluates them against the running server). */
function backfill(dir: string, groups: RuleGroup[], start: number, end: number, name: string): void {
  const file = path.join(dir, `${name}.yaml`);
  fs.writeFileSync(file, renderRuleGroupsYaml(groups));
  run('promtool', ['tsdb', 'create-blocks-from', 'rules', `--start=${start}`, `--end=${end}`, `--url=${URL}`, `--output-dir=${path.join(dir, 'tsdb')}`, file], dir);
}

async function query(expr: string, start: number, end: number, instant: boolean, legend: string): Promise<SeriesData[]> {
  const params = instant ? new URLSearchParams({ query: expr, time: String(end) }) : new URLSearchParams({ query: expr, start: String(start), end: String(end), step: '60' });
  const r = await fetch(`${URL}/api/v1/${instant ? 'query' : 'query_range'}?${params}`);
  type Result = { metric: Record<string, string>; values?: [number, string][]; value?: [number, string] };
  const body = await r.json() as { status: string; error?: string; data: { result: Result[] } };
  if (body.status !== 'success') throw new Error(`${expr}: ${body.error}`);
  return body.data.result.map((s) => ({
    name: legend === '__auto' || legend === ''
      ? Object.entries(s.metric).filter(([k]) => k !== '__name__').map(([k, v]) => `${k}=${v}`).join(' ') || 'value'
      : legend.replace(/\{\{\s*(\w+)\s*\}\}/g, (_m, k: string) => s.metric[k] ?? ''),
    points: (s.values ?? (s.value ? [s.value] : [])).map(([t, v]) => [Number(t), Number(v)] as const),
  }));
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dashboard-png-'));
  const end = Math.floor(Date.now() / 1000 / 3600) * 3600 - 3600;
  const start = end - DURATION_SECONDS;
  let prometheus: ChildProcess | undefined;
  try {
    fs.writeFileSync(path.join(dir, 'data.om'), toOpenMetrics(scenario(), start));
    run('promtool', ['tsdb', 'create-blocks-from', 'openmetrics', '-q', 'data.om', 'tsdb'], dir);

    const groups = [
      ...teamRuleGroups({ gateway: 'prod', team: 'hiring', slo: SLO }),
      ...FEATURES.map((f) => featureRuleGroups({ gateway: 'prod', team: 'hiring', feature: f.name, keyAlias: f.keyAlias, slo: SLO })).flat(),
    ].map((g) => ({ ...g, rules: g.rules.filter((r) => !isAlertingRule(r)) }));
    const rates = groups.map((g) => ({ ...g, rules: g.rules.filter((r) => !('record' in r && r.record.includes('_ratio'))) }));
    const ratios = groups.map((g) => ({ ...g, name: `${g.name}-ratios`, rules: g.rules.filter((r) => 'record' in r && r.record.includes('_ratio')) }));

    prometheus = await startPrometheus(dir);
    backfill(dir, rates, start, end, 'rates');
    await stop(prometheus);
    prometheus = await startPrometheus(dir);
    backfill(dir, ratios, start, end, 'ratios');
    await stop(prometheus);
    prometheus = await startPrometheus(dir);

    const dashboard = teamDashboard({ gateway: 'prod', team: 'hiring', slo: SLO, features: FEATURES, runbookUrl: 'https://runbooks.example.com/hiring', datasourceUid: 'prometheus' });
    const data: PanelData = new Map();
    type Target = { expr: string; legendFormat?: string; instant?: boolean };
    for (const panel of (dashboard.panels ?? []) as Array<{ id: number; type: string; targets?: Target[] }>) {
      const results: SeriesData[][] = [];
      for (const t of panel.targets ?? []) {
        const instant = panel.type === 'bargauge' || t.instant === true;
        results.push(await query(t.expr, start, end, instant, t.legendFormat ?? '__auto'));
      }
      data.set(panel.id, results);
    }
    const subtitle = 'synthetic data: for the last 55 minutes the Bedrock deployment of chat-default fails 70 % of its calls; LiteLLM falls back to chat-fast';
    const html = dashboardHtml(dashboard as never, data, WIDTH, subtitle);
    fs.writeFileSync(path.join(dir, 'dashboard.html'), html);
    const height = Number(/height:(\d+)px;position/.exec(html)![1]);
    fs.mkdirSync(path.dirname(OUT), { recursive: true });
    run('chromium', [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--hide-scrollbars', `--user-data-dir=${path.join(dir, 'chromium')}`, `--window-size=${WIDTH},${height}`, `--screenshot=${OUT}`,
      `file://${path.join(dir, 'dashboard.html')}`,
    ], dir);
    console.log(`wrote ${path.relative(process.cwd(), OUT)} (${WIDTH}x${height})`);
  } finally {
    if (prometheus) await stop(prometheus);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
