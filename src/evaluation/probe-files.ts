import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { EvalDataset } from './dataset';
import { renderEvaluationManifest, type EvaluationManifest } from './manifest';
import { stageProbeAsset } from './probe-asset';
import { filesUnder } from '../core/files';

const STAGED = new Map<string, string>();

/**
 * One feature's probe, staged once per process and content (`stageProbeAsset`: the code, `eval/manifest.json`,
 * `eval/<feature>.jsonl`) in a directory of its own under the system temp dir. The directory name carries the
 * process id: parallel syntheses never refresh a directory another one is reading.
 */
export function stagedProbeDir(manifest: EvaluationManifest, dataset: EvalDataset): string {
  const key = createHash('sha256').update(renderEvaluationManifest(manifest)).update('\u0000').update(dataset.text).digest('hex').slice(0, 24);
  let dir = STAGED.get(key);
  if (!dir) {
    dir = stageProbeAsset(path.join(os.tmpdir(), 'cdktf-llm-platform-eval-probe', `${process.pid}-${key}`), manifest, dataset);
    STAGED.set(key, dir);
  }
  return dir;
}

/** The staged files as `[relative path, text]`, sorted (what a ConfigMap or bucket objects carry). */
export function probeFiles(dir: string): Array<[string, string]> {
  return filesUnder(dir).map((rel) => [rel, fs.readFileSync(path.join(dir, rel), 'utf8')]);
}
