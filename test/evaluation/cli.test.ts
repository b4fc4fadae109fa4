/**
 * The promotion gate, end to end: a synthesized stack's evaluation manifest, the chat-completions
 * stand-in as the gateway, the CLI as a child process (its real bin) and in-process for the error paths.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, TerraformStack } from 'cdktf';
import { ChatCompletionsStandIn } from './standin/chat-completions';
import { DEPLOYMENTS, FEATURE_KEY, GOOD, SENTINEL, goldenSet, manifestFor, noSleep, scriptedStandIn } from './support';
import { addEvaluationManifest, runGate } from '../../src/evaluation';

const ROOT = path.resolve(__dirname, '..', '..');
const BIN = path.join(ROOT, 'src', 'evaluation', 'cli', 'bin.ts');

/** A project directory with cdktf.out/ holding stack `hiring` and its feature's evaluation files. */
function synthesized(names: string[], extra: { latencyP95Ms?: number; maxRunCostUsd?: number } = {}): string {
  const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'eval-gate-'));
  const app = new App({ outdir: path.join(cwd, 'cdktf.out'), stackTraces: false });
  const stack = new TerraformStack(app, 'hiring');
  const dataset = goldenSet(names);
  const manifest = manifestFor(dataset, extra);
  addEvaluationManifest(stack, 'job-description-gen', () => manifest, dataset);
  app.synth();
  return cwd;
}

function runBin(args: string[], env: Record<string, string>, cwd: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-r', 'ts-node/register', BIN, ...args], {
      cwd,
      env: { PATH: process.env.PATH ?? '', NODE_PATH: path.join(ROOT, 'node_modules'), TS_NODE_SWC: 'true', TS_NODE_PROJECT: path.join(ROOT, 'tsconfig.dev.json'), ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

async function inProcess(args: string[], env: NodeJS.ProcessEnv, cwd: string) {
  let stdout = '';
  let stderr = '';
  const code = await runGate(args, env, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd, sleep: noSleep });
  return { code, stdout, stderr };
}

const GATE_ARGS = ['--stack', 'hiring', '--feature', 'job-description-gen', '--against', 'chat-candidate', '--commit', '4c926bb', '--approver', 'jane.doe'];

describe('cdktf-llm-platform eval (child process, real bin)', () => {
  let standin: ChatCompletionsStandIn;
  let url: string;
  beforeAll(async () => {
    standin = scriptedStandIn();
    url = await standin.start();
  });
  afterAll(() => standin.stop());

  test('a candidate that meets every bound: exit 0, JSON + Markdown report for the audit record', async () => {
    const cwd = synthesized(['pass-1', 'pass-2', 'pass-3', 'pass-4', 'pass-5'], { maxRunCostUsd: 0.05 });
    const out = await runBin(['eval', ...GATE_ARGS, '--gateway-url', url], { LLM_GATEWAY_KEY: FEATURE_KEY }, cwd);
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    expect(out.stdout).toMatch(/^cdktf-llm-platform eval: hiring\/job-description-gen against deployment chat-candidate \(alias chat\)$/m);
    expect(out.stdout).toMatch(/^Gate PASSED\.$/m);
    const report = JSON.parse(fs.readFileSync(path.join(cwd, 'cdktf.out/evaluation-reports/hiring-job-description-gen-chat-candidate.json'), 'utf8'));
    expect(report).toMatchObject({
      kind: 'llm-evaluation-gate',
      verdict: 'passed',
      stack: 'hiring',
      feature: 'job-description-gen',
      against: 'chat-candidate',
      commit: '4c926bb',
      approver: 'jane.doe',
      dataset: { file: 'cdktf.out/stacks/hiring/evaluation/job-description-gen.jsonl', cases: 5 },
    });
    expect(report.criteria.map((c: any) => [c.name, c.passed])).toEqual([['pass-rate', true], ['p95-latency', true], ['cost', true], ['deployment', true]]);
    const md = fs.readFileSync(path.join(cwd, 'cdktf.out/evaluation-reports/hiring-job-description-gen-chat-candidate.md'), 'utf8');
    expect(md).toContain('# Evaluation gate: hiring/job-description-gen against deployment `chat-candidate` — PASSED');
    expect(md).toContain(`sha256 \`${report.dataset.sha256}\``);
    expect(md).toContain('| Approver | jane.doe |');
  }, 120_000);

  test('a regressing candidate: exit 1, the failed criteria and cases printed, nothing of prompts, responses or the key', async () => {
    const cwd = synthesized(['pass-1', 'pass-2', 'fail-schema', 'sluggish', 'server-error'], { latencyP95Ms: 400 });
    const out = await runBin(['eval', ...GATE_ARGS, '--gateway-url', url], { LLM_GATEWAY_KEY: FEATURE_KEY }, cwd);
    if (process.env.PRINT_GATE_OUTPUT) process.stdout.write(`\n----- gate output -----\n${out.stdout}-----\n`);
    expect(out.code).toBe(1);
    expect(out.stdout).toMatch(/pass-rate\s+0\.400\s+limit >= 0\.800\s+FAIL {2}\(2\/5 cases passed \(2 failed, 1 errors\)\)/);
    expect(out.stdout).toMatch(/p95-latency\s+5\d\d ms\s+limit <= 400 ms\s+FAIL/);
    expect(out.stdout).toMatch(/deployment\s+0 responses elsewhere\s+limit 0\s+ok/);
    expect(out.stdout).toContain('    - fail-schema: jsonSchema: schema violations (1): $.responsibilities: required property is missing');
    expect(out.stdout).toMatch(/^    - sluggish: maxLatencyMs: took 5\d\d ms, more than 300 ms$/m);
    expect(out.stdout).toContain('    - server-error: error: server_error (HTTP 503, internal_server_error)');
    expect(out.stdout).toMatch(/^Gate FAILED: pass-rate, p95-latency\. The deployment must not take traffic\.$/m);
    const files = fs.readdirSync(path.join(cwd, 'cdktf.out/evaluation-reports'));
    const all = out.stdout + out.stderr + files.map((f) => fs.readFileSync(path.join(cwd, 'cdktf.out/evaluation-reports', f), 'utf8')).join('\n');
    expect(all).not.toContain(SENTINEL);
    expect(all).not.toContain(FEATURE_KEY);
    expect(JSON.parse(fs.readFileSync(path.join(cwd, 'cdktf.out/evaluation-reports/hiring-job-description-gen-chat-candidate.json'), 'utf8')).verdict).toBe('failed');
  }, 120_000);
});

describe('cdktf-llm-platform eval (in process)', () => {
  test('a response from another deployment (a fallback) fails the gate: the candidate was not what answered', async () => {
    const standin = new ChatCompletionsStandIn({ keys: [FEATURE_KEY], deployments: DEPLOYMENTS, respond: ({ prompt }) => (prompt.includes('pass-2') ? { content: GOOD, servedBy: 'chat-haiku' } : { content: GOOD }) });
    const url = await standin.start();
    try {
      const cwd = synthesized(['pass-1', 'pass-2']);
      const out = await inProcess([...GATE_ARGS, '--gateway-url', url], { LLM_GATEWAY_KEY: FEATURE_KEY }, cwd);
      expect(out.code).toBe(1);
      expect(out.stdout).toMatch(/deployment\s+1 responses elsewhere\s+limit 0\s+FAIL {2}\(1 responses came from chat-haiku \(fallback or routing\)\)/);
    } finally {
      await standin.stop();
    }
  });

  test('a feature key restricted to its alias cannot call a deployment id: every case is an auth error and the gate fails', async () => {
    const standin = new ChatCompletionsStandIn({ keys: [FEATURE_KEY], keyModels: { [FEATURE_KEY]: ['chat'] }, deployments: DEPLOYMENTS, respond: () => ({ content: GOOD }) });
    const url = await standin.start();
    try {
      const cwd = synthesized(['pass-1', 'pass-2']);
      const out = await inProcess([...GATE_ARGS, '--gateway-url', url], { LLM_GATEWAY_KEY: FEATURE_KEY }, cwd);
      expect(out.code).toBe(1);
      expect(out.stdout).toContain('    - pass-1: error: auth (HTTP 401, key_model_access_denied)');
      expect(out.stdout).toMatch(/pass-rate\s+0\.000/);
    } finally {
      await standin.stop();
    }
  });

  test('without --against the alias is evaluated (no deployment criterion) and the report is named after it', async () => {
    const standin = scriptedStandIn();
    const url = await standin.start();
    try {
      const cwd = synthesized(['pass-1']);
      const out = await inProcess(['--stack', 'hiring', '--feature', 'job-description-gen'], { LLM_GATEWAY_KEY: FEATURE_KEY, LLM_GATEWAY_URL: url, GITHUB_SHA: 'abc123' }, cwd);
      expect(out.code).toBe(0);
      const report = JSON.parse(fs.readFileSync(path.join(cwd, 'cdktf.out/evaluation-reports/hiring-job-description-gen-chat.json'), 'utf8'));
      expect(report.criteria.map((c: any) => c.name)).toEqual(['pass-rate', 'p95-latency']);
      expect(report).toMatchObject({ against: null, commit: 'abc123', approver: 'unspecified' });
      expect(report.gatewayUrl).toBe(url);
    } finally {
      await standin.stop();
    }
  });

  test.each<[string, string[], NodeJS.ProcessEnv, RegExp]>([
    ['missing --stack', ['--feature', 'f'], { LLM_GATEWAY_KEY: FEATURE_KEY, LLM_GATEWAY_URL: 'http://127.0.0.1:9' }, /--stack is required/],
    ['unknown flag', ['--stack', 'hiring', '--feature', 'job-description-gen', '--fast'], { LLM_GATEWAY_KEY: FEATURE_KEY }, /unknown argument "--fast"/],
    ['no key', ['--stack', 'hiring', '--feature', 'job-description-gen', '--gateway-url', 'http://127.0.0.1:9'], {}, /LLM_GATEWAY_KEY is not set/],
    ['no gateway url', ['--stack', 'hiring', '--feature', 'job-description-gen'], { LLM_GATEWAY_KEY: FEATURE_KEY }, /--gateway-url \(or LLM_GATEWAY_URL\)/],
    ['unknown stack', ['--stack', 'search', '--feature', 'x', '--gateway-url', 'http://127.0.0.1:9'], { LLM_GATEWAY_KEY: FEATURE_KEY }, /stack "search" is not in .*manifest.json; stacks: hiring/],
    ['unknown feature', ['--stack', 'hiring', '--feature', 'cv-screen', '--gateway-url', 'http://127.0.0.1:9'], { LLM_GATEWAY_KEY: FEATURE_KEY }, /features with an evaluation in this stack: job-description-gen/],
    ['bad number', ['--stack', 'hiring', '--feature', 'job-description-gen', '--gateway-url', 'http://127.0.0.1:9', '--concurrency', '0'], { LLM_GATEWAY_KEY: FEATURE_KEY }, /--concurrency must be a positive whole number/],
  ])('%s: exit 2 with the reason', async (_name, args, env, message) => {
    const cwd = synthesized(['pass-1']);
    const out = await inProcess(args, env, cwd);
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(message);
    expect(out.stdout).toBe('');
  });

  test('a golden set edited after synth is refused (its hash is the audit record\'s)', async () => {
    const cwd = synthesized(['pass-1']);
    fs.appendFileSync(path.join(cwd, 'cdktf.out/stacks/hiring/evaluation/job-description-gen.jsonl'), '\n{"messages": [{"role": "user", "content": "x"}]}');
    const out = await inProcess([...GATE_ARGS, '--gateway-url', 'http://127.0.0.1:9'], { LLM_GATEWAY_KEY: FEATURE_KEY }, cwd);
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(/does not match the manifest's sha256/);
  });

  test('a key never reaches the output, even when pasted as an argument', async () => {
    const cwd = synthesized(['pass-1']);
    const out = await inProcess(['--stack', 'hiring', '--feature', 'job-description-gen', `--key=${FEATURE_KEY}`, 'sk-anotherkeyvalue1234567890'], { LLM_GATEWAY_KEY: FEATURE_KEY }, cwd);
    expect(out.code).toBe(2);
    expect(out.stderr).not.toContain(FEATURE_KEY);
    expect(out.stderr).toContain('<redacted>');
  });
});
