import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ValidationError } from '../../core/errors';
import { EVALUATION_DIR, type EvaluationManifest, parseEvaluationManifest } from '../manifest';
import { type GateReport, renderGateMarkdown, renderGateSummary } from './report';
import { parseDataset } from '../probe/lib/dataset';
import { redact, registerSecret } from '../probe/lib/log';
import { type RunResult, runEvaluation } from '../probe/lib/run';
import { gateVerdict } from '../probe/lib/scorer';

/** Exit codes: the gate passed, the gate failed (block the deploy), the command could not run. */
export const EXIT_PASSED = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

export const USAGE = `Usage: cdktf-llm-platform eval --stack <stack> --feature <feature> [options]

Runs a feature's golden set through the gateway (against one candidate deployment with --against) and
exits non-zero when the pass rate is below the feature's minPassRate, the p95 latency is above its SLO,
the cost is above its bound, or another deployment answered. Reads the manifest written at synth:
<synth-dir>/stacks/<stack>/evaluation/<feature>.json. Writes a JSON and a Markdown report.

Options:
  --stack <name>            the stack holding the feature (as in cdktf.out/stacks/<name>)
  --feature <name>          the feature's name
  --against <deployment>    the candidate deployment's id (model_info.id); default: the feature's alias
  --gateway-url <url>       the gateway's caller endpoint (or LLM_GATEWAY_URL)
  --tls-server-name <name>  the certificate's name when the URL uses another DNS name
  --synth-dir <dir>         default cdktf.out
  --report-dir <dir>        default <synth-dir>/evaluation-reports
  --commit <sha>            default GITHUB_SHA, CI_COMMIT_SHA, BUILD_SOURCEVERSION or git rev-parse HEAD
  --approver <name>         who approved the promotion (or LLM_EVAL_APPROVER)
  --max-cost-usd <n>        cost bound for this run (default: the feature's maxRunCostUsd)
  --concurrency <n>         cases in flight (default: the manifest's)
  --timeout-ms <n>          per-request timeout (default: the manifest's)

Environment:
  LLM_GATEWAY_KEY           a key whose models include the candidate's deployment id (LiteLLM checks the id
                            itself, not its alias) and any judge alias; never passed as a flag, never printed
`;

export interface GateIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly cwd?: string;
  /** Test hooks (the stand-in's clock, fast retries). */
  readonly now?: () => Date;
  readonly sleep?: (ms: number) => Promise<void>;
}

interface Args {
  readonly [flag: string]: string | undefined;
}

const FLAGS = ['stack', 'feature', 'against', 'gateway-url', 'tls-server-name', 'synth-dir', 'report-dir', 'commit', 'approver', 'max-cost-usd', 'concurrency', 'timeout-ms'];

class UsageError extends Error {}

function parseArgs(argv: ReadonlyArray<string>): Args {
  const out: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(a);
    if (!m || !FLAGS.includes(m[1])) throw new UsageError(`unknown argument ${JSON.stringify(redact(a))}`);
    const value = m[2] ?? argv[++i];
    if (value === undefined || value.startsWith('--')) throw new UsageError(`--${m[1]} needs a value`);
    out[m[1]] = value;
  }
  for (const required of ['stack', 'feature']) if (!out[required]) throw new UsageError(`--${required} is required`);
  return out;
}

function positiveNumber(args: Args, flag: string, integer: boolean): number | undefined {
  const v = args[flag];
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0 || (integer && !Number.isInteger(n))) throw new UsageError(`--${flag} must be a positive ${integer ? 'whole ' : ''}number, got ${JSON.stringify(v)}`);
  return n;
}

/** The stack's working directory from cdktf's manifest.json (falls back to stacks/<stack>). */
function stackDir(synthDir: string, stack: string): string {
  const manifestFile = path.join(synthDir, 'manifest.json');
  if (fs.existsSync(manifestFile)) {
    const m = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as { stacks?: Record<string, { workingDirectory?: string }> };
    const entry = m.stacks?.[stack];
    if (!entry) throw new UsageError(`stack ${JSON.stringify(stack)} is not in ${manifestFile}; stacks: ${Object.keys(m.stacks ?? {}).sort().join(', ') || 'none'}`);
    if (entry.workingDirectory) return path.join(synthDir, entry.workingDirectory);
  }
  return path.join(synthDir, 'stacks', stack);
}

function loadManifest(dir: string, feature: string): { manifest: EvaluationManifest; file: string } {
  const file = path.join(dir, EVALUATION_DIR, `${feature}.json`);
  if (!fs.existsSync(file)) {
    const evalDir = path.join(dir, EVALUATION_DIR);
    const features = fs.existsSync(evalDir) ? fs.readdirSync(evalDir).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5)).sort() : [];
    throw new UsageError(`no evaluation manifest at ${file}; features with an evaluation in this stack: ${features.join(', ') || 'none'} (run cdktf synth first)`);
  }
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    throw new UsageError(`${file} is not JSON`);
  }
  return { manifest: parseEvaluationManifest(json, file), file };
}

function detectCommit(args: Args, env: NodeJS.ProcessEnv, cwd: string): string {
  const fromEnv = args.commit ?? env.GITHUB_SHA ?? env.CI_COMMIT_SHA ?? env.BUILD_SOURCEVERSION;
  if (fromEnv) return fromEnv;
  const git = spawnSync('git', ['rev-parse', 'HEAD'], { cwd, encoding: 'utf8', timeout: 5000 });
  return git.status === 0 ? git.stdout.trim() : 'unknown';
}

function origin(url: string): string {
  const u = new URL(url);
  return `${u.protocol}//${u.host}`;
}

const safeName = (s: string): string => s.replace(/[^A-Za-z0-9._-]+/g, '_');

/** Every response of a gated run must come from the candidate: a fallback would evaluate something else. */
function deploymentCriterion(result: RunResult, against: string): GateReport['criteria'][number] {
  const answered = result.cases.filter((c) => c.outcome !== 'error');
  const unknown = answered.filter((c) => c.deployment === null).length;
  const elsewhere = answered.filter((c) => c.deployment !== null && c.deployment !== against).length;
  const others = [...new Set(answered.filter((c) => c.deployment !== null && c.deployment !== against).map((c) => c.deployment))].sort();
  return {
    name: 'deployment',
    passed: unknown === 0 && elsewhere === 0,
    actual: elsewhere + unknown,
    limit: 0,
    detail: elsewhere > 0 ? `${elsewhere} responses came from ${others.join(', ')} (fallback or routing)` : unknown > 0 ? `${unknown} responses carry no x-litellm-model-id` : `all ${answered.length} responses from ${against}`,
  };
}

/**
 * `cdktf-llm-platform eval ...`: returns the exit code. Never prints the key (it is registered for
 * redaction before anything runs).
 */
export async function runGate(argv: ReadonlyArray<string>, env: NodeJS.ProcessEnv, io: GateIo): Promise<number> {
  const key = env.LLM_GATEWAY_KEY;
  if (key) registerSecret(key);
  const say = (t: string) => io.stdout(redact(t));
  const err = (t: string) => io.stderr(redact(t));
  try {
    if (argv.includes('--help') || argv.includes('-h')) {
      say(USAGE);
      return EXIT_PASSED;
    }
    const args = parseArgs(argv);
    const cwd = io.cwd ?? process.cwd();
    const synthDir = path.resolve(cwd, args['synth-dir'] ?? 'cdktf.out');
    const gatewayUrl = args['gateway-url'] ?? env.LLM_GATEWAY_URL;
    if (!gatewayUrl || !/^https?:\/\/[^\s/]+/.test(gatewayUrl)) throw new UsageError('--gateway-url (or LLM_GATEWAY_URL) must be the gateway\'s http(s) URL');
    if (!key) throw new UsageError('LLM_GATEWAY_KEY is not set: export a key allowed to call the feature\'s alias and the candidate');
    const maxCost = positiveNumber(args, 'max-cost-usd', false);
    const concurrency = positiveNumber(args, 'concurrency', true);
    const timeoutMs = positiveNumber(args, 'timeout-ms', true);

    const dir = stackDir(synthDir, args.stack!);
    const { manifest, file } = loadManifest(dir, args.feature!);
    const datasetFile = path.join(path.dirname(file), manifest.dataset.file);
    const parsed = parseDataset(fs.readFileSync(datasetFile, 'utf8'));
    if (parsed.problems.length > 0) throw new UsageError(`${datasetFile} line ${parsed.problems[0].line}: ${parsed.problems[0].message}`);
    if (parsed.sha256 !== manifest.dataset.sha256) throw new UsageError(`${datasetFile} does not match the manifest's sha256 (edited after synth?); run cdktf synth again`);

    const against = args.against ?? null;
    const result = await runEvaluation({
      manifest: { ...manifest, request: { ...manifest.request, ...(concurrency ? { concurrency } : {}), ...(timeoutMs ? { timeoutMs } : {}) } },
      cases: parsed.cases,
      datasetSha256: parsed.sha256,
      target: against ?? undefined,
      client: { baseUrl: gatewayUrl, apiKey: key, tlsServerName: args['tls-server-name'], ...(io.sleep ? { sleep: io.sleep } : {}) },
      now: io.now,
    });
    const verdict = gateVerdict(result.summary, {
      minPassRate: manifest.minPassRate,
      ...(manifest.gate.maxP95LatencyMs !== undefined ? { maxP95LatencyMs: manifest.gate.maxP95LatencyMs } : {}),
      ...((maxCost ?? manifest.gate.maxCostUsd) !== undefined ? { maxCostUsd: maxCost ?? manifest.gate.maxCostUsd } : {}),
    });
    const criteria = [...verdict.criteria, ...(against ? [deploymentCriterion(result, against)] : [])];
    const passed = criteria.every((c) => c.passed);
    const report: GateReport = {
      schemaVersion: 1,
      kind: 'llm-evaluation-gate',
      verdict: passed ? 'passed' : 'failed',
      stack: args.stack!,
      gateway: manifest.gateway,
      team: manifest.team,
      feature: manifest.feature,
      keyAlias: manifest.keyAlias,
      model: manifest.model,
      against,
      gatewayUrl: origin(gatewayUrl),
      commit: detectCommit(args, env, cwd),
      approver: args.approver ?? env.LLM_EVAL_APPROVER ?? 'unspecified',
      dataset: { file: path.relative(cwd, datasetFile), sha256: parsed.sha256, cases: parsed.cases.length },
      startedAt: result.startedAt,
      finishedAt: result.finishedAt,
      durationMs: result.durationMs,
      criteria,
      summary: result.summary,
      cases: result.cases,
    };
    const reportDir = path.resolve(cwd, args['report-dir'] ?? path.join(synthDir, 'evaluation-reports'));
    fs.mkdirSync(reportDir, { recursive: true });
    const base = path.join(reportDir, `${safeName(args.stack!)}-${safeName(manifest.feature)}-${safeName(against ?? manifest.model)}`);
    const files = { json: path.relative(cwd, `${base}.json`), markdown: path.relative(cwd, `${base}.md`) };
    fs.writeFileSync(`${base}.json`, redact(`${JSON.stringify(report, null, 2)}\n`));
    fs.writeFileSync(`${base}.md`, redact(renderGateMarkdown(report)));
    say(renderGateSummary(report, files));
    return passed ? EXIT_PASSED : EXIT_FAILED;
  } catch (e) {
    if (e instanceof UsageError) {
      err(`cdktf-llm-platform eval: ${e.message}\nRun with --help for usage.\n`);
      return EXIT_USAGE;
    }
    if (e instanceof ValidationError) {
      err(`cdktf-llm-platform eval: ${e.message}\n`);
      return EXIT_USAGE;
    }
    err(`cdktf-llm-platform eval: ${e instanceof Error ? e.message : String(e)}\n`);
    return EXIT_USAGE;
  }
}

/** Entry for the `cdktf-llm-platform` binary: `eval` is the only command. */
export async function cliMain(argv: ReadonlyArray<string>, env: NodeJS.ProcessEnv, io: GateIo): Promise<number> {
  const [command, ...rest] = argv;
  if (command === 'eval') return runGate(rest, env, io);
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    io.stdout(`cdktf-llm-platform <command>\n\nCommands:\n  eval    run a feature's golden set against a candidate deployment (the promotion gate)\n\n${USAGE}`);
    return command === undefined ? EXIT_USAGE : EXIT_PASSED;
  }
  io.stderr(`cdktf-llm-platform: unknown command ${JSON.stringify(redact(command))}; try 'cdktf-llm-platform eval --help'\n`);
  return EXIT_USAGE;
}
