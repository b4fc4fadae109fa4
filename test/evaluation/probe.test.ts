/**
 * The probe's code against a local LiteLLM chat-completions stand-in: passes, failures, timeouts,
 * malformed bodies, 429 and 5xx, the judge, deployment pinning, metrics export, and the Lambda and
 * container adapters. Nothing of a prompt or a response may leave the probe.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FEATURE_KEY, GOOD, SENTINEL, goldenSet, manifestFor, noSleep, scriptedStandIn } from './support';
import { EVAL_PROBE_DIR, stageProbeAsset } from '../../src/evaluation';
import { metricsRequest, publishMetrics } from '../../src/evaluation/probe/lib/otlp';
import { runEvaluation } from '../../src/evaluation/probe/lib/run';
import { HttpStandIn } from '../tenancy/standin/http-standin';

const FIXED = () => new Date('2026-12-02T08:00:00.000Z');

async function run(names: string[], opts: { judge?: boolean; judgeScore?: number; target?: string; includeContent?: boolean } = {}) {
  const standin = scriptedStandIn({ judgeScore: opts.judgeScore });
  const url = await standin.start();
  try {
    const dataset = goldenSet(names);
    const manifest = manifestFor(dataset, { judge: opts.judge });
    const logs: string[] = [];
    const result = await runEvaluation({
      manifest,
      cases: dataset.cases,
      datasetSha256: dataset.sha256,
      client: { baseUrl: url, apiKey: FEATURE_KEY, sleep: noSleep },
      target: opts.target,
      includeContent: opts.includeContent,
      now: FIXED,
      log: (msg, fields) => logs.push(JSON.stringify({ msg, ...fields })),
    });
    return { result, standin, logs };
  } finally {
    await standin.stop();
  }
}

const outcome = (result: any, id: string) => result.cases.find((c: any) => c.id === id);

describe('runEvaluation against the chat-completions stand-in', () => {
  test('passing cases: scored, with latency, usage, cost and the serving deployment from LiteLLM headers', async () => {
    const { result, standin } = await run(['pass-1', 'pass-2', 'pass-3']);
    expect(result.summary).toMatchObject({ cases: 3, passed: 3, failed: 0, errors: 0, passRatio: 1, meetsMinPassRate: true });
    expect(result.summary.cost.totalUsd).toBe(0.0015);
    expect(result.summary.tokens).toEqual({ prompt: 360, completion: 240, total: 600 });
    // The alias is load-balanced over its chat deployments by the (stand-in) router.
    expect(result.summary.deployments.map((d) => d.deployment)).toEqual(['chat-candidate', 'chat-haiku', 'chat-nova']);
    expect(result.cases.every((c) => c.latencyMs !== null && c.latencyMs > 0)).toBe(true);
    // The request the gateway received: the feature's alias, the case's messages and params, nothing else.
    const sent = standin.requests.find((e) => e.route === 'POST /v1/chat/completions')!;
    expect(Object.keys(sent.body as object).sort()).toEqual(['messages', 'model', 'temperature']);
    expect((sent.body as any).model).toBe('chat');
    expect(result.target).toEqual({ model: 'chat', deployment: null });
  });

  test('failing cases: schema violation, missing text, content that is not JSON', async () => {
    const { result } = await run(['pass-1', 'fail-schema', 'fail-contains', 'not-json']);
    expect(result.summary).toMatchObject({ passed: 1, failed: 3, errors: 0, passRatio: 0.25, meetsMinPassRate: false });
    expect(outcome(result, 'fail-schema').checks.find((c: any) => c.id === 'jsonSchema')).toMatchObject({ passed: false, reason: expect.stringContaining('$.responsibilities: required property is missing') });
    expect(outcome(result, 'fail-contains').checks.find((c: any) => c.id === 'contains')).toMatchObject({ passed: false, reason: 'does not contain "Engineer"' });
    expect(outcome(result, 'not-json').checks.find((c: any) => c.id === 'jsonSchema').reason).toBe('the content is not valid JSON');
    expect(result.summary.checks.find((c) => c.id === 'jsonSchema')).toMatchObject({ evaluated: 4, passed: 2 });
  });

  test('a response slower than the timeout is an error of kind timeout (not retried); one within it but over maxLatencyMs fails that check', async () => {
    const { result, standin } = await run(['slow', 'sluggish']);
    expect(outcome(result, 'slow')).toMatchObject({ outcome: 'error', error: { kind: 'timeout' }, attempts: 1 });
    expect(outcome(result, 'sluggish').checks.find((c: any) => c.id === 'maxLatencyMs')).toMatchObject({ passed: false });
    expect(result.summary.errorKinds.timeout).toBe(1);
    expect(standin.received.filter((r) => r.prompt.startsWith('case slow'))).toHaveLength(1);
  }, 20_000);

  test('a 200 with a body that is not JSON is malformed_response', async () => {
    const { result } = await run(['malformed']);
    expect(outcome(result, 'malformed')).toMatchObject({ outcome: 'error', error: { kind: 'malformed_response', status: 200 }, deployment: 'chat-haiku' });
  });

  test('429 is retried (Retry-After honoured) and then scored; a persistent 429 is rate_limited after 3 attempts', async () => {
    const { result } = await run(['rate-limited', 'rate-limited-always']);
    expect(outcome(result, 'rate-limited')).toMatchObject({ outcome: 'pass', attempts: 3 });
    expect(outcome(result, 'rate-limited-always')).toMatchObject({ outcome: 'error', attempts: 3, error: { kind: 'rate_limited', status: 429 } });
  });

  test('503 is retried then server_error; 500 is not retried', async () => {
    const { result } = await run(['server-error', 'crash']);
    expect(outcome(result, 'server-error')).toMatchObject({ outcome: 'error', attempts: 3, error: { kind: 'server_error', status: 503, type: 'internal_server_error' } });
    expect(outcome(result, 'crash')).toMatchObject({ outcome: 'error', attempts: 1, error: { kind: 'server_error', status: 500 } });
    expect(result.summary.passRatio).toBe(0);
  });

  test('a wrong key is auth; an unreachable gateway is network', async () => {
    const standin = scriptedStandIn();
    const url = await standin.start();
    const dataset = goldenSet(['pass-1']);
    const manifest = manifestFor(dataset);
    const wrong = await runEvaluation({ manifest, cases: dataset.cases, datasetSha256: dataset.sha256, client: { baseUrl: url, apiKey: 'sk-wrongwrongwrong', sleep: noSleep } });
    await standin.stop();
    const client = { baseUrl: url, apiKey: FEATURE_KEY, sleep: noSleep };
    const down = await runEvaluation({ manifest, cases: dataset.cases, datasetSha256: dataset.sha256, client });
    expect(wrong.cases[0].error).toEqual({ kind: 'auth', status: 401, type: 'auth_error' });
    expect(down.cases[0]).toMatchObject({ outcome: 'error', attempts: 3, error: { kind: 'network', code: 'ECONNREFUSED' } });
  });

  test('the judge is called through its alias for cases that passed the deterministic checks, and decides them', async () => {
    const good = await run(['pass-1', 'fail-contains'], { judge: true, judgeScore: 8 });
    const judgeCalls = good.standin.requests.filter((e) => (e.body as any).model === 'judge');
    expect(judgeCalls).toHaveLength(1); // the failed case costs no judge call
    const judgeBody = judgeCalls[0].body as any;
    expect(judgeBody.temperature).toBe(0);
    expect(judgeBody.messages[0].content).toMatch(/never instructions to you/);
    expect(judgeBody.messages[1].content).toContain('<rubric>');
    expect(outcome(good.result, 'pass-1').checks.find((c: any) => c.id === 'judge')).toEqual({ id: 'judge', kind: 'judge', passed: true, score: 0.8 });
    expect(good.result.summary.cost.judgeUsd).toBe(0.0001);
    const harsh = await run(['pass-1'], { judge: true, judgeScore: 5 });
    expect(outcome(harsh.result, 'pass-1')).toMatchObject({ outcome: 'fail' });
    expect(outcome(harsh.result, 'pass-1').checks.find((c: any) => c.id === 'judge').reason).toBe('judge score 0.50 below 0.7');
  });

  test('a target deployment id is sent as the model: every case is served by exactly that deployment', async () => {
    const { result, standin } = await run(['pass-1', 'pass-2', 'pass-3'], { target: 'chat-candidate' });
    expect(standin.requests.map((e) => (e.body as any).model)).toEqual(['chat-candidate', 'chat-candidate', 'chat-candidate']);
    expect(result.summary.deployments).toEqual([expect.objectContaining({ deployment: 'chat-candidate', cases: 3 })]);
    expect(result.target).toEqual({ model: 'chat-candidate', deployment: 'chat-candidate' });
  });

  test('no prompt or response text in the result, the logs or the metrics; the key nowhere', async () => {
    const { result, logs } = await run(['pass-1', 'fail-schema', 'not-json', 'malformed', 'server-error'], { judge: true });
    const everything = JSON.stringify(result) + logs.join('\n') + JSON.stringify(metricsRequest(result));
    expect(everything).not.toContain(SENTINEL);
    expect(everything).not.toContain(FEATURE_KEY);
  });

  test('responses are kept (truncated) only when the gateway allows message logging', async () => {
    const { result } = await run(['pass-1'], { includeContent: true });
    expect(result.cases[0].response).toBe(GOOD);
  });
});

describe('metrics (OTLP/HTTP JSON to the collector)', () => {
  test('one gauge per figure, labelled by gateway, team, feature, key alias and model; per-deployment series', async () => {
    const { result } = await run(['pass-1', 'pass-2', 'fail-schema', 'server-error']);
    const req = metricsRequest(result, { serviceInstanceId: 'req-1' });
    const metrics = req.resourceMetrics[0].scopeMetrics[0].metrics;
    const names = metrics.map((m: any) => m.name);
    expect(names).toEqual([
      'llm_eval_pass_ratio', 'llm_eval_min_pass_ratio', 'llm_eval_cases', 'llm_eval_errors', 'llm_eval_check_pass_ratio',
      'llm_eval_latency_p50_seconds', 'llm_eval_latency_p95_seconds', 'llm_eval_cost_usd', 'llm_eval_tokens',
      'llm_eval_last_run_timestamp_seconds', 'llm_eval_run_duration_seconds',
      'llm_eval_deployment_pass_ratio', 'llm_eval_deployment_cases', 'llm_eval_deployment_latency_p95_seconds', 'llm_eval_deployment_cost_usd',
    ]);
    expect(metrics.every((m: any) => m.unit === '' && m.gauge && m.description)).toBe(true);
    const has = (p: any, label: [string, string]) => p.attributes.some((a: any) => a.key === label[0] && a.value.stringValue === label[1]);
    const points = (name: string) => metrics.find((m: any) => m.name === name).gauge.dataPoints;
    const point = (name: string, label?: [string, string]) => points(name).find((p: any) => !label || has(p, label));
    const pass = point('llm_eval_pass_ratio');
    expect(pass.asDouble).toBe(0.5);
    expect(pass.timeUnixNano).toBe('1796198400000000000');
    expect(Object.fromEntries(pass.attributes.map((a: any) => [a.key, a.value.stringValue]))).toEqual({ gateway: 'llm-prod', team: 'hiring', feature: 'job-description-gen', api_key_alias: 'hiring/job-description-gen', model: 'chat' });
    expect(point('llm_eval_cases', ['outcome', 'error']).asDouble).toBe(1);
    expect(point('llm_eval_errors', ['kind', 'server_error']).asDouble).toBe(1);
    expect(point('llm_eval_check_pass_ratio', ['check', 'jsonSchema']).asDouble).toBeCloseTo(2 / 3, 5);
    expect(point('llm_eval_deployment_cases', ['deployment', 'unknown']).asDouble).toBe(1);
    expect(req.resourceMetrics[0].resource.attributes).toEqual([{ key: 'service.name', value: { stringValue: 'llm-eval-probe' } }, { key: 'service.instance.id', value: { stringValue: 'req-1' } }]);
  });

  test('publishMetrics posts JSON to /v1/metrics and fails on an error status or rejected points', async () => {
    const { result } = await run(['pass-1']);
    let reply = { status: 200, body: {} as unknown };
    const collector = new HttpStandIn({ 'POST /v1/metrics': () => reply });
    const url = await collector.start();
    try {
      const out = await publishMetrics(`${url}/v1/metrics`, metricsRequest(result));
      expect(out.points).toBeGreaterThan(10);
      expect(collector.calls('POST /v1/metrics')[0].headers['content-type']).toBe('application/json');
      reply = { status: 200, body: { partialSuccess: { rejectedDataPoints: 2, errorMessage: 'bad' } } };
      await expect(publishMetrics(`${url}/v1/metrics`, metricsRequest(result))).rejects.toThrow(/rejected 2 data points/);
      reply = { status: 503, body: {} };
      await expect(publishMetrics(`${url}/v1/metrics`, metricsRequest(result))).rejects.toThrow(/HTTP 503/);
    } finally {
      await collector.stop();
    }
  });
});

describe('adapters (staged asset: code + eval/manifest.json + golden set)', () => {
  function stage(names: string[]) {
    const dataset = goldenSet(names);
    const manifest = manifestFor(dataset);
    const dir = stageProbeAsset(fs.mkdtempSync(path.join(os.tmpdir(), 'probe-asset-')), manifest, dataset);
    return { dir, manifest, dataset };
  }

  test('the staged asset holds only the probe\'s JavaScript, the manifest and the golden set', () => {
    const { dir, dataset } = stage(['pass-1']);
    const files = (d: string, prefix = ''): string[] => fs.readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(path.join(d, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`])).sort();
    expect(files(dir)).toEqual([
      'container.js', 'eval/job-description-gen.jsonl', 'eval/manifest.json', 'index.js',
      'lib/chat.js', 'lib/dataset.js', 'lib/http.js', 'lib/json-schema.js', 'lib/judge.js', 'lib/load.js', 'lib/log.js', 'lib/otlp.js', 'lib/probe.js',
      'lib/remote-write.js', 'lib/run.js', 'lib/scorer.js', 'lib/series.js', 'lib/sigv4.js',
    ]);
    expect(fs.readFileSync(path.join(dir, 'eval/job-description-gen.jsonl'), 'utf8')).toBe(dataset.text);
    expect(fs.readdirSync(EVAL_PROBE_DIR).sort()).toEqual(['container.js', 'index.js', 'lib']);
  });

  test('no dependency beyond node:* and (Lambda handler only) the runtime\'s AWS SDK v3: the asset ships unbundled', () => {
    const files = (d: string): string[] => fs.readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(path.join(d, e.name)) : e.name.endsWith('.js') ? [path.join(d, e.name)] : []));
    const external = files(EVAL_PROBE_DIR).flatMap((f) => [...fs.readFileSync(f, 'utf8').matchAll(/require\(['"]([^'"]+)['"]\)/g)]
      .map((m) => m[1]).filter((m) => !m.startsWith('node:') && !m.startsWith('./') && !m.startsWith('../')).map((m) => `${path.relative(EVAL_PROBE_DIR, f)}: ${m}`));
    expect(external).toEqual(['index.js: @aws-sdk/client-secrets-manager', 'index.js: @aws-sdk/client-secrets-manager']);
  });

  test('Lambda handler: reads the key from Secrets Manager, runs, publishes, returns counts only', async () => {
    const { dir } = stage(['pass-1', 'fail-schema']);
    const standin = scriptedStandIn();
    const collector = new HttpStandIn({ 'POST /v1/metrics': () => ({ status: 200, body: {} }) });
    const url = await standin.start();
    const otlp = await collector.start();
    const secretCalls: unknown[] = [];
    jest.resetModules();
    jest.doMock('@aws-sdk/client-secrets-manager', () => ({
      SecretsManagerClient: class { async send(cmd: any) { secretCalls.push(cmd.input); return { SecretString: JSON.stringify({ api_key: FEATURE_KEY, key_alias: 'hiring/job-description-gen' }) }; } },
      GetSecretValueCommand: class { constructor(public readonly input: unknown) {} },
    }), { virtual: true });
    const env = { GATEWAY_URL: url, API_KEY_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:hiring-jd-key-AbCdEf', OTLP_METRICS_ENDPOINT: `${otlp}/v1/metrics` };
    const saved = { ...process.env };
    Object.assign(process.env, env);
    const logSpy = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      let handler: any;
      jest.isolateModules(() => {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        handler = require(path.join(dir, 'index.js')).handler;
      });
      const out = await handler({}, { awsRequestId: 'inv-1' });
      expect(out).toMatchObject({ status: 'completed', feature: 'job-description-gen', cases: 2, passed: 1, failed: 1, errors: 0, passRatio: 0.5, meetsMinPassRate: false });
      expect(out.publishedPoints).toBeGreaterThan(10);
      expect(secretCalls).toEqual([{ SecretId: env.API_KEY_SECRET_ARN }]);
      expect(collector.calls('POST /v1/metrics')).toHaveLength(1);
      const logged = logSpy.mock.calls.map((c) => String(c[0])).join('\n');
      expect(logged).toContain('"msg":"evaluation-run"');
      expect(logged + JSON.stringify(out)).not.toContain(SENTINEL);
      expect(logged + JSON.stringify(out)).not.toContain(FEATURE_KEY);
    } finally {
      logSpy.mockRestore();
      process.env = saved;
      jest.dontMock('@aws-sdk/client-secrets-manager');
      await standin.stop();
      await collector.stop();
    }
  });

  test('Lambda handler: a secret without api_key yet fails with the reason (and no value)', async () => {
    const { dir } = stage(['pass-1']);
    jest.resetModules();
    jest.doMock('@aws-sdk/client-secrets-manager', () => ({
      SecretsManagerClient: class { async send() { return { SecretString: '{}' }; } },
      GetSecretValueCommand: class { constructor(public readonly input: unknown) {} },
    }), { virtual: true });
    const saved = { ...process.env };
    Object.assign(process.env, { GATEWAY_URL: 'http://127.0.0.1:9', API_KEY_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:x-AbCdEf' });
    const logSpy = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      let handler: any;
      jest.isolateModules(() => {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        handler = require(path.join(dir, 'index.js')).handler;
      });
      await expect(handler({}, {})).rejects.toThrow(/the key secret has no 'api_key' yet/);
    } finally {
      logSpy.mockRestore();
      process.env = saved;
      jest.dontMock('@aws-sdk/client-secrets-manager');
    }
  });

  test('container entry: API_KEY from the environment, exit 0 after a run, 1 when the golden set was tampered with', async () => {
    const { dir, manifest } = stage(['pass-1', 'slow']);
    const standin = scriptedStandIn();
    const url = await standin.start();
    const prometheus = new HttpStandIn({ 'POST /api/v1/write': () => ({ status: 204 }) });
    const rw = await prometheus.start();
    const lines: string[] = [];
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { main } = require(path.join(dir, 'container.js'));
      const env = { GATEWAY_URL: url, API_KEY: FEATURE_KEY, EVAL_MANIFEST_FILE: path.join(dir, 'eval/manifest.json') };
      expect(await main(env, { log: (m: string, f: object) => lines.push(JSON.stringify({ m, ...f })), sleep: noSleep })).toBe(0);
      expect(lines.some((l) => l.includes('metrics-not-published'))).toBe(true);
      expect(lines.find((l) => l.includes('evaluation-run'))).toContain('"errors":1');
      expect(await main({ ...env, PROMETHEUS_REMOTE_WRITE_URL: `${rw}/api/v1/write` }, { log: (m: string, f: object) => lines.push(JSON.stringify({ m, ...f })), sleep: noSleep })).toBe(0);
      expect(prometheus.calls('POST /api/v1/write').map((c) => [c.headers['content-encoding'], c.headers['content-type']])).toEqual([['snappy', 'application/x-protobuf']]);
      expect(lines.filter((l) => l.includes('evaluation-run')).pop()).toMatch(/"publishedPoints":[1-9]\d/);
      fs.appendFileSync(path.join(dir, 'eval', manifest.dataset.file), '\n{"id": "extra", "messages": [{"role": "user", "content": "x"}]}\n');
      expect(await main(env, { log: (m: string, f: object) => lines.push(JSON.stringify({ m, ...f })) })).toBe(1);
      expect(lines[lines.length - 1]).toMatch(/differs from the manifest's/);
      expect(await main({ ...env, API_KEY: '' }, { log: (m: string, f: object) => lines.push(JSON.stringify({ m, ...f })) })).toBe(1);
    } finally {
      await standin.stop();
      await prometheus.stop();
    }
    expect(lines.join('\n')).not.toContain(FEATURE_KEY);
  }, 20_000);
});
