import * as fs from 'node:fs';
import * as path from 'node:path';
import type { EvalDataset } from './dataset';
import { EVALUATION_DIR, type EvaluationManifest, renderEvaluationManifest } from './manifest';
import type { IStackSynthesizer, ISynthesisSession, TerraformStack } from '../core/cdktf';

interface Entry {
  readonly manifest: () => EvaluationManifest;
  readonly dataset: EvalDataset;
}

const registries = new WeakMap<TerraformStack, Map<string, Entry>>();

/**
 * Writes a feature's evaluation manifest and golden set beside the stack's `cdk.tf.json`:
 * `evaluation/<feature>.json` and `evaluation/<feature>.jsonl` (the bytes the manifest's sha256 names).
 * The gate CLI (`cdktf-llm-platform eval --stack <stack> --feature <feature>`) reads them from there.
 * Call once per feature; the manifest is produced at synthesis (pass a memoized function).
 */
export function addEvaluationManifest(stack: TerraformStack, feature: string, manifest: () => EvaluationManifest, dataset: EvalDataset): void {
  let entries = registries.get(stack);
  if (!entries) {
    entries = new Map();
    registries.set(stack, entries);
    stack.synthesizer = new EvaluationFileSynthesizer(stack.synthesizer, stack, entries);
  }
  if (entries.has(feature)) throw new Error(`an evaluation manifest for feature '${feature}' is already registered in stack ${stack.node.path}`);
  entries.set(feature, { manifest, dataset });
}

/** Features with a registered evaluation manifest in a stack, sorted (for tests and readiness evidence). */
export function evaluationManifestFeatures(stack: TerraformStack): string[] {
  return [...(registries.get(stack)?.keys() ?? [])].sort();
}

/** Path of a feature's manifest relative to the stack's working directory. */
export function evaluationManifestPath(feature: string): string {
  return `${EVALUATION_DIR}/${feature}.json`;
}

class EvaluationFileSynthesizer implements IStackSynthesizer {
  constructor(
    private readonly inner: IStackSynthesizer,
    private readonly stack: TerraformStack,
    private readonly entries: ReadonlyMap<string, Entry>,
  ) {}

  public synthesize(session: ISynthesisSession): void {
    this.inner.synthesize(session);
    const dir = path.join(session.outdir, session.manifest.forStack(this.stack).workingDirectory, EVALUATION_DIR);
    fs.mkdirSync(dir, { recursive: true });
    for (const feature of [...this.entries.keys()].sort()) {
      const { manifest, dataset } = this.entries.get(feature)!;
      const m = manifest();
      fs.writeFileSync(path.join(dir, `${feature}.json`), renderEvaluationManifest(m));
      fs.writeFileSync(path.join(dir, m.dataset.file), dataset.text);
    }
  }
}
