import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { Release } from '@cdktf/provider-helm/lib/release';
import { TerraformHclModule, TerraformStack, Testing } from 'cdktf';
import { Construct, type IConstruct } from 'constructs';
import { FakeFeature, FakeGateway } from './fixtures';
import { ValidationError } from '../../src/core/errors';
import { Compliance, PolicyBundle, PolicyPack, type PolicyFinding, type PolicyRule } from '../../src/policy';
import { stackIndex } from '../../src/policy/engine';
import type { PolicySubject } from '../../src/policy/rule';

const BOUNDARY = 'arn:aws:iam::111122223333:policy/boundary';
const ASSUME = JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' }] });

function governed(strict = true): { stack: TerraformStack; bundle: PolicyBundle } {
  const stack = new TerraformStack(Testing.app(), 'stack');
  new AwsProvider(stack, 'aws', { region: 'us-east-1' });
  const bundle = new PolicyBundle(stack, 'policy', { packs: [PolicyPack.securityBaseline({ strict })], reports: false });
  return { stack, bundle };
}
const errorsOf = (c: IConstruct): string[] => c.node.metadata.filter((m) => m.type === '@cdktf/error').map((m) => String(m.data));
const failing = (findings: ReadonlyArray<PolicyFinding>): string[] =>
  findings.filter((f) => (f.compliance === Compliance.NON_COMPLIANT || f.compliance === Compliance.UNKNOWN) && f.level === 'error').map((f) => `${f.resourceAddress} ${f.ruleId}${f.findingId ? `[${f.findingId}]` : ''}`);

describe('the engine evaluates what is synthesized (issue 11 item 1)', () => {
  test('resources added with stack.addOverride are evaluated and attributed to the stack, naming the resource', () => {
    // GIVEN a public-read bucket and an open SSH rule that exist only as stack overrides
    const { stack, bundle } = governed();
    stack.addOverride('resource.aws_s3_bucket.public', { bucket: 'leaky', acl: 'public-read' });
    stack.addOverride('resource.aws_security_group.ssh', { description: 'ssh', ingress: [{ from_port: 22, to_port: 22, protocol: 'tcp', cidr_blocks: ['0.0.0.0/0'], description: 'ssh' }] });

    // WHEN
    Testing.synth(stack);

    // THEN
    const found = failing(bundle.findings(stack));
    expect(found).toEqual(expect.arrayContaining(['aws_s3_bucket.public LLM-S3-2[Acl::public-read]', 'aws_security_group.ssh LLM-NET-1[tcp:22:0.0.0.0/0]']));
    expect(bundle.findings(stack).filter((f) => f.resourceAddress === 'aws_s3_bucket.public').every((f) => f.addedByOverride && f.resourcePath === 'stack')).toBe(true);
    expect(errorsOf(stack)).toContainEqual(expect.stringMatching(/^\[LLM-NET-1\[tcp:22:0\.0\.0\.0\/0\]\] aws_security_group\.ssh \(added with addOverride\): /));
  });

  test('a stack-level override of a construct\'s resource counts, both ways', () => {
    // GIVEN a role fixed by a stack-level override, and a bucket broken by one
    const { stack, bundle } = governed();
    const role = new IamRole(stack, 'Role', { assumeRolePolicy: ASSUME });
    stack.addOverride(`resource.aws_iam_role.${role.friendlyUniqueId}.permissions_boundary`, BOUNDARY);
    const bucket = new S3Bucket(stack, 'Bucket', { bucket: 'b' });
    stack.addOverride(`resource.aws_s3_bucket.${bucket.friendlyUniqueId}.acl`, 'public-read-write');

    // WHEN
    Testing.synth(stack);

    // THEN the findings land on the constructs themselves
    expect(errorsOf(role)).toEqual([]);
    expect(errorsOf(bucket)).toContainEqual(expect.stringMatching(/^\[LLM-S3-2\[Acl::public-read-write\]\]/));
    expect(bundle.findings(stack).find((f) => f.ruleId === 'LLM-S3-2')).toMatchObject({ resourcePath: 'stack/Bucket' });
  });

  test('a Terraform module is a finding (its resources are invisible), an error when strict', () => {
    // GIVEN a module that would create an open security group
    const { stack, bundle } = governed();
    const mod = new TerraformHclModule(stack, 'Sg', { source: 'terraform-aws-modules/security-group/aws', version: '5.1.0', variables: { ingress_cidr_blocks: ['0.0.0.0/0'], ingress_rules: ['ssh-tcp'] } });

    // WHEN
    Testing.synth(stack);

    // THEN
    expect(bundle.findings(stack)).toEqual([
      expect.objectContaining({ ruleId: 'LLM-POLICY-2', compliance: Compliance.UNKNOWN, level: 'error', resourcePath: 'stack/Sg', resourceAddress: `module.${mod.friendlyUniqueId}`, detail: 'module source "terraform-aws-modules/security-group/aws" version "5.1.0" is not evaluated' }),
    ]);
    expect(errorsOf(mod)).toHaveLength(1);
  });

  test('a reviewed module is accepted with a suppression; non-strict makes it a warning', () => {
    const { stack, bundle } = governed(false);
    const mod = new TerraformHclModule(stack, 'Vpc', { source: 'terraform-aws-modules/vpc/aws', version: '5.8.1' });
    Testing.synth(stack);
    expect(bundle.findings(stack)).toEqual([expect.objectContaining({ ruleId: 'LLM-POLICY-2', level: 'warning' })]);
    const strict = governed();
    const reviewed = new TerraformHclModule(strict.stack, 'Vpc', { source: 'terraform-aws-modules/vpc/aws', version: '5.8.1' });
    PolicyBundle.suppress(reviewed, 'LLM-POLICY-2', 'Module version 5.8.1 reviewed in SEC-77');
    Testing.synth(strict.stack);
    expect(strict.bundle.findings(strict.stack)).toEqual([expect.objectContaining({ ruleId: 'LLM-POLICY-2', compliance: Compliance.SUPPRESSED })]);
    expect(mod).toBeDefined();
  });

  test('helm_release values (documents and set blocks) are read by rules; unreadable values are a finding', () => {
    // GIVEN a chart run privileged through set, and a chart whose values are a file only known at plan time
    const { stack, bundle } = governed();
    const privileged = new Release(stack, 'Privileged', { name: 'p', chart: 'c', repository: 'https://charts.example.com', version: '1.0.0', values: ['securityContext:\n  runAsNonRoot: true\n'], set: [{ name: 'hostNetwork', value: 'true' }] });
    const opaque = new Release(stack, 'Opaque', { name: 'o', chart: 'c', repository: 'https://charts.example.com', version: '1.0.0', values: ['${file("values.yaml")}'] });

    // WHEN
    Testing.synth(stack);

    // THEN
    expect(errorsOf(privileged)).toEqual([expect.stringMatching(/^\[LLM-HELM-1\[Value::hostNetwork\]\]/)]);
    expect(bundle.findings(stack).filter((f) => f.resourcePath === 'stack/Opaque' && f.compliance === Compliance.UNKNOWN).map((f) => [f.ruleId, f.level])).toEqual([['LLM-HELM-1', 'error'], ['LLM-HELM-2', 'error']]);
    expect(errorsOf(opaque)).toContainEqual(expect.stringMatching(/^\[LLM-HELM-1\] Could not be evaluated: values\[0\] is a Terraform expression/));
  });

  test('each element is resolved once per synthesis: the engine hands its JSON to the synthesis (issue 11 item 9)', () => {
    // GIVEN a governed stack; count how often cdktf asks the role for its configuration
    const { stack } = governed();
    const role = new IamRole(stack, 'Role', { assumeRolePolicy: ASSUME, permissionsBoundary: BOUNDARY });
    const original = role.toTerraform.bind(role);
    let calls = 0;
    role.toTerraform = () => { calls++; return original(); };

    // WHEN
    const json = JSON.parse(Testing.synth(stack));

    // THEN once (it was twice: once for the rules, once for the JSON), and the JSON is complete
    expect(calls).toBe(1);
    expect(json.resource.aws_iam_role[role.friendlyUniqueId].permissions_boundary).toBe(BOUNDARY);
    // A later toTerraform() without synthesis resolves afresh (nothing stale is handed out twice).
    role.permissionsBoundary = 'arn:aws:iam::111122223333:policy/other';
    expect((stack.toTerraform() as any).resource.aws_iam_role[role.friendlyUniqueId].permissions_boundary).toBe('arn:aws:iam::111122223333:policy/other');
  });
});

describe('gateways of the app are read once per synthesis round (issue 11 item 9)', () => {
  test('with several team stacks, the platform gateway\'s facts are read once for its stack and once for all the teams', () => {
    // GIVEN an app-level bundle, a gateway in the platform stack and a feature in each of three team stacks
    const app = Testing.app();
    const platform = new TerraformStack(app, 'platform');
    new AwsProvider(platform, 'aws', { region: 'us-east-1' });
    const gateway = new FakeGateway(platform, 'Gateway');
    const facts = jest.spyOn(gateway, 'governanceFacts');
    const teams = ['a', 'b', 'c'].map((t) => {
      const stack = new TerraformStack(app, `team-${t}`);
      new AwsProvider(stack, 'aws', { region: 'us-east-1' });
      new FakeFeature(stack, 'Feature', { team: t, dataClassification: 'confidential' });
      return stack;
    });
    const bundle = new PolicyBundle(app, 'policy', { packs: [PolicyPack.llmGovernance()], reports: false });

    // WHEN every stack is synthesized
    for (const stack of [platform, ...teams]) Testing.synth(stack);

    // THEN (it was once per team stack, a walk of the whole app each time)
    expect(facts).toHaveBeenCalledTimes(2);
    // and every team's feature was still checked against the platform's gateway (its PII guardrail counts)
    for (const stack of teams) expect(bundle.findings(stack).find((f) => f.ruleId === 'LLM-GOV-4')).toMatchObject({ compliance: Compliance.COMPLIANT });
  });
});

describe('suppressions fail closed (issue 11 item 2)', () => {
  test('an unknown rule id is rejected, listing the valid ids', () => {
    const { stack } = governed();
    const role = new IamRole(stack, 'Role', { assumeRolePolicy: ASSUME });
    expect(() => PolicyBundle.suppress(role, 'LLM-S3-99', 'A reason that is long enough')).toThrow(ValidationError);
    expect(() => PolicyBundle.suppress(role, 'LLM-S3-99', 'A reason that is long enough')).toThrow(
      /\[stack\/Role\] 1 invalid prop:\n {2}- ruleId: is not the id of any policy rule, so the suppression would never apply \(received "LLM-S3-99"\)\. Fix: did you mean "LLM-S3-1"\? valid ids: .*LLM-IAM-1, LLM-IAM-2, .*LLM-S3-1, LLM-S3-2/,
    );
    expect(() => PolicyBundle.suppress(role, 'LLM-IAM-02', 'A reason that is long enough')).toThrow(/did you mean "LLM-IAM-2"\?/);
  });

  test('rule ids of a custom pack are accepted once the pack exists', () => {
    const custom: PolicyRule = { id: 'ACME-TAGS-1', level: 'warning', description: 'Resource has no cost tags.', fix: 'Tag it.', resourceTypes: ['aws_iam_role'], anchors: { cdkNag: [], checkov: [] }, check: () => Compliance.NON_COMPLIANT };
    const role = new IamRole(governed().stack, 'Role', { assumeRolePolicy: ASSUME });
    expect(() => PolicyBundle.suppress(role, 'ACME-TAGS-1', 'Tagged by the account baseline (FIN-2)')).toThrow(/is not the id of any policy rule/);
    PolicyPack.custom('acme', [custom]);
    expect(() => PolicyBundle.suppress(role, 'ACME-TAGS-1', 'Tagged by the account baseline (FIN-2)')).not.toThrow();
  });

  test('a suppression that matches nothing is reported (LLM-POLICY-3 warning), a used one is not', () => {
    // GIVEN a compliant role with a stale suppression, a non-compliant one with a used suppression
    const { stack, bundle } = governed();
    const team = new Construct(stack, 'Team');
    const good = new IamRole(team, 'Good', { assumeRolePolicy: ASSUME, permissionsBoundary: BOUNDARY });
    PolicyBundle.suppress(good, 'LLM-IAM-2', 'Boundary applied by the account SCP (SEC-42)');
    PolicyBundle.suppress(team, 'LLM-S3-1', 'No buckets here but suppressed anyway (SEC-43)', { appliesTo: /x/ });
    const bare = new IamRole(stack, 'Bare', { assumeRolePolicy: ASSUME });
    PolicyBundle.suppress(bare, 'LLM-IAM-2', 'Boundary applied by the account SCP (SEC-42)');

    // WHEN
    Testing.synth(stack);

    // THEN
    const unused = bundle.findings(stack).filter((f) => f.ruleId === 'LLM-POLICY-3');
    expect(unused.map((f) => [f.resourcePath, f.findingId, f.level, f.compliance])).toEqual([
      ['stack/Team', 'LLM-S3-1[/x/]', 'warning', Compliance.NON_COMPLIANT],
      ['stack/Team/Good', 'LLM-IAM-2', 'warning', Compliance.NON_COMPLIANT],
    ]);
    expect(good.node.metadata.filter((m) => m.type === '@cdktf/warn').map((m) => m.data)).toEqual([expect.stringMatching(/^\[LLM-POLICY-3\[LLM-IAM-2\]\] .*Fix: Remove the suppression/)]);
  });

  test('with two bundles on one stack, a suppression one of them uses is not reported by the other; a stale one is reported once', () => {
    // GIVEN a baseline bundle and a governance bundle on the same stack, a used and a stale suppression
    const stack = new TerraformStack(Testing.app(), 'stack');
    new AwsProvider(stack, 'aws', { region: 'us-east-1' });
    const baseline = new PolicyBundle(stack, 'baseline', { packs: [PolicyPack.securityBaseline()], reports: false });
    const governance = new PolicyBundle(stack, 'governance', { packs: [PolicyPack.llmGovernance()], reports: false });
    const bare = new IamRole(stack, 'Bare', { assumeRolePolicy: ASSUME });
    PolicyBundle.suppress(bare, 'LLM-IAM-2', 'Boundary applied by the account SCP (SEC-42)');
    const good = new IamRole(stack, 'Good', { assumeRolePolicy: ASSUME, permissionsBoundary: BOUNDARY });
    PolicyBundle.suppress(good, 'LLM-IAM-2', 'Boundary applied by the account SCP (SEC-42)');

    // WHEN synthesized twice (a second round starts afresh)
    for (let i = 0; i < 2; i++) {
      Testing.synth(stack);

      // THEN the used one is reported by neither bundle, the stale one by exactly one of them
      const unused = [...baseline.findings(stack), ...governance.findings(stack)].filter((f) => f.ruleId === 'LLM-POLICY-3');
      expect(unused.map((f) => [f.resourcePath, f.findingId])).toEqual([['stack/Good', 'LLM-IAM-2']]);
      expect(baseline.findings(stack).find((f) => f.resourcePath === 'stack/Bare' && f.ruleId === 'LLM-IAM-2')).toMatchObject({ compliance: Compliance.SUPPRESSED });
    }
  });

  test('a suppression on the App is reported when no governed stack used it, once, after the last stack', () => {
    // GIVEN an app-level bundle over two stacks, a used and a stale suppression on the App itself
    const app = Testing.app();
    const stacks = ['one', 'two'].map((id) => {
      const stack = new TerraformStack(app, id);
      new AwsProvider(stack, 'aws', { region: 'us-east-1' });
      return stack;
    });
    new IamRole(stacks[1], 'Bare', { assumeRolePolicy: ASSUME });
    PolicyBundle.suppress(app, 'LLM-IAM-2', 'Boundaries applied by the account SCP (SEC-42)');
    PolicyBundle.suppress(app, 'LLM-S3-1', 'No buckets anywhere, suppressed anyway (SEC-43)');
    const bundle = new PolicyBundle(app, 'policy', { packs: [PolicyPack.securityBaseline()], reports: false });

    // WHEN each stack is synthesized
    Testing.synth(stacks[0]);
    const afterFirst = bundle.findings(stacks[0]).filter((f) => f.ruleId === 'LLM-POLICY-3');
    Testing.synth(stacks[1]);

    // THEN nothing is decided before the last governed stack; then only the stale one is reported, on the App
    expect(afterFirst).toEqual([]);
    const unused = bundle.findings().filter((f) => f.ruleId === 'LLM-POLICY-3');
    expect(unused.map((f) => [f.resourcePath, f.findingId, f.detail])).toEqual([
      ['', 'LLM-S3-1', 'suppression of LLM-S3-1 ("No buckets anywhere, suppressed anyway (SEC-43)") matched no finding in any governed stack (it is on the App)'],
    ]);
    expect(bundle.findings(stacks[1]).find((f) => f.ruleId === 'LLM-IAM-2')).toMatchObject({ compliance: Compliance.SUPPRESSED, suppressedAt: '' });
    expect(stacks[1].node.metadata.filter((m) => m.type === '@cdktf/warn').map((m) => m.data)).toEqual([expect.stringMatching(/^\[LLM-POLICY-3\[LLM-S3-1\]\] /)]);
  });
});

describe('rules look at other resources through an index, not a scan per subject', () => {
  const subject = (type: string, name: string): PolicySubject => ({ type, address: `${type}.${name}`, path: `s/${name}`, config: { name } });
  const subjects = [subject('aws_lb', 'a'), subject('aws_s3_bucket', 'b'), subject('aws_lb', 'c'), subject('data.aws_iam_policy_document', 'd')];

  it('ofType gives the stack\'s resources of a type in stack order; atAddress finds resources and data sources', () => {
    const index = stackIndex(subjects);
    expect(index.ofType('aws_lb').map((s) => s.address)).toEqual(['aws_lb.a', 'aws_lb.c']);
    expect(index.ofType('aws_alb')).toEqual([]);
    expect(index.atAddress('aws_s3_bucket.b')).toBe(subjects[1]);
    expect(index.atAddress('data.aws_iam_policy_document.d')).toBe(subjects[3]);
    expect(index.atAddress('aws_s3_bucket.zz')).toBeUndefined();
  });

  it('is built once, on first use', () => {
    let reads = 0;
    const counted = new Proxy(subjects, { get: (t, k, r) => { if (k === Symbol.iterator) reads++; return Reflect.get(t, k, r); } });
    const index = stackIndex(counted);
    expect(reads).toBe(0);
    for (let i = 0; i < 10; i++) { index.ofType('aws_lb'); index.atAddress('aws_lb.a'); }
    expect(reads).toBe(1);
  });
});
