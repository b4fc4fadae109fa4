import type { IConstruct } from 'constructs';
import { suppressionsOn, type PolicySuppression } from './suppressions';
import { TerraformStack } from '../core/cdktf';

/**
 * Which suppressions were used, across every bundle that governs a stack and every stack of an app, so that
 * "unused" (LLM-POLICY-3) means unused by all of them:
 * - a stack governed by two bundles (say one with the baseline, one with governance) must not have one bundle
 *   report the suppression the other one used;
 * - a suppression on the App applies to every stack, so it is unused only when no governed stack used it.
 *
 * Bundles evaluate a stack one after another within one synthesis (every bundle's aspect visits the stack root
 * before any evaluation point, see PolicyAspect), so the decision falls to the last one. The App's
 * suppressions are decided when the last governed stack of the app has been evaluated.
 */

const GOVERNING = Symbol.for('cdktf-llm-platform.PolicyBundle.governing');

/** Records that `bundle` governs `stack`. */
export function addGoverning(stack: TerraformStack, bundle: object): void {
  const holder = stack as unknown as Record<symbol, object[] | undefined>;
  if (!holder[GOVERNING]) Object.defineProperty(stack, GOVERNING, { value: [] });
  holder[GOVERNING]!.push(bundle);
}

/** The bundles governing `stack`, in the order they started governing it. */
export function governingOf(stack: TerraformStack): ReadonlyArray<object> {
  return (stack as unknown as Record<symbol, object[] | undefined>)[GOVERNING] ?? [];
}

interface StackRound {
  readonly evaluators: Set<object>;
  readonly finished: Set<object>;
  readonly used: Set<PolicySuppression>;
}

interface AppRound {
  readonly finished: Set<TerraformStack>;
  readonly used: Set<PolicySuppression>;
  governed?: ReadonlyArray<TerraformStack>;
}

const STACK_ROUNDS = new WeakMap<TerraformStack, StackRound>();
const APP_ROUNDS = new WeakMap<IConstruct, AppRound>();

/** An evaluator (one bundle's aspect) starts a synthesis of `stack`. An evaluator that already finished starts a new round. */
export function startStackRound(stack: TerraformStack, evaluator: object): void {
  let round = STACK_ROUNDS.get(stack);
  if (!round || round.finished.has(evaluator)) {
    round = { evaluators: new Set(), finished: new Set(), used: new Set() };
    STACK_ROUNDS.set(stack, round);
  }
  round.evaluators.add(evaluator);
}

/** What the last evaluator of a stack reports as unused. */
export interface UnusedSuppressions {
  /** Every suppression any evaluator of the stack used in this round. */
  readonly usedInStack: ReadonlySet<PolicySuppression>;
  /** Suppressions on the App that no governed stack used, once this is the app's last governed stack; else empty. */
  readonly unusedOnApp: ReadonlyArray<PolicySuppression>;
}

/**
 * `evaluator` has evaluated `stack`, using `used`. Returns what to report as unused when it is the last evaluator
 * of the stack in this round, `undefined` otherwise.
 */
export function finishStackRound(stack: TerraformStack, evaluator: object, used: ReadonlySet<PolicySuppression>): UnusedSuppressions | undefined {
  const round = STACK_ROUNDS.get(stack);
  if (!round) return { usedInStack: used, unusedOnApp: [] };
  for (const s of used) round.used.add(s);
  round.finished.add(evaluator);
  if ([...round.evaluators].some((e) => !round.finished.has(e))) return undefined;
  return { usedInStack: round.used, unusedOnApp: finishAppRound(stack, round.used) };
}

function finishAppRound(stack: TerraformStack, used: ReadonlySet<PolicySuppression>): PolicySuppression[] {
  const root = stack.node.root;
  const onApp = suppressionsOn(root);
  if (onApp.length === 0) return [];
  let round = APP_ROUNDS.get(root);
  if (!round || round.finished.has(stack)) {
    round = { finished: new Set(), used: new Set() };
    APP_ROUNDS.set(root, round);
  }
  round.finished.add(stack);
  for (const s of onApp) if (used.has(s)) round.used.add(s);
  // Found once per round, and only for apps with suppressions of their own.
  round.governed ??= root.node.findAll().filter((c): c is TerraformStack => TerraformStack.isStack(c) && governingOf(c).length > 0);
  if (round.governed.some((s) => !round!.finished.has(s))) return [];
  return onApp.filter((s) => !round!.used.has(s));
}
