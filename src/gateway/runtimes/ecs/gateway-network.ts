import { DataAwsVpc } from '@cdktf/provider-aws/lib/data-aws-vpc';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { Wafv2WebAclAssociation } from '@cdktf/provider-aws/lib/wafv2-web-acl-association';
import type { Construct } from 'constructs';
import { GatewayLoadBalancer } from './load-balancer';
import { DEFAULT_SSL_POLICY } from './options';
import type { EcsFargateRuntimeProps } from './runtime-props';
import { GatewayWebAcl } from './waf';
import { makeName, NameTarget } from '../../../core';

/** One egress rule of the task security group. */
export interface TaskEgress {
  readonly port: number;
  readonly cidr?: string;
  readonly sg?: string;
  readonly description: string;
}

/** The gateway's network: its VPC, the tasks' security group, the load balancer and its WAF. */
export interface GatewayNetwork {
  readonly vpc: DataAwsVpc;
  readonly taskSecurityGroup: SecurityGroup;
  readonly loadBalancer: GatewayLoadBalancer;
  readonly webAcl: GatewayWebAcl | undefined;
  /** Adds an egress rule to the tasks' security group (id `rid` in the gateway's scope). */
  egress(rid: string, spec: TaskEgress): void;
}

export interface GatewayNetworkProps {
  readonly props: EcsFargateRuntimeProps;
  readonly base: string;
  readonly port: number;
  /** Refuse LiteLLM's per-request redaction override at the load balancer. */
  readonly refuseRedactionOverride: boolean;
}

/**
 * Creates the network in `scope` (ids `Vpc`, `TaskSecurityGroup`, `EgressHttps`, `LoadBalancer`,
 * `IngressFromLoadBalancer`, `WebAcl`, `WebAclAssociation`): tasks take traffic from the load balancer only and
 * send HTTPS anywhere (AWS APIs, model providers); callers are granted one by one on the load balancer.
 */
export function createGatewayNetwork(scope: Construct, input: GatewayNetworkProps): GatewayNetwork {
  const { props, base, port } = input;
  const lbProps = props.loadBalancer ?? {};
  const vpc = new DataAwsVpc(scope, 'Vpc', { id: props.vpcId });
  const taskSecurityGroup = new SecurityGroup(scope, 'TaskSecurityGroup', {
    name: makeName(NameTarget.SECURITY_GROUP, base, 'tasks'),
    description: `LiteLLM tasks of ${base}: ${port} from the load balancer only`,
    vpcId: props.vpcId,
  });
  const taskSg = taskSecurityGroup.id;
  const egress = (rid: string, spec: TaskEgress): void => {
    new VpcSecurityGroupEgressRule(scope, rid, {
      securityGroupId: taskSg,
      ipProtocol: 'tcp',
      fromPort: spec.port,
      toPort: spec.port,
      cidrIpv4: spec.cidr,
      referencedSecurityGroupId: spec.sg,
      description: spec.description,
    });
  };
  // Model providers, ECR/ghcr.io, Secrets Manager, S3, CloudWatch Logs, STS and Bedrock are HTTPS
  // endpoints (through NAT or VPC endpoints). DNS to the VPC resolver is not subject to security groups.
  egress('EgressHttps', { port: 443, cidr: '0.0.0.0/0', description: 'HTTPS to AWS APIs and model providers' });

  const internetFacing = lbProps.internetFacing ?? false;
  const loadBalancer = new GatewayLoadBalancer(scope, 'LoadBalancer', {
    vpcId: props.vpcId,
    subnetIds: lbProps.subnetIds ?? props.privateSubnetIds,
    nameParts: [base],
    internetFacing,
    certificateArn: props.certificateArn,
    sslPolicy: lbProps.sslPolicy ?? DEFAULT_SSL_POLICY,
    containerPort: port,
    idleTimeoutSeconds: lbProps.idleTimeoutSeconds ?? 600,
    deletionProtection: lbProps.deletionProtection ?? true,
    accessLogs: props.accessLogs ?? true,
    accessLogRetentionDays: props.accessLogRetentionDays ?? 365,
    refuseRedactionOverride: input.refuseRedactionOverride,
  });
  loadBalancer.allowToTasks(taskSg, port);
  new VpcSecurityGroupIngressRule(scope, 'IngressFromLoadBalancer', {
    securityGroupId: taskSg,
    referencedSecurityGroupId: loadBalancer.securityGroup.id,
    ipProtocol: 'tcp',
    fromPort: port,
    toPort: port,
    description: 'LiteLLM from the load balancer',
  });
  if (lbProps.allowVpcCidr ?? false) loadBalancer.allowCidr(vpc.cidrBlock, 'Callers in the VPC (inference routes)');
  // Explicit public opt-in, validated to come with HTTPS and a WAF.
  if (internetFacing) loadBalancer.allowCidr('0.0.0.0/0', 'Internet (public gateway behind WAF)');

  let webAcl: GatewayWebAcl | undefined;
  if (lbProps.createWaf) {
    webAcl = new GatewayWebAcl(scope, 'WebAcl', {
      nameParts: [base],
      rateLimitPerFiveMinutes: props.waf?.rateLimitPerFiveMinutes ?? 3000,
      logDestinationArn: props.waf?.logDestinationArn,
    });
  }
  const webAclArn = webAcl?.arn ?? lbProps.wafWebAclArn;
  if (webAclArn !== undefined) {
    new Wafv2WebAclAssociation(scope, 'WebAclAssociation', { resourceArn: loadBalancer.loadBalancer.arn, webAclArn });
  }
  return { vpc, taskSecurityGroup, loadBalancer, webAcl, egress };
}
