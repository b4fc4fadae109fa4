import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { TerraformStack, Testing } from '../../src/core/cdktf';
import { PolicyBundle, PolicyPack } from '../../src/policy';
import { PolicyErrorsInSynthesis, snapshotOf, synthStack } from '../../src/testing';

const ASSUME = JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' }] });

function stackWithTwoUnboundedRoles(): TerraformStack {
  const stack = new TerraformStack(Testing.app({ stubVersion: true }), 'stack');
  new AwsProvider(stack, 'aws', { region: 'us-east-1' });
  new PolicyBundle(stack, 'policy', { packs: [PolicyPack.securityBaseline()], reports: false });
  new IamRole(stack, 'A', { assumeRolePolicy: ASSUME });
  new IamRole(stack, 'B', { assumeRolePolicy: ASSUME });
  return stack;
}

describe('synthStack / snapshotOf say what happened (issue 11 item 7)', () => {
  test('policy errors fail synthStack, listing each finding with path, rule and fix', () => {
    // GIVEN a governed stack with two LLM-IAM-2 errors, WHEN synthesized, THEN it throws naming both
    const stack = stackWithTwoUnboundedRoles();
    expect(() => synthStack(stack)).toThrow(PolicyErrorsInSynthesis);
    expect(() => synthStack(stack)).toThrow(/Stack 'stack' fails its policy packs \(2 finding\(s\); cdktf synth would fail\):\n {2}- \[stack\/A\] LLM-IAM-2: IAM role has no permissions boundary.* Fix: .*\n {2}- \[stack\/B\] LLM-IAM-2:/);
    expect(() => snapshotOf(stack)).toThrow(PolicyErrorsInSynthesis);
  });

  test('allowPolicyErrors returns the JSON for tests about the findings', () => {
    const stack = stackWithTwoUnboundedRoles();
    expect(Object.keys(synthStack(stack, { allowPolicyErrors: true }).resource.aws_iam_role)).toHaveLength(2);
    expect(snapshotOf(stack, { allowPolicyErrors: true }).resource.aws_iam_role).toBeDefined();
  });

  test('a clean governed stack and an ungoverned stack synthesize as before', () => {
    const stack = new TerraformStack(Testing.app({ stubVersion: true }), 'clean');
    new AwsProvider(stack, 'aws', { region: 'us-east-1' });
    new PolicyBundle(stack, 'policy', { packs: [PolicyPack.securityBaseline()], reports: false });
    new IamRole(stack, 'A', { assumeRolePolicy: ASSUME, permissionsBoundary: 'arn:aws:iam::111122223333:policy/b' });
    expect(synthStack(stack).resource.aws_iam_role).toBeDefined();
    const bare = new TerraformStack(Testing.app({ stubVersion: true }), 'bare');
    new AwsProvider(bare, 'aws', { region: 'us-east-1' });
    new IamRole(bare, 'A', { assumeRolePolicy: ASSUME });
    expect(synthStack(bare).resource.aws_iam_role).toBeDefined();
  });
});
