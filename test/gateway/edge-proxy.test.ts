import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { INFERENCE_ROUTES, REDACTION_OVERRIDE_HEADER } from '../../src/gateway';
import { EDGE_PROXY_HEALTH_PATH, renderEdgeProxyConfig } from '../../src/gateway/edge-proxy';

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

  itWithNginx('passes nginx -t', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'edge-'));
    const conf = path.join(dir, 'nginx.conf');
    fs.writeFileSync(conf, renderEdgeProxyConfig({ upstreamPort: 4000, refuseRedactionOverride: true, tmpDir: dir }));
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
  const seen: Array<{ url: string; headers: http.IncomingHttpHeaders }> = [];

  const freePort = async (): Promise<number> => new Promise((resolve) => {
    const s = http.createServer();
    s.listen(0, '127.0.0.1', () => { const p = (s.address() as AddressInfo).port; s.close(() => resolve(p)); });
  });

  const request = (p: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> => new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: edgePort, path: p, method: 'POST', headers: { 'content-type': 'application/json', ...headers } }, (res) => {
      let body = '';
      res.on('data', (c) => { body += c; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end('{"model":"chat","messages":[]}');
  });

  beforeAll(async () => {
    if (!haveNginx) return;
    upstream = http.createServer((req, res) => {
      seen.push({ url: req.url ?? '', headers: req.headers });
      req.resume();
      req.on('end', () => { res.setHeader('content-type', 'application/json'); res.end('{"upstream":true}'); });
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', () => resolve()));
    const upstreamPort = (upstream.address() as AddressInfo).port;
    edgePort = await freePort();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'edge-run-'));
    const conf = path.join(dir, 'nginx.conf');
    fs.writeFileSync(conf, renderEdgeProxyConfig({ upstreamPort, refuseRedactionOverride: true, tmpDir: dir, listenPort: edgePort, workers: 1 }));
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
});
