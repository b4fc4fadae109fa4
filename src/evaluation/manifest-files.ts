import type { EvalDataset } from './dataset';
import { EVALUATION_DIR, type EvaluationManifest, renderEvaluationManifest } from './manifest';
import type { TerraformStack } from '../core/cdktf';
import { addStackFile } from '../core/stack-files';

const registered = new WeakMap<TerraformStack, Set<string>>();

/** Path of a feature's manifest relative to the stack's working directory. */
export function evaluationManifestPath(feature: string): string {
  return `${EVALUATION_DIR}/${feature}.json`;
}

/**
 * Writes a feature's evaluation manifest and golden set beside the stack's `cdk.tf.json` (through the
 * shared `addStackFile`): `evaluation/<feature>.json` and `evaluation/<feature>.jsonl` (the bytes the
 * manifest's sha256 names). The gate CLI (`cdktf-llm-platform eval --stack <stack> --feature <feature>`)
 * reads them from there. Call once per feature; the manifest is produced at synthesis (pass a memoized
 * function whose manifest names `<feature>.jsonl`, as `evaluationManifest` does).
 */
export function addEvaluationManifest(stack: TerraformStack, feature: string, manifest: () => EvaluationManifest, dataset: EvalDataset): void {
  let features = registered.get(stack);
  if (!features) {
    features = new Set();
    registered.set(stack, features);
  }
  if (features.has(feature)) throw new Error(`an evaluation manifest for feature '${feature}' is already registered in stack ${stack.node.path}`);
  features.add(feature);
  addStackFile(stack, evaluationManifestPath(feature), () => {
    const m = manifest();
    if (m.dataset.file !== `${feature}.jsonl`) throw new Error(`the evaluation manifest of '${feature}' names ${m.dataset.file}, expected ${feature}.jsonl`);
    return renderEvaluationManifest(m);
  });
  addStackFile(stack, `${EVALUATION_DIR}/${feature}.jsonl`, () => dataset.text);
}

/** Features with a registered evaluation manifest in a stack, sorted (for tests and readiness evidence). */
export function evaluationManifestFeatures(stack: TerraformStack): string[] {
  return [...(registered.get(stack) ?? [])].sort();
}
