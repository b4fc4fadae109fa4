import type { TerraformStack } from '../core/cdktf';
import { addStackFile, stackFilePaths } from '../core/stack-files';

/** Folder, beside the stack's `cdk.tf.json`, holding one `<uid>.json` per dashboard. */
export const DASHBOARD_DIR = 'dashboards';

type Producer = () => Readonly<Record<string, unknown>>;

/**
 * Writes dashboard JSON files beside a stack's `cdk.tf.json` (`dashboards/<uid>.json`), for users who run
 * their own Grafana: the same models the stack provisions. Deterministic: pretty-printed with a trailing
 * newline; the file name is the dashboard uid. Written by the shared stack-file writer (`addStackFile`).
 */
export function addDashboardFile(stack: TerraformStack, uid: string, produce: Producer): void {
  addStackFile(stack, `${DASHBOARD_DIR}/${uid}.json`, () => `${JSON.stringify(produce(), null, 2)}\n`);
}

/** The uids of the dashboards registered for a stack, sorted (for tests). */
export function dashboardFileUids(stack: TerraformStack): string[] {
  const prefix = `${DASHBOARD_DIR}/`;
  return stackFilePaths(stack).filter((p) => p.startsWith(prefix) && p.endsWith('.json')).map((p) => p.slice(prefix.length, -'.json'.length)).sort();
}
