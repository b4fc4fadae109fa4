/**
 * The provider bindings (and provider-backed constructs) `EcsFargateGateway` creates, in one module that its
 * constructor loads on first use: importing them costs ~80 ms, which importing the package must not pay.
 */
export { AppautoscalingPolicy } from '@cdktf/provider-aws/lib/appautoscaling-policy';
export { AppautoscalingTarget } from '@cdktf/provider-aws/lib/appautoscaling-target';
export { DataAwsVpc } from '@cdktf/provider-aws/lib/data-aws-vpc';
export { EcsCluster } from '@cdktf/provider-aws/lib/ecs-cluster';
export { EcsService } from '@cdktf/provider-aws/lib/ecs-service';
export { EcsTaskDefinition } from '@cdktf/provider-aws/lib/ecs-task-definition';
export { IamRole } from '@cdktf/provider-aws/lib/iam-role';
export { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
export { Route53Record } from '@cdktf/provider-aws/lib/route53-record';
export { S3Object } from '@cdktf/provider-aws/lib/s3-object';
export { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
export { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
export { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
export { Wafv2WebAclAssociation } from '@cdktf/provider-aws/lib/wafv2-web-acl-association';
export { GatewayLoadBalancer } from './load-balancer';
export { GatewayWebAcl } from './waf';
