/**
 * The AWS provider bindings the AWS observability target creates, in one module its constructors load on
 * first use (`awsObservabilityResources()`): importing the package must not pay for them.
 */
export { AthenaWorkgroup } from '@cdktf/provider-aws/lib/athena-workgroup';
export { DataAwsSecretsmanagerSecretVersion } from '@cdktf/provider-aws/lib/data-aws-secretsmanager-secret-version';
export { GlueCatalogDatabase } from '@cdktf/provider-aws/lib/glue-catalog-database';
export { GlueCatalogTable } from '@cdktf/provider-aws/lib/glue-catalog-table';
export { GrafanaRoleAssociation } from '@cdktf/provider-aws/lib/grafana-role-association';
export { GrafanaWorkspace } from '@cdktf/provider-aws/lib/grafana-workspace';
export { GrafanaWorkspaceServiceAccount } from '@cdktf/provider-aws/lib/grafana-workspace-service-account';
export { GrafanaWorkspaceServiceAccountToken } from '@cdktf/provider-aws/lib/grafana-workspace-service-account-token';
export { IamRole } from '@cdktf/provider-aws/lib/iam-role';
export { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
export { PrometheusAlertManagerDefinition } from '@cdktf/provider-aws/lib/prometheus-alert-manager-definition';
export { PrometheusRuleGroupNamespace } from '@cdktf/provider-aws/lib/prometheus-rule-group-namespace';
export { PrometheusWorkspace } from '@cdktf/provider-aws/lib/prometheus-workspace';
export { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
export { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
export { S3BucketObjectLockConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-object-lock-configuration';
export { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
export { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
export { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
export { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
export { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
export { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
export { SnsTopicPolicy } from '@cdktf/provider-aws/lib/sns-topic-policy';
export { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
