import * as fs from 'node:fs';
import * as path from 'node:path';
import type { EvalDataset } from './dataset';
import { type EvaluationManifest, renderEvaluationManifest } from './manifest';
import { filesUnder } from '../core/files';

/**
 * Directory of the evaluation probe's code (plain JavaScript, shipped as it is; `post-compile` copies it
 * to lib/): `index.js` (Lambda), `container.js` (Kubernetes CronJob / Cloud Run job), `lib/` (the
 * scorer, the chat client, the OTLP exporter — shared with the gate CLI).
 */
export const EVAL_PROBE_DIR = path.join(__dirname, 'probe');

/** Lambda handler inside a staged probe asset. */
export const EVAL_PROBE_HANDLER = 'index.handler';

/** Container entry inside a staged probe asset (`node container.js`). */
export const EVAL_PROBE_CONTAINER_ENTRY = 'container.js';

/** Lambda runtime the probe targets (AWS SDK v3 bundled). */
export const EVAL_PROBE_LAMBDA_RUNTIME = 'nodejs22.x';

/** Where a staged asset keeps the manifest (the probe's default EVAL_MANIFEST_FILE). */
export const EVAL_PROBE_MANIFEST_PATH = 'eval/manifest.json';

/**
 * Environment variables the probe reads. Lambda: GATEWAY_URL, API_KEY_SECRET_ARN (+ _FIELD), the rest
 * optional. Containers: GATEWAY_URL and API_KEY (secretKeyRef / Secret Manager env) or API_KEY_FILE.
 * Metrics go to OTLP_METRICS_ENDPOINT (a collector's /v1/metrics) and/or PROMETHEUS_REMOTE_WRITE_URL
 * (on AWS the AMP workspace's remote_write URL, signed with the function role: grant aps:RemoteWrite).
 */
export const EvalProbeEnv = {
  GATEWAY_URL: 'GATEWAY_URL',
  GATEWAY_TLS_SERVER_NAME: 'GATEWAY_TLS_SERVER_NAME',
  GATEWAY_ID_TOKEN_AUDIENCE: 'GATEWAY_ID_TOKEN_AUDIENCE',
  API_KEY_SECRET_ARN: 'API_KEY_SECRET_ARN',
  API_KEY_SECRET_FIELD: 'API_KEY_SECRET_FIELD',
  API_KEY: 'API_KEY',
  API_KEY_FILE: 'API_KEY_FILE',
  OTLP_METRICS_ENDPOINT: 'OTLP_METRICS_ENDPOINT',
  PROMETHEUS_REMOTE_WRITE_URL: 'PROMETHEUS_REMOTE_WRITE_URL',
  PROMETHEUS_REMOTE_WRITE_SIGV4_REGION: 'PROMETHEUS_REMOTE_WRITE_SIGV4_REGION',
  EVAL_MANIFEST_FILE: 'EVAL_MANIFEST_FILE',
  EVAL_DATASET_FILE: 'EVAL_DATASET_FILE',
  EVAL_LOG_CONTENT: 'EVAL_LOG_CONTENT',
} as const;

function copyJs(from: string, to: string): void {
  for (const rel of filesUnder(from, (name) => name.endsWith('.js'))) {
    fs.mkdirSync(path.dirname(path.join(to, rel)), { recursive: true });
    fs.copyFileSync(path.join(from, rel), path.join(to, rel));
  }
}

/**
 * Stages one feature's probe asset in `dir` (created or refreshed): the probe code, `eval/manifest.json`
 * and `eval/<feature>.jsonl`. Only `.js` files of the code are copied (no typings), so the asset's hash
 * changes exactly when the code, the manifest or the golden set does. Point a TerraformAsset (directory,
 * archive) at `dir`; file contents are never interpolated by Terraform.
 */
export function stageProbeAsset(dir: string, manifest: EvaluationManifest, dataset: EvalDataset): string {
  fs.rmSync(dir, { recursive: true, force: true });
  copyJs(EVAL_PROBE_DIR, dir);
  fs.mkdirSync(path.join(dir, 'eval'), { recursive: true });
  fs.writeFileSync(path.join(dir, EVAL_PROBE_MANIFEST_PATH), renderEvaluationManifest(manifest));
  fs.writeFileSync(path.join(dir, 'eval', manifest.dataset.file), dataset.text);
  return dir;
}
