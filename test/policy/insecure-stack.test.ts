import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DbInstance } from '@cdktf/provider-aws/lib/db-instance';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { App, TerraformStack, Testing } from 'cdktf';
import { PolicyBundle, PolicyPack } from '../../src/policy';

const ASSUME_ECS = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});

/** A stack a user might write by hand: every classic mistake once. */
function insecureStack(app: App): TerraformStack {
  const stack = new TerraformStack(app, 'raw');
  new AwsProvider(stack, 'aws', { region: 'us-east-1' });
  new SecurityGroup(stack, 'SshFromAnywhere', {
    name: 'ssh',
    description: 'ssh for debugging',
    vpcId: 'vpc-0123456789abcdef0',
    ingress: [{ fromPort: 22, toPort: 22, protocol: 'tcp', cidrBlocks: ['0.0.0.0/0'], description: 'ssh' }],
  });
  const role = new IamRole(stack, 'AppRole', { name: 'app', assumeRolePolicy: ASSUME_ECS });
  new IamRolePolicy(stack, 'AdminPolicy', {
    role: role.name,
    policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }),
  });
  new DbInstance(stack, 'Database', {
    identifier: 'app',
    engine: 'postgres',
    instanceClass: 'db.t4g.micro',
    allocatedStorage: 20,
    username: 'app',
    manageMasterUserPassword: true,
    publiclyAccessible: true,
    storageEncrypted: false,
  });
  return stack;
}

describe('insecure raw stack', () => {
  test('synthesis fails and the error names every offending resource, rule and fix at once', () => {
    // GIVEN
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'policy-raw-'));
    const app = new App({ outdir });
    const stack = insecureStack(app);
    new PolicyBundle(stack, 'policy', { packs: [PolicyPack.securityBaseline()] });

    // WHEN
    let error: Error | undefined;
    try {
      app.synth();
    } catch (e) {
      error = e as Error;
    }

    // THEN
    expect(error).toBeDefined();
    const message = error!.message;
    expect(message).toContain('[raw/SshFromAnywhere] [LLM-NET-1[tcp:22:0.0.0.0/0]]');
    expect(message).toContain('[raw/AdminPolicy] [LLM-IAM-1[Action::*]]');
    expect(message).toContain('[raw/AdminPolicy] [LLM-IAM-4[Statement::Action:*,Resource:*]]');
    expect(message).toContain('[raw/AppRole] [LLM-IAM-2]');
    expect(message).toContain('[raw/Database] [LLM-DB-1]');
    expect(message).toContain('[raw/Database] [LLM-DB-2]');
    expect(message).toMatch(/\[raw\/Database\] \[LLM-DB-2\] .* Fix: Set `publicly_accessible = false`/);
    // Reports are written even though synthesis failed.
    const report = JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', 'raw', 'policy-report.json'), 'utf8'));
    expect(report.passed).toBe(false);
    expect(report.summary.errors).toBeGreaterThanOrEqual(6);
  });

  test('error findings are error annotations on the offending constructs', () => {
    // GIVEN
    const app = Testing.app();
    const stack = insecureStack(app);
    new PolicyBundle(stack, 'policy', { packs: [PolicyPack.securityBaseline()] });

    // WHEN
    Testing.synth(stack);

    // THEN
    const errorsOf = (id: string): string[] =>
      stack.node.findChild(id).node.metadata.filter((m) => m.type === '@cdktf/error').map((m) => String(m.data));
    expect(errorsOf('SshFromAnywhere')).toEqual([expect.stringContaining('[LLM-NET-1[tcp:22:0.0.0.0/0]]')]);
    expect(errorsOf('AppRole')).toEqual([expect.stringContaining('[LLM-IAM-2]')]);
    expect(errorsOf('Database').join('\n')).toMatch(/LLM-DB-1[\s\S]*LLM-DB-2/);
  });
});
