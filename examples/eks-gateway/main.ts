import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { DataAwsAvailabilityZones } from '@cdktf/provider-aws/lib/data-aws-availability-zones';
import { DataAwsEksCluster } from '@cdktf/provider-aws/lib/data-aws-eks-cluster';
import { DefaultSecurityGroup } from '@cdktf/provider-aws/lib/default-security-group';
import { Eip } from '@cdktf/provider-aws/lib/eip';
import { EksAddon } from '@cdktf/provider-aws/lib/eks-addon';
import { EksCluster } from '@cdktf/provider-aws/lib/eks-cluster';
import { EksNodeGroup } from '@cdktf/provider-aws/lib/eks-node-group';
import { EksPodIdentityAssociation } from '@cdktf/provider-aws/lib/eks-pod-identity-association';
import { FlowLog } from '@cdktf/provider-aws/lib/flow-log';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { InternetGateway } from '@cdktf/provider-aws/lib/internet-gateway';
import { LaunchTemplate } from '@cdktf/provider-aws/lib/launch-template';
import { NatGateway } from '@cdktf/provider-aws/lib/nat-gateway';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { RouteTable } from '@cdktf/provider-aws/lib/route-table';
import { RouteTableAssociation } from '@cdktf/provider-aws/lib/route-table-association';
import { Subnet } from '@cdktf/provider-aws/lib/subnet';
import { Vpc } from '@cdktf/provider-aws/lib/vpc';
import { HelmProvider } from '@cdktf/provider-helm/lib/provider';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import {
  AuroraPostgres, AuroraSqlBootstrap, AwsEnvironment, EncryptedLogGroup, GatewayTenancy, ObservabilityStack, ObservabilityTarget, OwnershipTagging,
  PermissionsBoundary, PlatformKey, PolicyBundle, TeamIdentity, TenantQuota,
} from '../../src';
import { App, Fn, TerraformOutput, TerraformResource, TerraformStack } from '../../src/core/cdktf';
import { GatewayRuntime, LlmGateway, ModelDeployment } from '../../src/gateway';
import { databaseBootstrapStatements } from '../../src/gateway/runtimes/ecs-fargate';
import { KubernetesDatabase, KubernetesRedis, KubernetesWorkloadIdentity } from '../../src/gateway/runtimes/kubernetes';
import { MIGRATION_WRITABLE_ROOT_REASON } from '../../src/gateway/runtimes/migrations';

/**
 * An EKS cluster with a private API endpoint, KMS envelope encryption of Secrets, all five control-plane
 * log types (KMS-encrypted, one year), IMDSv2 with hop limit 1 on the nodes and NetworkPolicy enforcement
 * in the VPC CNI; the kubernetes/helm providers wired to it (no random provider: the gateway generates its keys
 * with Terraform's uuid() into write-only Secret data); Aurora PostgreSQL for LiteLLM's keys, teams, budgets and
 * spend (IAM database authentication through EKS Pod Identity, the login created by a Data API function); and the
 * LiteLLM gateway on top.
 *
 * The API endpoint is private: run Terraform from inside the VPC (a CI runner in the private subnets, or
 * over VPN / Direct Connect). The identity that creates the cluster is its first admin (access entries).
 *
 * AWS resources never reference Kubernetes or Helm resources (only the other way round), so the
 * AWS part can be checked by real Terraform on its own.
 */

const REGION = 'us-east-1';
const CLUSTER_NAME = 'llm-platform';
const KUBERNETES_VERSION = '1.33';
/** Namespaces with this label reach the gateway (team namespaces get it from their TenantQuota). */
const ACCESS_LABELS = { 'llm-platform.io/gateway-access': 'llm-gateway' };
const GATEWAY_NAMESPACE = 'llm-gateway';
const GATEWAY_SERVICE_ACCOUNT = 'llm-gateway';
// LiteLLM's database and its IAM-authenticated login.
const DB_NAME = 'litellm';
const DB_USER = 'litellm';
const MODEL_ID = 'anthropic.claude-3-5-haiku-20241022-v1:0';
// The one model in two Regions: one model group behind one alias, so LiteLLM routes around a Regional outage.
const MODEL_REGIONS = [REGION, 'us-west-2'];
// Every control-plane log type (cdk-nag EKS2, checkov CKV_AWS_37).
const CONTROL_PLANE_LOGS = ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'];

const assumeRole = (service: string, actions: string[] = ['sts:AssumeRole']) => Fn.jsonencode({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: actions }],
});

export function build(app: App): void {
  const stack = new TerraformStack(app, 'eks-gateway');
  new AwsProvider(stack, 'aws', { region: REGION });
  const tags = { team: 'platform', environment: 'staging', costCenter: 'cc-1234' };
  OwnershipTagging.apply(stack, tags);
  const env = AwsEnvironment.of(stack);

  // --- permissions boundary: the ceiling for every role below ---------------------------------------
  // Organisations usually bring their own; the example defines one so every role gets one. It allows only
  // what the four roles (flow logs, cluster, nodes, gateway) use, on this account's resources in this Region,
  // whatever policies are attached to them later; explicit denies stop privilege escalation.
  const inRegion = (service: string, resource: string) => `arn:${env.partition}:${service}:${REGION}:${env.account}:${resource}`;
  const boundary = new PermissionsBoundary(stack, 'RoleBoundary', {
    nameParts: [CLUSTER_NAME, 'roles'],
    description: 'Ceiling for the EKS cluster, node, flow-log and gateway roles',
    // Explicit denies of privilege escalation and of removing the boundary are added by the construct.
    allow: [
      {
        // Read-only calls of the VPC CNI, kubelet and the cloud controller (nodes, Service load balancers).
        Sid: 'DescribeReadOnly',
        Action: [
          'ec2:DescribeAccountAttributes', 'ec2:DescribeAddresses', 'ec2:DescribeAvailabilityZones', 'ec2:DescribeDhcpOptions',
          'ec2:DescribeInstanceTopology', 'ec2:DescribeInstanceTypes', 'ec2:DescribeInstances', 'ec2:DescribeInternetGateways',
          'ec2:DescribeNetworkInterfaces', 'ec2:DescribeRouteTables', 'ec2:DescribeSecurityGroups', 'ec2:DescribeSubnets',
          'ec2:DescribeTags', 'ec2:DescribeVpcs',
          'elasticloadbalancing:DescribeListeners', 'elasticloadbalancing:DescribeLoadBalancerAttributes',
          'elasticloadbalancing:DescribeLoadBalancerPolicies', 'elasticloadbalancing:DescribeLoadBalancers',
          'elasticloadbalancing:DescribeTargetGroupAttributes', 'elasticloadbalancing:DescribeTargetGroups',
          'elasticloadbalancing:DescribeTargetHealth',
        ],
        // These actions have no resource-level permissions (AWS Service Authorization Reference): * is the only Resource that works.
        Resource: '*',
      },
      // GetAuthorizationToken has no resource-level permissions (ECR IAM reference).
      { Sid: 'EcrLogin', Action: 'ecr:GetAuthorizationToken', Resource: '*' },
      {
        // Node images and EKS add-on images; the add-on images live in AWS-owned registries, hence any account.
        Sid: 'EcrPull',
        Action: ['ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'],
        Resource: `arn:${env.partition}:ecr:${REGION}:*:repository/*`,
      },
      {
        // Pod networking (VPC CNI on the node role) and Service load balancer security groups (cluster role).
        // No volume or route actions: use the EBS CSI driver with its own Pod Identity role for volumes.
        Sid: 'Ec2InThisAccount',
        Action: [
          'ec2:AssignIpv6Addresses', 'ec2:AssignPrivateIpAddresses', 'ec2:AttachNetworkInterface', 'ec2:AuthorizeSecurityGroupIngress',
          'ec2:CreateNetworkInterface', 'ec2:CreateSecurityGroup', 'ec2:CreateTags', 'ec2:DeleteNetworkInterface', 'ec2:DeleteSecurityGroup',
          'ec2:DetachNetworkInterface', 'ec2:ModifyNetworkInterfaceAttribute', 'ec2:RevokeSecurityGroupIngress', 'ec2:UnassignPrivateIpAddresses',
        ],
        Resource: inRegion('ec2', '*'),
      },
      {
        // Load balancers for Services of type LoadBalancer (the cluster role, through the cloud controller).
        Sid: 'LoadBalancersInThisAccount',
        Action: [
          'elasticloadbalancing:AddTags', 'elasticloadbalancing:ApplySecurityGroupsToLoadBalancer', 'elasticloadbalancing:AttachLoadBalancerToSubnets',
          'elasticloadbalancing:ConfigureHealthCheck', 'elasticloadbalancing:CreateListener', 'elasticloadbalancing:CreateLoadBalancer',
          'elasticloadbalancing:CreateLoadBalancerListeners', 'elasticloadbalancing:CreateLoadBalancerPolicy', 'elasticloadbalancing:CreateTargetGroup',
          'elasticloadbalancing:DeleteListener', 'elasticloadbalancing:DeleteLoadBalancer', 'elasticloadbalancing:DeleteLoadBalancerListeners',
          'elasticloadbalancing:DeleteTargetGroup', 'elasticloadbalancing:DeregisterInstancesFromLoadBalancer', 'elasticloadbalancing:DeregisterTargets',
          'elasticloadbalancing:DetachLoadBalancerFromSubnets', 'elasticloadbalancing:ModifyListener', 'elasticloadbalancing:ModifyLoadBalancerAttributes',
          'elasticloadbalancing:ModifyTargetGroup', 'elasticloadbalancing:ModifyTargetGroupAttributes', 'elasticloadbalancing:RegisterInstancesWithLoadBalancer',
          'elasticloadbalancing:RegisterTargets', 'elasticloadbalancing:SetLoadBalancerPoliciesForBackendServer',
          'elasticloadbalancing:SetLoadBalancerPoliciesOfListener',
        ],
        Resource: inRegion('elasticloadbalancing', '*'),
      },
      {
        // The first load balancer of an account creates ELB's service-linked role; nothing else in IAM is allowed.
        Sid: 'LoadBalancerServiceLinkedRole',
        Action: 'iam:CreateServiceLinkedRole',
        Resource: `arn:${env.partition}:iam::${env.account}:role/aws-service-role/elasticloadbalancing.amazonaws.com/AWSServiceRoleForElasticLoadBalancing`,
        Condition: { StringEquals: { 'iam:AWSServiceName': 'elasticloadbalancing.amazonaws.com' } },
      },
      { Sid: 'ThisCluster', Action: ['eks-auth:AssumeRoleForPodIdentity', 'eks:DescribeCluster'], Resource: inRegion('eks', `cluster/${CLUSTER_NAME}`) },
      { Sid: 'Keys', Action: ['kms:CreateGrant', 'kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:ListGrants'], Resource: inRegion('kms', 'key/*') },
      { Sid: 'Logs', Action: ['logs:CreateLogStream', 'logs:DescribeLogStreams', 'logs:PutLogEvents'], Resource: inRegion('logs', 'log-group:*') },
      {
        Sid: 'Models',
        Action: ['bedrock:InvokeModel', 'bedrock:InvokeModelWithResponseStream'],
        Resource: MODEL_REGIONS.map((r) => `arn:${env.partition}:bedrock:${r}::foundation-model/*`),
      },
      // The gateway's login to its database (IAM database authentication).
      { Sid: 'Database', Action: 'rds-db:connect', Resource: inRegion('rds-db', `dbuser:*/${DB_USER}`) },
    ],
  });

  // --- network: private subnets in two AZs, NAT per AZ for image pulls and model APIs --------------
  const zones = new DataAwsAvailabilityZones(stack, 'Zones', { state: 'available' });
  const vpc = new Vpc(stack, 'Vpc', { cidrBlock: '10.0.0.0/16', enableDnsHostnames: true, enableDnsSupport: true });
  new DefaultSecurityGroup(stack, 'DefaultSecurityGroupClosed', { vpcId: vpc.id });
  const key = new PlatformKey(stack, 'ClusterKey', { description: 'EKS secrets envelope encryption and cluster logs', nameParts: [CLUSTER_NAME], servicePrincipals: ['logs'] });
  const flowLogs = new EncryptedLogGroup(stack, 'FlowLogs', { nameParts: [CLUSTER_NAME, 'vpc-flow-logs'], kmsKeyArn: key.keyArn });
  const flowLogRole = new IamRole(stack, 'FlowLogRole', { assumeRolePolicy: assumeRole('vpc-flow-logs.amazonaws.com'), permissionsBoundary: boundary.arn });
  new IamRolePolicy(stack, 'FlowLogRolePolicy', {
    role: flowLogRole.name,
    policy: Fn.jsonencode({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'], Resource: [flowLogs.arn, `${flowLogs.arn}:*`] }],
    }),
  });
  new FlowLog(stack, 'VpcFlowLog', { vpcId: vpc.id, trafficType: 'ALL', logDestinationType: 'cloud-watch-logs', logDestination: flowLogs.arn, iamRoleArn: flowLogRole.arn });

  const igw = new InternetGateway(stack, 'InternetGateway', { vpcId: vpc.id });
  const publicRoutes = new RouteTable(stack, 'PublicRoutes', { vpcId: vpc.id, route: [{ cidrBlock: '0.0.0.0/0', gatewayId: igw.id }] });
  const privateSubnetIds: string[] = [];
  for (const i of [0, 1]) {
    const az = Fn.element(zones.names, i);
    const pub = new Subnet(stack, `Public${i}`, {
      vpcId: vpc.id,
      availabilityZone: az,
      cidrBlock: `10.0.${128 + i}.0/24`,
      mapPublicIpOnLaunch: false,
      tags: { 'kubernetes.io/role/elb': '1' },
    });
    new RouteTableAssociation(stack, `Public${i}Routes`, { subnetId: pub.id, routeTableId: publicRoutes.id });
    const eip = new Eip(stack, `Nat${i}Ip`, { domain: 'vpc' });
    const nat = new NatGateway(stack, `Nat${i}`, { subnetId: pub.id, allocationId: eip.allocationId, dependsOn: [igw] });
    const priv = new Subnet(stack, `Private${i}`, {
      vpcId: vpc.id,
      availabilityZone: az,
      cidrBlock: `10.0.${i * 32}.0/19`,
      tags: { 'kubernetes.io/role/internal-elb': '1' },
    });
    const routes = new RouteTable(stack, `Private${i}RouteTable`, { vpcId: vpc.id, route: [{ cidrBlock: '0.0.0.0/0', natGatewayId: nat.id }] });
    new RouteTableAssociation(stack, `Private${i}Routes`, { subnetId: priv.id, routeTableId: routes.id });
    privateSubnetIds.push(priv.id);
  }

  // --- control plane ------------------------------------------------------------------------------
  const clusterRole = new IamRole(stack, 'ClusterRole', {
    assumeRolePolicy: assumeRole('eks.amazonaws.com', ['sts:AssumeRole', 'sts:TagSession']),
    permissionsBoundary: boundary.arn,
  });
  // EKS requires this AWS-managed policy on the cluster role (AWS keeps it in step with EKS features).
  const clusterPolicy = new IamRolePolicyAttachment(stack, 'ClusterPolicy', { role: clusterRole.name, policyArn: `arn:${env.partition}:iam::aws:policy/AmazonEKSClusterPolicy` });
  const clusterKeyUse = new IamRolePolicy(stack, 'ClusterKeyUse', {
    role: clusterRole.name,
    policy: Fn.jsonencode({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:DescribeKey', 'kms:ListGrants', 'kms:CreateGrant'], Resource: key.keyArn }],
    }),
  });
  // EKS writes control-plane logs to this exact name; creating it first sets KMS and retention.
  const clusterLogs = new CloudwatchLogGroup(stack, 'ClusterLogs', { name: `/aws/eks/${CLUSTER_NAME}/cluster`, retentionInDays: 365, kmsKeyId: key.keyArn });
  const cluster = new EksCluster(stack, 'Cluster', {
    name: CLUSTER_NAME,
    version: KUBERNETES_VERSION,
    roleArn: clusterRole.arn,
    vpcConfig: { subnetIds: privateSubnetIds, endpointPrivateAccess: true, endpointPublicAccess: false },
    encryptionConfig: { resources: ['secrets'], provider: { keyArn: key.keyArn } },
    enabledClusterLogTypes: CONTROL_PLANE_LOGS,
    accessConfig: { authenticationMode: 'API', bootstrapClusterCreatorAdminPermissions: true },
    dependsOn: [clusterLogs, clusterPolicy, clusterKeyUse],
  });

  // --- nodes: IMDSv2 only, hop limit 1 (pods cannot reach the node role), encrypted root volumes ----
  const nodeRole = new IamRole(stack, 'NodeRole', { assumeRolePolicy: assumeRole('ec2.amazonaws.com'), permissionsBoundary: boundary.arn });
  // The managed node group requires these AWS-managed policies on the node role.
  const nodePolicies = ['AmazonEKSWorkerNodePolicy', 'AmazonEC2ContainerRegistryReadOnly', 'AmazonEKS_CNI_Policy'].map((name) =>
    new IamRolePolicyAttachment(stack, `Node${name}`, { role: nodeRole.name, policyArn: `arn:${env.partition}:iam::aws:policy/${name}` }));
  const launchTemplate = new LaunchTemplate(stack, 'NodeLaunchTemplate', {
    name: `${CLUSTER_NAME}-nodes`,
    metadataOptions: { httpEndpoint: 'enabled', httpTokens: 'required', httpPutResponseHopLimit: 1, instanceMetadataTags: 'disabled' },
    blockDeviceMappings: [{ deviceName: '/dev/xvda', ebs: { volumeSize: 50, volumeType: 'gp3', encrypted: 'true', kmsKeyId: key.keyArn, deleteOnTermination: 'true' } }],
  });
  const nodes = new EksNodeGroup(stack, 'Nodes', {
    clusterName: cluster.name,
    nodeRoleArn: nodeRole.arn,
    subnetIds: privateSubnetIds,
    amiType: 'AL2023_x86_64_STANDARD',
    instanceTypes: ['m6i.large'],
    scalingConfig: { minSize: 2, desiredSize: 3, maxSize: 6 },
    updateConfig: { maxUnavailable: 1 },
    launchTemplate: { name: launchTemplate.name, version: Fn.tostring(launchTemplate.latestVersion) },
    dependsOn: nodePolicies,
  });
  // NetworkPolicies are only enforced on EKS when the VPC CNI's network policy agent is on.
  const cni = new EksAddon(stack, 'VpcCni', {
    clusterName: cluster.name,
    addonName: 'vpc-cni',
    configurationValues: JSON.stringify({ enableNetworkPolicy: 'true' }),
    resolveConflictsOnUpdate: 'OVERWRITE',
  });
  const podIdentityAgent = new EksAddon(stack, 'PodIdentityAgent', { clusterName: cluster.name, addonName: 'eks-pod-identity-agent', dependsOn: [nodes] });

  // --- the gateway's cloud identity: EKS Pod Identity, Bedrock on the one model it serves (both Regions)
  const gatewayRole = new IamRole(stack, 'GatewayRole', {
    permissionsBoundary: boundary.arn,
    assumeRolePolicy: Fn.jsonencode({
      Version: '2012-10-17',
      Statement: [{
        Effect: 'Allow',
        Principal: { Service: 'pods.eks.amazonaws.com' },
        Action: ['sts:AssumeRole', 'sts:TagSession'],
        Condition: { StringEquals: { 'aws:SourceAccount': env.account } },
      }],
    }),
  });
  new IamRolePolicy(stack, 'GatewayBedrock', {
    role: gatewayRole.name,
    policy: Fn.jsonencode({
      Version: '2012-10-17',
      Statement: [{
        Effect: 'Allow',
        Action: ['bedrock:InvokeModel', 'bedrock:InvokeModelWithResponseStream'],
        Resource: MODEL_REGIONS.map((r) => `arn:${env.partition}:bedrock:${r}::foundation-model/${MODEL_ID}`),
      }],
    }),
  });

  // --- LiteLLM's database: Aurora PostgreSQL, IAM authentication, reachable from the nodes only ---------
  const dbKey = new PlatformKey(stack, 'DatabaseKey', { description: 'LiteLLM database storage, Performance Insights and master secret', nameParts: [CLUSTER_NAME, 'db'] });
  const database = new AuroraPostgres(stack, 'Database', {
    vpcId: vpc.id,
    subnetIds: privateSubnetIds,
    nameParts: [CLUSTER_NAME, 'litellm'],
    kmsKeyArn: dbKey.keyArn,
    databaseName: DB_NAME,
    // The login below is created over the RDS Data API, not from inside the VPC.
    enableDataApi: true,
  });
  // Pods use the nodes' network interfaces (VPC CNI): admit the EKS-managed cluster security group on the nodes.
  database.allowFrom('AllowClusterNodes', cluster.vpcConfig.clusterSecurityGroupId, 'LiteLLM pods on the EKS nodes');
  const dbBootstrap = new AuroraSqlBootstrap(stack, 'DatabaseBootstrap', {
    database,
    kmsKeyArn: dbKey.keyArn,
    logsKmsKeyArn: key.keyArn,
    nameParts: [CLUSTER_NAME, 'litellm-db-bootstrap'],
    description: 'Creates the IAM-authenticated LiteLLM login in its Aurora cluster (RDS Data API)',
  });
  const loginStatements = { statements: databaseBootstrapStatements(DB_USER, DB_NAME) };
  const login = dbBootstrap.run('LiteLlmLogin', () => loginStatements);
  new IamRolePolicy(stack, 'GatewayDatabase', {
    role: gatewayRole.name,
    policy: Fn.jsonencode({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 'rds-db:connect', Resource: database.iamConnectArn(DB_USER) }],
    }),
  });

  const association = new EksPodIdentityAssociation(stack, 'GatewayIdentity', {
    clusterName: cluster.name,
    namespace: GATEWAY_NAMESPACE,
    serviceAccount: GATEWAY_SERVICE_ACCOUNT,
    roleArn: gatewayRole.arn,
  });

  // --- providers for the cluster (short-lived tokens through the AWS CLI; nothing in state) -------
  const exec = { apiVersion: 'client.authentication.k8s.io/v1beta1', command: 'aws', args: ['eks', 'get-token', '--cluster-name', cluster.name, '--region', REGION] };
  const clusterCa = Fn.base64decode(cluster.certificateAuthority.get(0).data);
  new KubernetesProvider(stack, 'kubernetes', { host: cluster.endpoint, clusterCaCertificate: clusterCa, exec: [exec] });
  new HelmProvider(stack, 'helm', { kubernetes: { host: cluster.endpoint, clusterCaCertificate: clusterCa, exec } });

  // --- observability: the cluster's kube-prometheus-stack scrapes the gateway and evaluates its SLO rules,
  // its Grafana sidecar loads the dashboards. Install that chart first (its CRDs must exist when this plans).
  const observability = new ObservabilityStack(stack, 'Observability', {
    target: ObservabilityTarget.kubernetes({ releaseLabel: 'kube-prometheus-stack', namespace: 'monitoring' }),
    slo: { availability: 0.999, latencyP95Ms: 1200 },
    runbookUrl: 'https://runbooks.example.com/llm-gateway',
  });

  // --- the gateway -------------------------------------------------------------------------------
  const gateway = new LlmGateway(stack, 'Gateway', {
    runtime: GatewayRuntime.kubernetes({
      namespace: GATEWAY_NAMESPACE,
      serviceAccount: { name: GATEWAY_SERVICE_ACCOUNT, workloadIdentity: KubernetesWorkloadIdentity.eksPodIdentity() },
      callerNamespaces: ['apps'],
      // Team namespaces carrying this label are admitted (set by their TenantQuota; labelling namespaces is
      // restricted to the platform's pipeline): adding a team leaves this stack unchanged.
      callerNamespaceLabels: ACCESS_LABELS,
      // Staging: an in-cluster Valkey, so the namespace enforces Pod Security `baseline` (audit and warn stay at
      // `restricted`; every gateway pod meets `restricted`). In production use ElastiCache (TLS + AUTH) with
      // KubernetesRedis.external({ host, password: SecretRef.kubernetes(...) }) synced by External Secrets: the
      // namespace then enforces `restricted`.
      redis: KubernetesRedis.inClusterForNonProduction(),
      // Virtual keys, teams, budgets and spend: IAM database authentication (the Pod Identity role above).
      database: KubernetesDatabase.rdsIamAuth({ host: database.endpoint, user: DB_USER, databaseName: DB_NAME }),
    }),
    models: MODEL_REGIONS.map((region) => ModelDeployment.bedrock({ alias: 'chat-default', modelId: MODEL_ID, region })),
    tags,
    observability,
  });
  // LiteLLM's one-shot migration Job writes into site-packages while it migrates: accepted for that container only.
  PolicyBundle.suppress(gateway, 'LLM-K8S-5', MIGRATION_WRITABLE_ROOT_REASON, { appliesTo: 'container:migrations' });
  // The tenancy control plane: reconciler Jobs and key rotation run beside the gateway (team stacks below).
  const tenancy = new GatewayTenancy(stack, 'Tenancy', { gateway });
  // Kubernetes resources wait for nodes, the CNI's policy agent and the Pod Identity association
  // (pods only get credentials if the association exists when they start).
  // The migration Job also needs the database login.
  const awsFirst = [nodes, cni, podIdentityAgent, association, login].map((r) => `${r.terraformResourceType}.${r.friendlyUniqueId}`);
  for (const c of [...gateway.node.findAll(), ...tenancy.node.findAll(), ...observability.node.findAll()]) {
    if (TerraformResource.isTerraformResource(c) && /^(kubernetes|helm)_/.test(c.terraformResourceType)) {
      c.dependsOn = [...(c.dependsOn ?? []), ...awsFirst];
    }
  }

  new TerraformOutput(stack, 'cluster_name', { value: cluster.name });
  new TerraformOutput(stack, 'gateway_endpoint', { value: gateway.endpoint });

  // --- one team, in its own stack (its own state): namespace, keys, budget ------------------------
  const team = new TerraformStack(app, 'eks-gateway-team-search');
  new AwsProvider(team, 'aws', { region: REGION });
  OwnershipTagging.apply(team, { ...tags, team: 'search' });
  // The cluster by name: the team stack reads no output of the platform stack for its provider.
  const eks = new DataAwsEksCluster(team, 'Cluster', { name: CLUSTER_NAME });
  const teamExec = { apiVersion: 'client.authentication.k8s.io/v1beta1', command: 'aws', args: ['eks', 'get-token', '--cluster-name', CLUSTER_NAME, '--region', REGION] };
  new KubernetesProvider(team, 'kubernetes', { host: eks.endpoint, clusterCaCertificate: Fn.base64decode(eks.certificateAuthority.get(0).data), exec: [teamExec] });
  const search = new TenantQuota(team, 'Quota', {
    gateway,
    team: 'search',
    models: ['chat-default'],
    monthlyBudgetUsd: 1_500,
    softBudgetPercent: 75,
    tokensPerMinute: 150_000,
    requestsPerMinute: 400,
    identity: TeamIdentity.kubernetesNamespace({ namespace: 'search' }),
    cloudBudget: { monthlyLimitUsd: 300, emails: ['search-leads@example.com'] },
    owner: 'search-squad',
  });
  const ranking = search.addKey('ranking', { tokensPerMinute: 60_000, rotationDays: 30 });
  new TerraformOutput(team, 'ranking_key_secret', { value: `${search.identity.namespace}/${ranking.secret.kubernetesSecret.name}`, description: 'Secret (key api_key) the ranking feature mounts' });
  // The team's dashboard and SLO/budget alerts (a PrometheusRule and a dashboard ConfigMap), in its own stack.
  observability.addTeamDashboard('search', { scope: team, monthlyBudgetUsd: 1_500 }).addFeature({ name: ranking.name, keyAlias: ranking.keyAlias });
}

if (require.main === module) {
  const app = new App();
  build(app);
  app.synth();
}
