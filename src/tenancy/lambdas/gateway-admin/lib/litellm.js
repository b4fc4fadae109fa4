'use strict';
/*
 * LiteLLM management API client: exactly the routes the reconciler and the rotation handlers call.
 * Request and response shapes are LiteLLM's (BerriAI/litellm, read at the commits named below):
 *   /team/new, /team/update, /team/info, /team/delete   management_endpoints/team_endpoints.py, _types.py NewTeamRequest/UpdateTeamRequest/DeleteTeamRequest
 *   /key/generate, /key/update, /key/info, /key/list, /key/delete   management_endpoints/key_management_endpoints.py@00670428, _types.py GenerateKeyRequest/UpdateKeyRequest/KeyRequest
 * Errors come back as {"error": {"message", "type", "param", "code"}} with the HTTP status = code
 * (proxy_server.py ProxyException handler), or FastAPI's {"detail": ...} for request validation (422).
 *
 * Master key: during a master-key rotation old and new gateway tasks run side by side, each accepting
 * only its own master key, so a request may land on either. A 401 is raised by the auth dependency
 * before the route runs, so the same request is retried with the next candidate key.
 */
const { httpRequest, isTransientNetworkError } = require('./http');
const { redact } = require('./log');

class LiteLLMError extends Error {
  constructor(status, route, message, retryable = false) {
    super(`${route} -> ${status === 0 ? 'unreachable' : `HTTP ${status}`}: ${redact(message)}`);
    this.name = 'LiteLLMError';
    this.status = status;
    this.route = route;
    this.retryable = retryable;
  }
}

const RETRYABLE_STATUS = new Set([429, 502, 503, 504]);

function errorMessage(text) {
  try {
    const body = JSON.parse(text);
    if (body && body.error) return typeof body.error === 'string' ? body.error : (body.error.message ?? JSON.stringify(body.error));
    if (body && body.detail !== undefined) return typeof body.detail === 'string' ? body.detail : JSON.stringify(body.detail);
  } catch {
    // not JSON: fall through
  }
  return text.slice(0, 500);
}

const sleepMs = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * @param {{ baseUrl: string, masterKeys: () => Promise<string[]>, tlsServerName?: string, ca?: string,
 *           attempts?: number, baseDelayMs?: number, maxDelayMs?: number, timeoutMs?: number,
 *           transport?: typeof httpRequest, sleep?: (ms:number)=>Promise<void>, log?: Function,
 *           extraHeaders?: () => Promise<Record<string,string>> }} options
 *   extraHeaders: e.g. Cloud Run's `X-Serverless-Authorization` (IAM identity token) — Authorization
 *   itself carries LiteLLM's bearer.
 */
function createLiteLLMClient(options) {
  const base = options.baseUrl.replace(/\/+$/, '');
  const transport = options.transport ?? httpRequest;
  const attempts = options.attempts ?? 6;
  const baseDelay = options.baseDelayMs ?? 500;
  const maxDelay = options.maxDelayMs ?? 8000;
  const sleep = options.sleep ?? sleepMs;
  const log = options.log ?? (() => undefined);
  let candidates;
  let preferred = 0;

  async function send(method, path, { query, body, bearer }) {
    const qs = query ? Object.entries(query).filter(([, v]) => v !== undefined && v !== null).map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`).join('&') : '';
    const url = `${base}${path}${qs ? `?${qs}` : ''}`;
    for (let attempt = 1; ; attempt++) {
      let res;
      try {
        const extra = options.extraHeaders ? await options.extraHeaders() : {};
        res = await transport({
          url,
          method,
          headers: { ...extra, authorization: `Bearer ${bearer}`, accept: 'application/json', ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
          body: body !== undefined ? JSON.stringify(body) : undefined,
          timeoutMs: options.timeoutMs ?? 30000,
          tlsServerName: options.tlsServerName,
          ca: options.ca,
        });
      } catch (e) {
        if (!isTransientNetworkError(e)) throw new LiteLLMError(0, `${method} ${path}`, `${e.code ?? e.name}: ${e.message}`);
        if (attempt >= attempts) throw new LiteLLMError(0, `${method} ${path}`, `${e.code ?? e.name}: ${e.message} (after ${attempt} attempts)`, true);
        const delay = Math.min(maxDelay, baseDelay * 2 ** (attempt - 1));
        log('litellm-retry', { route: `${method} ${path}`, error: e.code ?? e.name, attempt, delayMs: delay });
        await sleep(delay);
        continue;
      }
      if (RETRYABLE_STATUS.has(res.status) && attempt < attempts) {
        const delay = Math.min(maxDelay, baseDelay * 2 ** (attempt - 1));
        log('litellm-retry', { route: `${method} ${path}`, status: res.status, attempt, delayMs: delay });
        await sleep(delay);
        continue;
      }
      return res;
    }
  }

  /** Calls a route as proxy admin: the preferred master key first, the others on 401. */
  async function admin(method, path, opts = {}) {
    if (!candidates) {
      candidates = [...new Set((await options.masterKeys()).filter((k) => typeof k === 'string' && k.length > 0))];
      if (candidates.length === 0) throw new LiteLLMError(401, `${method} ${path}`, 'no master key available from the secret store');
    }
    const base = [preferred, ...candidates.map((_, i) => i).filter((i) => i !== preferred)];
    // Behind a load balancer each attempt may reach an old or a new task, so with several candidates
    // try a few rounds, rotating the order each round (a fixed order can keep pairing each key with
    // the task that rejects it).
    const rounds = candidates.length > 1 ? 4 : 1;
    let last;
    for (let round = 0; round < rounds; round++) {
      const order = base.map((_, j) => base[(j + round) % base.length]);
      for (const i of order) {
        last = await send(method, path, { ...opts, bearer: candidates[i] });
        if (last.status !== 401) {
          if (i !== preferred) log('litellm-master-key-fallback', { route: `${method} ${path}`, candidate: i });
          preferred = i;
          return last;
        }
      }
    }
    throw new LiteLLMError(401, `${method} ${path}`, `every master key candidate (${candidates.length}) was rejected: ${errorMessage(last.text)}`);
  }

  function parse(res, route, ok = [200]) {
    if (!ok.includes(res.status)) throw new LiteLLMError(res.status, route, errorMessage(res.text), RETRYABLE_STATUS.has(res.status));
    try {
      return res.text ? JSON.parse(res.text) : {};
    } catch {
      throw new LiteLLMError(res.status, route, 'response is not JSON');
    }
  }

  return {
    /** GET /team/info -> team_info, or null when the team does not exist (404). */
    async teamInfo(teamId) {
      const res = await admin('GET', '/team/info', { query: { team_id: teamId } });
      if (res.status === 404) return null;
      return parse(res, 'GET /team/info').team_info ?? null;
    },
    async newTeam(body) {
      return parse(await admin('POST', '/team/new', { body }), 'POST /team/new');
    },
    async updateTeam(body) {
      return parse(await admin('POST', '/team/update', { body }), 'POST /team/update');
    },
    async deleteTeams(teamIds) {
      const res = await admin('POST', '/team/delete', { body: { team_ids: teamIds } });
      if (res.status === 404) return { deleted: false };
      parse(res, 'POST /team/delete');
      return { deleted: true };
    },
    /** GET /key/list with full objects, every page. Each item carries `token` (the hash), never the key. */
    async listKeys({ teamId, keyAlias } = {}) {
      const out = [];
      for (let page = 1; ; page++) {
        const body = parse(await admin('GET', '/key/list', { query: { return_full_object: 'true', size: 100, page, team_id: teamId, key_alias: keyAlias } }), 'GET /key/list');
        for (const k of body.keys ?? []) if (k && typeof k === 'object') out.push(k);
        if (!body.total_pages || page >= body.total_pages) return out;
      }
    },
    /** GET /key/info?key=<key or hash> -> info (with `token` added), or null (404). */
    async keyInfo(keyOrToken, token) {
      const res = await admin('GET', '/key/info', { query: { key: keyOrToken } });
      if (res.status === 404) return null;
      const info = parse(res, 'GET /key/info').info ?? null;
      return info && token ? { ...info, token } : info;
    },
    /** POST /key/generate. Returns the hash and alias only: the key value stays with the caller. */
    async generateKey(body) {
      const r = parse(await admin('POST', '/key/generate', { body }), 'POST /key/generate');
      return { token: r.token_id ?? r.token, key_alias: r.key_alias };
    },
    async updateKey(body) {
      const r = parse(await admin('POST', '/key/update', { body }), 'POST /key/update');
      return { key_alias: r.key_alias };
    },
    /** POST /key/delete {keys}; a key already gone (404 "No keys found") counts as deleted. */
    async deleteKeys(tokens) {
      const res = await admin('POST', '/key/delete', { body: { keys: tokens } });
      if (res.status === 404) return { deleted: 0 };
      parse(res, 'POST /key/delete');
      return { deleted: tokens.length };
    },
    /**
     * GET /key/info authenticated AS the virtual key itself (no key param: LiteLLM then describes the
     * calling key, key_management_endpoints.py info_key_fn). Proves the key authenticates.
     */
    async selfKeyInfo(virtualKey) {
      const res = await send('GET', '/key/info', { bearer: virtualKey });
      return parse(res, 'GET /key/info (as the key)').info ?? null;
    },
  };
}

module.exports = { createLiteLLMClient, LiteLLMError, errorMessage };
