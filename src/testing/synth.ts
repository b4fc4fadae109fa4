import * as os from 'node:os';
import * as path from 'node:path';
import { Testing, type TerraformStack } from '../core/cdktf';

/** The synthesized Terraform JSON of a stack (runs Aspects and, by default, construct validations). */
export function synthStack(stack: TerraformStack, options: { runValidations?: boolean } = {}): Record<string, any> {
  return JSON.parse(Testing.synth(stack, options.runValidations ?? true));
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

/** Normalized synthesized JSON, ready for `toMatchSnapshot()`. */
export function snapshotOf(stack: TerraformStack): Record<string, any> {
  return normalizeForSnapshot(synthStack(stack));
}

/**
 * Synthesizes a stack to disk (with its assets) and returns the stack's directory, the one that holds
 * `cdk.tf.json`: pass it to `terraformValidate` / `terraformPlanWithMocks`.
 */
export function synthToDirectory(stack: TerraformStack): string {
  const outdir = Testing.fullSynth(stack);
  return path.join(outdir, 'stacks', stack.node.id);
}
