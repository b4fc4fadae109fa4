import * as os from 'node:os';
import * as path from 'node:path';
import { Testing, TerraformStack } from '../core/cdktf';
import { PolicyBundle } from '../policy/bundle';
import { findingLabel, isBlocking } from '../policy/finding';

/** Options of `synthStack` and `snapshotOf`. */
export interface SynthOptions {
  /** Run construct validations (`node.addValidation`). @default true */
  readonly runValidations?: boolean;
  /**
   * Return the JSON even when a PolicyBundle governing the stack reports findings that fail synthesis
   * (`cdktf synth` would fail). For tests about those findings; read them with `bundle.findings(stack)`.
   * @default false - such findings throw, listing each one
   */
  readonly allowPolicyErrors?: boolean;
}

/**
 * Thrown by `synthStack`/`snapshotOf` when the stack would fail `cdktf synth` on policy findings: tests see
 * what the CLI would report instead of a green snapshot of a stack nobody can deploy.
 */
export class PolicyErrorsInSynthesis extends Error {
  constructor(stackPath: string, public readonly findings: ReadonlyArray<string>) {
    super(
      `Stack '${stackPath}' fails its policy packs (${findings.length} finding(s); cdktf synth would fail):\n` +
        `${findings.map((f) => `  - ${f}`).join('\n')}\n` +
        'Fix them, suppress them with PolicyBundle.suppress(construct, ruleId, reason), or pass { allowPolicyErrors: true } when the findings are what the test is about.',
    );
    this.name = 'PolicyErrorsInSynthesis';
  }
}

/**
 * The synthesized Terraform JSON of a stack (runs Aspects and, by default, construct validations). Throws
 * `PolicyErrorsInSynthesis` when a governing PolicyBundle reports findings that fail synthesis, unless
 * `allowPolicyErrors` is set.
 */
export function synthStack(stack: TerraformStack, options: SynthOptions = {}): Record<string, any> {
  const json = JSON.parse(Testing.synth(stack, options.runValidations ?? true));
  if (!options.allowPolicyErrors) {
    const blocking = PolicyBundle.governing(stack)
      .flatMap((b) => b.findings(stack))
      .filter(isBlocking)
      .map((f) => `[${f.resourcePath}] ${findingLabel(f)}${f.addedByOverride ? ` ${f.resourceAddress}` : ''}: ${f.compliance === 'Unknown' ? `could not be evaluated (${f.detail ?? 'unknown'})` : f.description} Fix: ${f.fix}`);
    if (blocking.length > 0) throw new PolicyErrorsInSynthesis(stack.node.path, [...new Set(blocking)]);
  }
  return json;
}

/**
 * Replaces values that vary between machines and runs (absolute paths of the working directory, of
 * temporary directories and of the home directory) so snapshots are stable. Keys are sorted.
 */
export function normalizeForSnapshot<T>(json: T, extraPaths: ReadonlyArray<string> = []): T {
  const roots = [...extraPaths, process.cwd(), os.tmpdir(), os.homedir()]
    .filter((p) => p && p !== path.sep)
    .sort((a, b) => b.length - a.length);
  const fix = (value: unknown): unknown => {
    if (typeof value === 'string') {
      let out = value;
      for (const root of roots) out = out.split(root).join('<path>');
      return out;
    }
    if (Array.isArray(value)) return value.map(fix);
    if (value && typeof value === 'object') {
      return Object.fromEntries(
        Object.keys(value as object)
          .sort()
          .map((k) => [k, fix((value as Record<string, unknown>)[k])]),
      );
    }
    return value;
  };
  return fix(json) as T;
}

/** Normalized synthesized JSON, ready for `toMatchSnapshot()` (policy errors throw, as in `synthStack`). */
export function snapshotOf(stack: TerraformStack, options: SynthOptions = {}): Record<string, any> {
  return normalizeForSnapshot(synthStack(stack, options));
}

/**
 * Synthesizes a stack to disk (with its assets) and returns the stack's directory, the one that holds
 * `cdk.tf.json`: pass it to `terraformValidate` / `terraformPlanWithMocks`.
 */
export function synthToDirectory(stack: TerraformStack): string {
  // Cross-stack references (cdktf multi-stack: team stacks reading the platform's outputs) are registered when
  // every stack of the app is prepared, as `App.synth()` does; preparing again is harmless (registrations are cached).
  const stacks = stack.node.root.node.findAll().filter((c): c is TerraformStack => TerraformStack.isStack(c));
  if (stacks.length > 1) stacks.forEach((s) => s.prepareStack());
  const outdir = Testing.fullSynth(stack);
  return path.join(outdir, 'stacks', stack.node.id);
}
