import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { INFERENCE_ROUTES, REDACTION_OVERRIDE_HEADER } from '../../src/gateway';
import { EDGE_METRICS_PATH, EDGE_PROXY_HEALTH_PATH, renderEdgeProxyConfig } from '../../src/gateway/edge-proxy';

/**
 * The edge config is checked by the real nginx: `nginx -t`, then a running nginx in front of a fake LiteLLM that
 * records what reaches it. Debian's nginx-light is enough (`apt-get install nginx-light`); without a binary the
 * tests say so and stop (never in CI, where the binary is required).
 */
const NGINX = ['/usr/sbin/nginx', '/usr/local/sbin/nginx', '/usr/bin/nginx'].find((p) => fs.existsSync(p));
const haveNginx = NGINX !== undefined;
if (!haveNginx) {
  if (process.env.CI === 'true') throw new Error('nginx is required in CI to check the edge proxy config (apt-get install nginx-light)');
  process.stdout.write('edge-proxy.test: no nginx binary here; the config was NOT checked by nginx\n');
}
const itWithNginx = haveNginx ? it : it.skip;

describe('renderEdgeProxyConfig', () => {
  it('is deterministic and forwards exactly the inference routes', () => {
    const a = renderEdgeProxyConfig({ upstreamPort: 4000, refuseRedactionOverride: true });
    expect(renderEdgeProxyConfig({ upstreamPort: 4000, refuseRedactionOverride: true })).toBe(a);
    const forwarded = [...a.matchAll(/location (=|\^~) (\S+) \{ proxy_pass http:\/\/litellm; \}/g)].map((m) => (m[1] === '^~' ? `${m[2]}*` : m[2]));
    expect(forwarded).toEqual([...INFERENCE_ROUTES]);
    expect(a).toContain('server 127.0.0.1:4000;');
    expect(a).toContain('proxy_buffering off;');
  });

  it('refuses the redaction override header only when message logging is not allowed', () => {
    expect(renderEdgeProxyConfig({ upstreamPort: 4000, refuseRedactionOverride: true })).toContain('$http_litellm_disable_message_redaction');
    expect(renderEdgeProxyConfig({ upstreamPort: 4000, refuseRedactionOverride: false })).not.toContain('$http_litellm_disable_message_redaction');
  });

  it('adds a metrics-only listener only when asked, forwarding nothing but LiteLLM\'s /metrics/', () => {
    const without = renderEdgeProxyConfig({ upstreamPort: 4000, refuseRedactionOverride: true });
    expect(without.match(/listen /g)).toHaveLength(1);
    const withMetrics = renderEdgeProxyConfig({ upstreamPort: 4000, refuseRedactionOverride: true, metricsPort: 9090 });
    expect(withMetrics.startsWith(without.slice(0, without.lastIndexOf('}')))).toBe(true);
    const server = withMetrics.slice(withMetrics.indexOf('listen 9090;'));
    expect([...server.matchAll(/proxy_pass (\S+);/g)].map((m) => m[1])).toEqual([`http://litellm${EDGE_METRICS_PATH}`, `http://litellm${EDGE_METRICS_PATH}`]);
    expect(() => renderEdgeProxyConfig({ upstreamPort: 4000, refuseRedactionOverride: true, metricsPort: 0 })).toThrow(/metricsPort/);
  });

  itWithNginx.each([
    ['without', undefined],
    ['with', 9090],
  ])('passes nginx -t (%s the metrics listener)', (_label, metricsPort) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'edge-'));
    const conf = path.join(dir, 'nginx.conf');
    fs.writeFileSync(conf, renderEdgeProxyConfig({ upstreamPort: 4000, refuseRedactionOverride: true, tmpDir: dir, metricsPort }));
    // nginx -t reports on stderr; a failing test exits non-zero, which execFileSync throws on.
    const result = spawnSync(NGINX!, ['-t', '-c', conf, '-g', 'daemon off;'], { encoding: 'utf8' });
    expect(result.stderr).toContain('test is successful');
    expect(result.status).toBe(0);
  });
});

describe('the edge proxy, run by nginx in front of a fake LiteLLM', () => {
  let upstream: http.Server;
  let nginx: ChildProcess | undefined;
  let edgePort = 0;
  let metricsPort = 0;
  const seen: Array<{ url: string; method?: string; headers: http.IncomingHttpHeaders }> = [];

  const freePort = async (): Promise<number> => new Promise((resolve) => {
    const s = http.createServer();
    s.listen(0, '127.0.0.1', () => { const p = (s.address() as AddressInfo).port; s.close(() => resolve(p)); });
  });

  const request = (p: string, headers: Record<string, string> = {}, port = edgePort, method = 'POST'): Promise<{ status: number; body: string }> => new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: p, method, headers: { 'content-type': 'application/json', ...headers } }, (res) => {
      let body = '';
      res.on('data', (c) => { body += c; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    // A GET carries no body (Node would send one chunked, and a keep-alive connection would then hold what nginx left
    // of it when it answered without reading it).
    req.end(method === 'GET' ? undefined : '{"model":"chat","messages":[]}');
  });

  beforeAll(async () => {
    if (!haveNginx) return;
    upstream = http.createServer((req, res) => {
      seen.push({ url: req.url ?? '', method: req.method, headers: req.headers });
      req.resume();
      req.on('end', () => { res.setHeader('content-type', 'application/json'); res.end('{"upstream":true}'); });
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', () => resolve()));
    const upstreamPort = (upstream.address() as AddressInfo).port;
    edgePort = await freePort();
    metricsPort = await freePort();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'edge-run-'));
    const conf = path.join(dir, 'nginx.conf');
    const config = renderEdgeProxyConfig({ upstreamPort, refuseRedactionOverride: true, tmpDir: dir, listenPort: edgePort, workers: 1, metricsPort });
    fs.writeFileSync(conf, config);
    nginx = spawn(NGINX!, ['-c', conf, '-g', 'daemon off;'], { stdio: 'ignore' });
    for (let i = 0; i < 50; i++) {
      try {
        await request(EDGE_PROXY_HEALTH_PATH);
        return;
      } catch {
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    throw new Error('nginx did not start');
  }, 20_000);

  afterAll(async () => {
    if (nginx?.pid) process.kill(nginx.pid, 'SIGTERM');
    if (upstream) await new Promise<void>((resolve) => upstream.close(() => resolve()));
  });

  itWithNginx('forwards inference routes to LiteLLM unchanged', async () => {
    for (const p of ['/v1/chat/completions', '/chat/completions', '/v1/embeddings', '/v1/models', '/openai/deployments/chat/chat/completions', '/v1/messages']) {
      const r = await request(p);
      expect([p, r.status, r.body]).toEqual([p, 200, '{"upstream":true}']);
    }
    expect(seen.map((s) => s.url)).toContain('/v1/chat/completions');
  });

  itWithNginx('answers 404 for the admin API, the UI, /metrics and /health, which never reach LiteLLM', async () => {
    const before = seen.length;
    for (const p of ['/key/generate', '/team/new', '/user/new', '/model/new', '/spend/logs', '/ui', '/metrics', '/health', '/config/yaml', '/v1/chat/completionsX']) {
      const r = await request(p);
      expect([p, r.status]).toEqual([p, 404]);
      expect(JSON.parse(r.body).error.type).toBe('not_found');
    }
    expect(seen.length).toBe(before);
  });

  itWithNginx('refuses encoded or dot-segment paths that could be normalised into an admin route', async () => {
    const before = seen.length;
    for (const p of ['/v1/models/..%2f..%2fkey%2fgenerate', '/v1/models/%2e%2e/key/generate', '/v1/models/../key/generate', '/v1/chat/completions/..']) {
      const r = await request(p);
      expect([p, r.status]).toEqual([p, 400]);
    }
    expect(seen.length).toBe(before);
  });

  itWithNginx('refuses the redaction override header (any value), and passes the redaction-enabling header through', async () => {
    const before = seen.length;
    const r = await request('/v1/chat/completions', { [REDACTION_OVERRIDE_HEADER]: 'true' });
    expect(r.status).toBe(400);
    expect(JSON.parse(r.body).error.message).toContain(REDACTION_OVERRIDE_HEADER);
    expect(seen.length).toBe(before);
    const ok = await request('/v1/chat/completions', { 'x-litellm-enable-message-redaction': 'true' });
    expect(ok.status).toBe(200);
  });

  itWithNginx('serves /metrics on the metrics port only: LiteLLM gets /metrics/ and nothing else, reads only', async () => {
    // GIVEN a scraper on the metrics port
    const before = seen.length;
    // WHEN it asks for /metrics (with or without the slash, with query args)
    for (const p of ['/metrics', '/metrics/', '/metrics/?name[]=litellm_spend_metric']) {
      const r = await request(p, {}, metricsPort, 'GET');
      expect([p, r.status, r.body]).toEqual([p, 200, '{"upstream":true}']);
    }
    // THEN LiteLLM saw exactly its metrics route, by GET
    expect(seen.slice(before).map((s) => [s.method, s.url.replace(/\?.*$/, '')])).toEqual([['GET', '/metrics/'], ['GET', '/metrics/'], ['GET', '/metrics/']]);
    // AND every other path on that port, however written, is a 404 that never reaches LiteLLM; writes are refused
    const after = seen.length;
    for (const p of ['/key/list', '/team/list', '/v1/chat/completions', '/health/readiness', '/metrics/../key/list', '/metrics/%2e%2e/key/list', '/metricsX', '/metrics/x', '/ui']) {
      const r = await request(p, {}, metricsPort, 'GET');
      expect([p, r.status]).toEqual([p, 404]);
    }
    expect((await request('/metrics/', {}, metricsPort, 'POST')).status).toBe(403);
    expect(seen.length).toBe(after);
    // AND the callers' port still refuses /metrics
    expect((await request('/metrics/', {}, edgePort, 'GET')).status).toBe(404);
    expect(seen.length).toBe(after);
  });
});
