import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity';
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
import { Construct } from 'constructs';
import {
  AlertChannel, EcsFargateGateway, GatewayPeer, GatewayRuntime, GatewayTenancy, LlmGateway, ModelDeployment, ObservabilityStack, ObservabilityTarget,
  EncryptedLogGroup, OwnershipTagging, PermissionsBoundary, PlatformKey, PolicyBundle, PolicyPack, TeamIdentity, TenantQuota,
} from '../../src';
import { App, Fn, TerraformOutput, TerraformStack, TerraformVariable } from '../../src/core/cdktf';

const REGION = 'us-east-1';
/** The private DNS zone and the gateway's name in it: callers use this name, which the certificate carries. */
const ZONE = 'internal.example.com';
const DOMAIN = `llm.${ZONE}`;
const AZS = ['us-east-1a', 'us-east-1b'];
const VPC_CIDR = '10.40.0.0/16';

/**
 * A small but real network: a VPC with public subnets (load balancer-free; they hold the NAT gateway)
 * and private subnets in two AZs for the tasks, Redis and Aurora. One NAT gateway keeps the example
 * cheap; production networks use one per AZ (or VPC endpoints for Bedrock, ECR, Secrets Manager, S3 and
 * CloudWatch Logs plus an egress path for ghcr.io).
 */
class Network extends Construct {
  public readonly vpcId: string;
  public readonly privateSubnetIds: string[];

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const vpc = new Vpc(this, 'Vpc', { cidrBlock: VPC_CIDR, enableDnsHostnames: true, enableDnsSupport: true, tags: { Name: 'llm-gateway' } });
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
      const subnet = new Subnet(this, `Private${i + 1}`, { vpcId: vpc.id, availabilityZone: az, cidrBlock: `10.40.${10 + i}.0/24` });
      new RouteTableAssociation(this, `Private${i + 1}Routes`, { subnetId: subnet.id, routeTableId: privateRoutes.id });
      return subnet.id;
    });
    this.vpcId = vpc.id;
  }
}

/** Options of the quickstart (the benchmark builds it without observability to measure its cost). */
export interface QuickstartOptions {
  /** Watch the gateway with an ObservabilityStack. @default true */
  readonly observability?: boolean;
}

/** Quickstart: a private LiteLLM gateway on ECS Fargate with a Bedrock model and a fallback. */
export function build(app: App, options: QuickstartOptions = {}): void {
  const stack = new TerraformStack(app, 'aws-ecs-gateway');
  new AwsProvider(stack, 'aws', { region: REGION });
  OwnershipTagging.apply(stack, { team: 'platform', environment: 'dev', costCenter: 'cc-1234' });
  // Synthesis fails on any error-level finding; reports land beside cdk.tf.json (JSON and SARIF).
  new PolicyBundle(stack, 'Policy', {
    packs: [PolicyPack.securityBaseline(), PolicyPack.llmGovernance({
      modelAllowList: ['bedrock/us.anthropic.claude-3-5-haiku-20241022-v1:0', 'bedrock/amazon.nova-lite-v1:0'],
      aliasAllowList: ['chat-default', 'chat-fallback'],
    })],
  });

  const certificateArn = new TerraformVariable(stack, 'certificate_arn', {
    type: 'string',
    description: 'ACM certificate for the gateway\'s HTTPS listener (its name is what callers use).',
    // Placeholder so the example plans as-is; pass your own with -var certificate_arn=...
    default: 'arn:aws:acm:us-east-1:123456789012:certificate/00000000-0000-0000-0000-000000000000',
  });

  const network = new Network(stack, 'Network');
  // Private zone for the gateway's name (an alias to the internal load balancer is created in it).
  const zone = new Route53Zone(stack, 'PrivateZone', {
    name: ZONE,
    comment: 'Private names of the LLM platform',
    vpc: [{ vpcId: network.vpcId }],
  });
  // Workloads that call the gateway (inference routes only) and operators' tools (admin API): attach these groups.
  const callers = new SecurityGroup(stack, 'Callers', {
    name: 'llm-gateway-callers',
    description: 'Workloads that call the LLM gateway (inference routes)',
    vpcId: network.vpcId,
  });
  const operators = new SecurityGroup(stack, 'Operators', {
    name: 'llm-gateway-operators',
    description: 'Operations tools that use the LLM gateway admin API',
    vpcId: network.vpcId,
  });

  // Organisations usually bring their own boundary; the example defines a small one so every role gets one.
  // A boundary is a ceiling: the only actions the gateway's roles may ever have, on this account's resources.
  const account = new DataAwsCallerIdentity(stack, 'Account').accountId;
  const boundary = new PermissionsBoundary(stack, 'GatewayBoundary', {
    nameParts: ['llm-gateway'],
    description: 'Ceiling for the LLM gateway roles',
    // Explicit denies of privilege escalation and of removing the boundary are added by the construct.
    allow: [
      { Sid: 'Models', Action: ['bedrock:InvokeModel', 'bedrock:InvokeModelWithResponseStream'], Resource: ['arn:aws:bedrock:*::foundation-model/*', `arn:aws:bedrock:*:${account}:inference-profile/*`] },
      // GetAuthorizationToken has no resource-level permissions (ECR IAM reference).
      { Sid: 'EcrLogin', Action: 'ecr:GetAuthorizationToken', Resource: '*' },
      { Sid: 'EcrPull', Action: ['ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'], Resource: `arn:aws:ecr:*:${account}:repository/*` },
      { Sid: 'Decrypt', Action: 'kms:Decrypt', Resource: `arn:aws:kms:*:${account}:key/*` },
      { Sid: 'Logs', Action: ['logs:CreateLogStream', 'logs:DescribeLogStreams', 'logs:PutLogEvents'], Resource: `arn:aws:logs:*:${account}:log-group:*` },
      { Sid: 'Database', Action: 'rds-db:connect', Resource: `arn:aws:rds-db:*:${account}:dbuser:*/*` },
      { Sid: 'Config', Action: 's3:GetObject', Resource: 'arn:aws:s3:::*/*' },
      { Sid: 'Secrets', Action: 'secretsmanager:GetSecretValue', Resource: `arn:aws:secretsmanager:*:${account}:secret:*` },
      // Observability: the collector sidecar, the audit trail writer and the Grafana workspace role.
      { Sid: 'Metrics', Action: ['aps:RemoteWrite', 'aps:QueryMetrics', 'aps:GetSeries', 'aps:GetLabels', 'aps:GetMetricMetadata'], Resource: `arn:aws:aps:*:${account}:workspace/*` },
      // X-Ray's write and sampling actions have no resource-level permissions.
      { Sid: 'Traces', Action: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords', 'xray:GetSamplingRules', 'xray:GetSamplingTargets'], Resource: '*' },
      { Sid: 'AuditTrail', Action: 's3:PutObject', Resource: 'arn:aws:s3:::*/litellm/*' },
      { Sid: 'Encrypt', Action: 'kms:GenerateDataKey', Resource: `arn:aws:kms:*:${account}:key/*` },
    ],
  });

  // ---- Observability: metrics, traces, dashboards, SLO alerts and the audit trail ------------------
  const observability = options.observability === false ? undefined : platformObservability(stack, network, boundary.arn);

  // VPC flow logs (all traffic) to a KMS-encrypted log group, through a role under the same boundary.
  const networkKey = new PlatformKey(stack, 'NetworkKey', { description: 'VPC flow logs', nameParts: ['llm-gateway-network'], servicePrincipals: ['logs'] });
  const flowLogs = new EncryptedLogGroup(stack, 'FlowLogs', { nameParts: ['llm-gateway-network', 'flow-logs'], kmsKeyArn: networkKey.keyArn });
  const flowLogRole = new IamRole(stack, 'FlowLogRole', {
    name: 'llm-gateway-network-flow-logs',
    permissionsBoundary: boundary.arn,
    assumeRolePolicy: Fn.jsonencode({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { Service: 'vpc-flow-logs.amazonaws.com' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:SourceAccount': account } } }],
    }),
  });
  new IamRolePolicy(stack, 'FlowLogRolePolicy', {
    role: flowLogRole.name,
    policy: Fn.jsonencode({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:DescribeLogStreams', 'logs:PutLogEvents'], Resource: [flowLogs.arn, `${flowLogs.arn}:*`] }],
    }),
  });
  new FlowLog(stack, 'VpcFlowLog', { vpcId: network.vpcId, trafficType: 'ALL', logDestinationType: 'cloud-watch-logs', logDestination: flowLogs.arn, iamRoleArn: flowLogRole.arn });

  const gateway = new LlmGateway(stack, 'gateway', {
    name: 'llm-gateway',
    runtime: GatewayRuntime.ecsFargate({
      vpcId: network.vpcId,
      privateSubnetIds: network.privateSubnetIds,
      certificateArn: certificateArn.stringValue,
      // The name the certificate carries; the endpoint is https://<domainName>, aliased in the private zone.
      domainName: DOMAIN,
      hostedZoneId: zone.zoneId,
      permissionsBoundaryArn: boundary.arn,
    }),
    models: [
      // A US cross-Region inference profile: the task role gets the profile and the model in each US Region.
      ModelDeployment.bedrock({ alias: 'chat-default', modelId: 'us.anthropic.claude-3-5-haiku-20241022-v1:0', region: REGION }),
      ModelDeployment.bedrock({ alias: 'chat-fallback', modelId: 'amazon.nova-lite-v1:0', region: REGION }),
    ],
    fallbacks: [{ from: 'chat-default', to: ['chat-fallback'] }],
    tags: { team: 'platform', environment: 'dev' },
    observability,
  });

  gateway.connections.allowFrom(GatewayPeer.securityGroup(callers.id));
  gateway.connections.allowAdminFrom(GatewayPeer.securityGroup(operators.id));

  const runtime = gateway.node.findChild('EcsFargate') as EcsFargateGateway;
  // The salt key never rotates (a new value makes the credentials LiteLLM stored undecryptable): accepted here,
  // with the library's reason, so the policy report shows the decision (LLM-SEC-1, Suppressed).
  PolicyBundle.suppress(runtime.saltKey.secret, 'LLM-SEC-1', runtime.saltKey.neverRotatedReason!);
  new TerraformOutput(stack, 'endpoint', { value: gateway.endpoint, description: 'Base URL (OpenAI-compatible: <endpoint>/v1/chat/completions); the certificate\'s name, resolvable in the VPC' });
  new TerraformOutput(stack, 'admin_endpoint', { value: gateway.adminEndpoint!, description: 'Admin API (/key/*, /team/*, ...) for the operators security group' });
  new TerraformOutput(stack, 'callers_security_group_id', { value: callers.id, description: 'Attach to workloads that call the gateway' });
  new TerraformOutput(stack, 'operators_security_group_id', { value: operators.id, description: 'Attach to operations tools that use the admin API' });
  new TerraformOutput(stack, 'master_key_secret_arn', {
    value: runtime.masterKeySecretArn,
    description: 'LiteLLM master key (aws secretsmanager get-secret-value); use it to issue virtual keys, never to call models',
  });
  new TerraformOutput(stack, 'load_balancer_security_group_id', { value: runtime.loadBalancer.securityGroup.id });

  // ---- Tenancy: the gateway's control plane here, each team in its own stack (its own Terraform state) ----
  // The reconciler and rotation functions run once per gateway, in its private subnets; team stacks reference
  // a fixed set of this stack's outputs, so adding a team never changes this stack.
  new GatewayTenancy(stack, 'Tenancy', { gateway, callerSecurityGroupId: callers.id });
  const hiring = teamStack(app, 'hiring');
  const hiringQuota = new TenantQuota(hiring, 'Quota', {
    gateway,
    team: 'hiring',
    models: ['chat-default', 'chat-fallback'],
    monthlyBudgetUsd: 2_000,
    softBudgetPercent: 80,
    tokensPerMinute: 200_000,
    requestsPerMinute: 600,
    identity: TeamIdentity.awsRole({ trustedServices: ['ecs-tasks.amazonaws.com'] }),
    cloudBudget: { monthlyLimitUsd: 500, emails: ['hiring-leads@example.com'] },
    owner: 'hiring-squad',
  });
  hiringQuota.addKey('job-description-gen', { tokensPerMinute: 50_000, rotationDays: 30 });
  hiringQuota.addKey('cv-screening', { models: ['chat-default'], requestsPerMinute: 120, monthlyBudgetUsd: 500 });

  const search = teamStack(app, 'search');
  const searchQuota = new TenantQuota(search, 'Quota', {
    gateway,
    team: 'search',
    models: ['chat-default'],
    monthlyBudgetUsd: 1_000,
    tokensPerMinute: 100_000,
    requestsPerMinute: 300,
    identity: TeamIdentity.awsRole({ trustedServices: ['lambda.amazonaws.com'] }),
    cloudBudget: { monthlyLimitUsd: 250, emails: ['search-leads@example.com'], forecastThresholdPercents: [90] },
    owner: 'search-squad',
  });
  searchQuota.addKey('query-rewrite', { tokensPerMinute: 40_000, rotationDays: 14 });
  // Each team's dashboard and SLO/budget alerts live in the team's stack too (one row and alert set per key).
  for (const [teamScope, quota, budget] of [[hiring, hiringQuota, 2_000], [search, searchQuota, 1_000]] as const) {
    if (!observability) break;
    const teamObservability = observability.addTeamDashboard(quota.team, { scope: teamScope, monthlyBudgetUsd: budget });
    for (const key of quota.tenantKeys) teamObservability.addFeature({ name: key.name, keyAlias: key.keyAlias });
  }
  for (const [teamScope, quota] of [[hiring, hiringQuota], [search, searchQuota]] as const) {
    new TerraformOutput(teamScope, 'role_arn', { value: quota.identity.roleArn!, description: 'Role of the team\'s workloads (reads its keys)' });
    for (const key of quota.tenantKeys) {
      new TerraformOutput(teamScope, `key_${key.name.replace(/-/g, '_')}_secret_arn`, { value: key.secret.awsSecretArn, description: `Virtual key ${key.keyAlias} (JSON field api_key)` });
    }
  }
}

/**
 * The platform's observability. Managed Grafana has no public access: it is reached through an interface
 * endpoint in the VPC (Terraform too, to provision the dashboards: run it from inside the VPC or add your range).
 */
function platformObservability(stack: TerraformStack, network: Network, boundaryArn: string): ObservabilityStack {
  const grafanaEndpointSg = new SecurityGroup(stack, 'GrafanaEndpoint', {
    name: 'llm-grafana-endpoint',
    description: 'Amazon Managed Grafana interface endpoint: HTTPS from the VPC',
    vpcId: network.vpcId,
  });
  new VpcSecurityGroupIngressRule(stack, 'GrafanaEndpointHttps', {
    securityGroupId: grafanaEndpointSg.id,
    cidrIpv4: VPC_CIDR,
    ipProtocol: 'tcp',
    fromPort: 443,
    toPort: 443,
    description: 'HTTPS to Managed Grafana from the VPC',
  });
  const grafanaEndpoint = new VpcEndpoint(stack, 'GrafanaEndpointInterface', {
    vpcId: network.vpcId,
    serviceName: `com.amazonaws.${REGION}.grafana-workspace`,
    vpcEndpointType: 'Interface',
    subnetIds: network.privateSubnetIds,
    securityGroupIds: [grafanaEndpointSg.id],
    privateDnsEnabled: true,
  });
  const observability = new ObservabilityStack(stack, 'Observability', {
    target: ObservabilityTarget.aws({
      grafana: { allowedVpcEndpointIds: [grafanaEndpoint.id] },
      permissionsBoundaryArn: boundaryArn,
    }),
    slo: { availability: 0.999, latencyP95Ms: 1200 },
    alerting: { page: [AlertChannel.email('llm-oncall@example.com')], ticket: [AlertChannel.email('llm-platform@example.com')] },
    runbookUrl: 'https://runbooks.example.com/llm-gateway',
  });
  // Terraform manages the workspace's Prometheus data source and folders, which takes the Admin role, and
  // the grafana provider authenticates with a token minted here: a shorter lifetime would leave the next
  // plan unable to refresh the dashboards once it expired (the token is in state; see the README).
  PolicyBundle.suppress(observability.targetResources.node.findChild('Grafana'), 'LLM-GRAF-2',
    'Admin role: Terraform manages the Prometheus data source and folders; the 30-day token is replaced before expiry (terraform apply -replace)');
  return observability;
}

/** A team's own stack: provider, ownership tags and the same policy packs as the platform. */
function teamStack(app: App, team: string): TerraformStack {
  const stack = new TerraformStack(app, `aws-ecs-gateway-team-${team}`);
  new AwsProvider(stack, 'aws', { region: REGION });
  OwnershipTagging.apply(stack, { team, environment: 'dev', costCenter: 'cc-1234' });
  new PolicyBundle(stack, 'Policy', { packs: [PolicyPack.securityBaseline(), PolicyPack.llmGovernance({ aliasAllowList: ['chat-default', 'chat-fallback'] })] });
  return stack;
}

if (require.main === module) {
  const app = new App();
  build(app);
  app.synth();
}
