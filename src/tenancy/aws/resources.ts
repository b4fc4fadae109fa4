/**
 * The AWS provider bindings the tenancy constructs create, in one module loaded on first use (importing the
 * package must not pay for them; see src/aws/lazy-resources.ts).
 */
export { BudgetsBudget } from '@cdktf/provider-aws/lib/budgets-budget';
export { IamRole } from '@cdktf/provider-aws/lib/iam-role';
export { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
export { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function';
export { LambdaInvocation } from '@cdktf/provider-aws/lib/lambda-invocation';
export { LambdaPermission } from '@cdktf/provider-aws/lib/lambda-permission';
export { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret';
export { SecretsmanagerSecretRotation } from '@cdktf/provider-aws/lib/secretsmanager-secret-rotation';
export { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
export { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
export { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';

