/**
 * The Google provider bindings the GCP observability target creates, in one module its constructors load
 * on first use (`gcpObservabilityResources()`): importing the package must not pay for them.
 */
export { BigqueryDataset } from '@cdktf/provider-google/lib/bigquery-dataset';
export { BigqueryTable } from '@cdktf/provider-google/lib/bigquery-table';
export { DataGoogleSecretManagerSecretVersion } from '@cdktf/provider-google/lib/data-google-secret-manager-secret-version';
export { MonitoringAlertPolicy } from '@cdktf/provider-google/lib/monitoring-alert-policy';
export { MonitoringDashboard } from '@cdktf/provider-google/lib/monitoring-dashboard';
export { MonitoringNotificationChannel } from '@cdktf/provider-google/lib/monitoring-notification-channel';
export { ProjectIamMember } from '@cdktf/provider-google/lib/project-iam-member';
export { StorageBucket } from '@cdktf/provider-google/lib/storage-bucket';
export { StorageBucketIamMember } from '@cdktf/provider-google/lib/storage-bucket-iam-member';
