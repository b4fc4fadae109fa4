import * as fs from 'node:fs';
import * as path from 'node:path';
import type { IStackSynthesizer, ISynthesisSession, TerraformStack } from '../core/cdktf';

/** Folder, beside the stack's `cdk.tf.json`, holding one `<uid>.json` per dashboard. */
export const DASHBOARD_DIR = 'dashboards';

type Producer = () => Readonly<Record<string, unknown>>;

const registries = new WeakMap<TerraformStack, Map<string, Producer>>();

/**
 * Writes dashboard JSON files beside a stack's `cdk.tf.json` (`dashboards/<uid>.json`), for users who run
 * their own Grafana: the same models the stack provisions. Deterministic: pretty-printed with a trailing
 * newline; the file name is the dashboard uid.
 */
export function addDashboardFile(stack: TerraformStack, uid: string, produce: Producer): void {
  let files = registries.get(stack);
  if (!files) {
    files = new Map();
    registries.set(stack, files);
    stack.synthesizer = new DashboardFileSynthesizer(stack.synthesizer, stack, files);
  }
  files.set(uid, produce);
}

/** The uids of the dashboards registered for a stack, sorted (for tests). */
export function dashboardFileUids(stack: TerraformStack): string[] {
  return [...(registries.get(stack)?.keys() ?? [])].sort();
}

class DashboardFileSynthesizer implements IStackSynthesizer {
  constructor(
    private readonly inner: IStackSynthesizer,
    private readonly stack: TerraformStack,
    private readonly files: ReadonlyMap<string, Producer>,
  ) {}

  public synthesize(session: ISynthesisSession): void {
    this.inner.synthesize(session);
    const dir = path.join(session.outdir, session.manifest.forStack(this.stack).workingDirectory, DASHBOARD_DIR);
    fs.mkdirSync(dir, { recursive: true });
    for (const uid of [...this.files.keys()].sort()) {
      fs.writeFileSync(path.join(dir, `${uid}.json`), `${JSON.stringify(this.files.get(uid)!(), null, 2)}\n`);
    }
  }
}
