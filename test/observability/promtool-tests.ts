/**
 * Builds `promtool test rules` files from typed test cases, and synthetic LiteLLM series for them.
 */
import { Document } from 'yaml';

export interface InputSeries {
  /** `metric{label="value", ...}` */
  readonly series: string;
  /** promtool expanding notation, e.g. `0+10x60`. */
  readonly values: string;
}

export interface ExpectedAlert {
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
}

export interface AlertCase {
  readonly evalTime: string;
  readonly alertname: string;
  /** Every alert of that name firing at that time; empty means none may fire. */
  readonly expAlerts: ReadonlyArray<ExpectedAlert>;
}

export interface ExprCase {
  readonly expr: string;
  readonly evalTime: string;
  readonly expSamples: ReadonlyArray<{ readonly labels: string; readonly value: number }>;
}

export interface UnitTestGroup {
  /** Written as a comment; promtool 2.42 has no test-group names. */
  readonly title: string;
  /** Sample spacing of the input series. */
  readonly interval: string;
  readonly inputSeries: ReadonlyArray<InputSeries>;
  readonly alertCases?: ReadonlyArray<AlertCase>;
  readonly exprCases?: ReadonlyArray<ExprCase>;
}

function num(n: number): string {
  return String(Number(n.toPrecision(12)));
}

/**
 * A counter from piecewise-constant increments: `[[perStep, steps], ...]` gives `1 + Σ steps` samples
 * starting at 0. `counter([[10, 60], [0, 30]])` rises by 10 per sample for 60 samples, then stays flat.
 */
export function counter(segments: ReadonlyArray<readonly [number, number]>): string {
  let current = 0;
  const out = ['0'];
  for (const [inc, steps] of segments) {
    if (steps <= 0) continue;
    out.push(steps === 1 ? num(current + inc) : `${num(current + inc)}+${num(inc)}x${steps - 1}`);
    current += inc * steps;
  }
  return out.join(' ');
}

/** A gauge holding `value` for `steps` samples after the first (1 + steps samples). */
export function gauge(segments: ReadonlyArray<readonly [number, number]>): string {
  const out: string[] = [];
  segments.forEach(([value, steps], i) => out.push(`${num(value)}x${i === 0 ? steps : steps - 1}`));
  return out.join(' ');
}

/** `metric{a="x", b="y"}` with labels in the given order. */
export function series(metric: string, labels: Readonly<Record<string, string>>): string {
  const body = Object.entries(labels).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(', ');
  return `${metric}{${body}}`;
}

/** The `promtool test rules` file for the rule file `rules.yaml`. */
export function renderPromtoolTests(groups: ReadonlyArray<UnitTestGroup>, evaluationInterval = '1m'): string {
  const doc = new Document({
    rule_files: ['rules.yaml'],
    evaluation_interval: evaluationInterval,
    tests: groups.map((g) => ({
      interval: g.interval,
      input_series: g.inputSeries.map((s) => ({ series: s.series, values: s.values })),
      ...(g.alertCases && g.alertCases.length > 0 ? {
        alert_rule_test: g.alertCases.map((c) => ({
          eval_time: c.evalTime,
          alertname: c.alertname,
          exp_alerts: c.expAlerts.map((a) => ({ exp_labels: { ...a.labels }, ...(a.annotations ? { exp_annotations: { ...a.annotations } } : {}) })),
        })),
      } : {}),
      ...(g.exprCases && g.exprCases.length > 0 ? {
        promql_expr_test: g.exprCases.map((c) => ({
          expr: c.expr,
          eval_time: c.evalTime,
          exp_samples: c.expSamples.map((s) => ({ labels: s.labels, value: s.value })),
        })),
      } : {}),
    })),
  });
  const seq = doc.get('tests') as { items: Array<{ commentBefore?: string }> };
  groups.forEach((g, i) => { seq.items[i].commentBefore = ` ${g.title}`; });
  return doc.toString({ lineWidth: 0 });
}
