import * as fc from 'fast-check';
import { ValidationError, liveTemplateSequences } from '../../src/core';
import { TerraformStack, Testing } from '../../src/core/cdktf';

/**
 * One public constructor or static factory under fuzz. `template` gives valid arguments as plain data;
 * `build` turns (possibly mutated) arguments into the call, creating anything it needs in `stack`.
 * Adding a construct is a few lines in targets.ts (see the README, "Development").
 */
export interface FuzzTarget {
  readonly name: string;
  /** Synthesis is slow (a whole gateway or store): in quick mode only every 10th accepted input is synthesized. */
  readonly heavy?: boolean;
  /** Accepted stacks hold only AWS resources, so real Terraform can validate a sample of them. */
  readonly aws?: boolean;
  /** Valid arguments, as plain data (strategy objects are built from descriptions inside `build`). */
  template(): unknown[];
  /** Makes the call. Anything but a ValidationError it throws is a crash. */
  build(args: unknown[], stack: TerraformStack): void;
}

/** One input that broke a rule, for the report (`i` with the seed reproduces it). */
export interface FuzzFailure {
  readonly i: number;
  readonly input: string;
  readonly error: string;
}

export interface FuzzStats {
  readonly target: string;
  readonly runs: number;
  readonly accepted: number;
  readonly rejected: number;
  readonly synthesized: number;
  /** Rejections by the prop (array indexes dropped) and the first words of the message. */
  readonly rejectionsByKind: Record<string, number>;
  readonly crashes: FuzzFailure[];
  /** ValidationErrors without a prop path, a message or a fix, or echoing the planted secret. */
  readonly badRejections: FuzzFailure[];
  /** Accepted inputs whose text became a live Terraform expression, or whose planted secret reached the output. */
  readonly leaks: FuzzFailure[];
  /** Inputs the construct accepted but synthesis rejected: the check came too late (after construction). */
  readonly lateRejections: FuzzFailure[];
  readonly maxRunMs: number;
  readonly totalMs: number;
  /** Synthesized stack directories of accepted AWS inputs, for `terraform validate`. */
  readonly terraformDirs: string[];
}

/** Marks injected text: a live Terraform sequence containing it in the output is a leak. */
export const INJECT = 'INJECT';
/** A planted credential: it must never be accepted into the output, nor echoed by an error. */
export const PLANTED_SECRET = 'sk-FUZZSECRET0123456789abcdef';

const injectedArb = fc.tuple(
  fc.constantFrom('', 'a-', 'x '),
  fc.constantFrom(`\${${INJECT}}`, `%{ if ${INJECT} }x%{ endif }`, `$\${${INJECT}}`, `\${file("/etc/${INJECT}")}`, `$\${"$"}{${INJECT}}`, `${INJECT}$`),
  fc.constantFrom('', '-b', '}'),
).map(([a, b, c]) => `${a}${b}${c}`);

/** Values a careless caller could pass anywhere. */
export const junkArb: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, undefined, NaN, Infinity, -Infinity, -1, 0, 0.5, 2 ** 31, 2 ** 53, 1e308, '', ' ', 'a', true, false),
  fc.constantFrom([], {}, [null], { a: 1 }, 'x'.repeat(5000), PLANTED_SECRET, '1abc', '-x', 'UPPER', 'über', 'a/b', 'a:b', '\n', '\u0000'),
  fc.integer(),
  fc.double(),
  fc.string({ maxLength: 30 }),
  injectedArb,
  fc.array(fc.oneof(fc.string({ maxLength: 10 }), fc.integer()), { maxLength: 4 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.oneof(fc.string({ maxLength: 8 }), fc.integer()), { maxKeys: 3 }),
);

export type Path = ReadonlyArray<string | number>;

function isPlain(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && (Object.getPrototypeOf(v) === Object.prototype || Object.getPrototypeOf(v) === null);
}

export function clone<T>(v: T): T {
  if (Array.isArray(v)) return v.map(clone) as T;
  if (isPlain(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, clone(x)])) as T;
  return v;
}

export function paths(v: unknown, at: Path = [], out: Path[] = []): Path[] {
  if (at.length > 0) out.push(at);
  if (Array.isArray(v)) v.forEach((x, i) => paths(x, [...at, i], out));
  else if (isPlain(v)) for (const [k, x] of Object.entries(v)) paths(x, [...at, k], out);
  return out;
}

export function parentOf(root: unknown, path: Path): any {
  let cur: any = root;
  for (const seg of path.slice(0, -1)) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = cur[seg];
  }
  return cur !== null && typeof cur === 'object' ? cur : undefined;
}

type Op = readonly [kind: 'set' | 'delete' | 'inject' | 'addKey', index: number, value: unknown];

function apply(template: unknown[], ops: ReadonlyArray<Op>, all: Path[], strings: Path[]): unknown[] {
  const args = clone(template);
  for (const [kind, index, value] of ops) {
    const list = kind === 'inject' && strings.length > 0 ? strings : all;
    if (list.length === 0) continue;
    const path = list[index % list.length];
    const parent = parentOf(args, path);
    if (!parent) continue;
    const key = path[path.length - 1] as any;
    if (kind === 'set') {parent[key] = value;} else if (kind === 'delete') {
      if (Array.isArray(parent)) parent.splice(key, 1);
      else delete parent[key];
    } else if (kind === 'inject') {parent[key] = typeof parent[key] === 'string' ? `${parent[key]}${value as string}` : value;} else if (isPlain(parent[key])) {parent[key][`unknown_${index % 7}`] = value;} else {parent[key] = value;}
  }
  return args;
}

/** Inputs for a target: its valid template, mutations of it (replaced, deleted, injected, extra keys), or junk. */
export function inputArb(target: FuzzTarget): fc.Arbitrary<unknown[]> {
  const template = target.template();
  const all = paths(template);
  const strings = all.filter((p) => typeof parentOf(template, p)?.[p[p.length - 1] as any] === 'string');
  const op: fc.Arbitrary<Op> = fc.oneof(
    { weight: 4, arbitrary: fc.tuple(fc.constant('set' as const), fc.nat(), junkArb) },
    { weight: 2, arbitrary: fc.tuple(fc.constant('delete' as const), fc.nat(), fc.constant(undefined)) },
    { weight: 4, arbitrary: fc.tuple(fc.constant('inject' as const), fc.nat(), injectedArb) },
    { weight: 1, arbitrary: fc.tuple(fc.constant('addKey' as const), fc.nat(), junkArb) },
  );
  return fc.oneof(
    { weight: 1, arbitrary: fc.constant(null).map(() => clone(template)) },
    { weight: 12, arbitrary: fc.array(op, { minLength: 1, maxLength: 3 }).map((ops) => apply(template, ops, all, strings)) },
    { weight: 1, arbitrary: fc.array(junkArb, { maxLength: 3 }) },
  );
}

/** A readable, single-line description of an input (not valid JSON: it shows undefined, NaN and functions). */
export function describeInput(v: unknown, depth = 0): string {
  if (depth > 6) return '…';
  if (v === undefined) return 'undefined';
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint' || typeof v === 'symbol') return String(v);
  if (typeof v === 'string') return JSON.stringify(v.length > 60 ? `${v.slice(0, 57)}...` : v);
  if (typeof v === 'function') return '<function>';
  if (v === null) return 'null';
  if (Array.isArray(v)) return `[${v.map((x) => describeInput(x, depth + 1)).join(', ')}]`;
  if (!isPlain(v)) return `<${(v as object).constructor?.name ?? 'object'}>`;
  return `{${Object.entries(v).map(([k, x]) => `${k}: ${describeInput(x, depth + 1)}`).join(', ')}}`;
}

function kindOf(path: string, message: string): string {
  return `${path.replace(/\[\d+\]/g, '[]')}: ${message.replace(/'[^']*'|"[^"]*"|\d+(\.\d+)?/g, '…').slice(0, 60)}`;
}

/** Every string of synthesized JSON, keys included. */
export function* stringsOf(v: unknown): Generator<string> {
  if (typeof v === 'string') {yield v;} else if (Array.isArray(v)) {for (const x of v) yield* stringsOf(x);} else if (v !== null && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      yield k;
      yield* stringsOf(x);
    }
  }
}

export interface FuzzOptions {
  readonly runs: number;
  readonly seed: number;
  /** Synthesize every accepted input (full mode) or every 10th of heavy targets (quick mode). */
  readonly full: boolean;
  /** How many accepted AWS stacks to keep for `terraform validate`. */
  readonly terraformSamples: number;
  /** Called before each run (heartbeat for the time box). */
  readonly onRun?: (i: number, input: string) => void;
}

/** Runs one target: every input either builds (and synthesizes to clean output) or is a complete ValidationError. */
export function fuzzTarget(target: FuzzTarget, options: FuzzOptions): FuzzStats {
  const started = Date.now();
  const inputs = fc.sample(inputArb(target), { numRuns: options.runs, seed: options.seed });
  const stats = {
    target: target.name,
    runs: inputs.length,
    accepted: 0,
    rejected: 0,
    synthesized: 0,
    rejectionsByKind: {} as Record<string, number>,
    crashes: [] as FuzzFailure[],
    badRejections: [] as FuzzFailure[],
    lateRejections: [] as FuzzFailure[],
    leaks: [] as FuzzFailure[],
    maxRunMs: 0,
    totalMs: 0,
    terraformDirs: [] as string[],
  };
  inputs.forEach((args, i) => {
    const input = describeInput(args);
    options.onRun?.(i, input);
    const t0 = Date.now();
    const stack = new TerraformStack(Testing.app({ stubVersion: true }), 'fuzz');
    try {
      target.build(args, stack);
      stats.accepted++;
      const synthesize = options.full || !target.heavy || stats.accepted % 10 === 1;
      if (synthesize) {
        stats.synthesized++;
        let text: string;
        try {
          text = Testing.synth(stack, true);
        } catch (late) {
          if (!(late instanceof ValidationError)) throw late;
          stats.lateRejections.push({ i, input, error: late.message.split('\n').slice(0, 2).join(' | ') });
          return;
        }
        if (text.includes('FUZZSECRET')) stats.leaks.push({ i, input, error: 'the planted secret reached the synthesized JSON' });
        for (const s of stringsOf(JSON.parse(text))) {
          const live = liveTemplateSequences(s).find((seq) => seq.text.includes(INJECT) || /\bfile\(/.test(seq.text));
          if (live) {
            stats.leaks.push({ i, input, error: `live Terraform ${live.kind} from user text: ${live.text.slice(0, 80)}` });
            break;
          }
        }
        if (target.aws && stats.terraformDirs.length < options.terraformSamples) stats.terraformDirs.push(`${Testing.fullSynth(stack)}/stacks/fuzz`);
      }
    } catch (e) {
      if (e instanceof ValidationError) {
        stats.rejected++;
        for (const p of e.problems) {
          stats.rejectionsByKind[kindOf(p.path, p.message)] = (stats.rejectionsByKind[kindOf(p.path, p.message)] ?? 0) + 1;
          // An empty path is the props object as a whole (the error text shows '(props)').
          if (!p.message || !p.fix) stats.badRejections.push({ i, input, error: `problem without a message or a fix: ${JSON.stringify(p)}` });
        }
        if (e.problems.length === 0) stats.badRejections.push({ i, input, error: 'ValidationError without problems' });
        if (e.message.includes('FUZZSECRET')) stats.badRejections.push({ i, input, error: 'the error text echoes the planted secret' });
      } else {
        const err = e as Error;
        stats.crashes.push({ i, input, error: `${err?.constructor?.name ?? typeof e}: ${String(err?.message ?? e).split('\n').slice(0, 3).join(' | ')}` });
      }
    }
    stats.maxRunMs = Math.max(stats.maxRunMs, Date.now() - t0);
  });
  stats.accepted -= stats.lateRejections.length;
  stats.totalMs = Date.now() - started;
  return stats;
}
