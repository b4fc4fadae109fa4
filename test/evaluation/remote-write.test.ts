/**
 * Publishing straight to Prometheus remote write (AMP on AWS): SigV4 against AWS's published test-suite
 * vectors, the snappy framing against an independent decoder, and the whole request through a real
 * Prometheus (`--web.enable-remote-write-receiver`, Debian's prometheus 2.42, loopback) queried back.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FEATURE_KEY, goldenSet, manifestFor, noSleep, scriptedStandIn } from './support';
import { publishRemoteWrite, snappyLiteral, writeRequestSeries } from '../../src/evaluation/probe/lib/remote-write';
import { runEvaluation } from '../../src/evaluation/probe/lib/run';
import { canonicalUri, signRequest } from '../../src/evaluation/probe/lib/sigv4';
import { freePort } from '../observability/engines';
import { HttpStandIn } from '../tenancy/standin/http-standin';

// AWS SigV4 test suite (aws4_testsuite, 2015-08-30 vectors): the example credentials are AWS's own.
const EXAMPLE = {
  region: 'us-east-1',
  service: 'service',
  credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' },
  now: new Date('2015-08-30T12:36:00Z'),
};
const PREFIX = 'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=';

describe('SigV4 (AWS test-suite vectors)', () => {
  test.each([
    ['get-vanilla', 'GET', 'https://example.amazonaws.com/', '5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31'],
    ['post-vanilla', 'POST', 'https://example.amazonaws.com/', '5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b'],
    ['get-vanilla-query-order-key-case', 'GET', 'https://example.amazonaws.com/?Param2=value2&Param1=value1', 'b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500'],
  ])('%s', (_name, method, url, signature) => {
    const h = signRequest({ method, url, ...EXAMPLE });
    expect(h).toEqual({ 'x-amz-date': '20150830T123600Z', 'authorization': `${PREFIX}${signature}` });
  });

  test('paths are encoded once more (non-S3 services); a session token is sent and signed', () => {
    expect(canonicalUri('/model/anthropic.claude-v2%3A1/converse')).toBe('/model/anthropic.claude-v2%253A1/converse');
    expect(canonicalUri('/workspaces/ws-1234/api/v1/remote_write')).toBe('/workspaces/ws-1234/api/v1/remote_write');
    const h = signRequest({ method: 'POST', url: 'https://aps-workspaces.eu-west-1.amazonaws.com/workspaces/ws-1/api/v1/remote_write', headers: { 'Content-Type': 'application/x-protobuf' }, body: 'x', region: 'eu-west-1', service: 'aps', credentials: { ...EXAMPLE.credentials, sessionToken: 'token-1' }, now: EXAMPLE.now });
    expect(h['x-amz-security-token']).toBe('token-1');
    expect(h.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/20150830\/eu-west-1\/aps\/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-security-token, Signature=[0-9a-f]{64}$/);
  });
});

/* eslint-disable no-bitwise */
/** An independent snappy decoder for literal elements (google/snappy format_description.txt). */
function unsnappyLiterals(buf: Buffer): Buffer {
  let i = 0;
  let length = 0;
  for (let shift = 0; ; shift += 7) {
    const b = buf[i++];
    length += (b & 0x7f) * 2 ** shift;
    if (!(b & 0x80)) break;
  }
  const out: Buffer[] = [];
  while (i < buf.length) {
    const t = buf[i++];
    if ((t & 3) !== 0) throw new Error('not a literal element');
    let n = t >> 2;
    if (n >= 60) {
      const bytes = n - 59;
      n = 0;
      for (let k = 0; k < bytes; k++) n += buf[i++] * 256 ** k;
    }
    out.push(buf.subarray(i, i + n + 1));
    i += n + 1;
  }
  const data = Buffer.concat(out);
  if (data.length !== length) throw new Error(`length ${data.length} != header ${length}`);
  return data;
}

/* eslint-enable no-bitwise */

test('snappy literal framing round-trips at every element size (1 byte, < 60, < 256, 64 KiB chunks)', () => {
  for (const size of [0, 1, 59, 60, 61, 255, 256, 257, 65535, 65536, 65537, 200_000]) {
    const data = Buffer.from(Array.from({ length: size }, (_, i) => (i * 31) % 256));
    expect(unsnappyLiterals(snappyLiteral(data)).equals(data)).toBe(true);
  }
});

async function aRun() {
  const standin = scriptedStandIn();
  const url = await standin.start();
  try {
    const dataset = goldenSet(['pass-1', 'pass-2', 'fail-schema', 'server-error']);
    const client = { baseUrl: url, apiKey: FEATURE_KEY, sleep: noSleep };
    return await runEvaluation({ manifest: manifestFor(dataset), cases: dataset.cases, datasetSha256: dataset.sha256, client });
  } finally {
    await standin.stop();
  }
}

test('AMP URLs are signed for service aps with the region of the host; a plain URL is not', async () => {
  const result = await aRun();
  const seen: Array<Record<string, string>> = [];
  const transport = async (req: any) => {
    seen.push(req.headers);
    return { status: 200, headers: {}, text: '', elapsedMs: 1 };
  };
  const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'example-secret', sessionToken: 'session' };
  await publishRemoteWrite('https://aps-workspaces.eu-central-1.amazonaws.com/workspaces/ws-0a1b/api/v1/remote_write', result, { transport, credentials });
  await publishRemoteWrite('http://prometheus.monitoring:9090/api/v1/write', result, { transport });
  expect(seen[0].authorization).toMatch(/\/eu-central-1\/aps\/aws4_request, SignedHeaders=content-encoding;content-type;host;user-agent;x-amz-date;x-amz-security-token;x-prometheus-remote-write-version,/);
  expect(seen[0]['content-encoding']).toBe('snappy');
  expect(seen[1].authorization).toBeUndefined();
  const collector = new HttpStandIn({ 'POST /api/v1/write': () => ({ status: 400, body: 'out of order sample' }) });
  const base = await collector.start();
  try {
    await expect(publishRemoteWrite(`${base}/api/v1/write`, result)).rejects.toThrow(/HTTP 400/);
  } finally {
    await collector.stop();
  }
});

const prometheusAvailable = spawnSync('prometheus', ['--version']).status === 0;
const describeLive = prometheusAvailable || process.env.CI === 'true' ? describe : describe.skip;

describeLive('remote write into a real Prometheus (loopback)', () => {
  let dir: string;
  let prom: ChildProcess | undefined;
  let base: string;

  beforeAll(async () => {
    if (!prometheusAvailable) throw new Error('prometheus is not on PATH and CI=true: apt-get install -y --no-install-recommends prometheus');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'prom-rw-'));
    fs.writeFileSync(path.join(dir, 'prometheus.yml'), 'global:\n  scrape_interval: 1h\n');
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    prom = spawn('prometheus', [
      `--config.file=${path.join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${path.join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`, '--web.enable-remote-write-receiver', '--log.level=warn',
    ], { stdio: 'ignore' });
    for (let i = 0; i < 150; i++) {
      const ready = await fetch(`${base}/-/ready`).then((r) => r.ok).catch(() => false);
      if (ready) return;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error('prometheus did not become ready');
  }, 60_000);

  afterAll(async () => {
    prom?.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 300));
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  test('every series arrives with its name, labels, value and the run\'s timestamp', async () => {
    const result = await aRun();
    const out = await publishRemoteWrite(`${base}/api/v1/write`, result);
    const expected = writeRequestSeries(result);
    expect(out).toEqual({ status: 204, series: expected.length });
    const at = Date.parse(result.finishedAt) / 1000;
    const query = async (q: string) => {
      const r = await fetch(`${base}/api/v1/query?query=${encodeURIComponent(q)}&time=${at}`);
      return ((await r.json()) as any).data.result as Array<{ metric: Record<string, string>; value: [number, string] }>;
    };
    const all = await query('{__name__=~"llm_eval_.+"}');
    expect(all).toHaveLength(expected.length);
    const key = (labels: Record<string, string>) => JSON.stringify(Object.keys(labels).sort().map((k) => [k, labels[k]]));
    const got = new Map(all.map((s) => [key(s.metric), Number(s.value[1])]));
    for (const s of expected) expect(got.get(key(s.labels))).toBeCloseTo(s.samples[0].value, 9);
    const [pass] = await query('llm_eval_pass_ratio');
    expect(pass.metric).toEqual({ __name__: 'llm_eval_pass_ratio', gateway: 'llm-prod', team: 'hiring', feature: 'job-description-gen', api_key_alias: 'hiring/job-description-gen', model: 'chat' });
    expect(Number(pass.value[1])).toBe(0.5);
    expect(pass.value[0]).toBe(at);
    // What an alert will evaluate: pass ratio below the feature's own minimum.
    const regression = await query('last_over_time(llm_eval_pass_ratio[1h]) < on (gateway, team, feature, api_key_alias, model) last_over_time(llm_eval_min_pass_ratio[1h])');
    expect(regression).toHaveLength(1);
  });
});
