import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { AuroraPostgres, AuroraSqlBootstrap, sqlPayloadSha256 } from '../../src/aws';
import { App, Testing, TerraformStack } from '../../src/core/cdktf';

function newRunner(permissionsBoundaryArn?: string) {
  const stack = new TerraformStack(Testing.app({ stubVersion: true }), 'platform');
  new AwsProvider(stack, 'aws', { region: 'us-east-1' });
  const database = new AuroraPostgres(stack, 'Db', {
    vpcId: 'vpc-0123456789abcdef0',
    subnetIds: ['subnet-0123456789abcdef0', 'subnet-0123456789abcdef1'],
    nameParts: ['gw'],
    kmsKeyArn: 'arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555',
    databaseName: 'litellm',
    enableDataApi: true,
  });
  const runner = new AuroraSqlBootstrap(stack, 'Sql', {
    database,
    kmsKeyArn: 'arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555',
    nameParts: ['gw', 'sql'],
    description: 'Creates the gateway role',
    permissionsBoundaryArn,
  });
  return { stack, runner };
}

describe('AuroraSqlBootstrap', () => {
  test('the role gets a boundary allowing exactly its own permissions unless one is given', () => {
    const { stack } = newRunner();
    const json = JSON.parse(Testing.synth(stack));
    const role = Object.values<any>(json.resource.aws_iam_role)[0];
    const boundary = Object.entries<any>(json.resource.aws_iam_policy).find(([id]) => id.includes('Sql_Boundary'))!;
    expect(role.permissions_boundary).toBe(`\${aws_iam_policy.${boundary[0]}.arn}`);
    const statements = JSON.parse(boundary[1].policy).Statement;
    expect(statements.filter((s: any) => s.Effect === 'Allow').map((s: any) => [s.Sid, s.Resource])).toEqual([
      ['DataApiOnThisCluster', '${aws_rds_cluster.Db_Cluster_91341799.arn}'],
      ['MasterSecret', '${aws_rds_cluster.Db_Cluster_91341799.master_user_secret[0].secret_arn}'],
      ['DecryptWithStoreKey', 'arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555'],
      ['OwnLogs', expect.stringMatching(/^\$\{aws_cloudwatch_log_group\..+\.arn\}:\*$/)],
    ]);
    expect(statements.map((s: any) => s.Sid)).toEqual(expect.arrayContaining(['NoPrivilegeEscalation', 'KeepTheBoundary']));

    const own = newRunner('arn:aws:iam::123456789012:policy/org-boundary');
    const ownJson = JSON.parse(Testing.synth(own.stack));
    expect(Object.values<any>(ownJson.resource.aws_iam_role)[0].permissions_boundary).toBe('arn:aws:iam::123456789012:policy/org-boundary');
    expect(ownJson.resource.aws_iam_policy).toBeUndefined();
  });

  test('run(): one invocation per call, input = payload + its hash, and the cluster as triggers', () => {
    const { stack, runner } = newRunner();
    const payload = { statements: ['CREATE ROLE litellm_app LOGIN', 'GRANT rds_iam TO litellm_app'] };
    runner.run('GatewayRole', () => payload);
    const json = JSON.parse(Testing.synth(stack));
    const run = Object.values<any>(json.resource.aws_lambda_invocation)[0];
    const input = JSON.parse(run.input);
    expect(input).toEqual({ ...payload, indexBuilds: [], sha256: sqlPayloadSha256(payload) });
    expect(run.triggers.sql_sha256).toBe(input.sha256);
    expect(run.triggers.cluster).toBe('${aws_rds_cluster.Db_Cluster_91341799.cluster_resource_id}');
    expect(run.depends_on).toEqual(expect.arrayContaining([expect.stringMatching(/^aws_rds_cluster_instance\./), expect.stringMatching(/^aws_iam_role_policy\./)]));
  });

  test('runFrom(): an invocation in another stack, CRUD, reading only the exported function name and cluster id', () => {
    const { stack, runner } = newRunner();
    runner.exportForOtherStacks();
    const app = stack.node.root as App;
    stack.prepareStack(); // as App.synth() does: the local backend other stacks read the outputs from
    const before = Testing.synth(stack);
    const team = new TerraformStack(app, 'team');
    new AwsProvider(team, 'aws', { region: 'us-east-1' });
    const payload = { statements: ['SELECT 1'], deleteStatements: ['SELECT 2'] };
    runner.runFrom(team, 'TeamRun', () => payload);
    app.synth();
    // The runner's stack did not change when the other stack started using it.
    expect(Testing.synth(stack)).toBe(before);
    const outputs = Object.keys(JSON.parse(before).output).sort();
    expect(outputs).toEqual([
      'cross-stack-output-aws_lambda_functionSql_Function_8152AFB7function_name',
      'cross-stack-output-aws_rds_clusterDb_Cluster_91341799cluster_resource_id',
    ]);
    const run = Object.values<any>(JSON.parse(Testing.synth(team)).resource.aws_lambda_invocation)[0];
    expect(run.lifecycle_scope).toBe('CRUD');
    expect(run.function_name).toBe(`\${data.terraform_remote_state.cross-stack-reference-input-platform.outputs.${outputs[0]}}`);
    // Only the cluster triggers a replacement (which would run the delete): the SQL changes by update.
    expect(run.triggers).toEqual({ cluster: `\${data.terraform_remote_state.cross-stack-reference-input-platform.outputs.${outputs[1]}}` });
    expect(run.depends_on).toBeUndefined();
    expect(JSON.parse(run.input)).toEqual({ statements: ['SELECT 1'], indexBuilds: [], deleteStatements: ['SELECT 2'], sha256: sqlPayloadSha256(payload) });
    // deleteStatements are part of the hash; a payload without them hashes as before.
    expect(sqlPayloadSha256(payload)).not.toBe(sqlPayloadSha256({ statements: ['SELECT 1'] }));
    expect(sqlPayloadSha256({ statements: ['SELECT 1'] })).toBe(sqlPayloadSha256({ statements: ['SELECT 1'], indexBuilds: [] }));
  });
});
