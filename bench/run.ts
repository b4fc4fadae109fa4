/* eslint-disable no-console */
// Performance numbers for the README and issue notes. Prints; asserts nothing (goals are checked by
// people reading the numbers, never by timed tests). Run: `npx projen bench` (add `-- --full` to also
// time `npm test`).
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const root = path.join(__dirname, '..');
const full = process.argv.includes('--full');
// `--synth`: only the synth benchmarks (bench/synth.bench.ts: library vs raw cdktf, growth, policy share).
const synthOnly = process.argv.includes('--synth');
const results: Record<string, string> = {};

function time(label: string, cmd: string, args: string[], env: NodeJS.ProcessEnv = {}): number {
  const start = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'pipe', env: { ...process.env, CHECKPOINT_DISABLE: '1', ...env }, maxBuffer: 256 * 1024 * 1024 });
  const s = Number(process.hrtime.bigint() - start) / 1e9;
  if (r.status !== 0) throw new Error(`${label} failed:\n${r.stdout}\n${r.stderr}`);
  results[label] = `${s.toFixed(2)} s`;
  return s;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

if (synthOnly) {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const synth = require(path.join(__dirname, 'synth.bench.ts')).run() as Record<string, string>;
  const width = Math.max(...Object.keys(synth).map((k) => k.length));
  for (const [k, v] of Object.entries(synth)) console.log(`${k.padEnd(width)}  ${v}`);
  process.exit(0);
}

// 1. Library import: time and RSS of `require` of the built entry point (median of 5 fresh processes).
time('compile (tsc -p tsconfig.json)', 'npx', ['tsc', '-p', 'tsconfig.json']);
const probe = "const s=process.hrtime.bigint();require('./lib');const ms=Number(process.hrtime.bigint()-s)/1e6;console.log(JSON.stringify({ms,rss:process.memoryUsage().rss/1048576}))";
const runs = Array.from({ length: 5 }, () => JSON.parse(execFileSync('node', ['-e', probe], { cwd: root }).toString()) as { ms: number; rss: number });
results['import lib (median of 5)'] = `${median(runs.map((r) => r.ms)).toFixed(0)} ms, RSS ${median(runs.map((r) => r.rss)).toFixed(0)} MB`;

// 2. Type-check.
time('tsc --noEmit (tsconfig.dev.json)', 'npx', ['tsc', '--noEmit', '-p', 'tsconfig.dev.json']);

// 3. `npx cdktf synth` of the default app.
time('npx cdktf synth (quickstart)', 'npx', ['cdktf', 'synth']);

// 4. Extra synth benchmarks registered by modules (bench/*.bench.ts export `run(): Record<string,string>`).
for (const f of fs.readdirSync(__dirname).filter((x) => x.endsWith('.bench.ts')).sort()) {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  Object.assign(results, require(path.join(__dirname, f)).run());
}

// 5. Terraform check per synthesized stack of the default app.
async function terraformChecks(): Promise<void> {
  if (!process.env.TF_PLUGIN_MIRROR && fs.existsSync('/opt/tf-plugins')) process.env.TF_PLUGIN_MIRROR = '/opt/tf-plugins';
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { terraformCheck } = require('../src/testing') as typeof import('../src/testing');
  const stacksDir = path.join(root, 'cdktf.out', 'stacks');
  for (const stack of fs.readdirSync(stacksDir).sort()) {
    const r = await terraformCheck(path.join(stacksDir, stack));
    const json = JSON.parse(fs.readFileSync(path.join(stacksDir, stack, 'cdk.tf.json'), 'utf8'));
    const count = Object.values<any>(json.resource ?? {}).reduce((n, byName) => n + Object.keys(byName).length, 0);
    results[`terraform check: ${stack} (${count} resources)`] = `${(r.durationMs / 1000).toFixed(1)} s, ${r.status}`;
  }
}

void (async () => {
  await terraformChecks();
  if (full) time('npm test (lint + type-check + jest)', 'npm', ['test']);
  const width = Math.max(...Object.keys(results).map((k) => k.length));
  for (const [k, v] of Object.entries(results)) console.log(`${k.padEnd(width)}  ${v}`);
  fs.mkdirSync(path.join(__dirname, 'results'), { recursive: true });
  fs.writeFileSync(path.join(__dirname, 'results', 'latest.json'), JSON.stringify({ date: new Date().toISOString(), cores: os.cpus().length, results }, null, 2));
})();
