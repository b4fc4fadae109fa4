import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import * as fc from 'fast-check';
import { ValidationError, liveTemplateSequences } from '../../../src/core';
import { TerraformStack, Testing } from '../../../src/core/cdktf';
import { VectorStoreFailoverDrill, type VectorStoreFailoverDrillProps } from '../api';

const VALID: VectorStoreFailoverDrillProps = {
  auroraClusterIdentifier: 'llm-vectors-1a2b3c4d',
  loadBalancerName: 'llm-gateway-f7051705',
  slo: { availability: 0.999, latencyP95Ms: 1200 },
  nameParts: ['hiring'],
  additionalStopAlarmArns: ['arn:aws:cloudwatch:us-east-1:123456789012:alarm:app-errors'],
  logRetentionDays: 30,
};

/** A value of any shape, biased towards strings that look like Terraform templates and injection attempts. */
const nasty = fc.oneof(
  fc.anything(),
  fc.constantFrom('${aws_iam_role.x.arn}', '%{ if true }x%{ endif }', '', ' ', 'a'.repeat(300), '"; drop', 'arn:aws:kms:${x}', -1, 0, Number.NaN, 1e309),
  fc.string(),
  // plausible values, so accepted inputs are exercised too
  fc.constant(undefined),
  fc.stringMatching(/^[a-z][a-z0-9-]{0,20}$/),
  fc.integer({ min: 1, max: 3650 }),
  fc.array(fc.stringMatching(/^[a-z0-9-]{1,12}$/), { minLength: 1, maxLength: 3 }),
);

function attempt(props: unknown): 'accepted' | 'rejected' {
  const stack = new TerraformStack(Testing.app(), 'fuzz');
  new AwsProvider(stack, 'aws', { region: 'us-east-1' });
  try {
    new VectorStoreFailoverDrill(stack, 'Drill', props as VectorStoreFailoverDrillProps);
  } catch (e) {
    if (e instanceof ValidationError) {
      for (const p of e.problems) expect(p.fix.length).toBeGreaterThan(3);
      return 'rejected';
    }
    throw e;
  }
  const text = Testing.synth(stack);
  // The planted template strings never become live Terraform expressions (the library's own references may be).
  for (const seq of liveTemplateSequences(text)) expect(seq.text).not.toMatch(/aws_iam_role\.x\.arn|if true|\$\{x\}/);
  return 'accepted';
}

describe('VectorStoreFailoverDrill under fuzzing (fast-check)', () => {
  test('one prop replaced by anything: a ValidationError or a clean stack, never a crash', () => {
    const keys = Object.keys(VALID) as Array<keyof VectorStoreFailoverDrillProps>;
    const seen = { accepted: 0, rejected: 0 };
    fc.assert(fc.property(fc.constantFrom(...keys, 'unknownProp' as const), nasty, (key, value) => {
      seen[attempt({ ...VALID, [key]: value })] += 1;
    }), { numRuns: 150, seed: 14 });
    // both paths were exercised (omitted optional props and plain strings are accepted)
    expect(seen.accepted).toBeGreaterThan(5);
    expect(seen.rejected).toBeGreaterThan(50);
  });
  test('nested SLO values and whole-props garbage', () => {
    fc.assert(fc.property(nasty, nasty, (availability, latencyP95Ms) => {
      attempt({ ...VALID, slo: { availability, latencyP95Ms } });
    }), { numRuns: 80, seed: 15 });
    fc.assert(fc.property(nasty, (props) => {
      attempt(props);
    }), { numRuns: 40, seed: 16 });
  });
});
