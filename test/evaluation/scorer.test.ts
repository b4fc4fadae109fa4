import * as fc from 'fast-check';
import type { CaseResult, CheckSpec, Observation } from '../../src/evaluation/probe/lib/scorer';
import { aggregate, applyJudgeVerdict, checksForCase, expectationChecks, gateVerdict, percentile, scoreCase } from '../../src/evaluation/probe/lib/scorer';

const ok = (content: string | null, extra: Partial<Observation & { ok: true }> = {}): Observation => ({
  ok: true, content, latencyMs: 400, usage: { prompt: 100, completion: 50, total: 150 }, costUsd: 0.001, deployment: 'chat-a', ...extra,
});
const err = (kind: any, status?: number): Observation => ({
  ok: false, error: { kind, ...(status ? { status } : {}) }, latencyMs: 10, deployment: null,
});
const score = (checks: CheckSpec[], obs: Observation, id = 'c1') => scoreCase({ id, checks, observation: obs });

describe('deterministic checks', () => {
  test.each<[string, CheckSpec, string | null, boolean]>([
    ['contains: present', { id: 'x', kind: 'contains', text: 'Responsibilities' }, '## Responsibilities\n- build', true],
    ['contains: absent', { id: 'x', kind: 'contains', text: 'Responsibilities' }, 'Duties', false],
    ['contains: case differs', { id: 'x', kind: 'contains', text: 'responsibilities' }, 'Responsibilities', false],
    ['contains: ignoreCase', { id: 'x', kind: 'contains', text: 'responsibilities', ignoreCase: true }, 'RESPONSIBILITIES', true],
    ['notContains: absent', { id: 'x', kind: 'notContains', text: 'As an AI' }, 'Here is the posting', true],
    ['notContains: present', { id: 'x', kind: 'notContains', text: 'As an AI' }, 'As an AI model I cannot', false],
    ['regex: match', { id: 'x', kind: 'regex', source: '^# .+', flags: 'm' }, 'intro\n# Title', true],
    ['regex: no match without m flag', { id: 'x', kind: 'regex', source: '^# .+', flags: '' }, 'intro\n# Title', false],
    ['exactMatch: trimmed', { id: 'x', kind: 'exactMatch', text: 'POSITIVE' }, '  POSITIVE\n', true],
    ['exactMatch: untrimmed differs', { id: 'x', kind: 'exactMatch', text: 'POSITIVE', trim: false }, 'POSITIVE\n', false],
    ['exactMatch: different', { id: 'x', kind: 'exactMatch', text: 'POSITIVE' }, 'NEGATIVE', false],
    ['jsonSchema: valid', { id: 'x', kind: 'jsonSchema', schema: { type: 'object', required: ['title'] } }, '{"title": "SRE"}', true],
    ['jsonSchema: violates', { id: 'x', kind: 'jsonSchema', schema: { type: 'object', required: ['title'] } }, '{"name": "SRE"}', false],
    ['jsonSchema: not JSON', { id: 'x', kind: 'jsonSchema', schema: { type: 'object' } }, '```json\n{}\n```', false],
    ['no content', { id: 'x', kind: 'contains', text: 'a' }, null, false],
  ])('%s', (_name, check, content, passed) => {
    const r = score([check], ok(content));
    expect(r.checks[0].passed).toBe(passed);
    expect(r.outcome).toBe(passed ? 'pass' : 'fail');
    if (!passed) expect(r.checks[0].reason).toBeTruthy();
  });

  test('latency and token bounds', () => {
    expect(score([{ id: 'l', kind: 'maxLatencyMs', max: 1200 }], ok('x', { latencyMs: 1200 })).outcome).toBe('pass');
    expect(score([{ id: 'l', kind: 'maxLatencyMs', max: 1200 }], ok('x', { latencyMs: 1200.4 })).checks[0].reason).toBe('took 1200 ms, more than 1200 ms');
    expect(score([{ id: 't', kind: 'maxTokens', max: 50 }], ok('x')).outcome).toBe('pass');
    expect(score([{ id: 't', kind: 'maxTokens', max: 49 }], ok('x')).checks[0].reason).toBe('used 50 completion tokens, more than 49');
    expect(score([{ id: 't', kind: 'maxTokens', max: 49 }], ok('x', { usage: null })).checks[0].reason).toMatch(/no completion token usage/);
  });

  test('an error observation evaluates no check and is an error outcome', () => {
    const r = score([{ id: 'x', kind: 'contains', text: 'a' }], err('timeout'));
    expect(r.outcome).toBe('error');
    expect(r.error).toEqual({ kind: 'timeout' });
    expect(r.checks[0].passed).toBeNull();
    expect(r.latencyMs).toBeNull();
  });

  test('reasons never quote the response (only the check, the JSON path or the bound)', () => {
    const checks: CheckSpec[] = [
      { id: 'c', kind: 'contains', text: 'needle' },
      { id: 'r', kind: 'regex', source: '^ok$', flags: '' },
      { id: 'e', kind: 'exactMatch', text: 'ok' },
      { id: 'j', kind: 'jsonSchema', schema: { type: 'object', additionalProperties: false, properties: { a: { type: 'number', enum: [1] } } } },
    ];
    fc.assert(fc.property(fc.string({ minLength: 10 }).map((s) => `\u2603${s}`), (planted) => {
      const asJson = JSON.stringify({ a: planted, [planted]: planted });
      const reasons = [score(checks, ok(planted)), score(checks, ok(asJson))].flatMap((r) => r.checks.map((c) => c.reason ?? ''));
      return reasons.every((x) => !x.includes(planted));
    }));
  });
});

describe('case expectations', () => {
  test('expect becomes checks with expect.* ids, numbered when a kind repeats', () => {
    expect(expectationChecks({ contains: ['a', 'b'], notContains: 'c', regex: 'd', exactMatch: 'e', jsonSchema: { type: 'string' } }).map((c) => c.id)).toEqual([
      'expect.contains.1', 'expect.contains.2', 'expect.notContains', 'expect.regex', 'expect.exactMatch', 'expect.jsonSchema',
    ]);
    const feature: CheckSpec[] = [{ id: 'maxLatencyMs', kind: 'maxLatencyMs', max: 1000 }];
    expect(checksForCase(feature, { expect: { contains: 'x' } }).map((c) => c.id)).toEqual(['maxLatencyMs', 'expect.contains']);
    expect(checksForCase(feature, {})).toEqual(feature);
  });
});

describe('judge', () => {
  const judge: CheckSpec = { id: 'judge', kind: 'judge', alias: 'judge', rubric: 'Lists responsibilities and requirements.', minScore: 0.7 };
  const contains: CheckSpec = { id: 'contains', kind: 'contains', text: 'Responsibilities' };

  test('pending after deterministic checks pass; the verdict decides the case', () => {
    const pending = score([contains, judge], ok('Responsibilities: ...'));
    expect(pending.outcome).toBe('pending');
    const passed = applyJudgeVerdict(pending, 'judge', { score: 0.8, minScore: 0.7, costUsd: 0.0002 });
    expect(passed.outcome).toBe('pass');
    expect(passed.judgeCostUsd).toBe(0.0002);
    expect(passed.checks[1]).toEqual({ id: 'judge', kind: 'judge', passed: true, score: 0.8 });
    const failed = applyJudgeVerdict(pending, 'judge', { score: 0.6, minScore: 0.7 });
    expect(failed.outcome).toBe('fail');
    expect(failed.checks[1].reason).toBe('judge score 0.60 below 0.7');
    expect(applyJudgeVerdict(pending, 'judge', { error: 'the judge call failed (timeout)' }).outcome).toBe('fail');
  });

  test('skipped (no judge call) when a deterministic check already failed', () => {
    const r = score([contains, judge], ok('Duties'));
    expect(r.outcome).toBe('fail');
    expect(r.checks.map((c) => c.passed)).toEqual([false, null]);
    expect(r.checks[1].reason).toMatch(/^skipped/);
  });
});

describe('aggregate', () => {
  const checks: CheckSpec[] = [{ id: 'contains', kind: 'contains', text: 'ok' }, { id: 'maxLatencyMs', kind: 'maxLatencyMs', max: 1000 }];
  const cases: CaseResult[] = [
    score(checks, ok('ok', { latencyMs: 100, deployment: 'chat-a', costUsd: 0.001 }), 'a'),
    score(checks, ok('ok', { latencyMs: 200, deployment: 'chat-b', costUsd: 0.002 }), 'b'),
    score(checks, ok('no', { latencyMs: 300, deployment: 'chat-a', costUsd: null }), 'c'),
    score(checks, ok('ok', { latencyMs: 1500, deployment: 'chat-b', costUsd: 0.003 }), 'd'),
    score(checks, err('rate_limited', 429), 'e'),
  ];
  const s = aggregate(cases, { checks, minPassRate: 0.9 });

  test('counts and ratios: errors count as not passed', () => {
    expect([s.cases, s.passed, s.failed, s.errors]).toEqual([5, 2, 2, 1]);
    expect(s.passRatio).toBe(0.4);
    expect(s.errorRatio).toBe(0.2);
    expect(s.meetsMinPassRate).toBe(false);
    expect(s.errorKinds.rate_limited).toBe(1);
    expect(s.errorKinds.timeout).toBe(0);
  });

  test('per-check ratios over evaluated cases only', () => {
    expect(s.checks).toEqual([
      { id: 'contains', kind: 'contains', scope: 'feature', evaluated: 4, passed: 3, passRatio: 0.75 },
      { id: 'maxLatencyMs', kind: 'maxLatencyMs', scope: 'feature', evaluated: 4, passed: 3, passRatio: 0.75 },
    ]);
  });

  test('latency percentiles (nearest rank) over responses; cost with unknown cases counted', () => {
    expect(s.latency).toEqual({ count: 4, p50Ms: 200, p95Ms: 1500, maxMs: 1500 });
    expect(s.cost).toEqual({ totalUsd: 0.006, responsesUsd: 0.006, judgeUsd: 0, unknownCases: 1 });
    expect(s.tokens).toEqual({ prompt: 400, completion: 200, total: 600 });
  });

  test('per serving deployment', () => {
    expect(s.deployments).toEqual([
      { deployment: 'chat-a', cases: 2, passed: 1, passRatio: 0.5, latencyP95Ms: 300, costUsd: 0.001 },
      { deployment: 'chat-b', cases: 2, passed: 1, passRatio: 0.5, latencyP95Ms: 1500, costUsd: 0.005 },
      { deployment: 'unknown', cases: 1, passed: 0, passRatio: 0, latencyP95Ms: null, costUsd: 0 },
    ]);
  });

  test('percentile', () => {
    expect(percentile([], 0.95)).toBeNull();
    expect(percentile([5], 0.95)).toBe(5);
    expect(percentile(Array.from({ length: 20 }, (_, i) => i + 1), 0.95)).toBe(19);
    expect(percentile(Array.from({ length: 100 }, (_, i) => 100 - i), 0.5)).toBe(50);
  });
});

describe('gateVerdict', () => {
  const checks: CheckSpec[] = [{ id: 'contains', kind: 'contains', text: 'ok' }];
  const summary = (contents: string[], latency = 500, cost: number | null = 0.01) =>
    aggregate(contents.map((c, i) => score(checks, ok(c, { latencyMs: latency, costUsd: cost }), `c${i}`)), { checks, minPassRate: 0.8 });

  test('passes when every bound holds', () => {
    const v = gateVerdict(summary(['ok', 'ok', 'ok', 'ok', 'no']), { minPassRate: 0.8, maxP95LatencyMs: 1200, maxCostUsd: 1 });
    expect(v.passed).toBe(true);
    expect(v.criteria.map((c) => [c.name, c.passed])).toEqual([['pass-rate', true], ['p95-latency', true], ['cost', true]]);
  });

  test('fails on pass rate, latency and cost, each with actual and limit', () => {
    const v = gateVerdict(summary(['ok', 'no', 'no'], 1800, 0.5), { minPassRate: 0.8, maxP95LatencyMs: 1200, maxCostUsd: 1 });
    expect(v.passed).toBe(false);
    expect(v.criteria).toEqual([
      { name: 'pass-rate', passed: false, actual: 0.333333, limit: 0.8, detail: '1/3 cases passed (2 failed, 0 errors)' },
      { name: 'p95-latency', passed: false, actual: 1800, limit: 1200, detail: 'p95 over 3 responses' },
      { name: 'cost', passed: false, actual: 1.5, limit: 1, detail: 'responses 1.5 USD + judge 0 USD' },
    ]);
  });

  test('missing evidence fails its criterion: no latency sample, cost not reported', () => {
    const errors = aggregate([score(checks, err('server_error', 503), 'a')], { checks, minPassRate: 0.8 });
    expect(gateVerdict(errors, { minPassRate: 0.8, maxP95LatencyMs: 1200 }).criteria[1]).toMatchObject({ passed: false, actual: null });
    expect(gateVerdict(summary(['ok'], 100, null), { minPassRate: 0.5, maxCostUsd: 1 }).criteria[1]).toMatchObject({ passed: false, detail: 'the gateway reported no cost for 1 responses' });
  });
});
