import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { App, Aspects, Fn, TerraformStack, Testing, type IAspect } from 'cdktf';
import { Construct, type IConstruct } from 'constructs';
import { FakeFeature, FakeGateway } from './fixtures';
import { ValidationError } from '../../src/core/errors';
import { Compliance, PolicyBundle, PolicyPack, type PolicyRule } from '../../src/policy';
import { PII_ENTITY_CONTENT_FILTER_PATTERNS } from '../../src/policy/guardrails';

const BOUNDARY = 'arn:aws:iam::111122223333:policy/boundary';
const ASSUME = JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
const POLICY = (actions: string[]): string => JSON.stringify({ Statement: [{ Effect: 'Allow', Action: actions, Resource: 'arn:aws:s3:::bucket/*' }] });

function newStack(app: App = Testing.app(), id = 'stack'): TerraformStack {
  const stack = new TerraformStack(app, id);
  new AwsProvider(stack, 'aws', { region: 'us-east-1' });
  return stack;
}

const metadataOf = (c: IConstruct, type: string): string[] => c.node.metadata.filter((m) => m.type === type).map((m) => String(m.data));
const errorsOf = (c: IConstruct): string[] => metadataOf(c, '@cdktf/error');
const warningsOf = (c: IConstruct): string[] => metadataOf(c, '@cdktf/warn');
const infosOf = (c: IConstruct): string[] => metadataOf(c, '@cdktf/info');

describe('PolicyBundle props', () => {
  test('rejects an empty pack list, naming the construct path and the fix', () => {
    const stack = newStack();
    expect(() => new PolicyBundle(stack, 'policy', { packs: [] })).toThrow(ValidationError);
    expect(() => new PolicyBundle(stack, 'policy2', { packs: [] })).toThrow(/\[stack\/policy2\] 1 invalid prop:\n {2}- packs: must contain at least one pack .* Fix: pass \[PolicyPack.securityBaseline\(\)/);
  });

  test('rejects something that is not a PolicyPack', () => {
    expect(() => new PolicyBundle(newStack(), 'policy', { packs: [{ name: 'x', rules: [] } as any] })).toThrow(/packs\[0\]: must be a PolicyPack .*Fix: create packs with PolicyPack.securityBaseline\(\)/);
  });

  test('rejects the same pack twice', () => {
    expect(() => new PolicyBundle(newStack(), 'policy', { packs: [PolicyPack.securityBaseline(), PolicyPack.securityBaseline()] })).toThrow(/lists pack 'security-baseline' twice/);
  });

  test('rejects PII entity names that are not entity names', () => {
    expect(() => new PolicyBundle(newStack(), 'policy', { packs: [PolicyPack.securityBaseline()], piiEntities: { 'e-mail': 'MASK' } })).toThrow(/is not a PII entity name/);
  });

  test('llmGovernance rejects an empty allow-list', () => {
    expect(() => PolicyPack.llmGovernance({ modelAllowList: [] })).toThrow(/\[PolicyPack.llmGovernance\] 1 invalid prop:\n {2}- modelAllowList: must list at least one model/);
  });
});

describe('evaluation', () => {
  test('reads the final configuration: escape-hatch overrides and aspects added after the bundle count', () => {
    // GIVEN two roles without boundary; one gets it through an override, the other through a later aspect
    const stack = newStack();
    new PolicyBundle(stack, 'policy', { packs: [PolicyPack.securityBaseline()] });
    const overridden = new IamRole(stack, 'Overridden', { assumeRolePolicy: ASSUME });
    overridden.addOverride('permissions_boundary', BOUNDARY);
    const byAspect = new IamRole(stack, 'ByAspect', { assumeRolePolicy: ASSUME });
    const addBoundary: IAspect = { visit: (n) => { if (n === byAspect) byAspect.permissionsBoundary = BOUNDARY; } };
    Aspects.of(stack).add(addBoundary);
    const bare = new IamRole(stack, 'Bare', { assumeRolePolicy: ASSUME });

    // WHEN
    Testing.synth(stack);

    // THEN
    expect(errorsOf(overridden)).toEqual([]);
    expect(errorsOf(byAspect)).toEqual([]);
    expect(errorsOf(bare)).toEqual([expect.stringMatching(/^\[LLM-IAM-2\] IAM role has no permissions boundary.* Fix: Set `permissions_boundary`/)]);
  });

  test('synthesizing twice does not duplicate findings', () => {
    const stack = newStack();
    const bundle = new PolicyBundle(stack, 'policy', { packs: [PolicyPack.securityBaseline()] });
    const role = new IamRole(stack, 'Role', { assumeRolePolicy: ASSUME });
    Testing.synth(stack);
    Testing.synth(stack);
    expect(errorsOf(role)).toHaveLength(1);
    expect(bundle.findings(stack).filter((f) => f.ruleId === 'LLM-IAM-2')).toHaveLength(1);
  });

  test('resources added after a first synthesis are evaluated by the next one', () => {
    const stack = newStack();
    new PolicyBundle(stack, 'policy', { packs: [PolicyPack.securityBaseline()] });
    Testing.synth(stack);
    const late = new IamRole(stack, 'Late', { assumeRolePolicy: ASSUME });
    Testing.synth(stack);
    expect(errorsOf(late)).toEqual([expect.stringContaining('[LLM-IAM-2]')]);
  });

  test('strict (the default): a policy only known at plan time (Fn.file) fails synthesis as an Unknown error', () => {
    // GIVEN a role policy read with Fn.file(), under the default (strict) pack
    const stack = newStack();
    const bundle = new PolicyBundle(stack, 'policy', { packs: [PolicyPack.securityBaseline()] });
    const role = new IamRole(stack, 'Role', { assumeRolePolicy: ASSUME, permissionsBoundary: BOUNDARY });
    const policy = new IamRolePolicy(stack, 'Policy', { role: role.name, policy: Fn.file('policy.json') });

    // WHEN
    Testing.synth(stack);

    // THEN the rule could not decide, and in strict mode that blocks synthesis
    expect(errorsOf(policy)).toContainEqual(expect.stringMatching(/^\[LLM-IAM-1\] Could not be evaluated: policy is an expression only known at plan time/));
    expect(bundle.findings(stack)).toContainEqual(expect.objectContaining({ ruleId: 'LLM-IAM-1', compliance: Compliance.UNKNOWN, level: 'error' }));
    expect(PolicyPack.securityBaseline().strict).toBe(true);
    expect(PolicyPack.llmGovernance().strict).toBe(true);
  });

  test('strict: false: a policy only known at plan time is a warning ("could not be evaluated"), not a crash or an error', () => {
    const stack = newStack();
    new PolicyBundle(stack, 'policy', { packs: [PolicyPack.securityBaseline({ strict: false })] });
    const role = new IamRole(stack, 'Role', { assumeRolePolicy: ASSUME, permissionsBoundary: BOUNDARY });
    const policy = new IamRolePolicy(stack, 'Policy', { role: role.name, policy: '${jsonencode(var.policy)}' });
    Testing.synth(stack);
    expect(errorsOf(policy)).toEqual([]);
    expect(warningsOf(policy)).toContainEqual(expect.stringMatching(/^\[LLM-IAM-1\] Could not be evaluated: policy is an expression only known at plan time/));
  });

  test('a rule that throws becomes an Unknown warning finding, other rules still run', () => {
    // GIVEN a pack with a broken rule
    const broken: PolicyRule = {
      id: 'LLM-TEST-1',
      level: 'error',
      description: 'A rule with a bug in it, for the test.',
      fix: 'Fix the rule.',
      resourceTypes: ['aws_iam_role'],
      anchors: { cdkNag: [], checkov: [] },
      check: () => { throw new Error('boom: cannot read property x of undefined'); },
    };
    const stack = newStack();
    const bundle = new PolicyBundle(stack, 'policy', { packs: [PolicyPack.custom('test', [broken], { strict: false }), PolicyPack.securityBaseline()] });
    const role = new IamRole(stack, 'Role', { assumeRolePolicy: ASSUME });

    // WHEN
    expect(() => Testing.synth(stack)).not.toThrow();

    // THEN (a strict pack would make it an error, like any Unknown)
    expect(warningsOf(role)).toContainEqual('[LLM-TEST-1] Could not be evaluated: the rule threw boom: cannot read property x of undefined. Rule: A rule with a bug in it, for the test.');
    expect(bundle.findings(stack)).toContainEqual(expect.objectContaining({ ruleId: 'LLM-TEST-1', compliance: Compliance.UNKNOWN, level: 'warning' }));
    expect(errorsOf(role)).toEqual([expect.stringContaining('[LLM-IAM-2]')]);
  });

  test.each([[true, 'error'], [false, 'warning']] as const)('governance facts that throw become an LLM-POLICY-1 finding (strict %s: %s)', (strict, level) => {
    const stack = newStack();
    const bundle = new PolicyBundle(stack, 'policy', { packs: [PolicyPack.llmGovernance({ strict })] });
    const bad = new FakeFeature(stack, 'Bad');
    bad.governanceFacts = () => { throw new Error('facts unavailable'); };
    Testing.synth(stack);
    expect(bundle.findings(stack)).toEqual([expect.objectContaining({ ruleId: 'LLM-POLICY-1', compliance: Compliance.UNKNOWN, detail: 'facts unavailable', resourcePath: 'stack/Bad', level })]);
    expect(level === 'error' ? errorsOf(bad) : warningsOf(bad)).toHaveLength(1);
  });
});

describe('suppressions', () => {
  test('a reason shorter than ten characters is rejected', () => {
    const stack = newStack();
    const role = new IamRole(stack, 'Role', { assumeRolePolicy: ASSUME });
    expect(() => PolicyBundle.suppress(role, 'LLM-IAM-2', 'because')).toThrow(ValidationError);
    expect(() => PolicyBundle.suppress(role, 'LLM-IAM-2', '   short  ')).toThrow(/\[stack\/Role\] 1 invalid prop:\n {2}- reason: must explain the exception in at least 10 characters/);
  });

  test('a rule id with a finding in brackets is rejected (use appliesTo)', () => {
    const role = new IamRole(newStack(), 'Role', { assumeRolePolicy: ASSUME });
    expect(() => PolicyBundle.suppress(role, 'LLM-IAM-1[Action::*]', 'A long enough reason here')).toThrow(/ruleId: is not a rule id .*appliesTo/);
  });

  test('a suppressed finding does not fail synthesis but stays visible (info annotation, report line, "//" block)', () => {
    // GIVEN a role without boundary, suppressed on its parent construct
    const stack = newStack();
    const bundle = new PolicyBundle(stack, 'policy', { packs: [PolicyPack.securityBaseline()] });
    const team = new Construct(stack, 'Team');
    const role = new IamRole(team, 'Role', { assumeRolePolicy: ASSUME });
    PolicyBundle.suppress(team, 'LLM-IAM-2', 'Boundary enforced by the account SCP (SEC-42)');

    // WHEN
    const synthesized = JSON.parse(JSON.stringify(role.toTerraform()));
    Testing.synth(stack);

    // THEN
    expect(synthesized).toBeDefined();
    expect(errorsOf(role)).toEqual([]);
    expect(infosOf(role)).toEqual(['[LLM-IAM-2] Suppressed: Boundary enforced by the account SCP (SEC-42) (rule: IAM role has no permissions boundary, so whoever can edit its policies can grant it anything.)']);
    expect(bundle.findings(stack)).toContainEqual(
      expect.objectContaining({ ruleId: 'LLM-IAM-2', compliance: Compliance.SUPPRESSED, suppressionReason: 'Boundary enforced by the account SCP (SEC-42)', suppressedAt: 'stack/Team' }),
    );
    const tf = stack.toTerraform() as any;
    expect(tf.resource.aws_iam_role[role.friendlyUniqueId]['//'].policy_suppressions).toEqual([
      { rule: 'LLM-IAM-2', reason: 'Boundary enforced by the account SCP (SEC-42)' },
    ]);
  });

  test('appliesTo suppresses one granular finding; the others still fail', () => {
    const stack = newStack();
    new PolicyBundle(stack, 'policy', { packs: [PolicyPack.securityBaseline()] });
    const role = new IamRole(stack, 'Role', { assumeRolePolicy: ASSUME, permissionsBoundary: BOUNDARY });
    const policy = new IamRolePolicy(stack, 'Policy', { role: role.name, policy: POLICY(['s3:Get*', 's3:Put*', 'kms:*']) });
    PolicyBundle.suppress(policy, 'LLM-IAM-1', 'Read-only object access on one bucket (ARCH-7)', { appliesTo: 'Action::s3:Get*' });
    PolicyBundle.suppress(policy, 'LLM-IAM-1', 'Writes reviewed by the data team (ARCH-8)', { appliesTo: /^Action::s3:Put/ });

    Testing.synth(stack);

    expect(errorsOf(policy)).toEqual([expect.stringMatching(/^\[LLM-IAM-1\[Action::kms:\*\]\]/)]);
    expect(infosOf(policy)).toEqual([
      expect.stringMatching(/^\[LLM-IAM-1\[Action::s3:Get\*\]\] Suppressed: Read-only object access/),
      expect.stringMatching(/^\[LLM-IAM-1\[Action::s3:Put\*\]\] Suppressed: Writes reviewed/),
    ]);
  });

  test('a suppression for another rule does not hide a finding', () => {
    const stack = newStack();
    new PolicyBundle(stack, 'policy', { packs: [PolicyPack.securityBaseline()] });
    const role = new IamRole(stack, 'Role', { assumeRolePolicy: ASSUME });
    PolicyBundle.suppress(role, 'LLM-IAM-1', 'Not the rule that fires here');
    Testing.synth(stack);
    expect(errorsOf(role)).toEqual([expect.stringContaining('[LLM-IAM-2]')]);
  });
});

describe('governance and runtime guardrails', () => {
  test('every governed gateway receives the runtime guardrails once, and its facts then satisfy the PII rule', () => {
    // GIVEN
    const stack = newStack();
    const bundle = new PolicyBundle(stack, 'policy', { packs: [PolicyPack.llmGovernance({ aliasAllowList: ['chat', 'chat-fast', 'embed'] })] });
    const gw = new FakeGateway(stack, 'Gateway');
    const feature = new FakeFeature(stack, 'Feature', { dataClassification: 'confidential' });

    // WHEN
    Testing.synth(stack);
    Testing.synth(stack);

    // THEN
    expect(gw.received).toEqual([bundle.runtimeGuardrails]);
    expect(bundle.runtimeGuardrails).toEqual([
      {
        kind: 'guardrail',
        guardrailName: 'policy-pii-masking',
        guardrail: 'litellm_content_filter',
        purpose: 'pii',
        mode: ['pre_call', 'post_call'],
        defaultOn: true,
        params: {
          patterns: [
            { pattern_type: 'prebuilt', pattern_name: 'credit_card', action: 'MASK' },
            { pattern_type: 'prebuilt', pattern_name: 'email', action: 'MASK' },
            { pattern_type: 'regex', name: 'iban', pattern: PII_ENTITY_CONTENT_FILTER_PATTERNS.IBAN_CODE.pattern_type === 'regex' ? PII_ENTITY_CONTENT_FILTER_PATTERNS.IBAN_CODE.pattern : '', action: 'MASK' },
            { pattern_type: 'prebuilt', pattern_name: 'ipv4', action: 'MASK' },
            { pattern_type: 'prebuilt', pattern_name: 'us_phone', action: 'MASK' },
            { pattern_type: 'prebuilt', pattern_name: 'us_ssn', action: 'MASK' },
          ],
        },
      },
      { kind: 'callback', guardrailName: 'detect_prompt_injection', guardrail: 'detect_prompt_injection', purpose: 'prompt-injection', mode: ['pre_call'], defaultOn: true },
    ]);
    expect(errorsOf(feature)).toEqual([]);
    expect(errorsOf(gw)).toEqual([]);
    expect(bundle.findings(stack).filter((f) => f.compliance === Compliance.NON_COMPLIANT)).toEqual([]);
  });

  test('without runtime guardrails a confidential feature fails LLM-GOV-4 and the gateway warns LLM-GOV-8', () => {
    const stack = newStack();
    new PolicyBundle(stack, 'policy', { packs: [PolicyPack.llmGovernance()], runtimeGuardrails: false });
    const gw = new FakeGateway(stack, 'Gateway');
    const feature = new FakeFeature(stack, 'Feature', { dataClassification: 'confidential' });
    Testing.synth(stack);
    expect(gw.received).toEqual([]);
    expect(errorsOf(feature)).toEqual([expect.stringMatching(/^\[LLM-GOV-4\] A feature that handles confidential data has no PII guardrail/)]);
    expect(warningsOf(gw)).toEqual([expect.stringMatching(/^\[LLM-GOV-8\]/)]);
  });

  test('an ungoverned feature fails synthesis naming the construct, every rule and fix at once', () => {
    // GIVEN
    const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'policy-gov-')) });
    const stack = newStack(app, 'team');
    new PolicyBundle(stack, 'policy', { packs: [PolicyPack.llmGovernance({ modelAllowList: ['bedrock/m'], aliasAllowList: ['chat'] })] });
    new FakeGateway(stack, 'Gateway', { models: [{ alias: 'chat', provider: 'bedrock', modelId: 'm' }], fallbacks: [], messageLogging: true });
    new FakeFeature(stack, 'Feature', { models: ['chat', 'vision'], monthlyBudgetUsd: undefined, toolExecution: 'unconstrained', automation: true });

    // WHEN / THEN
    expect(() => app.synth()).toThrow(
      new RegExp(
        [
          '\\[team/Gateway\\] \\[LLM-GOV-2\\[Alias::chat\\]\\]',
          '\\[team/Gateway\\] \\[LLM-GOV-3\\] Gateway logs prompt and response content',
          '\\[team/Feature\\] \\[LLM-GOV-1\\[Alias::vision\\]\\]',
          '\\[team/Feature\\] \\[LLM-GOV-2\\[Alias::chat\\]\\]',
          '\\[team/Feature\\] \\[LLM-GOV-5\\[MonthlyBudget\\]\\]',
          '\\[team/Feature\\] \\[LLM-GOV-6\\]',
          '\\[team/Feature\\] \\[LLM-GOV-7\\]',
        ].join('[\\s\\S]*'),
      ),
    );
  });
});

test('a feature in a team stack is checked against the platform stack\'s gateway, whatever the synthesis order', () => {
  // GIVEN an app-level bundle, the gateway in the platform stack, a confidential feature in the team stack
  const app = Testing.app();
  const team = newStack(app, 'team');
  const platform = newStack(app, 'platform');
  new PolicyBundle(app, 'policy', { packs: [PolicyPack.llmGovernance()] });
  const gw = new FakeGateway(platform, 'Gateway');
  const feature = new FakeFeature(team, 'Feature', { dataClassification: 'confidential', models: ['chat'] });

  // WHEN the team stack is synthesized before the platform stack
  Testing.synth(team);
  Testing.synth(platform);

  // THEN the gateway's default-on PII guardrail covers the feature, and the gateway was fed exactly once
  expect(errorsOf(feature)).toEqual([]);
  expect(gw.received).toHaveLength(1);
});

describe('scope', () => {
  test('a bundle on the App governs every stack, including stacks created after it', () => {
    // GIVEN
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'policy-app-'));
    const app = new App({ outdir });
    const early = newStack(app, 'early');
    const earlyRole = new IamRole(early, 'Role', { assumeRolePolicy: ASSUME });
    const bundle = new PolicyBundle(app, 'policy', { packs: [PolicyPack.securityBaseline()] });
    const late = newStack(app, 'late');
    const lateRole = new IamRole(late, 'Role', { assumeRolePolicy: ASSUME });
    PolicyBundle.suppress(earlyRole, 'LLM-IAM-2', 'Early stack role is governed by an SCP');

    // WHEN the late stack fails, the early one (synthesized first) already passed
    expect(() => app.synth()).toThrow(/\[late\/Role\] \[LLM-IAM-2\]/);

    // THEN
    expect(bundle.governedStacks.map((s) => s.node.id)).toEqual(['early', 'late']);
    expect(errorsOf(lateRole)).toHaveLength(1);
    expect(infosOf(earlyRole)).toHaveLength(1);
    for (const id of ['early', 'late']) expect(fs.existsSync(path.join(outdir, 'stacks', id, 'policy-report.json'))).toBe(true);
  });

  test('a stack-level bundle governs only its stack; govern() extends it to another', () => {
    const app = Testing.app();
    const platform = newStack(app, 'platform');
    const team = newStack(app, 'team');
    const other = newStack(app, 'other');
    const bundle = new PolicyBundle(platform, 'policy', { packs: [PolicyPack.securityBaseline()] });
    bundle.govern(team);
    const teamRole = new IamRole(team, 'Role', { assumeRolePolicy: ASSUME });
    const otherRole = new IamRole(other, 'Role', { assumeRolePolicy: ASSUME });
    Testing.synth(team);
    Testing.synth(other);
    expect(errorsOf(teamRole)).toHaveLength(1);
    expect(errorsOf(otherRole)).toEqual([]);
  });
});
