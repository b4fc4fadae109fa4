'use strict';
/*
 * One chat completion through the gateway's OpenAI-compatible route, observed for scoring.
 *
 * Response contract (BerriAI/litellm):
 *   body     `litellm/types/utils.py` ModelResponse @ 2f1f4b18: {id, object: "chat.completion", created,
 *            model, choices: [{index, finish_reason, message: {role, content, tool_calls?}}],
 *            usage: {prompt_tokens, completion_tokens, total_tokens}}
 *   headers  `litellm/proxy/common_request_processing.py` ProxyBaseLLMRequestProcessing.get_custom_headers
 *            @ 001501fb: x-litellm-model-id (the serving deployment's model_info.id),
 *            x-litellm-response-cost (USD, omitted when LiteLLM has no price: the value "None" is dropped),
 *            x-litellm-call-id, x-litellm-model-api-base, x-litellm-response-duration-ms
 *   errors   `litellm/proxy/proxy_server.py` ProxyException handler: {"error": {message, type, param, code}}
 *            with HTTP status = code (429 for rate and budget limits, 401 for a bad key, 400 for a model the
 *            key may not call); FastAPI renders unconverted HTTPExceptions as {"detail": ...}.
 *
 * Retries: 429 and 502/503/504 and connection failures are retried (Retry-After honoured up to 10 s);
 * a timeout is not retried — a response slower than the probe's timeout is the finding.
 */
const { httpRequest } = require('./http');

const RETRYABLE_STATUS = new Set([429, 502, 503, 504]);
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EAI_AGAIN', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'ECONNABORTED']);
const SHORT_ID = /^[A-Za-z0-9_.:-]{1,64}$/;

function header(headers, name) {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function errorKind(status) {
  if (status === 429) return 'rate_limited';
  if (status === 401 || status === 403) return 'auth';
  if (status === 408) return 'timeout';
  if (status >= 500) return 'server_error';
  return 'client_error';
}

/** LiteLLM's error `type` when it is a short identifier (e.g. budget_exceeded); never the message. */
function errorType(text) {
  try {
    const body = JSON.parse(text);
    const t = body && body.error && body.error.type;
    return typeof t === 'string' && SHORT_ID.test(t) ? t : undefined;
  } catch {
    return undefined;
  }
}

function retryAfterMs(headers) {
  const v = Number(header(headers, 'retry-after'));
  return Number.isFinite(v) && v >= 0 ? Math.min(v * 1000, 10000) : undefined;
}

/** Text of the first choice: a string, or the text parts of a content array. */
function contentOf(body) {
  const choice = body && Array.isArray(body.choices) ? body.choices[0] : undefined;
  const msg = choice && choice.message;
  if (!msg) return { content: null, finishReason: choice ? choice.finish_reason ?? null : null };
  let content = null;
  if (typeof msg.content === 'string') content = msg.content;
  else if (Array.isArray(msg.content)) content = msg.content.filter((p) => p && p.type === 'text' && typeof p.text === 'string').map((p) => p.text).join('');
  return { content, finishReason: choice.finish_reason ?? null };
}

function usageOf(body) {
  const u = body && body.usage;
  if (!u || typeof u !== 'object') return null;
  const n = (x) => (Number.isFinite(x) ? x : null);
  return { prompt: n(u.prompt_tokens), completion: n(u.completion_tokens), total: n(u.total_tokens) };
}

/**
 * @param {{ baseUrl: string, apiKey: string, path?: string, tlsServerName?: string, timeoutMs?: number,
 *           retries?: number, extraHeaders?: () => Promise<Record<string,string>>,
 *           transport?: typeof httpRequest, sleep?: (ms: number) => Promise<void> }} client
 * @param {object} body the chat-completions request body
 * @returns {Promise<object>} an observation for scorer.scoreCase
 */
async function observeCompletion(client, body) {
  const transport = client.transport ?? httpRequest;
  const sleep = client.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
  const retries = client.retries ?? 2;
  const url = `${client.baseUrl.replace(/\/+$/, '')}${client.path ?? '/v1/chat/completions'}`;
  const text = JSON.stringify(body);
  let attempts = 0;
  for (;;) {
    attempts++;
    const headers = { 'content-type': 'application/json', 'accept': 'application/json', 'authorization': `Bearer ${client.apiKey}`, ...(client.extraHeaders ? await client.extraHeaders() : {}) };
    let res;
    try {
      res = await transport({ url, method: 'POST', headers, body: text, timeoutMs: client.timeoutMs ?? 30000, tlsServerName: client.tlsServerName });
    } catch (e) {
      if (e && e.code === 'ETIMEDOUT') return { ok: false, error: { kind: 'timeout' }, latencyMs: client.timeoutMs ?? 30000, attempts };
      const transient = e && (NETWORK_CODES.has(e.code) || /socket hang up/i.test(e.message ?? ''));
      if (transient && attempts <= retries) {
        await sleep(1000 * 2 ** (attempts - 1));
        continue;
      }
      return { ok: false, error: { kind: 'network', ...(e && typeof e.code === 'string' ? { code: e.code } : {}) }, latencyMs: null, attempts };
    }
    const deployment = header(res.headers, 'x-litellm-model-id') || null;
    if (res.status < 200 || res.status >= 300) {
      if (RETRYABLE_STATUS.has(res.status) && attempts <= retries) {
        await sleep(retryAfterMs(res.headers) ?? 1000 * 2 ** (attempts - 1));
        continue;
      }
      const type = errorType(res.text);
      return { ok: false, error: { kind: errorKind(res.status), status: res.status, ...(type ? { type } : {}) }, latencyMs: res.elapsedMs, deployment, attempts };
    }
    let parsed;
    try {
      parsed = JSON.parse(res.text);
    } catch {
      return { ok: false, error: { kind: 'malformed_response', status: res.status }, latencyMs: res.elapsedMs, deployment, attempts };
    }
    if (!parsed || typeof parsed !== 'object' || !Array.isArray(parsed.choices)) {
      return { ok: false, error: { kind: 'malformed_response', status: res.status }, latencyMs: res.elapsedMs, deployment, attempts };
    }
    const cost = Number(header(res.headers, 'x-litellm-response-cost'));
    const { content, finishReason } = contentOf(parsed);
    return {
      ok: true,
      content,
      finishReason,
      latencyMs: res.elapsedMs,
      usage: usageOf(parsed),
      costUsd: header(res.headers, 'x-litellm-response-cost') !== undefined && Number.isFinite(cost) ? cost : null,
      deployment,
      model: typeof parsed.model === 'string' ? parsed.model : null,
      attempts,
    };
  }
}

module.exports = { observeCompletion, contentOf, usageOf, errorKind };
