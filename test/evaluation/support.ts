/** Shared pieces of the evaluation tests: a manifest, golden cases, a stand-in with scripted replies. */
import { ChatCompletionsStandIn, type Deployment, type Reply } from './standin/chat-completions';
import { Duration, ValidationError } from '../../src/core';
import { EvalCheck, EvalDataset, EvalSchedule, type EvaluationManifest, evaluationManifest } from '../../src/evaluation';

/** The problems of the ValidationError `fn` throws (fails the test when it throws anything else, or nothing). */
export function problemsOf(fn: () => unknown) {
  try {
    fn();
  } catch (e) {
    if (e instanceof ValidationError) return e.problems;
    throw e;
  }
  throw new Error('no error');
}

/** Planted in every prompt and response: it must never appear in a result, a report, a log or a metric. */
export const SENTINEL = 'PLANTED-CONTENT-7f3a';
/** Shaped like a LiteLLM virtual key: never printed. */
export const FEATURE_KEY = 'sk-evalprobefeaturekey0123456789abcdef';
export const JUDGE_RUBRIC = 'Lists responsibilities and requirements, names the location, no discriminatory wording.';

export const DEPLOYMENTS: Deployment[] = [
  { id: 'chat-haiku', group: 'chat' },
  { id: 'chat-nova', group: 'chat' },
  { id: 'chat-candidate', group: 'chat' },
  { id: 'judge-sonnet', group: 'judge' },
];

export const SCHEMA = { type: 'object', required: ['title', 'responsibilities'], properties: { title: { type: 'string' }, responsibilities: { type: 'array', items: { type: 'string' }, minItems: 1 } } };

/** Five cases; each prompt names the behaviour the stand-in scripts for it. */
export function goldenSet(names: string[] = ['pass-1', 'pass-2', 'pass-3', 'pass-4', 'pass-5']): EvalDataset {
  return EvalDataset.fromJsonLines(names.map((n) => JSON.stringify({ id: n, messages: [{ role: 'system', content: `Reply as JSON. ${SENTINEL}` }, { role: 'user', content: `case ${n} ${SENTINEL}` }], params: { temperature: 0 } })).join('\n'), 'golden.jsonl');
}

export const GOOD = JSON.stringify({ title: `Senior Backend Engineer ${SENTINEL}`, responsibilities: ['Own the payments API'] });

export interface ManifestExtras {
  readonly judge?: boolean;
  readonly latencyP95Ms?: number;
  readonly maxRunCostUsd?: number;
}

export function manifestFor(dataset: EvalDataset, extra: ManifestExtras = {}): EvaluationManifest {
  return evaluationManifest(
    { gateway: 'llm-prod', team: 'hiring', feature: 'job-description-gen', environment: 'prod', models: ['chat'], latencyP95Ms: extra.latencyP95Ms ?? 1200 },
    {
      goldenSet: dataset,
      schedule: EvalSchedule.every(Duration.minutes(30)),
      checks: [
        EvalCheck.jsonSchema(SCHEMA),
        EvalCheck.contains('Engineer'),
        EvalCheck.maxLatencyMs(300),
        ...(extra.judge ? [EvalCheck.judge({ alias: 'judge', rubric: JUDGE_RUBRIC, minScore: 0.7 })] : []),
      ],
      minPassRate: 0.8,
      requestTimeout: Duration.seconds(1),
      ...(extra.maxRunCostUsd !== undefined ? { maxRunCostUsd: extra.maxRunCostUsd } : {}),
    },
  );
}

/**
 * Replies by case name: pass-* (valid JSON), fail-schema, fail-contains, not-json (content is not JSON),
 * slow (beyond the 1 s timeout), malformed (a 200 whose body is HTML), rate-limited (429 twice, then ok),
 * rate-limited-always, server-error (503 always), crash (500), no-cost; judge calls answer a score.
 */
export function scriptedStandIn(options: { judgeScore?: number; deployments?: Deployment[] } = {}): ChatCompletionsStandIn {
  const attempts = new Map<string, number>();
  return new ChatCompletionsStandIn({
    keys: [FEATURE_KEY],
    deployments: options.deployments ?? DEPLOYMENTS,
    respond: ({ body, prompt }): Reply => {
      if (body.model === 'judge') return { content: `Sure. {"score": ${options.judgeScore ?? 8}, "reason": "fine"}`, costUsd: 0.0001 };
      const name = /case (\S+)/.exec(prompt)?.[1] ?? '';
      const n = (attempts.get(name) ?? 0) + 1;
      attempts.set(name, n);
      if (name.startsWith('pass')) return { content: GOOD, costUsd: 0.0005 };
      switch (name) {
        case 'fail-schema': return { content: JSON.stringify({ title: `Engineer ${SENTINEL}` }) };
        case 'fail-contains': return { content: JSON.stringify({ title: `Analyst ${SENTINEL}`, responsibilities: ['x'] }) };
        case 'not-json': return { content: `Here you go: ${SENTINEL}` };
        case 'slow': return { content: GOOD, delayMs: 1500 };
        case 'sluggish': return { content: GOOD, delayMs: 500 };
        case 'malformed': return { rawBody: `<html>${SENTINEL}</html>` };
        case 'rate-limited': return n <= 2 ? { status: 429, retryAfterSeconds: 0 } : { content: GOOD };
        case 'rate-limited-always': return { status: 429, retryAfterSeconds: 0 };
        case 'server-error': return { status: 503 };
        case 'crash': return { status: 500 };
        case 'no-cost': return { content: GOOD, costUsd: null };
        default: return { content: GOOD };
      }
    },
  });
}

export const noSleep = async (): Promise<void> => undefined;
