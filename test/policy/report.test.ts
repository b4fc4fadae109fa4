import * as fs from 'node:fs';
import * as path from 'node:path';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { TerraformStack, Testing } from 'cdktf';
import { JSON_REPORT_FILE, POLICY_DOCS_ANCHOR, PolicyBundle, PolicyPack, SARIF_REPORT_FILE, lineFinder, projectHome, renderSarifReport } from '../../src/policy';

const ASSUME = JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' }] });

function passingStackWithFindings(): { stack: TerraformStack; outdir: string; role: IamRole; policy: IamRolePolicy; logs: CloudwatchLogGroup } {
  const stack = new TerraformStack(Testing.app({ stubVersion: true }), 'platform');
  new AwsProvider(stack, 'aws', { region: 'us-east-1' });
  new PolicyBundle(stack, 'policy', { packs: [PolicyPack.securityBaseline(), PolicyPack.llmGovernance()] });
  const role = new IamRole(stack, 'Role', { assumeRolePolicy: ASSUME, permissionsBoundary: 'arn:aws:iam::111122223333:policy/boundary' });
  const policy = new IamRolePolicy(stack, 'Policy', {
    role: role.name,
    policy: JSON.stringify({ Statement: [{ Effect: 'Allow', Action: ['s3:Get*'], Resource: 'arn:aws:s3:::bucket/*' }] }),
  });
  PolicyBundle.suppress(policy, 'LLM-IAM-1', 'Read-only access to one bucket (ARCH-7)', { appliesTo: 'Action::s3:Get*' });
  // KMS-encrypted but kept forever: a warning (LLM-LOG-2), which does not fail synthesis.
  const logs = new CloudwatchLogGroup(stack, 'Logs', { name: 'gateway', kmsKeyId: 'arn:aws:kms:us-east-1:111122223333:key/k' });
  const outdir = Testing.fullSynth(stack);
  return { stack, outdir, role, policy, logs };
}

describe('policy reports', () => {
  test('JSON and SARIF reports are written beside cdk.tf.json', () => {
    // GIVEN / WHEN
    const { outdir } = passingStackWithFindings();

    // THEN
    const dir = path.join(outdir, 'stacks', 'platform');
    expect(fs.readdirSync(dir).sort()).toEqual(['cdk.tf.json', JSON_REPORT_FILE, SARIF_REPORT_FILE].sort());
  });

  test('the JSON report lists every verdict with compliance, level, reason and fix', () => {
    const { outdir, policy, logs } = passingStackWithFindings();
    const report = JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', 'platform', JSON_REPORT_FILE), 'utf8'));

    expect(report).toMatchObject({ version: 1, stack: 'platform', packs: ['security-baseline', 'llm-governance'], passed: true });
    expect(report.summary).toMatchObject({ errors: 0, suppressed: 1 });
    expect(report.summary.compliant).toBeGreaterThan(3);
    expect(report.lines).toContainEqual({
      ruleId: 'LLM-IAM-1',
      findingId: 'Action::s3:Get*',
      resourceId: 'platform/Policy',
      resourceAddress: `aws_iam_role_policy.${policy.friendlyUniqueId}`,
      resourceType: 'aws_iam_role_policy',
      compliance: 'Suppressed',
      ruleLevel: 'error',
      ruleInfo: expect.stringContaining('wildcard actions'),
      fix: expect.stringContaining('List the exact actions'),
      exceptionReason: 'Read-only access to one bucket (ARCH-7)',
      suppressedAt: 'platform/Policy',
      pack: 'security-baseline',
      cdkNag: ['AwsSolutions-IAM5'],
      checkov: ['CKV_AWS_49', 'CKV_AWS_63'],
    });
    expect(report.lines).toContainEqual(expect.objectContaining({ ruleId: 'LLM-LOG-2', resourceAddress: `aws_cloudwatch_log_group.${logs.friendlyUniqueId}`, compliance: 'Non-Compliant', ruleLevel: 'warning' }));
    expect(report.lines).toContainEqual(expect.objectContaining({ ruleId: 'LLM-IAM-2', resourceId: 'platform/Role', compliance: 'Compliant' }));
  });

  test('the SARIF report is SARIF 2.1.0 with rules, results, locations and suppressions', () => {
    const { outdir, policy } = passingStackWithFindings();
    const sarif = JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', 'platform', SARIF_REPORT_FILE), 'utf8'));
    const tf = fs.readFileSync(path.join(outdir, 'stacks', 'platform', 'cdk.tf.json'), 'utf8');

    expect(sarif.$schema).toBe('https://json.schemastore.org/sarif-2.1.0.json');
    expect(sarif.version).toBe('2.1.0');
    const run = sarif.runs[0];
    expect(run.tool.driver.name).toBe('cdktf-llm-platform-policy');
    const ruleIds: string[] = run.tool.driver.rules.map((r: any) => r.id);
    expect(ruleIds).toContain('LLM-IAM-2');
    expect(ruleIds).toContain('LLM-GOV-1');
    expect(run.tool.driver.rules[ruleIds.indexOf('LLM-IAM-1')]).toMatchObject({
      shortDescription: { text: expect.stringContaining('wildcard actions') },
      help: { text: expect.stringMatching(/^Fix: /) },
      defaultConfiguration: { level: 'error' },
      properties: { cdkNag: ['AwsSolutions-IAM5'], checkov: ['CKV_AWS_49', 'CKV_AWS_63'] },
    });

    // Compliant verdicts are not SARIF results.
    expect(run.results.map((r: any) => r.ruleId).sort()).toEqual(['LLM-IAM-1', 'LLM-LOG-2']);
    const suppressed = run.results.find((r: any) => r.ruleId === 'LLM-IAM-1');
    expect(suppressed).toMatchObject({
      ruleIndex: ruleIds.indexOf('LLM-IAM-1'),
      level: 'error',
      message: { text: expect.stringContaining('[LLM-IAM-1[Action::s3:Get*]] Suppressed: Read-only access to one bucket (ARCH-7)') },
      suppressions: [{ kind: 'external', status: 'accepted', justification: 'Read-only access to one bucket (ARCH-7)' }],
    });
    const location = suppressed.locations[0];
    expect(location.logicalLocations).toEqual([{ fullyQualifiedName: `aws_iam_role_policy.${policy.friendlyUniqueId}`, kind: 'resource', properties: { constructPath: 'platform/Policy' } }]);
    // Testing.app() keeps no stack traces: the physical location is the resource in cdk.tf.json.
    expect(suppressed.relatedLocations).toBeUndefined();
    expect(run.automationDetails).toEqual({ id: 'cdktf-llm-platform-policy/platform/' });
    expect(location.physicalLocation.artifactLocation.uri).toMatch(/stacks\/platform\/cdk\.tf\.json$/);
    // The region points at the resource's own line in cdk.tf.json.
    const line = tf.split('\n')[location.physicalLocation.region.startLine - 1];
    expect(line.trim()).toBe(`"${policy.friendlyUniqueId}": {`);
    const unsuppressed = run.results.find((r: any) => r.ruleId === 'LLM-LOG-2');
    expect(unsuppressed.level).toBe('warning');
    expect(unsuppressed.suppressions).toBeUndefined();
    expect(unsuppressed.partialFingerprints['policyFinding/v1']).toMatch(/^[0-9a-f]{32}$/);
  });

  test('reports: false writes no report files', () => {
    const stack = new TerraformStack(Testing.app(), 'quiet');
    new AwsProvider(stack, 'aws', { region: 'us-east-1' });
    new PolicyBundle(stack, 'policy', { packs: [PolicyPack.securityBaseline()], reports: false });
    const outdir = Testing.fullSynth(stack);
    expect(fs.readdirSync(path.join(outdir, 'stacks', 'quiet'))).toEqual(['cdk.tf.json']);
  });

  test('lineFinder falls back to line 1 for unknown addresses', () => {
    const find = lineFinder('{\n  "resource": {\n    "aws_s3_bucket": {\n      "b": {\n');
    expect(find('aws_s3_bucket.b')).toBe(4);
    expect(find('aws_s3_bucket.missing')).toBe(1);
    expect(find('stack/Feature')).toBe(1);
  });

  test('lineFinder indexes resources, data sources and modules of a real cdk.tf.json in one pass', () => {
    const text = JSON.stringify({
      data: { aws_region: { r: { '//': {} } } },
      module: { vpc: { source: 'x' } },
      resource: { aws_s3_bucket: { a: { bucket: 'a', tags: { b: 'c' } }, b: { x: 1 } }, aws_iam_role: { a: { x: 1 } } },
    }, null, 2);
    const lines = text.split('\n');
    const find = lineFinder(text);
    for (const [address, key] of [['data.aws_region.r', 'r'], ['module.vpc', 'vpc'], ['aws_s3_bucket.a', 'a'], ['aws_s3_bucket.b', 'b'], ['aws_iam_role.a', 'a']] as const) {
      expect(lines[find(address) - 1].trim()).toBe(`"${key}": {`);
    }
    expect(find('aws_iam_role.a')).toBeGreaterThan(find('aws_s3_bucket.b'));
    expect(find('aws_region.r')).toBe(1);
  });

  test('runs of several stacks have distinct automationDetails ids (one upload, one category per stack)', () => {
    const one = renderSarifReport([], [], { uri: 'a', lineOf: () => 1 }, { stackName: 'platform' }) as any;
    const two = renderSarifReport([], [], { uri: 'b', lineOf: () => 1 }, { stackName: 'team-hiring' }) as any;
    expect(one.runs[0].automationDetails.id).toBe('cdktf-llm-platform-policy/platform/');
    expect(two.runs[0].automationDetails.id).toBe('cdktf-llm-platform-policy/team-hiring/');
  });

  test('informationUri points at the README policy section of the project home, and is left out when there is none', () => {
    const readme = fs.readFileSync(path.join(__dirname, '../../README.md'), 'utf8');
    // The anchor exists: GitHub's slug of the policy section heading.
    const slugs = readme.split('\n').filter((l) => l.startsWith('#')).map((l) => l.replace(/^#+\s*/, '').toLowerCase().replace(/[^a-z0-9 -]/g, '').replace(/ /g, '-'));
    expect(slugs).toContain(POLICY_DOCS_ANCHOR);
    const withHome = renderSarifReport([], [], { uri: 'a', lineOf: () => 1 }, { stackName: 's', home: 'https://github.com/acme/llm-platform' }) as any;
    expect(withHome.runs[0].tool.driver.informationUri).toBe(`https://github.com/acme/llm-platform#${POLICY_DOCS_ANCHOR}`);
    const withoutHome = renderSarifReport([], [], { uri: 'a', lineOf: () => 1 }, { stackName: 's', home: undefined }) as any;
    expect(withoutHome.runs[0].tool.driver.informationUri).toBeUndefined();
    // Derived from package.json: homepage, else repository (git URLs normalised); never invented.
    expect(projectHome({ repository: { url: 'git+https://github.com/acme/llm-platform.git' } })).toBe('https://github.com/acme/llm-platform');
    expect(projectHome({ homepage: 'https://acme.dev/llm#readme' })).toBe('https://acme.dev/llm');
    expect(projectHome({})).toBeUndefined();
    const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '../../package.json'), 'utf8'));
    const sarif = renderSarifReport([], [], { uri: 'a', lineOf: () => 1 }, { stackName: 's' }) as any;
    expect(sarif.runs[0].tool.driver.informationUri).toBe(projectHome(pkg) ? `${projectHome(pkg)}#${POLICY_DOCS_ANCHOR}` : undefined);
  });
});
