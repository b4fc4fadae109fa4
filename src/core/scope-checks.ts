import type { IConstruct } from 'constructs';
import type { ValidationProblem } from './errors';

/**
 * Checks and protections every library construct gets when it validates its props: `validateProps(this, ...)`
 * and `ProblemCollector.throwIfAny(this)` call these with the construct being validated (string scopes are
 * skipped). The cdktf side lives in literal-guard.ts and is loaded lazily, so the pure modules that use core
 * validation (renderers, schemas) never load cdktf.
 */
function guard(scope: unknown): typeof import('./literal-guard') | undefined {
  if (scope === null || typeof scope !== 'object' || !('node' in scope)) return undefined;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('./literal-guard') as typeof import('./literal-guard');
}

/** Problems of the construct itself (its id and path), reported with the props problems. @internal */
export function scopeProblems(scope: unknown): ValidationProblem[] {
  return guard(scope)?.constructIdProblems(scope as IConstruct) ?? [];
}

/** Escapes the construct's literal text at synthesis (see `TerraformLiterals`). @internal */
export function protectScope(scope: unknown): void {
  guard(scope)?.TerraformLiterals.protect(scope as IConstruct);
}
