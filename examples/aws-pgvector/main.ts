import { DefaultSecurityGroup } from '@cdktf/provider-aws/lib/default-security-group';
import { FlowLog } from '@cdktf/provider-aws/lib/flow-log';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { Subnet } from '@cdktf/provider-aws/lib/subnet';
import { Vpc } from '@cdktf/provider-aws/lib/vpc';
import { AwsEnvironment, EncryptedLogGroup, OwnershipTagging, PermissionsBoundary, PlatformKey, VectorBackend, VectorDistance, VectorPrincipal, VectorStore } from '../../src';
import { App, Fn, TerraformOutput, TerraformStack } from '../../src/core/cdktf';

const REGION = 'us-east-1';

/**
 * A pgvector store on Aurora with two teams: each team's service reads and writes its own collection,
 * and hiring's service may also read support's knowledge base. Everything is created by
 * `terraform apply`, including the schemas, tables, indexes, roles and grants.
 */
export function build(app: App): void {
  const stack = new TerraformStack(app, 'aws-pgvector');
  new AwsProvider(stack, 'aws', { region: REGION });
  OwnershipTagging.apply(stack, { team: 'platform', environment: 'dev' });

  // A small VPC with private subnets in two AZs (no internet gateway: the database needs none).
  const vpc = new Vpc(stack, 'Vpc', { cidrBlock: '10.40.0.0/16', enableDnsHostnames: true, enableDnsSupport: true });
  const subnets = ['us-east-1a', 'us-east-1b'].map(
    (az, i) => new Subnet(stack, `Private${i + 1}`, { vpcId: vpc.id, availabilityZone: az, cidrBlock: `10.40.${i * 16}.0/20`, mapPublicIpOnLaunch: false }),
  );
  // The default security group admits nothing (no rules), and every flow is logged to an encrypted group.
  new DefaultSecurityGroup(stack, 'DefaultSecurityGroupClosed', { vpcId: vpc.id });

  // Organisations usually bring their own boundary; the example defines one for the roles it creates. A
  // boundary is a ceiling: the only actions these roles may ever have, on this account's resources in this
  // Region, whatever policies are attached to them later. The teams' app roles only connect to the database as
  // their IAM database user; the flow-log role only writes its log group. (The store's bootstrap role gets the
  // store's own boundary: exactly the Data API of its cluster, its master secret, its key and its logs.)
  const env = AwsEnvironment.of(stack);
  const inRegion = (service: string, resource: string) => `arn:${env.partition}:${service}:${REGION}:${env.account}:${resource}`;
  const boundary = new PermissionsBoundary(stack, 'RoleBoundary', {
    nameParts: ['vector-apps'],
    description: 'Ceiling for the vector app and flow-log roles (database login, flow logs)',
    // Explicit denies of privilege escalation and of removing the boundary are added by the construct.
    allow: [
      { Sid: 'DatabaseAsIamUser', Action: 'rds-db:connect', Resource: inRegion('rds-db', 'dbuser:*/*') },
      { Sid: 'FlowLogs', Action: ['logs:CreateLogStream', 'logs:DescribeLogStreams', 'logs:PutLogEvents'], Resource: inRegion('logs', 'log-group:*') },
    ],
  });

  const networkKey = new PlatformKey(stack, 'NetworkKey', { description: 'VPC flow logs', nameParts: ['vector-network'], servicePrincipals: ['logs'] });
  const flowLogs = new EncryptedLogGroup(stack, 'FlowLogs', { nameParts: ['vector-network', 'flow-logs'], kmsKeyArn: networkKey.keyArn });
  const flowLogRole = new IamRole(stack, 'FlowLogRole', {
    name: 'vector-network-flow-logs',
    permissionsBoundary: boundary.arn,
    assumeRolePolicy: Fn.jsonencode({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { Service: 'vpc-flow-logs.amazonaws.com' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:SourceAccount': env.account } } }],
    }),
  });
  new IamRolePolicy(stack, 'FlowLogRolePolicy', {
    role: flowLogRole.name,
    policy: Fn.jsonencode({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:DescribeLogStreams', 'logs:PutLogEvents'], Resource: [flowLogs.arn, `${flowLogs.arn}:*`] }],
    }),
  });
  new FlowLog(stack, 'VpcFlowLog', { vpcId: vpc.id, trafficType: 'ALL', logDestinationType: 'cloud-watch-logs', logDestination: flowLogs.arn, iamRoleArn: flowLogRole.arn });

  // The two teams' workloads: an IAM role and a security group each.
  const team = (name: string) => {
    const role = new IamRole(stack, `${name}Role`, {
      name: `${name}-vector-app`,
      permissionsBoundary: boundary.arn,
      assumeRolePolicy: Fn.jsonencode({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' }],
      }),
    });
    const sg = new SecurityGroup(stack, `${name}Tasks`, { name: `${name}-vector-app`, description: `${name} tasks`, vpcId: vpc.id });
    return { role, sg };
  };
  const support = team('support');
  const hiring = team('hiring');

  const store = new VectorStore(stack, 'vectors', {
    backend: VectorBackend.auroraPgvector({ vpcId: vpc.id, subnetIds: subnets.map((s) => s.id) }),
  });
  const kb = store.addCollection({ team: 'support', name: 'kb-articles', dimensions: 1536 });
  const resumes = store.addCollection({ team: 'hiring', name: 'resumes', dimensions: 1024, distance: VectorDistance.DOT_PRODUCT });

  const supportApp = VectorPrincipal.iamRole(support.role.name, 'support_app', { securityGroupId: support.sg.id });
  const hiringApp = VectorPrincipal.iamRole(hiring.role.name, 'hiring_app', { securityGroupId: hiring.sg.id });
  kb.grantReadWrite(supportApp);
  resumes.grantReadWrite(hiringApp);
  kb.grantRead(hiringApp);

  new TerraformOutput(stack, 'endpoint', { value: store.connectionInfo.endpoint });
  new TerraformOutput(stack, 'database', { value: store.connectionInfo.database });
  new TerraformOutput(stack, 'kb_table', { value: `${kb.schemaName}.${kb.tableName}` });
}

if (require.main === module) {
  const app = new App();
  build(app);
  app.synth();
}
