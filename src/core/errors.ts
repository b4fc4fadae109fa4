import type { IConstruct } from 'constructs';
import { protectScope, scopeProblems } from './scope-checks';

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

/**
 * Shapes of credentials. Each is specific enough not to fire on identifiers the library handles (ARNs,
 * digests, hashes, resource names). Sources: each vendor's documented key format.
 */
const SECRET_SHAPES: ReadonlyArray<RegExp> = [
  /sk-(?:ant-|proj-)?[A-Za-z0-9_-]{16,}/, // OpenAI / Anthropic / LiteLLM virtual keys
  /\b(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,}/, // Stripe secret and restricted keys
  /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/, // AWS access key ids
  /AIza[0-9A-Za-z_-]{35}/, // Google API keys
  /\bgh[pousr]_[A-Za-z0-9]{36,}\b/, // GitHub tokens
  /\bgithub_pat_[A-Za-z0-9_]{22,}/, // GitHub fine-grained personal access tokens
  /\bhf_[A-Za-z0-9]{30,}\b/, // Hugging Face access tokens
  /\bxox[abposr]-[A-Za-z0-9-]{10,}/, // Slack tokens
  /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/, // JWTs (base64url JSON header and claims)
  /-----BEGIN (?:[A-Z]+ )?PRIVATE KEY-----/, // PEM private keys
];

/**
 * AWS secret access keys: exactly 40 characters of base64 (`A-Za-z0-9/+`) standing alone, with upper case,
 * lower case and digits mixed. Hex digests (no upper case) and longer base64 runs do not match.
 */
const AWS_SECRET_KEY = /(?<![A-Za-z0-9/+=])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])/g;

function hasAwsSecretKey(value: string): boolean {
  for (const m of value.match(AWS_SECRET_KEY) ?? []) {
    if (/[A-Z]/.test(m) && /[a-z]/.test(m) && /[0-9]/.test(m)) return true;
  }
  return false;
}

/** True when a string contains something shaped like a credential. */
export function looksLikeSecret(value: string): boolean {
  return SECRET_SHAPES.some((re) => re.test(value)) || hasAwsSecretKey(value);
}

const REDACTED = '<redacted>';

/** `text` with everything shaped like a credential replaced by `<redacted>`. */
export function redactSecrets(text: string): string {
  let out = text;
  for (const re of SECRET_SHAPES) out = out.replace(new RegExp(re.source, 'g'), REDACTED);
  return out.replace(AWS_SECRET_KEY, (m) => (/[A-Z]/.test(m) && /[a-z]/.test(m) && /[0-9]/.test(m) ? REDACTED : m));
}

/** A copy of plain data with secret-shaped strings and keys replaced (for rendering only). */
function redactData(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return looksLikeSecret(value) ? REDACTED : value;
  if (depth > 8 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => redactData(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[looksLikeSecret(k) ? REDACTED : k] = redactData(v, depth + 1);
  return out;
}

/** Renders a received value for an error message: short, single-line, never a secret. */
export function renderReceived(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'string') {
    if (looksLikeSecret(value)) return '"<redacted: looks like a secret>"';
    return JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value);
  }
  if (typeof value === 'function') return '<function>';
  if (typeof value === 'symbol' || typeof value === 'bigint') return String(value);
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  if (value !== null && typeof value === 'object' && value.constructor && value.constructor !== Object && !Array.isArray(value)) {
    return `<${typeof value.constructor.name === 'string' && value.constructor.name ? value.constructor.name : 'object'}>`;
  }
  let text: string;
  try {
    text = JSON.stringify(redactData(value)) ?? String(value);
  } catch {
    text = '<unprintable>';
  }
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

/**
 * One problem as one line: `path: message (received value). Fix: fix`. The text of every `ValidationError` line, and
 * what a `node.addValidation` callback returns for problems found in the final tree. Last line of defence: whatever a
 * check put in its message, no credential leaves in the text.
 */
export function describeProblem(p: ValidationProblem): string {
  return redactSecrets(`${p.path || '(props)'}: ${p.message} (received ${p.received}). Fix: ${p.fix}`);
}

/**
 * Bad input to a construct. Names the construct path and lists every problem at once, each with the
 * prop path, the value received and the fix. Thrown before any resource is created.
 */
export class ValidationError extends Error {
  private static format(constructPath: string, problems: ReadonlyArray<ValidationProblem>): string {
    const where = constructPath ? `[${constructPath}] ` : '';
    const head = `${where}${problems.length} invalid prop${problems.length === 1 ? '' : 's'}:`;
    return [head, ...problems.map((p) => `  - ${describeProblem(p)}`)].join('\n');
  }

  /** Path of the construct whose props were rejected (`''` when there is no scope). */
  public readonly constructPath: string;
  public readonly problems: ReadonlyArray<ValidationProblem>;

  constructor(scope: IConstruct | string | undefined, problems: ReadonlyArray<ValidationProblem>) {
    const constructPath = redactSecrets(typeof scope === 'string' ? scope : (scope?.node.path ?? ''));
    const safe = problems.map((p) => ({
      path: redactSecrets(p.path),
      received: redactSecrets(p.received),
      message: redactSecrets(p.message),
      fix: redactSecrets(p.fix),
    }));
    super(ValidationError.format(constructPath, safe));
    this.name = 'ValidationError';
    this.constructPath = constructPath;
    this.problems = safe;
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

  /**
   * Throws one ValidationError listing every problem (and any problem of the construct's own id); otherwise
   * protects `scope`'s literal text (see `TerraformLiterals`). Pass your own construct or a path string.
   */
  public throwIfAny(scope: IConstruct | string | undefined): void {
    const all = [...this.items, ...scopeProblems(scope)];
    if (all.length > 0) throw new ValidationError(scope, all);
    protectScope(scope);
  }
}
