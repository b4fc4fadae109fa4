'use strict';
/*
 * A small HTTP(S) client on node:http/node:https (shipped with every Node runtime). Not the global
 * fetch: the admin endpoint may be reached by a DNS name that differs from its certificate's name
 * (an ALB DNS name in front of a certificate for the gateway's domain), which needs `servername`, and
 * the Kubernetes API needs the service-account CA — both are TLS options fetch does not take.
 */
const http = require('node:http');
const https = require('node:https');
const tls = require('node:tls');

/**
 * @param {{ url: string, method?: string, headers?: Record<string,string>, body?: string,
 *           timeoutMs?: number, tlsServerName?: string, ca?: string|Buffer }} req
 * @returns {Promise<{ status: number, headers: Record<string,string|string[]>, text: string }>}
 */
function httpRequest(req) {
  const url = new URL(req.url);
  const isHttps = url.protocol === 'https:';
  const lib = isHttps ? https : http;
  const options = {
    method: req.method ?? 'GET',
    headers: { ...(req.headers ?? {}), ...(req.body !== undefined ? { 'content-length': Buffer.byteLength(req.body) } : {}) },
    timeout: req.timeoutMs ?? 30000,
    // One connection per call: a handful of admin calls per run; no pooled socket outlives the run.
    agent: false,
  };
  if (isHttps) {
    if (req.ca) options.ca = req.ca;
    if (req.tlsServerName) {
      options.servername = req.tlsServerName;
      options.checkServerIdentity = (_host, cert) => tls.checkServerIdentity(req.tlsServerName, cert);
    }
  }
  return new Promise((resolve, reject) => {
    const r = lib.request(url, options, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    r.on('timeout', () => r.destroy(Object.assign(new Error(`timeout after ${options.timeout} ms`), { code: 'ETIMEDOUT' })));
    r.on('error', reject);
    if (req.body !== undefined) r.write(req.body);
    r.end();
  });
}

/** Network failures worth retrying: the gateway restarting, a task draining, DNS not yet propagated. */
const TRANSIENT_NETWORK = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EAI_AGAIN', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'ECONNABORTED']);

const isTransientNetworkError = (e) => Boolean(e && (TRANSIENT_NETWORK.has(e.code) || /socket hang up/i.test(e.message ?? '')));

module.exports = { httpRequest, isTransientNetworkError };
