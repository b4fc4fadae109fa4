import { z } from 'zod';
import type { ValidationProblem } from '../../core/errors';
import { issuesToProblems, withFix } from '../../core/validation';
import type { GatewayRuntime } from '../../gateway/runtime';

/** A plain object (an options bag the part it is passed to validates in detail). */
export const optionsBag = <T = Readonly<Record<string, unknown>>>(what: string) => z.custom<T>(
  (v) => v !== null && typeof v === 'object' && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype,
  { message: withFix(`is not an options object for ${what}`, `pass a plain object of ${what} options`) },
);

/** Problems of `schema` over `options`, paths under `cloud.`. */
export function optionProblems(schema: z.ZodType, options: unknown): ValidationProblem[] {
  const result = schema.safeParse(options);
  return result.success ? [] : issuesToProblems(result.error.issues, options, 'cloud');
}

/**
 * The runtime's own problems (`GatewayRuntime._impl.validate()`), re-pathed to where the user wrote each prop:
 * `cloud.<prop>` for the cloud's named options, `cloud.runtime.<prop>` for the runtime escape hatch.
 */
export function runtimeProblems(runtime: GatewayRuntime, named: ReadonlySet<string>): ValidationProblem[] {
  return runtime._impl.validate().map((p) => {
    const path = p.path.replace(/^runtime\.?/, '');
    const head = path.split(/[.[]/)[0];
    return { ...p, path: named.has(head) ? `cloud.${path}` : `cloud.runtime${path ? `.${path}` : ''}` };
  });
}
