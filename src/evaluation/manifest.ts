import { EvalCheck, checkSpecs } from './check';
import { EvalDataset } from './dataset';
import { Duration } from '../core/duration';
import { ValidationError, type ValidationProblem, renderReceived } from '../core/errors';
import { CHECK_KINDS, type CheckSpec } from './probe/lib/scorer';
import { EvalSchedule } from './schedule';

/** Folder beside a stack's `cdk.tf.json` holding `<feature>.json` (manifest) and `<feature>.jsonl` (golden set). */
export const EVALUATION_DIR = 'evaluation';

/** Version of the manifest format; the probe and the gate CLI refuse other versions. */
export const EVALUATION_MANIFEST_VERSION = 1;

/**
 * What a feature's evaluation is, for the probe (shipped with it) and the gate CLI (read beside the
 * stack's `cdk.tf.json`). Plain JSON; only readable values (no tokens), deterministic key order.
 */
export interface EvaluationManifest {
  readonly schemaVersion: 1;
  /** Gateway name (the `gateway` label of every series). */
  readonly gateway: string;
  readonly team: string;
  readonly feature: string;
  readonly environment?: string;
  /** The feature's key alias, `<team>/<feature>` (LiteLLM `api_key_alias`). */
  readonly keyAlias: string;
  /** Gateway alias the probe calls (the feature's own model). */
  readonly model: string;
  /** The golden set: `file` relative to the manifest's directory, its sha256 and case count. */
  readonly dataset: { readonly file: string; readonly sha256: string; readonly cases: number };
  /** Feature-level checks, with their ids (cases may add their own `expect`). */
  readonly checks: ReadonlyArray<CheckSpec>;
  /** Judge aliases the feature's key must be allowed to call (sorted, unique). */
  readonly judgeAliases: ReadonlyArray<string>;
  readonly minPassRate: number;
  /** Gate bounds besides minPassRate. */
  readonly gate: { readonly maxP95LatencyMs?: number; readonly maxCostUsd?: number };
  readonly schedule: { readonly description: string; readonly eventBridge: string; readonly unixCron: string; readonly timeZone: string };
  readonly request: { readonly path: '/v1/chat/completions' | '/chat/completions'; readonly timeoutMs: number; readonly concurrency: number; readonly retries: number };
  /** Whether the gateway allows message logging (only then may a probe log responses). */
  readonly messageLogging: boolean;
}

/**
 * A feature's evaluation (the `evaluation` prop of `StandardLlmFeature`).
 *
 * ```ts
 * evaluation: {
 *   goldenSet: EvalDataset.fromFile('evals/job-description.jsonl'),
 *   schedule: EvalSchedule.every(Duration.minutes(30)),
 *   checks: [EvalCheck.jsonSchema(schema), EvalCheck.contains('Responsibilities'), EvalCheck.maxLatencyMs(1200)],
 *   minPassRate: 0.9,
 * }
 * ```
 */
export interface FeatureEvaluation {
  /** Prompts and expectations, shipped with the probe. */
  readonly goldenSet: EvalDataset;
  /** When the probe runs. @default EvalSchedule.every(Duration.minutes(30)) */
  readonly schedule?: EvalSchedule;
  /**
   * Checks applied to every case. May be empty only when every case carries its own `expect`.
   * @default []
   */
  readonly checks?: ReadonlyArray<EvalCheck>;
  /** Share of cases (0-1) that must pass; the regression alert and the gate compare against it. */
  readonly minPassRate: number;
  /** Gateway alias the probe calls. @default - the feature's first model alias */
  readonly model?: string;
  /** The gate fails when one run of the golden set costs more (USD, as the gateway reports). @default - no cost bound */
  readonly maxRunCostUsd?: number;
  /** Per-request timeout of the probe. @default Duration.seconds(30) */
  readonly requestTimeout?: Duration;
  /** Cases in flight at once (the feature's rate limits apply to the probe). @default 2 */
  readonly concurrency?: number;
}

/** What the feature knows besides its `evaluation` prop. */
export interface EvaluationManifestContext {
  readonly gateway: string;
  readonly team: string;
  readonly feature: string;
  readonly environment?: string;
  /** @default `${team}/${feature}` */
  readonly keyAlias?: string;
  /** The feature's model aliases (the first is the probe's default model). */
  readonly models: ReadonlyArray<string>;
  /** The feature SLO's p95 latency: the gate's latency bound. @default - no latency bound */
  readonly latencyP95Ms?: number;
  /** @default false */
  readonly messageLogging?: boolean;
  /** Route the probe calls. @default '/v1/chat/completions' */
  readonly path?: '/v1/chat/completions' | '/chat/completions';
}

const NAME = /^[a-z0-9]([a-z0-9._-]{0,62}[a-z0-9])?$/;
const ALIAS = /^[A-Za-z0-9][A-Za-z0-9._:/-]{0,127}$/;

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Problems with an `evaluation` prop (paths relative to `prefix`), all at once. */
export function featureEvaluationProblems(evaluation: unknown, prefix = 'evaluation'): ValidationProblem[] {
  const p: ValidationProblem[] = [];
  const add = (path: string, value: unknown, message: string, fix: string) => p.push({ path: `${prefix}.${path}`, received: renderReceived(value), message, fix });
  if (!isObject(evaluation)) {
    p.push({ path: prefix, received: renderReceived(evaluation), message: 'must be an object', fix: 'pass { goldenSet, checks, minPassRate }' });
    return p;
  }
  const known = ['goldenSet', 'schedule', 'checks', 'minPassRate', 'model', 'maxRunCostUsd', 'requestTimeout', 'concurrency'];
  for (const k of Object.keys(evaluation)) if (!known.includes(k)) add(k, evaluation[k], `unknown prop '${k}'`, `use only ${known.join(', ')}`);
  const e = evaluation as Partial<FeatureEvaluation>;
  if (!(e.goldenSet instanceof EvalDataset)) add('goldenSet', e.goldenSet, 'must be an EvalDataset', "pass EvalDataset.fromFile('evals/<feature>.jsonl')");
  if (e.schedule !== undefined && !(e.schedule instanceof EvalSchedule)) add('schedule', e.schedule, 'must be an EvalSchedule', 'pass EvalSchedule.every(Duration.minutes(30))');
  if (e.checks !== undefined && !Array.isArray(e.checks)) {add('checks', e.checks, 'must be an array of EvalCheck', 'pass [EvalCheck.contains(...), ...]');} else {
    (e.checks ?? []).forEach((c, i) => {
      if (!(c instanceof EvalCheck)) add(`checks[${i}]`, c, 'is not an EvalCheck', 'build it with EvalCheck.contains(...), EvalCheck.jsonSchema(...), ...');
    });
    if ((e.checks ?? []).length === 0 && e.goldenSet instanceof EvalDataset && !e.goldenSet.everyCaseHasExpectations) {
      const bare = e.goldenSet.cases.filter((c) => !c.expect || Object.keys(c.expect).length === 0).map((c) => c.id);
      add('checks', e.checks ?? [], `is empty and ${bare.length} case(s) have no expect (${bare.slice(0, 3).join(', ')}${bare.length > 3 ? ', ...' : ''}): they would pass on any answer`, 'add feature-level checks, or an "expect" to every case');
    }
    if (Array.isArray(e.checks) && e.checks.every((c) => c instanceof EvalCheck)) {
      try {
        checkSpecs(e.checks);
      } catch (err) {
        if (err instanceof ValidationError) for (const q of err.problems) p.push({ ...q, path: `${prefix}.checks${q.path}` });
        else throw err;
      }
    }
  }
  if (typeof e.minPassRate !== 'number' || !Number.isFinite(e.minPassRate) || e.minPassRate <= 0 || e.minPassRate > 1) {
    add('minPassRate', e.minPassRate, 'must be a number in (0, 1]', 'use e.g. 0.9 (90 % of golden cases must pass)');
  }
  if (e.model !== undefined && (typeof e.model !== 'string' || !ALIAS.test(e.model))) add('model', e.model, 'must be a gateway model alias', 'use one of the feature\'s models');
  if (e.maxRunCostUsd !== undefined && (typeof e.maxRunCostUsd !== 'number' || !Number.isFinite(e.maxRunCostUsd) || e.maxRunCostUsd <= 0)) add('maxRunCostUsd', e.maxRunCostUsd, 'must be a positive number', 'use the most one run of the golden set may cost, e.g. 0.5');
  if (e.requestTimeout !== undefined) {
    const ms = Duration.isDuration(e.requestTimeout) ? e.requestTimeout.toMilliseconds() : NaN;
    if (!(ms >= 1000 && ms <= 600_000)) add('requestTimeout', e.requestTimeout, 'must be a Duration from 1 second to 10 minutes', 'use e.g. Duration.seconds(30)');
  }
  if (e.concurrency !== undefined && !(Number.isInteger(e.concurrency) && e.concurrency >= 1 && e.concurrency <= 16)) add('concurrency', e.concurrency, 'must be a whole number from 1 to 16', 'use 2 unless the feature has rate limit to spare');
  return p;
}

/**
 * The evaluation manifest of one feature. Throws one ValidationError listing every problem.
 * @param errorScope construct (path) the error is reported against
 */
export function evaluationManifest(context: EvaluationManifestContext, evaluation: FeatureEvaluation, errorScope = 'evaluation'): EvaluationManifest {
  const p: ValidationProblem[] = featureEvaluationProblems(evaluation);
  if (!isObject(context)) {
    p.push({ path: '(context)', received: renderReceived(context), message: 'must be an object', fix: 'pass { gateway, team, feature, models }' });
    throw new ValidationError(errorScope, p);
  }
  const c = context;
  const addCtx = (path: string, value: unknown, message: string, fix: string) => p.push({ path, received: renderReceived(value), message, fix });
  for (const k of ['gateway', 'team', 'feature'] as const) {
    if (typeof c[k] !== 'string' || !NAME.test(c[k])) addCtx(k, c[k], 'must be a lowercase name (letters, digits, . _ -)', 'use the name the platform gave it');
  }
  if (!Array.isArray(c.models) || c.models.length === 0) addCtx('models', c.models, 'must list the feature\'s model aliases', 'pass the feature\'s models');
  const model = evaluation?.model ?? (Array.isArray(c.models) ? c.models[0] : undefined);
  if (evaluation?.model !== undefined && Array.isArray(c.models) && !c.models.includes(evaluation.model)) {
    addCtx('evaluation.model', evaluation.model, `is not one of the feature's models (${c.models.join(', ')})`, 'probe a model the feature calls: its key can call no other');
  }
  if (c.latencyP95Ms !== undefined && !(Number.isInteger(c.latencyP95Ms) && c.latencyP95Ms > 0)) addCtx('latencyP95Ms', c.latencyP95Ms, 'must be a positive whole number of milliseconds', 'pass the SLO latency');
  if (p.length > 0) throw new ValidationError(errorScope, p);

  const checks = checkSpecs(evaluation.checks ?? []);
  const schedule = evaluation.schedule ?? EvalSchedule.every(Duration.minutes(30));
  const judgeAliases = [...new Set(checks.filter((s) => s.kind === 'judge').map((s) => (s as Extract<CheckSpec, { kind: 'judge' }>).alias))].sort();
  const gate: { maxP95LatencyMs?: number; maxCostUsd?: number } = {};
  if (c.latencyP95Ms !== undefined) gate.maxP95LatencyMs = c.latencyP95Ms;
  if (evaluation.maxRunCostUsd !== undefined) gate.maxCostUsd = evaluation.maxRunCostUsd;
  return {
    schemaVersion: 1,
    gateway: c.gateway,
    team: c.team,
    feature: c.feature,
    ...(c.environment ? { environment: c.environment } : {}),
    keyAlias: c.keyAlias ?? `${c.team}/${c.feature}`,
    model: model as string,
    dataset: { file: `${c.feature}.jsonl`, sha256: evaluation.goldenSet.sha256, cases: evaluation.goldenSet.caseCount },
    checks,
    judgeAliases,
    minPassRate: evaluation.minPassRate,
    gate,
    schedule: {
      description: schedule.description,
      eventBridge: schedule.toEventBridgeExpression(),
      unixCron: schedule.toUnixCron(),
      timeZone: schedule.timeZone,
    },
    request: {
      path: c.path ?? '/v1/chat/completions',
      timeoutMs: evaluation.requestTimeout ? Math.round(evaluation.requestTimeout.toMilliseconds()) : 30_000,
      concurrency: evaluation.concurrency ?? 2,
      retries: 2,
    },
    messageLogging: c.messageLogging ?? false,
  };
}

/**
 * The pipeline command that gates a deployment change for this feature (readiness evidence, runbooks).
 * `<deployment-id>` is left for the pipeline to fill.
 */
export function evaluationGateCommand(stack: string, feature: string): string {
  return `npx cdktf-llm-platform eval --stack ${stack} --feature ${feature} --against <deployment-id> --gateway-url <gateway-url>`;
}

/**
 * Worst-case wall time of one probe run, in seconds: every case times out on every attempt (with the
 * probe's back-off between attempts), judge calls included, `concurrency` at a time, plus 30 s for
 * loading, the key and the metrics export. A Lambda's timeout must cover it (at most 900 s): lower the
 * request timeout, raise concurrency or trim the golden set when it does not.
 */
export function probeRunBudgetSeconds(manifest: EvaluationManifest): number {
  const attempts = manifest.request.retries + 1;
  const backoffSeconds = Array.from({ length: manifest.request.retries }, (_, i) => 2 ** i).reduce((a, b) => a + b, 0);
  const perCallSeconds = (attempts * manifest.request.timeoutMs) / 1000 + backoffSeconds;
  const callsPerCase = 1 + manifest.checks.filter((c) => c.kind === 'judge').length;
  const waves = Math.ceil(manifest.dataset.cases / manifest.request.concurrency);
  return Math.ceil(waves * callsPerCase * perCallSeconds + 30);
}

/** The manifest as file text (pretty JSON, trailing newline). */
export function renderEvaluationManifest(manifest: EvaluationManifest): string {
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

/**
 * Reads a manifest back (the gate CLI): shape and version checked, every problem listed. Throws a
 * ValidationError naming `source`.
 */
export function parseEvaluationManifest(value: unknown, source: string): EvaluationManifest {
  const p: ValidationProblem[] = [];
  const add = (path: string, v: unknown, message: string, fix: string) => p.push({ path, received: renderReceived(v), message, fix });
  const resynth = 'synthesize the stack again with this version of cdktf-llm-platform';
  if (!isObject(value)) {
    add('(file)', value, 'is not a JSON object', resynth);
    throw new ValidationError(source, p);
  }
  const m = value;
  if (m.schemaVersion !== EVALUATION_MANIFEST_VERSION) add('schemaVersion', m.schemaVersion, `is not ${EVALUATION_MANIFEST_VERSION}`, resynth);
  for (const k of ['gateway', 'team', 'feature', 'keyAlias', 'model']) if (typeof m[k] !== 'string' || m[k] === '') add(k, m[k], 'must be a non-empty string', resynth);
  const d = m.dataset;
  if (!isObject(d) || typeof d.file !== 'string' || !/^[^/\\]+\.jsonl$/.test(d.file) || typeof d.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(d.sha256) || !Number.isInteger(d.cases)) {
    add('dataset', d, 'must be { file: "<name>.jsonl", sha256, cases }', resynth);
  }
  if (!Array.isArray(m.checks)) {add('checks', m.checks, 'must be an array', resynth);} else {
    m.checks.forEach((c, i) => {
      if (!isObject(c) || typeof c.id !== 'string' || !(typeof c.kind === 'string' && c.kind in CHECK_KINDS)) add(`checks[${i}]`, c, 'is not a check spec', resynth);
    });
  }
  if (typeof m.minPassRate !== 'number' || !(m.minPassRate > 0 && m.minPassRate <= 1)) add('minPassRate', m.minPassRate, 'must be in (0, 1]', resynth);
  if (!isObject(m.gate)) add('gate', m.gate, 'must be an object', resynth);
  if (!isObject(m.request) || !['/v1/chat/completions', '/chat/completions'].includes(m.request.path as string) || !Number.isInteger(m.request.timeoutMs) || !Number.isInteger(m.request.concurrency)) {
    add('request', m.request, 'must be { path, timeoutMs, concurrency, retries }', resynth);
  }
  if (p.length > 0) throw new ValidationError(source, p);
  return m as unknown as EvaluationManifest;
}
