import type { IConstruct } from 'constructs';
import { App, Aspects, type IAspect, type IResolvable, LazyBase, TerraformElement, TerraformStack, Token, Tokenization, ref } from './cdktf';
import type { ValidationProblem } from './errors';
import { escapeTerraformTemplates } from './terraform-literals';

const TOKEN_MARKERS = /\$\{TfToken\[[A-Za-z0-9_.-]+\]\}|#\{TfToken\[[A-Za-z0-9_.-]+\]\}/g;

/** A marker cdktf knows (a user typing `${TfToken[TOKEN.1]}` gets no token: that text is escaped). */
function isKnownToken(marker: string): boolean {
  return Tokenization.reverseString(marker).tokens.length > 0;
}

const processedLazies = new WeakSet<object>();

/** Escapes what a lazy value produces, and the lazy values inside that, when cdktf resolves them. */
function escapeLazy(token: IResolvable): void {
  if (!(token instanceof LazyBase) || processedLazies.has(token)) return;
  processedLazies.add(token);
  token.addPostProcessor({ postProcess: (value: unknown) => escapeWithLazies(value) });
}

function lazyTokensIn(text: string): void {
  if (!text.includes('TfToken[')) return;
  for (const marker of text.match(TOKEN_MARKERS) ?? []) {
    const tokens = marker.startsWith('#') ? [Tokenization.reverseList([marker])] : Tokenization.reverseString(marker).tokens;
    for (const t of tokens) if (t) escapeLazy(t);
  }
}

function escapeWithLazies<T>(value: T): T {
  const visitStrings = (v: unknown): void => {
    if (typeof v === 'string') lazyTokensIn(v);
    else if (Array.isArray(v)) v.forEach(visitStrings);
    else if (v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) Object.entries(v).forEach(([k, item]) => { lazyTokensIn(k); visitStrings(item); });
  };
  visitStrings(value);
  return escapeTerraformTemplates(value, isKnownToken, (other) => {
    if (Tokenization.isResolvable(other)) escapeLazy(other);
  });
}

const protectedScopes = new WeakSet<IConstruct>();
const wrappedElements = new WeakSet<object>();

/**
 * Makes every string under a scope literal text in Terraform: at synthesis, each Terraform element's
 * configuration (and what its lazy values produce) has `${` and `%{` escaped, so user input can never
 * become a live Terraform expression. cdktf tokens (references, `Fn.*`, lazy values) stay live.
 *
 * Library constructs get this automatically: `validateProps(this, ...)` and `ProblemCollector.throwIfAny(this)`
 * protect the construct they validate. For an intentional expression in a string, use `terraformExpression`.
 * Values passed to `Fn.*` are not plain strings here: cdktf renders them into HCL itself (it escapes `${` but
 * not quotes or `%{`), so render documents as JSON text at synth instead of passing user text to `Fn`.
 */
export class TerraformLiterals implements IAspect {
  /**
   * Escapes literal text in every Terraform element under `scope` (idempotent). A stack or an app is never
   * protected implicitly: it holds the user's own resources, whose raw `${...}` strings are theirs to mean.
   */
  public static protect(scope: IConstruct): void {
    if (protectedScopes.has(scope) || TerraformStack.isStack(scope) || App.isApp(scope)) return;
    for (let s: IConstruct | undefined = scope.node.scope; s; s = s.node.scope) if (protectedScopes.has(s)) return;
    protectedScopes.add(scope);
    Aspects.of(scope).add(new TerraformLiterals());
  }

  /** True when elements under `scope` are escaped (for tests). */
  public static isProtected(scope: IConstruct): boolean {
    for (let s: IConstruct | undefined = scope; s; s = s.node.scope) if (protectedScopes.has(s)) return true;
    return false;
  }

  private constructor() {}

  public visit(node: IConstruct): void {
    if (!TerraformElement.isTerraformElement(node) || wrappedElements.has(node)) return;
    wrappedElements.add(node);
    const element = node as unknown as { toTerraform(): unknown; toHclTerraform(): unknown };
    const toTerraform = element.toTerraform.bind(element);
    const toHclTerraform = element.toHclTerraform.bind(element);
    element.toTerraform = () => escapeWithLazies(toTerraform());
    element.toHclTerraform = () => escapeWithLazies(toHclTerraform());
  }
}

/**
 * An intentional Terraform expression inside a string, as a token that escaping keeps live: e.g.
 * `` `${prefix}${terraformExpression(this, 'ephemeral.random_password.pw.result')}` ``. Use it for what cdktf
 * has no binding for (ephemeral resources); everything else has a typed attribute.
 */
export function terraformExpression(scope: IConstruct, expression: string): string {
  return Token.asString(ref(expression, TerraformStack.of(scope)));
}

/**
 * cdktf builds Terraform names (logical ids) from the construct path below the stack, keeping letters,
 * digits, `_` and `-`. Terraform names must start with a letter or `_`, so a path whose first id starts
 * with a digit or `-` (`1gw`, `-gw`) gives names `terraform init` rejects.
 */
export function constructIdProblems(scope: IConstruct): ValidationProblem[] {
  let stack: IConstruct | undefined;
  for (let s: IConstruct | undefined = scope; s; s = s.node.scope) if (TerraformStack.isStack(s)) stack = s;
  if (!stack || stack === scope) return [];
  const below = scope.node.path.slice(stack.node.path.length).replace(/^\//, '').split('/');
  const first = below[0] ?? '';
  const kept = first.replace(/[^A-Za-z0-9_-]/g, '');
  if (!/^[0-9-]/.test(kept)) return [];
  return [{
    path: '(construct id)',
    received: JSON.stringify(first),
    message: `makes Terraform resource names that start with '${kept[0]}' (cdktf names resources after the construct path); Terraform names start with a letter or _`,
    fix: `start the id of '${below.length > 1 ? `${stack.node.id}/${first}` : first}' with a letter, e.g. '${kept.replace(/^[0-9-]+/, '') || 'gateway'}-${kept.replace(/[^0-9]/g, '') || '1'}'`,
  }];
}
