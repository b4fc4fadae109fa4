import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { boundaryAllowFromStatements, PermissionsBoundary, BOUNDARY_PRIVILEGE_ESCALATION_ACTIONS, BOUNDARY_TAMPERING_ACTIONS } from '../../src/aws';
import { ValidationError } from '../../src/core';
import { TerraformStack, Testing } from '../../src/core/cdktf';
import { Compliance, PolicyBundle, PolicyPack } from '../../src/policy';

function stack(): TerraformStack {
  const s = new TerraformStack(Testing.app(), 'stack');
  new AwsProvider(s, 'aws', { region: 'us-east-1' });
  return s;
}

const MODELS = { Sid: 'Models', Action: ['bedrock:InvokeModel'], Resource: 'arn:aws:bedrock:us-east-1::foundation-model/*' };

describe('PermissionsBoundary', () => {
  it('is the given ceiling plus explicit denies of privilege escalation and of removing the boundary', () => {
    // GIVEN
    const s = stack();
    new PermissionsBoundary(s, 'Boundary', { nameParts: ['team-a'], description: 'Team A ceiling', allow: [MODELS] });
    // WHEN
    const policy = Object.values<any>(JSON.parse(Testing.synth(s)).resource.aws_iam_policy)[0];
    const doc = JSON.parse(policy.policy);
    // THEN
    expect(policy.name).toMatch(/^team-a-boundary-[0-9a-f]{8}$/);
    expect(doc.Statement).toEqual([
      { Sid: 'Models', Effect: 'Allow', Action: ['bedrock:InvokeModel'], Resource: 'arn:aws:bedrock:us-east-1::foundation-model/*' },
      { Sid: 'NoPrivilegeEscalation', Effect: 'Deny', Action: [...BOUNDARY_PRIVILEGE_ESCALATION_ACTIONS], Resource: '*' },
      { Sid: 'KeepTheBoundary', Effect: 'Deny', Action: [...BOUNDARY_TAMPERING_ACTIONS], Resource: '*' },
    ]);
    expect(BOUNDARY_PRIVILEGE_ESCALATION_ACTIONS).toEqual(expect.arrayContaining(['iam:PassRole', 'iam:CreateRole', 'iam:AttachRolePolicy']));
    expect(BOUNDARY_TAMPERING_ACTIONS).toEqual(expect.arrayContaining(['iam:DeleteRolePermissionsBoundary', 'iam:CreatePolicyVersion']));
  });

  it('satisfies the boundary rule and passes the IAM rules of the security baseline', () => {
    const s = stack();
    const boundary = new PermissionsBoundary(s, 'Boundary', { nameParts: ['team-a'], description: 'Team A ceiling', allow: [MODELS] });
    new IamRole(s, 'Role', { assumeRolePolicy: '{"Version":"2012-10-17","Statement":[]}', permissionsBoundary: boundary.arn });
    const bundle = new PolicyBundle(s, 'policy', { packs: [PolicyPack.securityBaseline()] });
    Testing.synth(s);
    const iamErrors = bundle.findings(s).filter((f) => f.ruleId.startsWith('LLM-IAM') && f.compliance === Compliance.NON_COMPLIANT && f.level === 'error');
    expect(iamErrors).toEqual([]);
  });

  it('rejects wildcard actions, duplicate or malformed Sids and empty statements, all at once', () => {
    const s = stack();
    let error: ValidationError | undefined;
    try {
      new PermissionsBoundary(s, 'Boundary', {
        nameParts: ['x'],
        description: 'bad',
        allow: [
          { Sid: 'All', Action: '*', Resource: '*' },
          { Sid: 'All', Action: 's3:*', Resource: 'arn:aws:s3:::b/*' },
          { Sid: 'not valid', Action: [], Resource: [] },
        ],
      });
    } catch (e) {
      error = e as ValidationError;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect(error!.constructPath).toBe('stack/Boundary');
    expect(error!.problems.map((p) => `${p.path}: ${p.message}`)).toEqual([
      'allow[0].Action: allows every action of a service',
      'allow[1].Sid: is used twice',
      'allow[1].Action: allows every action of a service',
      'allow[2].Sid: must be letters and digits',
      'allow[2].Action: is empty',
      'allow[2].Resource: is empty',
    ]);
    expect(() => new PermissionsBoundary(stack(), 'B', { nameParts: ['x'], description: 'empty', allow: [] })).toThrow(/allow: is empty/);
  });
});

describe('boundaryAllowFromStatements', () => {
  it('merges a role\'s own Allow statements by Sid into its exact ceiling, without conditions', () => {
    // GIVEN two statements sharing a Sid (one conditioned) and one of its own
    const statements = [
      { Sid: 'Secrets', Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: 'arn:aws:secretsmanager:us-east-1:1:secret:a-??????' },
      { Sid: 'Secrets', Effect: 'Allow', Action: ['secretsmanager:PutSecretValue', 'secretsmanager:GetSecretValue'], Resource: ['arn:aws:secretsmanager:us-east-1:1:secret:b-??????'], Condition: { Bool: { 'aws:SecureTransport': 'true' } } },
      { Sid: 'Logs', Effect: 'Allow', Action: ['logs:PutLogEvents'], Resource: 'arn:aws:logs:us-east-1:1:log-group:x:*' },
    ];
    // WHEN / THEN actions and resources are unioned per Sid, actions sorted, conditions left to the role's policy
    expect(boundaryAllowFromStatements(statements)).toEqual([
      { Sid: 'Secrets', Action: ['secretsmanager:GetSecretValue', 'secretsmanager:PutSecretValue'], Resource: ['arn:aws:secretsmanager:us-east-1:1:secret:a-??????', 'arn:aws:secretsmanager:us-east-1:1:secret:b-??????'] },
      { Sid: 'Logs', Action: ['logs:PutLogEvents'], Resource: ['arn:aws:logs:us-east-1:1:log-group:x:*'] },
    ]);
  });
});
