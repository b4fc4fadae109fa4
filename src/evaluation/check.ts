import { ValidationError, type ValidationProblem, renderReceived } from '../core/errors';
import { schemaProblems } from './probe/lib/json-schema';
import type { CheckKind, CheckSpec } from './probe/lib/scorer';

/** Options every check takes. */
export interface EvalCheckOptions {
  /**
   * Identifier of the check in reports and in the `check` label of `llm_eval_check_pass_ratio`:
   * letters, digits, `.`, `_`, `-`, starting with a letter, at most 63 characters.
   * @default - the kind (`contains`, `regex`, ...), numbered from the second check of the same kind (`contains-2`)
   */
  readonly id?: string;
}

/** Options of the text checks. */
export interface EvalTextCheckOptions extends EvalCheckOptions {
  /** Compare case-insensitively. @default false */
  readonly ignoreCase?: boolean;
}

/** Options of `EvalCheck.exactMatch`. */
export interface EvalExactMatchOptions extends EvalCheckOptions {
  /** Ignore leading and trailing white space on both sides. @default true */
  readonly trim?: boolean;
}

/** Options of `EvalCheck.judge`. */
export interface EvalJudgeOptions extends EvalCheckOptions {
  /** Gateway alias of the judge model (the feature's key must be allowed to call it). */
  readonly alias: string;
  /** What a good answer does, in a few sentences (10-4000 characters); the judge scores against it 0-10. */
  readonly rubric: string;
  /** Minimum normalized score (0-1) for the check to pass. @default 0.7 */
  readonly minScore?: number;
}

const ID = /^[A-Za-z][A-Za-z0-9_.-]{0,62}$/;
const ALIAS = /^[A-Za-z0-9][A-Za-z0-9._:/-]{0,127}$/;
const MAX_TEXT = 2000;

type SpecBody = CheckSpec extends infer S ? (S extends CheckSpec ? Omit<S, 'id'> : never) : never;

/**
 * One check applied to every golden case's response. Deterministic checks run first; the LLM-as-judge
 * check runs only for a case that passed all of them (a failed case costs no judge call).
 *
 * ```ts
 * checks: [EvalCheck.jsonSchema(schema), EvalCheck.contains('Responsibilities'), EvalCheck.maxLatencyMs(1200)]
 * ```
 */
export class EvalCheck {
  /**
   * The response content parses as JSON and validates against `schema` — for structured-output features.
   * A JSON Schema subset: type, enum, const, properties, required, additionalProperties, items,
   * min/maxItems, uniqueItems, min/maxLength, pattern, minimum/maximum, exclusiveMinimum/Maximum,
   * multipleOf, allOf/anyOf/oneOf/not (annotations such as title/description are ignored). Any other
   * keyword ($ref, format, if/then/else, ...) is a ValidationError here, never silently skipped.
   */
  public static jsonSchema(schema: Readonly<Record<string, unknown>>, options: EvalCheckOptions = {}): EvalCheck {
    const p = EvalCheck.problems('jsonSchema', options);
    let copy: unknown = schema;
    try {
      copy = JSON.parse(JSON.stringify(schema));
    } catch {
      p.push({ path: 'schema', received: '<unserializable>', message: 'is not JSON', fix: 'pass a plain JSON Schema object' });
    }
    if (schema === null || typeof schema !== 'object' || Array.isArray(schema)) {
      p.push({ path: 'schema', received: renderReceived(schema), message: 'must be a JSON Schema object', fix: 'pass e.g. { type: "object", required: ["title"], properties: { title: { type: "string" } } }' });
    } else {
      for (const s of schemaProblems(copy)) {
        p.push({ path: `schema${s.path.slice(1)}${s.keyword ? `.${s.keyword}` : ''}`, received: s.keyword ? renderReceived((EvalCheck.at(copy, s.path) as Record<string, unknown> | undefined)?.[s.keyword]) : renderReceived(EvalCheck.at(copy, s.path)), message: s.message, fix: s.fix });
      }
    }
    return EvalCheck.create('jsonSchema', p, options, { kind: 'jsonSchema', schema: copy });
  }

  /** The response contains `text`. */
  public static contains(text: string, options: EvalTextCheckOptions = {}): EvalCheck {
    const p = EvalCheck.problems('contains', options);
    EvalCheck.checkText(p, 'text', text);
    EvalCheck.checkBoolean(p, 'options.ignoreCase', EvalCheck.obj(options).ignoreCase);
    return EvalCheck.create('contains', p, options, { kind: 'contains', text, ...(EvalCheck.obj(options).ignoreCase === true ? { ignoreCase: true } : {}) });
  }

  /** The response does not contain `text` (e.g. a refusal phrase, a competitor's name). */
  public static notContains(text: string, options: EvalTextCheckOptions = {}): EvalCheck {
    const p = EvalCheck.problems('notContains', options);
    EvalCheck.checkText(p, 'text', text);
    EvalCheck.checkBoolean(p, 'options.ignoreCase', EvalCheck.obj(options).ignoreCase);
    return EvalCheck.create('notContains', p, options, { kind: 'notContains', text, ...(EvalCheck.obj(options).ignoreCase === true ? { ignoreCase: true } : {}) });
  }

  /**
   * The response matches the regular expression (JavaScript syntax, unanchored: use `^`/`$` to anchor).
   * Flags i, m, s, u are kept; g and y (stateful) are refused.
   */
  public static regex(pattern: RegExp | string, options: EvalCheckOptions = {}): EvalCheck {
    const p = EvalCheck.problems('regex', options);
    let source = '';
    let flags = 'u';
    if (pattern instanceof RegExp) {
      source = pattern.source;
      flags = pattern.flags;
      if (/[gyd]/.test(flags)) p.push({ path: 'pattern', received: `/${source}/${flags}`, message: 'flags g, y and d are not allowed (a regex check tests once)', fix: 'remove the g/y/d flags' });
      flags = flags.replace(/[gyd]/g, '');
    } else if (typeof pattern === 'string' && pattern.length > 0 && pattern.length <= MAX_TEXT) {
      source = pattern;
      try {
        new RegExp(source, flags);
      } catch {
        p.push({ path: 'pattern', received: renderReceived(pattern), message: 'is not a valid regular expression (unicode mode)', fix: 'fix the pattern, or pass a RegExp literal' });
      }
    } else {
      p.push({ path: 'pattern', received: renderReceived(pattern), message: `must be a RegExp or a non-empty string of at most ${MAX_TEXT} characters`, fix: 'pass e.g. /^# .+/m' });
    }
    return EvalCheck.create('regex', p, options, { kind: 'regex', source, flags });
  }

  /** The response equals `text` (white space at both ends ignored unless `trim: false`). */
  public static exactMatch(text: string, options: EvalExactMatchOptions = {}): EvalCheck {
    const p = EvalCheck.problems('exactMatch', options);
    if (typeof text !== 'string' || text.length > MAX_TEXT * 10) p.push({ path: 'text', received: renderReceived(text), message: 'must be a string', fix: 'pass the exact expected answer' });
    EvalCheck.checkBoolean(p, 'options.trim', EvalCheck.obj(options).trim);
    return EvalCheck.create('exactMatch', p, options, { kind: 'exactMatch', text, ...(EvalCheck.obj(options).trim === false ? { trim: false } : {}) });
  }

  /** The response arrived within `ms` milliseconds (client side, including the gateway). */
  public static maxLatencyMs(ms: number, options: EvalCheckOptions = {}): EvalCheck {
    const p = EvalCheck.problems('maxLatencyMs', options);
    EvalCheck.checkBound(p, 'ms', ms, 1, 600_000, 'e.g. the feature SLO latencyP95Ms, 1200');
    return EvalCheck.create('maxLatencyMs', p, options, { kind: 'maxLatencyMs', max: ms });
  }

  /** The response used at most `tokens` completion (output) tokens, as the gateway reports in `usage`. */
  public static maxTokens(tokens: number, options: EvalCheckOptions = {}): EvalCheck {
    const p = EvalCheck.problems('maxTokens', options);
    EvalCheck.checkBound(p, 'tokens', tokens, 1, 1_000_000, 'e.g. 800');
    return EvalCheck.create('maxTokens', p, options, { kind: 'maxTokens', max: tokens });
  }

  /**
   * LLM-as-judge: a gateway alias scores the response 0-10 against a fixed instruction and `rubric`;
   * the check passes when score/10 >= `minScore`. Costs one extra call per case that passed the
   * deterministic checks.
   */
  public static judge(options: EvalJudgeOptions): EvalCheck {
    const p = EvalCheck.problems('judge', options ?? {});
    const o = (options ?? {}) as Partial<EvalJudgeOptions>;
    if (typeof o.alias !== 'string' || !ALIAS.test(o.alias)) p.push({ path: 'alias', received: renderReceived(o.alias), message: 'must be a gateway model alias', fix: "pass the alias of the judge model, e.g. 'judge'" });
    if (typeof o.rubric !== 'string' || o.rubric.trim().length < 10 || o.rubric.length > 4000) p.push({ path: 'rubric', received: renderReceived(o.rubric), message: 'must be 10-4000 characters', fix: 'describe what a good answer does, in a few sentences' });
    const minScore = o.minScore ?? 0.7;
    if (typeof minScore !== 'number' || !Number.isFinite(minScore) || minScore <= 0 || minScore > 1) p.push({ path: 'minScore', received: renderReceived(o.minScore), message: 'must be a number in (0, 1]', fix: 'use e.g. 0.7 (the judge must score at least 7/10)' });
    return EvalCheck.create('judge', p, o, { kind: 'judge', alias: o.alias as string, rubric: o.rubric as string, minScore });
  }

  private static problems(factory: string, options: EvalCheckOptions): ValidationProblem[] {
    const p: ValidationProblem[] = [];
    if (options === null || typeof options !== 'object') {
      p.push({ path: 'options', received: renderReceived(options), message: 'must be an object', fix: `call EvalCheck.${factory}(..., { id })` });
    } else if (options.id !== undefined && (typeof options.id !== 'string' || !ID.test(options.id))) {
      p.push({ path: 'options.id', received: renderReceived(options.id), message: 'must be a letter followed by up to 62 letters, digits, ., _ or -', fix: "use a short name such as 'has-title'" });
    }
    return p;
  }

  private static obj<T extends object>(options: T | null | undefined): Partial<T> {
    return options !== null && typeof options === 'object' ? options : {};
  }

  private static checkText(p: ValidationProblem[], name: string, text: unknown): void {
    if (typeof text !== 'string' || text.length === 0 || text.length > MAX_TEXT) p.push({ path: name, received: renderReceived(text), message: `must be a non-empty string of at most ${MAX_TEXT} characters`, fix: 'pass the text to look for' });
  }

  private static checkBoolean(p: ValidationProblem[], name: string, value: unknown): void {
    if (value !== undefined && typeof value !== 'boolean') p.push({ path: name, received: renderReceived(value), message: 'must be true or false', fix: 'pass a boolean' });
  }

  private static checkBound(p: ValidationProblem[], name: string, value: unknown, min: number, max: number, example: string): void {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) p.push({ path: name, received: renderReceived(value), message: `must be a whole number from ${min} to ${max}`, fix: `pass a bound, ${example}` });
  }

  private static at(root: unknown, jsonPath: string): unknown {
    // Paths from schemaProblems: $.properties.a.items[0] style; good enough to show the offending value.
    const parts = jsonPath.replace(/^\$/, '').match(/\.([^.[\]]+)|\[(\d+)\]|\["((?:[^"\\]|\\.)*)"\]/g) ?? [];
    let cur: any = root;
    for (const part of parts) {
      if (cur === null || typeof cur !== 'object') return undefined;
      const key = part.startsWith('.') ? part.slice(1) : part.startsWith('["') ? JSON.parse(part.slice(1, -1)) : Number(part.slice(1, -1));
      cur = cur[key];
    }
    return cur;
  }

  private static create(factory: CheckKind, problems: ValidationProblem[], options: EvalCheckOptions, spec: SpecBody): EvalCheck {
    if (problems.length > 0) throw new ValidationError(`EvalCheck.${factory}`, problems);
    return new EvalCheck(spec, EvalCheck.obj(options).id);
  }

  /** The explicit id, when one was given. */
  public readonly id?: string;
  /** What the check tests. */
  public readonly kind: CheckKind;
  private readonly body: SpecBody;

  private constructor(body: SpecBody, id?: string) {
    this.body = body;
    this.kind = body.kind;
    this.id = id;
  }

  /** Gateway alias of a judge check. */
  public get judgeAlias(): string | undefined {
    return this.body.kind === 'judge' ? this.body.alias : undefined;
  }

  /** @internal the plain spec the scorer reads */
  public _toSpec(id: string): CheckSpec {
    return { id, ...this.body } as CheckSpec;
  }
}

/**
 * The specs of a feature's checks with their ids: explicit ids as given, otherwise the kind, numbered
 * from the second check of the same kind. Throws when two checks end up with one id.
 */
export function checkSpecs(checks: ReadonlyArray<EvalCheck>, scope = 'checks'): CheckSpec[] {
  const counts = new Map<string, number>();
  const out: CheckSpec[] = [];
  const problems: ValidationProblem[] = [];
  checks.forEach((c, i) => {
    if (!(c instanceof EvalCheck)) {
      problems.push({ path: `[${i}]`, received: renderReceived(c), message: 'is not an EvalCheck', fix: 'build checks with EvalCheck.contains(...), EvalCheck.jsonSchema(...), ...' });
      return;
    }
    let id = c.id;
    if (!id) {
      const n = (counts.get(c.kind) ?? 0) + 1;
      counts.set(c.kind, n);
      id = n === 1 ? c.kind : `${c.kind}-${n}`;
    }
    if (out.some((s) => s.id === id)) problems.push({ path: `[${i}].id`, received: JSON.stringify(id), message: 'is used by another check', fix: 'give the checks distinct ids ({ id })' });
    out.push(c._toSpec(id));
  });
  if (problems.length > 0) throw new ValidationError(scope, problems);
  return out;
}
