import * as fs from 'node:fs';
import * as path from 'node:path';
import type { IStackSynthesizer, ISynthesisSession, TerraformStack } from './cdktf';

/** Produces a file's text at synthesis (after every `add*` call). */
export type StackFileProducer = () => string;

const registries = new WeakMap<TerraformStack, Map<string, StackFileProducer>>();

/**
 * Writes a file beside a stack's `cdk.tf.json` (`<outdir>/stacks/<stack>/<relativePath>`) when the stack
 * synthesizes, after Terraform JSON. One synthesizer wrapper per stack, shared by every caller; files are
 * written in path order, and a path registered again replaces the earlier producer. Deterministic as long as
 * the producers are.
 *
 * Use it for artefacts that belong with the stack's Terraform (dashboards, reports, runbooks) rather than
 * wrapping `stack.synthesizer` yourself.
 */
export function addStackFile(stack: TerraformStack, relativePath: string, produce: StackFileProducer): void {
  const normalized = path.posix.normalize(relativePath.split(path.sep).join('/'));
  if (normalized.startsWith('..') || path.posix.isAbsolute(normalized) || normalized === '.' || normalized === 'cdk.tf.json') {
    throw new RangeError(`stack file path '${relativePath}' must stay inside the stack's folder and not replace cdk.tf.json`);
  }
  let files = registries.get(stack);
  if (!files) {
    files = new Map();
    registries.set(stack, files);
    stack.synthesizer = new StackFileSynthesizer(stack.synthesizer, stack, files);
  }
  files.set(normalized, produce);
}

/** The paths registered for a stack, sorted (for tests). */
export function stackFilePaths(stack: TerraformStack): string[] {
  return [...(registries.get(stack)?.keys() ?? [])].sort();
}

/** The text a registered file would have now (for tests); `undefined` when nothing is registered there. */
export function renderStackFile(stack: TerraformStack, relativePath: string): string | undefined {
  return registries.get(stack)?.get(relativePath)?.();
}

class StackFileSynthesizer implements IStackSynthesizer {
  constructor(
    private readonly inner: IStackSynthesizer,
    private readonly stack: TerraformStack,
    private readonly files: ReadonlyMap<string, StackFileProducer>,
  ) {}

  public synthesize(session: ISynthesisSession): void {
    this.inner.synthesize(session);
    const dir = path.join(session.outdir, session.manifest.forStack(this.stack).workingDirectory);
    for (const relative of [...this.files.keys()].sort()) {
      const file = path.join(dir, ...relative.split('/'));
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, this.files.get(relative)!());
    }
  }
}
