/**
 * The AWS provider bindings the evaluation probe creates, in one module loaded on first use (importing the
 * package must not pay for them; see src/aws/lazy-resources.ts).
 */
export { IamRole } from '@cdktf/provider-aws/lib/iam-role';
export { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
export { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function';
export { LambdaFunctionEventInvokeConfig } from '@cdktf/provider-aws/lib/lambda-function-event-invoke-config';
export { SchedulerSchedule } from '@cdktf/provider-aws/lib/scheduler-schedule';
export { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
export { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
export { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
