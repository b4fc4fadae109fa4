'use strict';
/*
 * One evaluation run: every golden case through the gateway on the feature's key, scored, then the
 * judge where a case passed every deterministic check, then the run's figures. The probe (scheduled) and
 * the gate CLI (before a promotion, against one candidate deployment) both call `runEvaluation`.
 *
 * Pinning a deployment: the request's `model` is the deployment's id (`model_info.id`). LiteLLM's proxy
 * hands a model that is a deployment id to its router (litellm/proxy/route_llm_request.py: `data["model"]
 * in llm_router.get_model_ids()` in older releases, `llm_router.is_recognized_model(...)` @ 0149cf35, which
 * covers deployment ids), and the router serves exactly that deployment, with no load balancing between
 * the alias' deployments (litellm/router.py `_common_checks_available_deployment` @ f292d1ae:
 * `elif self.has_model_id(model): deployment = self.get_deployment(model_id=model) ... return
 * deployment_model, deployment.model_dump(...)`).
 */
const { observeCompletion } = require('./chat');
const { judgeRequest, parseJudgeReply } = require('./judge');
const { scoreCase, applyJudgeVerdict, checksForCase, aggregate } = require('./scorer');

/** Keeps only what a chat-completions request may carry from a golden case. */
function requestBody(model, testCase) {
  return {
    model,
    messages: testCase.messages.map((m) => ({ role: m.role, content: m.content, ...(m.name ? { name: m.name } : {}) })),
    ...(testCase.params ?? {}),
  };
}

async function pool(items, concurrency, fn) {
  const out = new Array(items.length);
  let next = 0;
  const worker = async () => {
    for (;;) {
      const i = next++;
      if (i >= items.length) return;
      out[i] = await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, worker));
  return out;
}

/**
 * @param {{ manifest: object, cases: object[], datasetSha256: string, client: object, target?: string,
 *           includeContent?: boolean, now?: () => Date, log?: (msg: string, fields?: object) => void }} input
 *   client: options for chat.observeCompletion (baseUrl, apiKey, path, timeoutMs, retries, tlsServerName,
 *   extraHeaders, transport, sleep). includeContent: only when the gateway allows message logging.
 */
async function runEvaluation(input) {
  const { manifest, cases } = input;
  const now = input.now ?? (() => new Date());
  const log = input.log ?? (() => undefined);
  const model = input.target ?? manifest.model;
  const started = now();
  const request = manifest.request ?? {};
  const client = { path: request.path, timeoutMs: request.timeoutMs, retries: request.retries, ...input.client };

  const results = await pool(cases, request.concurrency ?? 2, async (testCase) => {
    const obs = await observeCompletion(client, requestBody(model, testCase));
    let scored = scoreCase({ id: testCase.id, checks: checksForCase(manifest.checks, testCase), observation: obs });
    for (const check of checksForCase(manifest.checks, testCase)) {
      const pending = scored.checks.find((c) => c.id === check.id && c.passed === null && c.reason === 'pending');
      if (!pending) continue;
      const reply = await observeCompletion(client, judgeRequest(check, testCase, obs.content));
      const verdict = reply.ok ? { ...parseJudgeReply(reply.content), minScore: check.minScore, costUsd: reply.costUsd } : { error: `the judge call failed (${reply.error.kind}${reply.error.status ? ` ${reply.error.status}` : ''})`, costUsd: null };
      scored = applyJudgeVerdict(scored, check.id, verdict);
    }
    if (input.includeContent && obs.ok) scored = { ...scored, response: typeof obs.content === 'string' ? obs.content.slice(0, 2000) : null };
    log('case', { id: scored.id, outcome: scored.outcome, deployment: scored.deployment, latencyMs: scored.latencyMs === null ? null : Math.round(scored.latencyMs), error: scored.error ? scored.error.kind : undefined });
    return scored;
  });

  const finished = now();
  return {
    schemaVersion: 1,
    gateway: manifest.gateway,
    team: manifest.team,
    feature: manifest.feature,
    keyAlias: manifest.keyAlias,
    ...(manifest.environment ? { environment: manifest.environment } : {}),
    model: manifest.model,
    target: { model, deployment: input.target ?? null },
    dataset: { sha256: input.datasetSha256, cases: cases.length },
    startedAt: started.toISOString(),
    finishedAt: finished.toISOString(),
    durationMs: finished.getTime() - started.getTime(),
    summary: aggregate(results, { checks: manifest.checks, minPassRate: manifest.minPassRate }),
    cases: results,
  };
}

module.exports = { runEvaluation, requestBody };
