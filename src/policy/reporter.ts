import * as fs from 'node:fs';
import * as path from 'node:path';
import type { PolicyFinding } from './finding';
import { JSON_REPORT_FILE, SARIF_REPORT_FILE, lineFinder, renderJsonReport, renderSarifReport } from './report';
import type { PolicyRule } from './rule';
import { discardSynthesizedJson } from './synthesized-json';
import type { IStackSynthesizer, ISynthesisSession, TerraformStack } from '../core/cdktf';

/** What a governing bundle hands to the reporter. */
export interface ReportSource {
  readonly packNames: ReadonlyArray<string>;
  readonly rules: ReadonlyArray<PolicyRule>;
  findingsFor(stack: TerraformStack): ReadonlyArray<PolicyFinding> | undefined;
}

const sources = new WeakMap<TerraformStack, ReportSource[]>();

/**
 * Wraps a stack's synthesizer so the policy reports are written beside its `cdk.tf.json`, also when synthesis
 * fails on error findings (that is when the SARIF file matters most). One wrapper per stack, shared by every
 * bundle governing it.
 */
export function addReportSource(stack: TerraformStack, source: ReportSource): void {
  let list = sources.get(stack);
  if (!list) {
    list = [];
    sources.set(stack, list);
    stack.synthesizer = new PolicyReportSynthesizer(stack.synthesizer, stack, list);
  }
  if (!list.includes(source)) list.push(source);
}

/** @internal exported for bench/ (it times `write`). */
export class PolicyReportSynthesizer implements IStackSynthesizer {
  constructor(
    private readonly inner: IStackSynthesizer,
    private readonly stack: TerraformStack,
    private readonly list: ReadonlyArray<ReportSource>,
  ) {}

  public synthesize(session: ISynthesisSession): void {
    let failure: unknown;
    try {
      this.inner.synthesize(session);
    } catch (e) {
      failure = e;
    } finally {
      // A synthesis that failed before writing must not leave the evaluated JSON for a later toTerraform().
      discardSynthesizedJson(this.stack);
    }
    const evaluated = this.list.map((s) => s.findingsFor(this.stack)).filter((f): f is ReadonlyArray<PolicyFinding> => f !== undefined);
    if (evaluated.length > 0) this.write(session, evaluated.flat());
    if (failure !== undefined) throw failure;
  }

  private write(session: ISynthesisSession, findings: ReadonlyArray<PolicyFinding>): void {
    const stackManifest = session.manifest.forStack(this.stack);
    const dir = path.join(session.outdir, stackManifest.workingDirectory);
    fs.mkdirSync(dir, { recursive: true });
    const tfPath = path.join(session.outdir, stackManifest.synthesizedStackPath);
    const tfText = fs.existsSync(tfPath) ? fs.readFileSync(tfPath, 'utf8') : undefined;
    const relative = path.relative(process.cwd(), tfPath);
    const uri = (relative.startsWith('..') || path.isAbsolute(relative) ? stackManifest.synthesizedStackPath : relative).split(path.sep).join('/');
    const packNames = [...new Set(this.list.flatMap((s) => s.packNames))];
    const rules = [...new Map(this.list.flatMap((s) => s.rules).map((r) => [r.id, r])).values()];
    const json = renderJsonReport(this.stack.node.id, packNames, findings);
    const sarif = renderSarifReport(rules, findings, { uri, lineOf: lineFinder(tfText) }, { stackName: this.stack.node.id });
    fs.writeFileSync(path.join(dir, JSON_REPORT_FILE), `${JSON.stringify(json, null, 2)}\n`);
    fs.writeFileSync(path.join(dir, SARIF_REPORT_FILE), `${JSON.stringify(sarif, null, 2)}\n`);
  }
}
