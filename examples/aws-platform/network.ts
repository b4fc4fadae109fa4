import { DefaultSecurityGroup } from '@cdktf/provider-aws/lib/default-security-group';
import { Eip } from '@cdktf/provider-aws/lib/eip';
import { FlowLog } from '@cdktf/provider-aws/lib/flow-log';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { InternetGateway } from '@cdktf/provider-aws/lib/internet-gateway';
import { NatGateway } from '@cdktf/provider-aws/lib/nat-gateway';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Route } from '@cdktf/provider-aws/lib/route';
import { RouteTable } from '@cdktf/provider-aws/lib/route-table';
import { RouteTableAssociation } from '@cdktf/provider-aws/lib/route-table-association';
import { Route53Zone } from '@cdktf/provider-aws/lib/route53-zone';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { Subnet } from '@cdktf/provider-aws/lib/subnet';
import { Vpc } from '@cdktf/provider-aws/lib/vpc';
import { VpcEndpoint } from '@cdktf/provider-aws/lib/vpc-endpoint';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import type { Construct } from 'constructs';
import { AwsEnvironment, EncryptedLogGroup, OwnershipTagging, PermissionsBoundary, PlatformKey, PolicyBundle, PolicyPack } from '../../src';
import { Fn, TerraformStack, TerraformVariable } from '../../src/core/cdktf';

export const REGION = 'us-east-1';
/** The private DNS zone; the gateway's name in it is what callers use and what the certificate carries. */
export const ZONE = 'internal.example.com';
const AZS = ['us-east-1a', 'us-east-1b'];
const VPC_CIDR = '10.40.0.0/16';

/**
 * The network the platform runs in, in its own stack and state (networks usually belong to another team and
 * change on another rhythm): a VPC with private subnets in two AZs, one NAT gateway for model APIs and ghcr.io
 * (production networks use one per AZ, or VPC endpoints), all flows logged to an encrypted log group, the default
 * security group closed, a private zone for the gateway's name, and the interface endpoint through which Managed
 * Grafana is reached from inside. The platform stack reads these values through Terraform remote state.
 */
export class PlatformNetwork extends TerraformStack {
  public readonly vpcId: string;
  public readonly privateSubnetIds: string[];
  public readonly zoneId: string;
  public readonly grafanaEndpointId: string;
  public readonly certificateArn: string;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    new AwsProvider(this, 'aws', { region: REGION });
    OwnershipTagging.apply(this, { team: 'network', environment: 'production', costCenter: 'cc-1234' });
    new PolicyBundle(this, 'Policy', { packs: [PolicyPack.securityBaseline(), PolicyPack.llmGovernance()] });

    // The gateway's certificate (ACM, for `llm.internal.example.com`): pass yours with -var certificate_arn=...
    this.certificateArn = new TerraformVariable(this, 'certificate_arn', {
      type: 'string',
      description: 'ACM certificate of the LLM gateway (its name is what callers use)',
      default: 'arn:aws:acm:us-east-1:123456789012:certificate/00000000-0000-0000-0000-000000000000',
    }).stringValue;

    const vpc = new Vpc(this, 'Vpc', { cidrBlock: VPC_CIDR, enableDnsHostnames: true, enableDnsSupport: true, tags: { Name: 'llm-platform' } });
    new DefaultSecurityGroup(this, 'DefaultSecurityGroupClosed', { vpcId: vpc.id });
    const igw = new InternetGateway(this, 'Igw', { vpcId: vpc.id });
    const publicRoutes = new RouteTable(this, 'PublicRoutes', { vpcId: vpc.id });
    new Route(this, 'PublicDefault', { routeTableId: publicRoutes.id, destinationCidrBlock: '0.0.0.0/0', gatewayId: igw.id });
    const publicSubnets = AZS.map((az, i) => {
      const subnet = new Subnet(this, `Public${i + 1}`, { vpcId: vpc.id, availabilityZone: az, cidrBlock: `10.40.${i}.0/24`, mapPublicIpOnLaunch: false });
      new RouteTableAssociation(this, `Public${i + 1}Routes`, { subnetId: subnet.id, routeTableId: publicRoutes.id });
      return subnet;
    });
    const nat = new NatGateway(this, 'Nat', { allocationId: new Eip(this, 'NatIp', { domain: 'vpc' }).id, subnetId: publicSubnets[0].id, dependsOn: [igw] });
    const privateRoutes = new RouteTable(this, 'PrivateRoutes', { vpcId: vpc.id });
    new Route(this, 'PrivateDefault', { routeTableId: privateRoutes.id, destinationCidrBlock: '0.0.0.0/0', natGatewayId: nat.id });
    this.privateSubnetIds = AZS.map((az, i) => {
      const subnet = new Subnet(this, `Private${i + 1}`, { vpcId: vpc.id, availabilityZone: az, cidrBlock: `10.40.${16 + i * 16}.0/20` });
      new RouteTableAssociation(this, `Private${i + 1}Routes`, { subnetId: subnet.id, routeTableId: privateRoutes.id });
      return subnet.id;
    });
    this.vpcId = vpc.id;
    this.zoneId = new Route53Zone(this, 'PrivateZone', { name: ZONE, comment: 'Private names of the LLM platform', vpc: [{ vpcId: vpc.id }] }).zoneId;

    // Every flow, logged to a KMS-encrypted group through a role under a boundary of exactly that.
    const env = AwsEnvironment.of(this);
    const boundary = new PermissionsBoundary(this, 'FlowLogBoundary', {
      nameParts: ['llm-network', 'flow-logs'],
      description: 'Ceiling of the VPC flow log role: writing its log group',
      allow: [{ Sid: 'FlowLogs', Action: ['logs:CreateLogStream', 'logs:DescribeLogStreams', 'logs:PutLogEvents'], Resource: `arn:${env.partition}:logs:${REGION}:${env.account}:log-group:*` }],
    });
    const key = new PlatformKey(this, 'NetworkKey', { description: 'VPC flow logs', nameParts: ['llm-network'], servicePrincipals: ['logs'] });
    const flowLogs = new EncryptedLogGroup(this, 'FlowLogs', { nameParts: ['llm-network', 'flow-logs'], kmsKeyArn: key.keyArn });
    const role = new IamRole(this, 'FlowLogRole', {
      name: 'llm-network-flow-logs',
      permissionsBoundary: boundary.arn,
      assumeRolePolicy: Fn.jsonencode({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { Service: 'vpc-flow-logs.amazonaws.com' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:SourceAccount': env.account } } }],
      }),
    });
    new IamRolePolicy(this, 'FlowLogRolePolicy', {
      role: role.name,
      policy: Fn.jsonencode({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:DescribeLogStreams', 'logs:PutLogEvents'], Resource: [flowLogs.arn, `${flowLogs.arn}:*`] }],
      }),
    });
    new FlowLog(this, 'VpcFlowLog', { vpcId: vpc.id, trafficType: 'ALL', logDestinationType: 'cloud-watch-logs', logDestination: flowLogs.arn, iamRoleArn: role.arn });

    // Managed Grafana has no public access: people (and Terraform, for the dashboards) reach it through this endpoint.
    const grafanaSg = new SecurityGroup(this, 'GrafanaEndpoint', { name: 'llm-grafana-endpoint', description: 'Amazon Managed Grafana interface endpoint: HTTPS from the VPC', vpcId: vpc.id });
    new VpcSecurityGroupIngressRule(this, 'GrafanaEndpointHttps', {
      securityGroupId: grafanaSg.id, cidrIpv4: VPC_CIDR, ipProtocol: 'tcp', fromPort: 443, toPort: 443, description: 'HTTPS to Managed Grafana from the VPC',
    });
    this.grafanaEndpointId = new VpcEndpoint(this, 'GrafanaEndpointInterface', {
      vpcId: vpc.id,
      serviceName: `com.amazonaws.${REGION}.grafana-workspace`,
      vpcEndpointType: 'Interface',
      subnetIds: this.privateSubnetIds,
      securityGroupIds: [grafanaSg.id],
      privateDnsEnabled: true,
    }).id;
  }
}
