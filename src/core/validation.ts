import type { IConstruct } from 'constructs';
import { z } from 'zod';
import { ProblemCollector, ValidationError, looksLikeSecret, renderReceived, type ValidationProblem } from './errors';
import { protectScope, scopeProblems } from './scope-checks';
import { isUnresolved } from './tokens';

const FIX_SEPARATOR = '\u241F';

/**
 * A zod message that carries its own fix: `z.string().min(1, withFix('must not be empty', 'pass a name'))`.
 * `validateProps` splits it back into message and fix.
 */
export function withFix(message: string, fix: string): string {
  return `${message}${FIX_SEPARATOR}${fix}`;
}

type MissingKeys<T, S extends z.ZodType> = Exclude<keyof T, keyof z.input<S>>;

/**
 * Ties a zod schema to a public props interface so the two cannot drift: the schema's output must be
 * assignable to the interface, and every key of the interface must be accepted by the schema.
 *
 * ```ts
 * const schema = schemaFor<MyProps>()(z.strictObject({ ... }));
 * ```
 */
export function schemaFor<T>() {
  return <S extends z.ZodType<T>>(schema: S & ([MissingKeys<T, S>] extends [never] ? unknown : { missingKeys: MissingKeys<T, S> })): S => schema;
}

/** A string that is either an unresolved token (checked at plan time) or passes `check`. */
export function tokenOr(check: z.ZodString): z.ZodType<string> {
  return z.string().superRefine((value, ctx) => {
    if (isUnresolved(value)) return;
    const result = check.safeParse(value);
    if (!result.success) {
      for (const issue of result.error.issues) ctx.addIssue({ code: 'custom', message: issue.message, input: value });
    }
  });
}

/** Any instance of the given class (for strategy objects such as `GatewayRuntime`). */
export function instanceOf<T>(cls: abstract new (...args: any[]) => T, fix: string): z.ZodType<T> {
  return z.custom<T>((v) => v instanceof cls, { message: withFix(`must be a ${cls.name}`, fix) });
}

function formatPath(prefix: string, path: ReadonlyArray<PropertyKey>): string {
  let out = prefix;
  for (const seg of path) {
    // A record key is user input too: one shaped like a credential is not echoed.
    const name = typeof seg === 'string' && looksLikeSecret(seg) ? '<redacted key>' : String(seg);
    if (typeof seg === 'number') out += `[${seg}]`;
    else out += out ? `.${name}` : name;
  }
  return out;
}

function valueAt(root: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  let cur: any = root;
  for (const seg of path) {
    if (cur === null || cur === undefined) return undefined;
    cur = cur[seg as any];
  }
  return cur;
}

function defaultFix(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return issue.expected === 'undefined' || issue.expected === 'never' ? 'remove this prop' : `pass ${/^[aeiou]/.test(String(issue.expected)) ? 'an' : 'a'} ${issue.expected}`;
    case 'too_small':
      return `use a value of at least ${String(issue.minimum)}${issue.origin === 'string' ? ' characters' : issue.origin === 'array' ? ' items' : ''}`;
    case 'too_big':
      return `use a value of at most ${String(issue.maximum)}${issue.origin === 'string' ? ' characters' : issue.origin === 'array' ? ' items' : ''}`;
    case 'invalid_format':
      return issue.format === 'regex' && 'pattern' in issue ? `match the pattern ${String((issue as any).pattern)}` : `use a valid ${issue.format}`;
    case 'invalid_value':
      return `use one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'unrecognized_keys':
      return `remove ${issue.keys.map((k) => `'${k}'`).join(', ')} (check the spelling against the props interface)`;
    case 'not_multiple_of':
      return `use a multiple of ${String(issue.divisor)}`;
    case 'invalid_union':
      return 'use one of the documented shapes for this prop';
    default:
      return 'see the prop documentation';
  }
}

/** Converts zod issues to problems; `root` is the object that was parsed (for the received value). */
export function issuesToProblems(issues: ReadonlyArray<z.core.$ZodIssue>, root: unknown, prefix = ''): ValidationProblem[] {
  return issues.map((issue) => {
    const [message, fix] = issue.message.includes(FIX_SEPARATOR) ? issue.message.split(FIX_SEPARATOR) : [issue.message, defaultFix(issue)];
    const received = issue.code === 'unrecognized_keys' ? issue.keys.join(', ') : valueAt(root, issue.path as PropertyKey[]);
    return {
      // '' is the props object itself (wrong type, unknown keys): the error text shows it as '(props)'.
      path: formatPath(prefix, issue.path as PropertyKey[]),
      received: issue.code === 'unrecognized_keys' ? `unknown key${issue.keys.length > 1 ? 's' : ''} ${received as string}` : renderReceived(received),
      message,
      fix: fix ?? defaultFix(issue),
    };
  });
}

const LITERAL_SECRET_FIX = 'store the value in a secret manager and pass a SecretRef (SecretRef.awsSecretsManager(arn), SecretRef.gcpSecretManager(id) or SecretRef.kubernetes(name, key))';

/** Marks a value whose text a validating factory already checked; `findLiteralSecrets` does not walk it again. */
export const LITERALS_CHECKED: unique symbol = Symbol.for('cdktf-llm-platform/literals-checked');

/**
 * Marks `value` (a strategy or value object built by a factory that ran `validateProps` on its input) as checked for
 * literal secrets, so constructs that take it in their props do not walk it again (a built-in policy pack holds every
 * rule's text: walking it cost ~2 ms per PolicyBundle, per team stack).
 */
export function markLiteralsChecked<T extends object>(value: T): T {
  Object.defineProperty(value, LITERALS_CHECKED, { value: true, enumerable: false });
  return value;
}

/**
 * Every string in `value` that looks like a credential, with its path: values and object keys, at any
 * depth (tags, descriptions, suppression reasons, environment maps). Walks plain data only, and never
 * echoes what it found.
 */
export function findLiteralSecrets(value: unknown, prefix = ''): ValidationProblem[] {
  const found: ValidationProblem[] = [];
  const seen = new WeakSet<object>();
  const walk = (v: unknown, path: string, depth: number): void => {
    if (depth > 12) return;
    if (typeof v === 'string') {
      if (looksLikeSecret(v)) {
        found.push({ path: path || '(props)', received: renderReceived(v), message: 'looks like a literal secret; props never take secret values', fix: LITERAL_SECRET_FIX });
      }
      return;
    }
    if (v === null || typeof v !== 'object') return;
    if (seen.has(v)) return;
    seen.add(v);
    // Constructs are references to other parts of the tree, not input data.
    if ('node' in (v as object) && typeof (v as any).node === 'object' && (v as any).node !== null && 'path' in (v as any).node) return;
    // Values whose text a validating factory already checked (e.g. a built-in PolicyPack and its ~150 rules).
    if ((v as Record<symbol, unknown>)[LITERALS_CHECKED] === true) return;
    if (Array.isArray(v)) {
      v.forEach((item, i) => walk(item, `${path}[${i}]`, depth + 1));
      return;
    }
    for (const [k, item] of Object.entries(v)) {
      if (looksLikeSecret(k)) {
        found.push({ path: path ? `${path}.<redacted key>` : '<redacted key>', received: '"<redacted: looks like a secret>"', message: 'is a key that looks like a literal secret; keys are not secret', fix: LITERAL_SECRET_FIX });
        walk(item, path ? `${path}.<redacted key>` : '<redacted key>', depth + 1);
      } else {
        walk(item, path ? `${path}.${k}` : k, depth + 1);
      }
    }
  };
  walk(value, prefix, 0);
  return found;
}

/**
 * Validates props against a schema, reporting every problem at once as one `ValidationError` that names
 * the construct path. Also rejects anything in the props that looks like a literal secret.
 * Returns the parsed (typed) props.
 *
 * When `scope` is a construct, every Terraform element under it has its literal text escaped at synthesis
 * (`${` → `$${`, `%{` → `%%{`; see `TerraformLiterals`), so no string in the props can become a Terraform
 * expression, wherever the construct puts it.
 */
export function validateProps<S extends z.ZodType>(
  scope: IConstruct | string | undefined,
  schema: S,
  props: unknown,
  extra?: ProblemCollector,
): z.output<S> {
  const problems = new ProblemCollector();
  problems.addAll(findLiteralSecrets(props));
  const result = schema.safeParse(props);
  if (!result.success) problems.addAll(issuesToProblems(result.error.issues, props));
  if (extra) problems.addAll(extra.problems);
  problems.addAll(scopeProblems(scope));
  // The same secret can trip both the scan and a schema check; report each path+message once.
  const unique = new Map<string, ValidationProblem>();
  for (const p of problems.problems) unique.set(`${p.path}\u0000${p.message}`, p);
  if (unique.size > 0) throw new ValidationError(scope, [...unique.values()]);
  protectScope(scope);
  return (result as { data: z.output<S> }).data;
}

/** The type of one prop for `checkPropTypes`; a trailing `?` makes it optional. */
export type PropType = 'string' | 'number' | 'boolean' | 'string[]' | 'object' | 'object[]' | 'function';

function propTypeOk(type: PropType, v: unknown): boolean {
  switch (type) {
    case 'string': return typeof v === 'string';
    case 'number': return typeof v === 'number' && (Number.isFinite(v) || isUnresolved(v));
    case 'boolean': return typeof v === 'boolean';
    case 'string[]': return Array.isArray(v) && v.every((x) => typeof x === 'string');
    case 'object': return v !== null && typeof v === 'object' && !Array.isArray(v);
    case 'object[]': return Array.isArray(v) && v.every((x) => x !== null && typeof x === 'object' && !Array.isArray(x));
    case 'function': return typeof v === 'function';
  }
}

/**
 * The same guarantees as `validateProps` for a construct whose checks are hand-written: props must be an
 * object whose listed props have the given types (`'number?'` = optional; numbers finite), and hold no
 * literal secret. Call it first in the constructor, so no later check reads a prop of the wrong type.
 *
 * ```ts
 * checkPropTypes(this, props, { nameParts: 'string[]', kmsKeyArn: 'string', retentionInDays: 'number?' });
 * ```
 */
export function checkPropTypes(scope: IConstruct, props: unknown, types: Readonly<Record<string, PropType | `${PropType}?`>>): void {
  const problems = new ProblemCollector();
  if (props === null || typeof props !== 'object' || Array.isArray(props)) {
    problems.add('(props)', props, 'is not a props object', `pass { ${Object.keys(types).filter((k) => !types[k].endsWith('?')).join(', ')} }`);
  } else {
    for (const [name, spec] of Object.entries(types)) {
      const optional = spec.endsWith('?');
      const type = (optional ? spec.slice(0, -1) : spec) as PropType;
      const value = (props as Record<string, unknown>)[name];
      if (value === undefined && optional) continue;
      if (value === undefined) problems.add(name, value, 'is required', `pass ${/^[aeiou]/.test(type) ? 'an' : 'a'} ${type}`);
      else if (!propTypeOk(type, value)) problems.add(name, value, `is not ${/^[aeiou]/.test(type) ? 'an' : 'a'} ${type === 'number' ? 'finite number' : type}`, `pass ${/^[aeiou]/.test(type) ? 'an' : 'a'} ${type}`);
    }
  }
  validateProps(scope, z.any(), props, problems);
}
