/**
 * Runs the real Prometheus engines (promtool, amtool) on generated files in a temporary directory.
 *
 * A missing tool skips the calling suite on a developer machine (with a message saying how to install
 * it) and fails it under CI=true: the checks are part of the bar, never optional in CI.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

export type Engine = 'promtool' | 'amtool';

const PACKAGE: Record<Engine, string> = { promtool: 'prometheus', amtool: 'prometheus-alertmanager' };

export interface EngineResult {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
  /** stdout + stderr, for assertion messages. */
  readonly output: string;
}

const availability = new Map<Engine, boolean>();

/** True when the tool runs here. */
export function engineAvailable(engine: Engine): boolean {
  if (!availability.has(engine)) {
    const r = spawnSync(engine, ['--version'], { encoding: 'utf8' });
    availability.set(engine, r.status === 0);
  }
  return availability.get(engine)!;
}

/**
 * `describe` when the engine is available; under CI=true a missing engine is a failing test, otherwise
 * the suite is skipped with the install command in its name.
 */
export function describeWithEngine(engine: Engine, name: string, body: () => void): void {
  if (engineAvailable(engine)) {
    describe(name, body);
    return;
  }
  if (process.env.CI === 'true') {
    describe(name, () => {
      test(`${engine} is installed`, () => {
        throw new Error(`${engine} is not on PATH, and CI=true: install it (apt-get install -y --no-install-recommends ${PACKAGE[engine]}); the check never skips in CI`);
      });
    });
    return;
  }
  describe.skip(`${name} (skipped: ${engine} not installed; apt-get install ${PACKAGE[engine]})`, body);
}

/**
 * Writes `files` into a fresh temporary directory and runs `engine args...` there (paths in `args` are
 * relative to it). The directory is removed afterwards.
 */
export function runEngine(engine: Engine, args: ReadonlyArray<string>, files: Readonly<Record<string, string>>): EngineResult {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `${engine}-`));
  try {
    for (const [name, content] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      fs.writeFileSync(path.join(dir, name), content, 'utf8');
    }
    const r = spawnSync(engine, [...args], { cwd: dir, encoding: 'utf8', timeout: 240_000 });
    if (r.error) throw r.error;
    const stdout = r.stdout ?? '';
    const stderr = r.stderr ?? '';
    return { status: r.status ?? -1, stdout, stderr, output: `${stdout}${stderr}` };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** `promtool check rules` on one rule file. */
export function promtoolCheckRules(rulesYaml: string): EngineResult {
  return runEngine('promtool', ['check', 'rules', 'rules.yaml'], { 'rules.yaml': rulesYaml });
}

/** `promtool test rules` with the rule file at `rules.yaml` and the test file given. */
export function promtoolTestRules(rulesYaml: string, testsYaml: string): EngineResult {
  return runEngine('promtool', ['test', 'rules', 'tests.yaml'], { 'rules.yaml': rulesYaml, 'tests.yaml': testsYaml });
}

/** `amtool check-config` on one Alertmanager configuration. */
export function amtoolCheckConfig(configYaml: string, templates: Readonly<Record<string, string>> = {}): EngineResult {
  return runEngine('amtool', ['check-config', 'alertmanager.yml'], { 'alertmanager.yml': configYaml, ...templates });
}

/** A loopback port free right now, for a live engine (Prometheus, Alertmanager) to listen on. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}
