'use strict';
/*
 * POST/GET over node:http(s). Not the global fetch: the gateway may be reached by a name that differs
 * from its certificate's (the load balancer's DNS name in front of a certificate for the gateway's
 * domain), which needs TLS `servername` — an option fetch does not take. Latency is measured here, from
 * the request's start to the last byte of the body, so it includes what the feature's users wait for.
 */
const http = require('node:http');
const https = require('node:https');
const tls = require('node:tls');

/**
 * @param {{ url: string, method?: string, headers?: Record<string,string>, body?: string, timeoutMs?: number,
 *           tlsServerName?: string }} req
 * @returns {Promise<{ status: number, headers: Record<string, string|string[]|undefined>, text: string, elapsedMs: number }>}
 *   rejects with an Error whose `code` is ETIMEDOUT when the whole exchange outlasts timeoutMs.
 */
function httpRequest(req) {
  const url = new URL(req.url);
  const isHttps = url.protocol === 'https:';
  const lib = isHttps ? https : http;
  const timeoutMs = req.timeoutMs ?? 30000;
  const options = {
    method: req.method ?? 'GET',
    headers: { ...(req.headers ?? {}), ...(req.body !== undefined ? { 'content-length': Buffer.byteLength(req.body) } : {}) },
    agent: false,
  };
  if (isHttps && req.tlsServerName) {
    options.servername = req.tlsServerName;
    options.checkServerIdentity = (_host, cert) => tls.checkServerIdentity(req.tlsServerName, cert);
  }
  const started = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    let settled = false;
    const r = lib.request(url, options, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8'), elapsedMs: Number(process.hrtime.bigint() - started) / 1e6 });
      });
      res.on('error', (e) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        reject(e);
      });
    });
    // One deadline for the whole exchange (a socket-idle timeout would let a slow trickle run forever).
    const timer = setTimeout(() => {
      if (settled) return;
      settled = true;
      r.destroy();
      reject(Object.assign(new Error(`no complete response within ${timeoutMs} ms`), { code: 'ETIMEDOUT' }));
    }, timeoutMs);
    r.on('error', (e) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      reject(e);
    });
    if (req.body !== undefined) r.write(req.body);
    r.end();
  });
}

module.exports = { httpRequest };
