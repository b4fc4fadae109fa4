'use strict';
/*
 * The scorer: pure and deterministic. It turns one observed chat completion (content, latency, usage,
 * cost, serving deployment — or an error) into per-check verdicts, and a run's cases into pass rates,
 * latency percentiles, cost and per-deployment figures. The probe, the gate CLI and the TypeScript
 * value classes all use this one module (the TypeScript side through scorer.d.ts).
 *
 * Nothing here keeps or returns model output: reasons name the check, the JSON path or the bound, never
 * the response text. The LLM-as-judge check is scored from a judge verdict the caller obtained (judge.js).
 */
const { validate } = require('./json-schema');

/** Check kinds and whether the scorer decides them without a model call. */
const CHECK_KINDS = Object.freeze({
  contains: 'deterministic',
  notContains: 'deterministic',
  regex: 'deterministic',
  exactMatch: 'deterministic',
  jsonSchema: 'deterministic',
  maxLatencyMs: 'deterministic',
  maxTokens: 'deterministic',
  judge: 'model',
});

/** Why a case produced no response to score. */
const ERROR_KINDS = Object.freeze(['timeout', 'rate_limited', 'server_error', 'auth', 'client_error', 'malformed_response', 'network']);

const short = (s, n = 60) => (s.length > n ? `${s.slice(0, n - 3)}...` : s);
const asList = (v) => (Array.isArray(v) ? v : [v]);

/** The per-case `expect` block as check specs (ids `expect.<kind>`, numbered when a kind repeats). */
function expectationChecks(expect) {
  if (!expect) return [];
  const out = [];
  const push = (kind, spec, n) => out.push({ id: n === undefined ? `expect.${kind}` : `expect.${kind}.${n + 1}`, kind, ...spec });
  const each = (kind, values) => {
    const list = asList(values);
    list.forEach((text, i) => push(kind, { text }, list.length > 1 ? i : undefined));
  };
  if (expect.contains !== undefined) each('contains', expect.contains);
  if (expect.notContains !== undefined) each('notContains', expect.notContains);
  if (expect.regex !== undefined) push('regex', { source: expect.regex, flags: 'u' });
  if (expect.exactMatch !== undefined) push('exactMatch', { text: expect.exactMatch, trim: true });
  if (expect.jsonSchema !== undefined) push('jsonSchema', { schema: expect.jsonSchema });
  return out;
}

/** Every check that applies to a case: the feature's checks, then the case's own expectations. */
function checksForCase(featureChecks, testCase) {
  return [...featureChecks, ...expectationChecks(testCase && testCase.expect)];
}

/**
 * One deterministic check against a successful observation.
 * @returns {{ passed: boolean, reason?: string }}
 */
function runDeterministic(spec, obs) {
  const content = typeof obs.content === 'string' ? obs.content : null;
  const needContent = () => ({ passed: false, reason: 'the response has no text content' });
  switch (spec.kind) {
    case 'contains': {
      if (content === null) return needContent();
      const ok = spec.ignoreCase ? content.toLowerCase().includes(spec.text.toLowerCase()) : content.includes(spec.text);
      return ok ? { passed: true } : { passed: false, reason: `does not contain ${JSON.stringify(short(spec.text))}` };
    }
    case 'notContains': {
      if (content === null) return needContent();
      const hit = spec.ignoreCase ? content.toLowerCase().includes(spec.text.toLowerCase()) : content.includes(spec.text);
      return hit ? { passed: false, reason: `contains the forbidden text ${JSON.stringify(short(spec.text))}` } : { passed: true };
    }
    case 'regex': {
      if (content === null) return needContent();
      return new RegExp(spec.source, spec.flags).test(content) ? { passed: true } : { passed: false, reason: `does not match /${short(spec.source)}/${spec.flags}` };
    }
    case 'exactMatch': {
      if (content === null) return needContent();
      const trim = spec.trim !== false;
      const a = trim ? content.trim() : content;
      const b = trim ? spec.text.trim() : spec.text;
      return a === b ? { passed: true } : { passed: false, reason: 'is not exactly the expected text' };
    }
    case 'jsonSchema': {
      if (content === null) return needContent();
      let value;
      try {
        value = JSON.parse(content);
      } catch {
        return { passed: false, reason: 'the content is not valid JSON' };
      }
      const errors = validate(spec.schema, value);
      if (errors.length === 0) return { passed: true };
      const first = errors.slice(0, 3).map((e) => `${e.path}: ${e.message}`).join('; ');
      return { passed: false, reason: `schema violations (${errors.length}${errors.length >= 20 ? '+' : ''}): ${first}` };
    }
    case 'maxLatencyMs':
      return obs.latencyMs <= spec.max ? { passed: true } : { passed: false, reason: `took ${Math.round(obs.latencyMs)} ms, more than ${spec.max} ms` };
    case 'maxTokens': {
      const n = obs.usage && Number.isFinite(obs.usage.completion) ? obs.usage.completion : null;
      if (n === null) return { passed: false, reason: 'the response reports no completion token usage' };
      return n <= spec.max ? { passed: true } : { passed: false, reason: `used ${n} completion tokens, more than ${spec.max}` };
    }
    default:
      throw new Error(`unknown check kind ${JSON.stringify(spec.kind)}`);
  }
}

/**
 * Scores the deterministic checks of one case. Judge checks are left pending (passed: null) when every
 * deterministic check passed — the caller then asks the judge — and skipped otherwise: a case that
 * already failed costs no judge call.
 *
 * @param {{ id: string, checks: object[], observation: object }} input
 *   observation: { ok: true, content, latencyMs, usage: {prompt, completion, total}|null, costUsd, deployment, model }
 *              | { ok: false, error: { kind, status?, type? }, latencyMs, attempts }
 */
function scoreCase({ id, checks, observation: obs }) {
  const base = {
    id,
    deployment: obs.deployment ?? null,
    latencyMs: obs.ok ? obs.latencyMs : null,
    usage: obs.ok ? (obs.usage ?? null) : null,
    costUsd: obs.ok && Number.isFinite(obs.costUsd) ? obs.costUsd : null,
    judgeCostUsd: null,
    attempts: obs.attempts ?? 1,
  };
  if (!obs.ok) {
    return { ...base, outcome: 'error', error: obs.error, checks: checks.map((c) => ({ id: c.id, kind: c.kind, passed: null, reason: 'not evaluated: no response' })) };
  }
  const results = [];
  let deterministicFailed = false;
  for (const c of checks) {
    if (CHECK_KINDS[c.kind] !== 'deterministic') continue;
    const r = runDeterministic(c, obs);
    if (!r.passed) deterministicFailed = true;
    results.push({ id: c.id, kind: c.kind, passed: r.passed, ...(r.reason ? { reason: r.reason } : {}) });
  }
  for (const c of checks) {
    if (CHECK_KINDS[c.kind] === 'deterministic') continue;
    results.push({ id: c.id, kind: c.kind, passed: null, reason: deterministicFailed ? 'skipped: a deterministic check already failed' : 'pending' });
  }
  // Keep the declared order in the output.
  const order = new Map(checks.map((c, i) => [c.id, i]));
  results.sort((a, b) => order.get(a.id) - order.get(b.id));
  return finalizeCase({ ...base, checks: results });
}

/** Records a judge verdict on a pending judge check. */
function applyJudgeVerdict(caseResult, checkId, verdict) {
  const checks = caseResult.checks.map((c) => {
    if (c.id !== checkId) return c;
    const { reason: _pending, ...rest } = c;
    if (verdict.error) return { ...rest, passed: false, reason: `judge: ${verdict.error}` };
    const passed = verdict.score >= verdict.minScore;
    return { ...rest, passed, score: verdict.score, ...(passed ? {} : { reason: `judge score ${verdict.score.toFixed(2)} below ${verdict.minScore}` }) };
  });
  const judgeCostUsd = Number.isFinite(verdict.costUsd) ? (caseResult.judgeCostUsd ?? 0) + verdict.costUsd : caseResult.judgeCostUsd;
  return finalizeCase({ ...caseResult, judgeCostUsd, checks });
}

/** Outcome from the check verdicts: pass only when every evaluated check passed and none is pending. */
function finalizeCase(r) {
  if (r.outcome === 'error') return r;
  const pending = r.checks.some((c) => c.passed === null && c.reason === 'pending');
  const failed = r.checks.some((c) => c.passed === false);
  return { ...r, outcome: failed ? 'fail' : pending ? 'pending' : 'pass' };
}

/** Nearest-rank percentile (the value at rank ceil(p·n) of the sorted sample); null for no samples. */
function percentile(values, p) {
  const v = values.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return null;
  const rank = Math.max(1, Math.ceil(p * v.length));
  return v[rank - 1];
}

const ratio = (a, b) => (b === 0 ? null : a / b);
const sum = (xs) => xs.reduce((a, b) => a + b, 0);
const round = (x, digits = 6) => (x === null ? null : Number(x.toFixed(digits)));

function costOf(cases) {
  const known = cases.filter((c) => c.costUsd !== null);
  const judge = cases.filter((c) => c.judgeCostUsd !== null);
  return {
    totalUsd: round(sum(known.map((c) => c.costUsd)) + sum(judge.map((c) => c.judgeCostUsd)), 8),
    responsesUsd: round(sum(known.map((c) => c.costUsd)), 8),
    judgeUsd: round(sum(judge.map((c) => c.judgeCostUsd)), 8),
    // Cases that got a response whose cost the gateway did not report (no pricing for the model).
    unknownCases: cases.filter((c) => c.outcome !== 'error' && c.costUsd === null).length,
  };
}

function latencyOf(cases) {
  const xs = cases.filter((c) => c.outcome !== 'error' && Number.isFinite(c.latencyMs)).map((c) => c.latencyMs);
  return { count: xs.length, p50Ms: percentile(xs, 0.5), p95Ms: percentile(xs, 0.95), maxMs: xs.length ? Math.max(...xs) : null };
}

/**
 * A run's figures: only counts, ratios, latencies and costs.
 * @param {object[]} cases scored cases (no 'pending' left)
 * @param {{ checks: object[], minPassRate: number }} spec
 */
function aggregate(cases, spec) {
  const n = cases.length;
  const passed = cases.filter((c) => c.outcome === 'pass').length;
  const failed = cases.filter((c) => c.outcome === 'fail').length;
  const errors = cases.filter((c) => c.outcome === 'error');
  const errorKinds = {};
  for (const k of ERROR_KINDS) errorKinds[k] = errors.filter((c) => c.error && c.error.kind === k).length;

  const ids = [...new Set(cases.flatMap((c) => c.checks.map((x) => x.id)))];
  const kindOf = new Map(cases.flatMap((c) => c.checks.map((x) => [x.id, x.kind])));
  const featureIds = new Set(spec.checks.map((c) => c.id));
  const checks = ids.map((id) => {
    const verdicts = cases.flatMap((c) => c.checks.filter((x) => x.id === id && x.passed !== null));
    const ok = verdicts.filter((v) => v.passed).length;
    return { id, kind: kindOf.get(id), scope: featureIds.has(id) ? 'feature' : 'case', evaluated: verdicts.length, passed: ok, passRatio: round(ratio(ok, verdicts.length)) };
  });

  const byDeployment = new Map();
  for (const c of cases) {
    const d = c.deployment ?? 'unknown';
    if (!byDeployment.has(d)) byDeployment.set(d, []);
    byDeployment.get(d).push(c);
  }
  const deployments = [...byDeployment.keys()].sort().map((d) => {
    const cs = byDeployment.get(d);
    const ok = cs.filter((c) => c.outcome === 'pass').length;
    const lat = latencyOf(cs);
    return { deployment: d, cases: cs.length, passed: ok, passRatio: round(ratio(ok, cs.length)), latencyP95Ms: lat.p95Ms, costUsd: costOf(cs).totalUsd };
  });

  const passRatio = round(ratio(passed, n));
  return {
    cases: n,
    passed,
    failed,
    errors: errors.length,
    passRatio,
    errorRatio: round(ratio(errors.length, n)),
    minPassRate: spec.minPassRate,
    meetsMinPassRate: passRatio !== null && passRatio >= spec.minPassRate,
    errorKinds,
    checks,
    latency: latencyOf(cases),
    tokens: {
      prompt: sum(cases.map((c) => (c.usage && Number.isFinite(c.usage.prompt) ? c.usage.prompt : 0))),
      completion: sum(cases.map((c) => (c.usage && Number.isFinite(c.usage.completion) ? c.usage.completion : 0))),
      total: sum(cases.map((c) => (c.usage && Number.isFinite(c.usage.total) ? c.usage.total : 0))),
    },
    cost: costOf(cases),
    deployments,
  };
}

/**
 * The promotion gate: pass rate at least `minPassRate`, p95 latency at most the SLO, cost within the
 * bound. A bound that cannot be checked (no latency sample, cost not reported) fails its criterion:
 * the gate never passes on missing evidence.
 * @param {ReturnType<typeof aggregate>} summary
 * @param {{ minPassRate: number, maxP95LatencyMs?: number, maxCostUsd?: number }} bounds
 */
function gateVerdict(summary, bounds) {
  const criteria = [];
  criteria.push({
    name: 'pass-rate',
    passed: summary.passRatio !== null && summary.passRatio >= bounds.minPassRate,
    actual: summary.passRatio,
    limit: bounds.minPassRate,
    detail: `${summary.passed}/${summary.cases} cases passed (${summary.failed} failed, ${summary.errors} errors)`,
  });
  if (bounds.maxP95LatencyMs !== undefined) {
    const p95 = summary.latency.p95Ms;
    criteria.push({
      name: 'p95-latency',
      passed: p95 !== null && p95 <= bounds.maxP95LatencyMs,
      actual: p95 === null ? null : Math.round(p95),
      limit: bounds.maxP95LatencyMs,
      detail: p95 === null ? 'no successful response to measure' : `p95 over ${summary.latency.count} responses`,
    });
  }
  if (bounds.maxCostUsd !== undefined) {
    const unknown = summary.cost.unknownCases;
    criteria.push({
      name: 'cost',
      passed: unknown === 0 && summary.cost.totalUsd <= bounds.maxCostUsd,
      actual: summary.cost.totalUsd,
      limit: bounds.maxCostUsd,
      detail: unknown > 0 ? `the gateway reported no cost for ${unknown} responses` : `responses ${summary.cost.responsesUsd} USD + judge ${summary.cost.judgeUsd} USD`,
    });
  }
  return { passed: criteria.every((c) => c.passed), criteria };
}

module.exports = {
  CHECK_KINDS,
  ERROR_KINDS,
  expectationChecks,
  checksForCase,
  runDeterministic,
  scoreCase,
  applyJudgeVerdict,
  percentile,
  aggregate,
  gateVerdict,
};
