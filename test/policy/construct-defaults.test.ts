import { Construct } from 'constructs';
import { CONSTRUCT_DEFAULTS_CASES, NOT_RESOURCE_CONSTRUCTS } from './construct-defaults.cases';
import * as library from '../../src';
import { Testing } from '../../src/core/cdktf';
import { Compliance, PolicyBundle, PolicyPack, findingLabel } from '../../src/policy';
import { isBlocking } from '../../src/policy/finding';

// Issue 11 item 5: every public construct's defaults pass both packs (strict, the production default) with
// 0 blocking findings and without a single suppression.
describe('every public construct with its defaults passes both policy packs', () => {
  test.each(CONSTRUCT_DEFAULTS_CASES.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    // GIVEN the construct with required props only, in stacks governed by one app-level bundle
    const app = Testing.app({ stubVersion: true });
    const stacks = c.build(app);
    const bundle = new PolicyBundle(app, 'policy', { packs: [PolicyPack.securityBaseline(), PolicyPack.llmGovernance()], reports: false });

    // WHEN each stack is synthesized
    for (const stack of stacks) Testing.synth(stack);

    // THEN
    const findings = stacks.flatMap((s) => bundle.findings(s));
    expect(findings.filter(isBlocking).map((f) => `${f.resourcePath} ${findingLabel(f)}${f.detail ? ` (${f.detail})` : ''}`)).toEqual([]);
    expect(findings.filter((f) => f.compliance === Compliance.SUPPRESSED).map((f) => `${f.resourcePath} ${findingLabel(f)}`)).toEqual([]);
    expect(findings.filter((f) => f.compliance === Compliance.COMPLIANT).length).toBeGreaterThan(0);
  });

  test('every exported construct has a defaults case (add one to construct-defaults.cases.ts)', () => {
    const exported = Object.entries(library)
      .filter(([, v]) => typeof v === 'function' && (v as { prototype?: unknown }).prototype instanceof Construct)
      .map(([name]) => name)
      .sort();
    const covered = new Set([...CONSTRUCT_DEFAULTS_CASES.flatMap((c) => c.covers), ...NOT_RESOURCE_CONSTRUCTS]);
    expect(exported.filter((name) => !covered.has(name))).toEqual([]);
  });
});
