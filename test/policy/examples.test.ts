import { TerraformStack, Testing } from 'cdktf';
import { Compliance, MIN_REASON_LENGTH, PolicyBundle, PolicyPack, findingLabel } from '../../src/policy';
import { buildExample, EXAMPLES } from '../examples/load-examples';

describe('examples pass both packs', () => {
  test.each([...EXAMPLES])('%s: zero unsuppressed findings (warnings and unknowns included), every suppression has a reason', (dir) => {
    // GIVEN the example, governed at app level by both packs
    const app = buildExample(dir, Testing.app());
    const bundle = new PolicyBundle(app, 'policy', { packs: [PolicyPack.securityBaseline(), PolicyPack.llmGovernance()] });

    // WHEN every stack is synthesized
    for (const stack of app.node.findAll().filter(TerraformStack.isStack)) Testing.synth(stack as TerraformStack);

    // THEN
    const findings = bundle.findings();
    // The bar: examples carry no unsuppressed finding at all, warnings and "could not be evaluated" included.
    const open = findings
      .filter((f) => f.compliance === Compliance.NON_COMPLIANT || f.compliance === Compliance.UNKNOWN)
      .map((f) => `${f.resourcePath} ${findingLabel(f)} (${f.level}${f.detail ? `: ${f.detail}` : ''}): ${f.fix}`);
    expect(open).toEqual([]);
    for (const f of findings.filter((x) => x.compliance === Compliance.SUPPRESSED)) {
      expect((f.suppressionReason ?? '').length).toBeGreaterThanOrEqual(MIN_REASON_LENGTH);
    }
  });
});
