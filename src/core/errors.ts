import type { IConstruct } from 'constructs';
import { protectScopeLiterals } from './terraform-literals';

/** One thing wrong with the props of one construct. */
export interface ValidationProblem {
  /** Dotted path of the offending prop, e.g. `runtime.privateSubnetIds[0]`. */
  readonly path: string;
  /** What was received (rendered safely; secrets are never echoed). */
  readonly received: string;
  /** What is wrong with it. */
  readonly message: string;
  /** How to fix it. */
  readonly fix: string;
}

const SECRET_SHAPES: ReadonlyArray<RegExp> = [
  /sk-(?:ant-|proj-)?[A-Za-z0-9_-]{16,}/, // OpenAI / Anthropic / LiteLLM virtual keys
  /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/, // AWS access key ids
  /AIza[0-9A-Za-z_-]{35}/, // Google API keys
  /\bgh[pousr]_[A-Za-z0-9]{36,}\b/, // GitHub tokens
  /\bxox[abposr]-[A-Za-z0-9-]{10,}/, // Slack tokens
  /-----BEGIN (?:[A-Z]+ )?PRIVATE KEY-----/, // PEM private keys
];

/** True when a string contains something shaped like a credential. */
export function looksLikeSecret(value: string): boolean {
  return SECRET_SHAPES.some((re) => re.test(value));
}

/** Renders a received value for an error message: short, single-line, never a secret. */
export function renderReceived(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'string') {
    if (looksLikeSecret(value)) return '"<redacted: looks like a secret>"';
    return JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value);
  }
  if (typeof value === 'function') return '<function>';
  if (value !== null && typeof value === 'object' && value.constructor && value.constructor !== Object && !Array.isArray(value)) {
    return `<${value.constructor.name}>`;
  }
  let text: string;
  try {
    text = JSON.stringify(value, (_k, v) => (typeof v === 'string' && looksLikeSecret(v) ? '<redacted>' : v)) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

/**
 * Bad input to a construct. Names the construct path and lists every problem at once, each with the
 * prop path, the value received and the fix. Thrown before any resource is created.
 */
export class ValidationError extends Error {
  private static format(constructPath: string, problems: ReadonlyArray<ValidationProblem>): string {
    const where = constructPath ? `[${constructPath}] ` : '';
    const head = `${where}${problems.length} invalid prop${problems.length === 1 ? '' : 's'}:`;
    const lines = problems.map(
      (p) => `  - ${p.path || '(props)'}: ${p.message} (received ${p.received}). Fix: ${p.fix}`,
    );
    return [head, ...lines].join('\n');
  }

  /** Path of the construct whose props were rejected (`''` when there is no scope). */
  public readonly constructPath: string;
  public readonly problems: ReadonlyArray<ValidationProblem>;

  constructor(scope: IConstruct | string | undefined, problems: ReadonlyArray<ValidationProblem>) {
    const constructPath = typeof scope === 'string' ? scope : (scope?.node.path ?? '');
    super(ValidationError.format(constructPath, problems));
    this.name = 'ValidationError';
    this.constructPath = constructPath;
    this.problems = problems;
    Object.setPrototypeOf(this, ValidationError.prototype);
  }


}

/**
 * Collects problems across several checks so one error reports them all.
 *
 * ```ts
 * const problems = new ProblemCollector();
 * if (x < 0) problems.add('x', x, 'must be positive', 'pass a value >= 0');
 * problems.throwIfAny(this);
 * ```
 */
export class ProblemCollector {
  private readonly items: ValidationProblem[] = [];

  public add(path: string, value: unknown, message: string, fix: string): this {
    this.items.push({ path, received: renderReceived(value), message, fix });
    return this;
  }

  public addAll(problems: ReadonlyArray<ValidationProblem>): this {
    this.items.push(...problems);
    return this;
  }

  public get problems(): ReadonlyArray<ValidationProblem> {
    return this.items;
  }

  public get isEmpty(): boolean {
    return this.items.length === 0;
  }

  /** Throws one ValidationError listing every problem; otherwise protects `scope`'s literal text (see `TerraformLiterals`). */
  public throwIfAny(scope: IConstruct | string | undefined): void {
    if (this.items.length > 0) throw new ValidationError(scope, this.items);
    protectScopeLiterals(scope);
  }
}
