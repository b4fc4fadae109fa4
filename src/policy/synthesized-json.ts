import type { TerraformStack } from '../core/cdktf';

/**
 * The policy engine evaluates `stack.toTerraform()`, the JSON cdktf writes to `cdk.tf.json` (escape-hatch and
 * stack-level overrides, modules and ephemeral blocks included). Resolving a stack is the most expensive step
 * of synthesis, so the engine hands its result to the synthesis that follows: the next `toTerraform()` call on
 * the stack returns it once, instead of resolving every element again. Between the evaluation and that call
 * cdktf only runs validations and custom synthesis (assets), which do not change the configuration; the
 * engine's own change (the `//` suppression audit blocks) is applied to the handed-over JSON too.
 */

const pending = new WeakMap<TerraformStack, Record<string, any>>();
const installed = new WeakSet<TerraformStack>();
const SYNTHESIZE = Symbol('cdktf-llm-platform.policy.toTerraform');

/** Makes the next `stack.toTerraform()` return the JSON the engine evaluated (idempotent). */
export function shareSynthesizedJson(stack: TerraformStack): void {
  if (installed.has(stack)) return;
  installed.add(stack);
  const original = stack.toTerraform.bind(stack);
  Object.defineProperty(stack, 'toTerraform', {
    configurable: true,
    writable: true,
    value: (): any => {
      const json = pending.get(stack);
      if (json === undefined) return original();
      pending.delete(stack);
      return json;
    },
  });
  Object.defineProperty(stack, SYNTHESIZE, { value: original });
}

/** Resolves the stack (always fresh) and keeps the result for the synthesis that follows. */
export function synthesizeForEvaluation(stack: TerraformStack): Record<string, any> {
  const fresh = (stack as unknown as Record<symbol, (() => any) | undefined>)[SYNTHESIZE];
  const json = (fresh ?? stack.toTerraform.bind(stack))();
  pending.set(stack, json);
  return json;
}

/** The JSON waiting to be handed to the synthesis of `stack`, if any (to add the engine's audit blocks). */
export function peekSynthesizedJson(stack: TerraformStack): Record<string, any> | undefined {
  return pending.get(stack);
}

/** Forgets a handed-over result (e.g. when evaluation failed half-way). */
export function discardSynthesizedJson(stack: TerraformStack): void {
  pending.delete(stack);
}
