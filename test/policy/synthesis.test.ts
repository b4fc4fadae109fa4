import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DbInstance } from '@cdktf/provider-aws/lib/db-instance';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { App, TerraformStack, Testing } from 'cdktf';
import { PolicyBundle, PolicyPack, renderJsonReport } from '../../src/policy';

const ASSUME = JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' }] });

function build(stack: TerraformStack): void {
  new AwsProvider(stack, 'aws', { region: 'us-east-1' });
  new SecurityGroup(stack, 'Ssh', { description: 'ssh', ingress: [{ fromPort: 22, toPort: 22, protocol: 'tcp', cidrBlocks: ['0.0.0.0/0'], description: 'ssh' }] });
  new IamRole(stack, 'Role', { assumeRolePolicy: ASSUME });
  new DbInstance(stack, 'Database', { engine: 'postgres', instanceClass: 'db.t4g.micro', publiclyAccessible: true });
}

describe('synthesis', () => {
  test('the bundle adds nothing to the synthesized Terraform', () => {
    const plain = new TerraformStack(Testing.app({ stubVersion: true }), 'stack');
    build(plain);
    const governed = new TerraformStack(Testing.app({ stubVersion: true }), 'stack');
    build(governed);
    new PolicyBundle(governed, 'policy', { packs: [PolicyPack.securityBaseline(), PolicyPack.llmGovernance()] });
    expect(Testing.synth(governed)).toEqual(Testing.synth(plain));
  });

  test('report of the insecure stack (snapshot of the defaults)', () => {
    const stack = new TerraformStack(Testing.app({ stubVersion: true }), 'stack');
    build(stack);
    const bundle = new PolicyBundle(stack, 'policy', { packs: [PolicyPack.securityBaseline(), PolicyPack.llmGovernance()] });
    Testing.synth(stack);
    expect(renderJsonReport('stack', bundle.packs.map((p) => p.name), bundle.findings(stack))).toMatchSnapshot();
  });

  describe('under the cdktf CLI (CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS)', () => {
    const saved = process.env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS;
    beforeEach(() => { process.env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS = 'true'; });
    afterEach(() => {
      if (saved === undefined) delete process.env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS;
      else process.env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS = saved;
    });

    test('every stack is written and every error finding lands in the manifest, which the CLI fails on', () => {
      // GIVEN an app-level bundle over two failing stacks
      const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'policy-cli-'));
      const app = new App({ outdir });
      build(new TerraformStack(app, 'one'));
      build(new TerraformStack(app, 'two'));
      new PolicyBundle(app, 'policy', { packs: [PolicyPack.securityBaseline()] });

      // WHEN
      app.synth();

      // THEN the manifest lists every finding of both stacks (the CLI prints them all and exits non-zero)
      const manifest = JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf8'));
      for (const id of ['one', 'two']) {
        const errors = manifest.stacks[id].annotations.filter((a: any) => a.level === '@cdktf/error').map((a: any) => `${a.constructPath} ${a.message.split(']')[0]}]`);
        expect(errors).toEqual(expect.arrayContaining([`${id}/Ssh [LLM-NET-1[tcp:22:0.0.0.0/0]`, `${id}/Role [LLM-IAM-2]`, `${id}/Database [LLM-DB-2]`]));
        const sarif = JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', id, 'policy-report.sarif'), 'utf8'));
        const tf = fs.readFileSync(path.join(outdir, 'stacks', id, 'cdk.tf.json'), 'utf8').split('\n');
        const iam2 = sarif.runs[0].results.find((r: any) => r.ruleId === 'LLM-IAM-2');
        // A real App keeps creation sites: the result points at the line of this file that created the role,
        // and at the resource in cdk.tf.json as a related location.
        const source = iam2.locations[0].physicalLocation;
        expect(source.artifactLocation.uri).toBe('test/policy/synthesis.test.ts');
        expect(fs.readFileSync(path.join(__dirname, 'synthesis.test.ts'), 'utf8').split('\n')[source.region.startLine - 1]).toContain("new IamRole(stack, 'Role'");
        expect(tf[iam2.relatedLocations[0].physicalLocation.region.startLine - 1].trim()).toMatch(/^"Role": \{$/);
        expect(sarif.runs[0].automationDetails).toEqual({ id: `cdktf-llm-platform-policy/${id}/` });
      }
    });
  });
});
