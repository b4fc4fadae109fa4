/**
 * The provider bindings the drill constructs create, loaded on first construction (`drillProviderResources()`),
 * so importing the package does not pay for them (README, lazy provider loading).
 */
export { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
export { DataAwsLb } from '@cdktf/provider-aws/lib/data-aws-lb';
export { FisExperimentTemplate } from '@cdktf/provider-aws/lib/fis-experiment-template';
export { IamRole } from '@cdktf/provider-aws/lib/iam-role';
export { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';

