import { fork } from 'node:child_process';
import * as path from 'node:path';
import type { FuzzStats } from './engine';

export interface FuzzHang {
  readonly target: string;
  readonly i: number;
  readonly input: string;
  readonly afterMs: number;
}

export interface IsolatedResult {
  readonly stats: FuzzStats[];
  readonly hangs: FuzzHang[];
  readonly errors: string[];
}

export interface IsolatedOptions {
  readonly runs: number;
  readonly seed: number;
  readonly full: boolean;
  readonly terraformSamples: number;
  /** A run that takes longer is a hang: the child is killed and the next target starts in a new one. */
  readonly runTimeoutMs: number;
}

/**
 * Fuzzes `targets` in child processes with a time box per run. JavaScript cannot interrupt a synchronous
 * loop, so the box is a process boundary: the child reports each run before it starts, and a run that does
 * not end within `runTimeoutMs` gets the child killed and is reported as a hang with its input.
 */
export async function fuzzIsolated(targets: ReadonlyArray<string>, options: IsolatedOptions): Promise<IsolatedResult> {
  const result = { stats: [] as FuzzStats[], hangs: [] as FuzzHang[], errors: [] as string[] };
  let remaining = [...targets];
  while (remaining.length > 0) {
    const pending = await new Promise<string[]>((resolve) => {
      const child = fork(path.join(__dirname, 'child.ts'), [], {
        cwd: path.join(__dirname, '..', '..'),
        execArgv: ['-r', 'ts-node/register'],
        env: { ...process.env, TS_NODE_SWC: 'true', TS_NODE_TRANSPILE_ONLY: 'true', TS_NODE_PROJECT: path.join(__dirname, '..', '..', 'tsconfig.dev.json') },
        stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      });
      let stderr = '';
      child.stderr?.on('data', (d) => { stderr = (stderr + String(d)).slice(-2000); });
      let todo = [...remaining];
      let current: { target: string; i: number; input: string; at: number } | undefined;
      let timer: NodeJS.Timeout | undefined;
      const arm = (ms = options.runTimeoutMs): void => {
        if (timer) clearTimeout(timer);
        timer = setTimeout(() => {
          if (current) result.hangs.push({ target: current.target, i: current.i, input: current.input, afterMs: Date.now() - current.at });
          else result.errors.push(`fuzz child did not start within ${ms} ms`);
          child.kill('SIGKILL');
        }, ms);
      };
      child.on('message', (m: any) => {
        if (m.type === 'run') {
          current = { target: m.target, i: m.i, input: m.input, at: Date.now() };
          arm();
        } else if (m.type === 'start') {
          arm(Math.max(60_000, options.runTimeoutMs));
        } else if (m.type === 'done') {
          todo = todo.filter((t) => t !== m.target);
          current = undefined;
          if (m.stats) result.stats.push(m.stats);
          if (m.error) result.errors.push(m.error);
        }
      });
      child.on('exit', () => {
        if (timer) clearTimeout(timer);
        // A killed child leaves the hung target out; a child that died by itself is an error.
        const hung = current?.target;
        if (hung) {todo = todo.filter((t) => t !== hung);} else if (todo.length > 0) {
          result.errors.push(`fuzz child exited before ${todo[0]}: ${stderr.trim().split('\n').slice(-5).join(' | ')}`);
          todo = todo.slice(1);
        }
        resolve(todo);
      });
      child.send({ targets: remaining, runs: options.runs, seed: options.seed, full: options.full, terraformSamples: options.terraformSamples });
      // Loading the library and its provider bindings takes a few seconds before the first run.
      arm(Math.max(60_000, options.runTimeoutMs));
    });
    remaining = pending;
  }
  return result;
}
