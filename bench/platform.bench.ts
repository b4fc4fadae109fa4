/* eslint-disable no-console */
// Issue 14 scale: the quickstart's platform (examples/aws-platform: network + platform stack) with N team stacks of one
// StandardLlmFeature each, synthesized as one app, next to a raw-cdktf program emitting the same JSON for every stack
// (bench/raw-cdktf.ts: typed provider classes fed the library's output, verified identical first), in the same run.
// Each measurement is a fresh `ts-node --swc` child (as `npx cdktf synth` runs an app), library and raw alternating.
// Printed per side: build + synth wall time and CPU time (CPU = what the wall time would be on an idle core: the
// 2 cores here are shared), the run with node start and imports, and peak RSS; then library/raw and
// time(200)/time(50). Goals (2 cores): < 15 s and < 1 GB for 200 teams, time(200)/time(50) <= 4.4, <= 1.6x raw.
// Asserts nothing. Run: `npx ts-node --swc bench/platform.bench.ts [--teams 50,200] [--runs 1]` (bench/run.ts loads it too).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.join(__dirname, '..');

interface Sample {
  /** Build + synth, in the child (ms). */
  readonly ms: number;
  /** Node start, ts-node and imports, before the measured build (ms): `wallMs` = `startMs` + `ms`. */
  readonly startMs: number;
  /** The program's whole run: node start and imports, then build + synth (ms; the raw side's untimed verification excluded). */
  readonly wallMs: number;
  /** Peak resident set size of the child (MB). */
  readonly rssMb: number;
  /** CPU time (user + system) of the child's build + synth (ms): what the wall time would be on an idle core. */
  readonly cpuMs: number;
  readonly stacks: number;
  readonly resources: number;
}

// ---- Child side --------------------------------------------------------------------------------------------

let cpuStart: NodeJS.CpuUsage | undefined;

function cpuMsSince(start: NodeJS.CpuUsage | undefined): number {
  const u = process.cpuUsage(start);
  return (u.user + u.system) / 1000;
}

/** Library: the quickstart platform + `teams` team stacks with one StandardLlmFeature each; keeps the output in `out`. */
function childLibrary(teams: number, out: string): Omit<Sample, 'wallMs' | 'rssMb' | 'cpuMs'> {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { App } = require('../src/core/cdktf') as typeof import('../src/core/cdktf');
  const { buildPlatform } = require('../examples/aws-platform/main') as typeof import('../examples/aws-platform/main');
  const { DataClassification, FeatureCaller, StandardLlmFeature, ToolExecution } = require('../src') as typeof import('../src');
  /* eslint-enable @typescript-eslint/no-require-imports */
  const startMs = process.uptime() * 1000;
  cpuStart = process.cpuUsage();
  const start = process.hrtime.bigint();
  const app = new App({ outdir: out, stackTraces: false });
  const platform = buildPlatform(app);
  for (let i = 0; i < teams; i++) {
    const name = `team-${String(i).padStart(3, '0')}`;
    const stack = platform.teamStack(app, name, { monthlyBudgetUsd: 2_000, tokensPerMinute: 100_000, requestsPerMinute: 300, owner: `${name}-squad`, oncall: `${name}-oncall` });
    new StandardLlmFeature(stack, 'assistant', {
      models: ['chat'],
      quota: { tokensPerMinute: 50_000, requestsPerMinute: 200, monthlyBudgetUsd: 1_000 },
      slo: { availability: 0.999, latencyP95Ms: 1200 },
      dataClassification: DataClassification.CONFIDENTIAL,
      toolExecution: ToolExecution.none(),
      businessFallback: 'Show the manual form',
      prompts: { repository: 'https://git.example.com/prompts', evaluation: { goldenDataset: 'evals/assistant.jsonl', minScore: 0.8 } },
      callers: [FeatureCaller.awsRole(`${name}-assistant`)],
      owner: `${name}-squad`,
      oncall: `${name}-oncall`,
    });
  }
  app.synth();
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  return { ms, startMs, ...counted(out) };
}

/** Raw cdktf: every stack the library wrote to `from`, rebuilt from typed provider classes; verified first (not timed). */
function childRaw(from: string, out: string): Omit<Sample, 'wallMs' | 'rssMb' | 'cpuMs'> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const raw = require('./raw-cdktf') as typeof import('./raw-cdktf');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { App } = require('cdktf') as typeof import('cdktf');
  const target: Record<string, any> = {};
  for (const name of fs.readdirSync(path.join(from, 'stacks')).sort()) target[name] = JSON.parse(fs.readFileSync(path.join(from, 'stacks', name, 'cdk.tf.json'), 'utf8'));
  const derived = raw.rawProgramsFrom(target);
  // Up to here: node start, imports (cdktf and every provider class the program uses) and reading the JSON.
  const startMs = process.uptime() * 1000;
  const programs = raw.verifyRawPrograms(target, derived);
  cpuStart = process.cpuUsage();
  const start = process.hrtime.bigint();
  const app = new App({ outdir: out, stackTraces: false });
  raw.buildRawApp(app, programs);
  app.synth();
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  return { ms, startMs, ...counted(out) };
}

function counted(out: string): { stacks: number; resources: number } {
  const stacks = fs.readdirSync(path.join(out, 'stacks'));
  let resources = 0;
  for (const s of stacks) {
    const json = JSON.parse(fs.readFileSync(path.join(out, 'stacks', s, 'cdk.tf.json'), 'utf8'));
    for (const byName of Object.values<any>(json.resource ?? {})) resources += Object.keys(byName).length;
  }
  return { stacks: stacks.length, resources };
}

// ---- Parent side -------------------------------------------------------------------------------------------

function spawnChild(args: string[]): Sample {
  // `ts-node --swc`, as `npx cdktf synth` runs the app (cdktf.json): transpiled by swc, no type check.
  const r = spawnSync(process.execPath, [require.resolve('ts-node/dist/bin.js'), '--swc', __filename, '--child', ...args], {
    cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, env: { ...process.env, CHECKPOINT_DISABLE: '1' },
  });
  if (r.status !== 0) throw new Error(`bench child ${args.join(' ')} failed:\n${r.stdout}\n${r.stderr}`);
  const line = r.stdout.trim().split('\n').pop()!;
  const sample = JSON.parse(line) as Omit<Sample, 'wallMs'>;
  return { ...sample, wallMs: sample.startMs + sample.ms };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function medianSample(samples: Sample[]): Sample {
  return {
    ms: median(samples.map((s) => s.ms)),
    cpuMs: median(samples.map((s) => s.cpuMs)),
    startMs: median(samples.map((s) => s.startMs)),
    wallMs: median(samples.map((s) => s.wallMs)),
    rssMb: Math.max(...samples.map((s) => s.rssMb)),
    stacks: samples[0].stacks,
    resources: samples[0].resources,
  };
}

/** Library and raw samples for each team count, alternating so machine load hits both alike. */
export function measure(teamCounts: ReadonlyArray<number>, runs: number): Map<number, { lib: Sample; raw: Sample }> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-platform-'));
  const out = new Map<number, { lib: Sample; raw: Sample }>();
  try {
    for (const teams of teamCounts) {
      const lib: Sample[] = [];
      const raw: Sample[] = [];
      for (let r = 0; r < runs; r++) {
        const libOut = path.join(work, `lib-${teams}-${r}`);
        lib.push(spawnChild(['lib', String(teams), libOut]));
        raw.push(spawnChild(['raw', libOut, path.join(work, `raw-${teams}-${r}`)]));
      }
      out.set(teams, { lib: medianSample(lib), raw: medianSample(raw) });
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  return out;
}

export function run(argv: ReadonlyArray<string> = []): Record<string, string> {
  const opt = (name: string, dflt: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : dflt;
  };
  const counts = opt('teams', '50,200').split(',').map(Number);
  const runs = Number(opt('runs', '1'));
  const m = measure(counts, runs);
  const res: Record<string, string> = {};
  const fmt = (s: Sample) => `${(s.ms / 1000).toFixed(2)} s build+synth (CPU ${(s.cpuMs / 1000).toFixed(2)} s; ${(s.wallMs / 1000).toFixed(2)} s with node start and imports), peak RSS ${s.rssMb.toFixed(0)} MB`;
  for (const [teams, { lib, raw }] of m) {
    res[`platform + ${teams} teams x 1 feature (${lib.stacks} stacks, ${lib.resources} resources): library`] = fmt(lib);
    res[`platform + ${teams} teams x 1 feature: raw cdktf, same JSON`] = fmt(raw);
    res[`platform + ${teams} teams: library / raw`] = `${(lib.ms / raw.ms).toFixed(2)}x build+synth (CPU ${(lib.cpuMs / raw.cpuMs).toFixed(2)}x), ${(lib.wallMs / raw.wallMs).toFixed(2)}x with node start and imports (goal <= 1.6x)`;
  }
  if (counts.length >= 2) {
    const [a, b] = [counts[0], counts[counts.length - 1]];
    const la = m.get(a)!;
    const lb = m.get(b)!;
    res[`platform growth time(${b})/time(${a}): library (raw)`] = `${(lb.lib.ms / la.lib.ms).toFixed(2)} (${(lb.raw.ms / la.raw.ms).toFixed(2)}); CPU ${(lb.lib.cpuMs / la.lib.cpuMs).toFixed(2)} (${(lb.raw.cpuMs / la.raw.cpuMs).toFixed(2)}) (goal <= 4.4)`;
  }
  res['platform bench: cores, load average'] = `${os.cpus().length}, ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`;
  return res;
}

if (require.main === module) {
  const argv = process.argv.slice(2);
  if (argv[0] === '--child') {
    const sample = argv[1] === 'lib' ? childLibrary(Number(argv[2]), argv[3]) : childRaw(argv[2], argv[3]);
    // maxRSS is in kilobytes (getrusage).
    console.log(JSON.stringify({ ...sample, cpuMs: cpuMsSince(cpuStart), rssMb: process.resourceUsage().maxRSS / 1024 }));
  } else {
    const results = run(argv);
    const width = Math.max(...Object.keys(results).map((k) => k.length));
    for (const [k, v] of Object.entries(results)) console.log(`${k.padEnd(width)}  ${v}`);
  }
}
