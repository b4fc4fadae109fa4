// Cases for the rules added to cover every resource type the library emits (issue 11 item 8).
import type { RuleCase } from './harness';
import { rule as albHealth } from '../../../src/policy/rules/alb/target-health-check';
import { rule as athena } from '../../../src/policy/rules/analytics/athena-workgroup';
import { rule as bqEncryption } from '../../../src/policy/rules/bigquery/encryption';
import { rule as bqPublic } from '../../../src/policy/rules/bigquery/public-dataset';
import { rule as budgets } from '../../../src/policy/rules/budgets/notifications';
import { rule as memorystore } from '../../../src/policy/rules/cache/memorystore';
import { rule as sqlUsers } from '../../../src/policy/rules/cloud-sql/built-in-users';
import { rule as sqlFlags } from '../../../src/policy/rules/cloud-sql/log-flags';
import { rule as keys } from '../../../src/policy/rules/credentials/long-lived-keys';
import { rule as forceSsl } from '../../../src/policy/rules/database/force-ssl';
import { rule as ecrHygiene } from '../../../src/policy/rules/ecr/image-hygiene';
import { rule as ecrPublic } from '../../../src/policy/rules/ecr/public-repository';
import { rule as ecsFloor } from '../../../src/policy/rules/ecs/autoscaling-floor';
import { rule as customRole } from '../../../src/policy/rules/gcp-iam/custom-role-escalation';
import { rule as glbLogging } from '../../../src/policy/rules/gcp-lb/backend-logging';
import { rule as glbExternal } from '../../../src/policy/rules/gcp-lb/external-exposure';
import { rule as glbProxy } from '../../../src/policy/rules/gcp-lb/https-proxy';
import { rule as glbSsl } from '../../../src/policy/rules/gcp-lb/ssl-policy';
import { rule as monAlerts } from '../../../src/policy/rules/gcp-services/alert-notifications';
import { rule as gar } from '../../../src/policy/rules/gcp-services/artifact-registry';
import { rule as scheduler } from '../../../src/policy/rules/gcp-services/scheduler-auth';
import { rule as gcsAccess } from '../../../src/policy/rules/gcs/bucket-access';
import { rule as gcsVersioning } from '../../../src/policy/rules/gcs/versioning';
import { rule as gkeHardening } from '../../../src/policy/rules/gke/cluster-hardening';
import { rule as gkeNodes } from '../../../src/policy/rules/gke/node-pool';
import { rule as gkePrivate } from '../../../src/policy/rules/gke/private-cluster';
import { rule as grafanaAccounts } from '../../../src/policy/rules/grafana/service-accounts';
import { rule as grafanaAccess } from '../../../src/policy/rules/grafana/workspace-access';
import { rule as helmPinned } from '../../../src/policy/rules/helm/chart-pinned';
import { rule as helmSecrets } from '../../../src/policy/rules/helm/plaintext-secrets';
import { rule as helmPrivileged } from '../../../src/policy/rules/helm/privileged-values';
import { rule as escalation } from '../../../src/policy/rules/iam/privilege-escalation';
import { rule as k8sAvailability } from '../../../src/policy/rules/kubernetes/availability';
import { rule as k8sCaps } from '../../../src/policy/rules/kubernetes/capabilities';
import { rule as k8sHost } from '../../../src/policy/rules/kubernetes/host-namespaces';
import { rule as k8sIngressTls } from '../../../src/policy/rules/kubernetes/ingress-tls';
import { rule as k8sNetpolOpen } from '../../../src/policy/rules/kubernetes/network-policy-open';
import { rule as k8sNetpol } from '../../../src/policy/rules/kubernetes/network-policy-presence';
import { rule as k8sRbac } from '../../../src/policy/rules/kubernetes/rbac-wildcards';
import { rule as k8sBindings } from '../../../src/policy/rules/kubernetes/role-bindings';
import { rule as k8sSeccomp } from '../../../src/policy/rules/kubernetes/seccomp';
import { rule as k8sSecrets } from '../../../src/policy/rules/kubernetes/secret-literals';
import { rule as k8sService } from '../../../src/policy/rules/kubernetes/service-exposure';
import { rule as k8sAutomount } from '../../../src/policy/rules/kubernetes/token-automount';
import { rule as lambdaEnvKms } from '../../../src/policy/rules/lambda/environment-encryption';
import { rule as lambdaPermission } from '../../../src/policy/rules/lambda/invoke-permission';
import { rule as lambdaSecrets } from '../../../src/policy/rules/lambda/plaintext-secrets';
import { rule as alarmActions } from '../../../src/policy/rules/logs/alarm-actions';
import { rule as asyncFailures } from '../../../src/policy/rules/messaging/async-failures';
import { rule as sqsKms } from '../../../src/policy/rules/messaging/sqs-encryption';
import { rule as defaultSg } from '../../../src/policy/rules/network/default-security-group';
import { rule as flowLogs } from '../../../src/policy/rules/network/flow-logs';
import { rule as firewall } from '../../../src/policy/rules/network/gcp-firewall';
import { rule as subnetGroups } from '../../../src/policy/rules/network/subnet-groups';
import { rule as amp } from '../../../src/policy/rules/observability-aws/prometheus-workspace';
import { rule as fisStop } from '../../../src/policy/rules/resilience/fis-stop-condition';
import { rule as s3Lifecycle } from '../../../src/policy/rules/s3/lifecycle';
import { rule as s3ObjectLock } from '../../../src/policy/rules/s3/object-lock';
import { rule as s3Ownership } from '../../../src/policy/rules/s3/ownership-controls';
import { rule as documents } from '../../../src/policy/rules/secrets/documents';
import { rule as snsSubscription } from '../../../src/policy/rules/sns/subscription-transport';
import { rule as snsKms } from '../../../src/policy/rules/sns/topic-encryption';
import { rule as snsPolicy } from '../../../src/policy/rules/sns/topic-policy';
import { rule as wafRedaction } from '../../../src/policy/rules/waf/logging-redaction';
import { rule as wafRules } from '../../../src/policy/rules/waf/managed-rules';

const yaml = (text: string): string => text.trim() + '\n';
const policy = (statement: object): string => JSON.stringify({ Version: '2012-10-17', Statement: [statement] });
const pod = (spec: object): object => ({ spec: { template: { spec } } });
const hardenedContainer = { name: 'app', image: 'app@sha256:abc', security_context: { capabilities: { drop: ['ALL'] }, seccomp_profile: { type: 'RuntimeDefault' } } };
const mapOf = (data: Record<string, string>): object => ({ metadata: { name: 'cfg' }, data });
const release = (values: string[], extra: object = {}): object => ({ name: 'qdrant', chart: 'qdrant', repository: 'https://qdrant.github.io/qdrant-helm', version: '1.15.1', values, ...extra });

export const cases: RuleCase[] = [
  // LLM-HELM-1
  { rule: helmPrivileged, name: 'hardened values', config: release([yaml('securityContext:\n  runAsNonRoot: true\n  runAsUser: 1000\n  allowPrivilegeEscalation: false\n  capabilities:\n    drop: [ALL]')]), expected: 'compliant' },
  { rule: helmPrivileged, name: 'privileged, root and host network (values and set)', config: release([yaml('securityContext:\n  privileged: true\n  runAsUser: 0\nhostNetwork: true')], { set: [{ name: 'worker.securityContext.capabilities.add[0]', value: 'SYS_ADMIN' }] }), expected: ['Value::hostNetwork', 'Value::securityContext.privileged', 'Value::securityContext.runAsUser', 'Value::worker.securityContext.capabilities.add[0]'] },
  { rule: helmPrivileged, name: 'set overrides a values document (Helm order)', config: release([yaml('securityContext:\n  privileged: false')], { set: [{ name: 'securityContext.privileged', value: 'true' }] }), expected: ['Value::securityContext.privileged'] },
  { rule: helmPrivileged, name: 'values only known at plan time', config: release(['${file("values.yaml")}']), expected: 'unknown' },
  { rule: helmPrivileged, name: 'values that are not YAML', config: release(['a: [unclosed']), expected: 'unknown' },
  // LLM-HELM-2
  { rule: helmSecrets, name: 'secret from an existing Secret', config: release([yaml('apiKey:\n  valueFrom:\n    secretKeyRef:\n      name: qdrant-keys\n      key: api-key\nexistingSecret: qdrant-keys')]), expected: 'compliant' },
  { rule: helmSecrets, name: 'API key literal in values', config: release([yaml('config:\n  apiKey: my-literal-api-key-123')]), expected: ['Value::config.apiKey'] },
  { rule: helmSecrets, name: 'credential-shaped value under any key, and a literal set_sensitive', config: release([], { set: [{ name: 'extra.note', value: 'sk-abcdefghijklmnopqrstuvwxyz012345' }], set_sensitive: [{ name: 'auth.password', value: 'hunter2-hunter2' }] }), expected: ['SetSensitive::auth.password', 'Value::auth.password', 'Value::extra.note'] },
  { rule: helmSecrets, name: 'set_sensitive from a reference', config: release([], { set_sensitive: [{ name: 'auth.password', value: '${random_password.p.result}' }] }), expected: 'compliant' },
  // LLM-HELM-3
  { rule: helmPinned, name: 'exact version from https', config: release([]), expected: 'compliant' },
  { rule: helmPinned, name: 'local chart directory', config: { name: 'x', chart: './charts/x' }, expected: 'compliant' },
  { rule: helmPinned, name: 'no version, http repository', config: { name: 'x', chart: 'x', repository: 'http://charts.example.com' }, expected: ['Repository::http', 'Version'] },
  { rule: helmPinned, name: 'version range', config: release([], { version: '^1.15' }), expected: ['Version'] },

  // LLM-LAMBDA-1
  { rule: lambdaSecrets, name: 'secret ARN in the environment', config: { environment: { variables: { MASTER_KEY_SECRET_ARN: 'arn:aws:secretsmanager:us-east-1:111122223333:secret:m', LOG_LEVEL: 'INFO' } } }, expected: 'compliant' },
  { rule: lambdaSecrets, name: 'API key in the environment', config: { environment: { variables: { OPENAI_API_KEY: 'literal-key-value-123' } } }, expected: ['env:OPENAI_API_KEY'] },
  // LLM-LAMBDA-2
  { rule: lambdaEnvKms, name: 'environment with a CMK', config: { kms_key_arn: 'arn:aws:kms:us-east-1:111122223333:key/k', environment: { variables: { A: 'b' } } }, expected: 'compliant' },
  { rule: lambdaEnvKms, name: 'environment with the AWS managed key', config: { environment: { variables: { A: 'b' } } }, expected: 'non-compliant' },
  { rule: lambdaEnvKms, name: 'no environment', config: {}, expected: 'not-applicable' },
  // LLM-LAMBDA-3
  { rule: lambdaPermission, name: 'service principal scoped to a source', config: { principal: 'secretsmanager.amazonaws.com', source_arn: 'arn:aws:secretsmanager:us-east-1:111122223333:secret:x' }, expected: 'compliant' },
  { rule: lambdaPermission, name: 'service principal for any account', config: { principal: 'events.amazonaws.com' }, expected: ['Principal::events.amazonaws.com'] },
  { rule: lambdaPermission, name: 'anyone', config: { principal: '*' }, expected: ['Principal::*'] },
  { rule: lambdaPermission, name: 'function URL without auth', type: 'aws_lambda_function_url', config: { authorization_type: 'NONE' }, expected: ['AuthorizationType::NONE'] },
  // LLM-ECR-1
  { rule: ecrPublic, name: 'pull for one account', config: { policy: policy({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'ecr:BatchGetImage' }) }, expected: 'compliant' },
  { rule: ecrPublic, name: 'pull for anyone', config: { policy: policy({ Effect: 'Allow', Principal: '*', Action: 'ecr:BatchGetImage' }) }, expected: ['Principal::*'] },
  // LLM-ECR-2
  { rule: ecrHygiene, name: 'immutable, scanned, KMS', config: { image_tag_mutability: 'IMMUTABLE', image_scanning_configuration: { scan_on_push: true }, encryption_configuration: { encryption_type: 'KMS' } }, expected: 'compliant' },
  { rule: ecrHygiene, name: 'defaults', config: {}, expected: ['Encryption', 'MutableTags', 'ScanOnPush'] },
  // LLM-NET-4
  { rule: flowLogs, name: 'VPC with a flow log', config: {}, others: [{ type: 'aws_flow_log', address: 'aws_flow_log.f', config: { vpc_id: '${aws_vpc.subject.id}', traffic_type: 'ALL' } }], expected: 'compliant' },
  { rule: flowLogs, name: 'VPC without a flow log', config: {}, expected: 'non-compliant' },
  // LLM-NET-5
  { rule: defaultSg, name: 'default security group emptied', config: { vpc_id: 'vpc-1' }, expected: 'compliant' },
  { rule: defaultSg, name: 'default security group with rules', config: { ingress: [{ protocol: '-1', self: true, from_port: 0, to_port: 0 }], egress: [{ protocol: '-1', cidr_blocks: ['0.0.0.0/0'], from_port: 0, to_port: 0 }] }, expected: ['Egress', 'Ingress'] },
  // LLM-NET-6
  { rule: subnetGroups, name: 'two subnets', config: { subnet_ids: ['subnet-1', 'subnet-2'] }, expected: 'compliant' },
  { rule: subnetGroups, name: 'one subnet', type: 'aws_elasticache_subnet_group', config: { subnet_ids: ['subnet-1'] }, expected: 'non-compliant' },
  // LLM-NET-7
  { rule: firewall, name: 'HTTPS from the internet, SSH from IAP', config: { allow: [{ protocol: 'tcp', ports: ['443'] }], source_ranges: ['0.0.0.0/0'] }, expected: 'compliant' },
  { rule: firewall, name: 'SSH and everything from the internet', config: { allow: [{ protocol: 'tcp', ports: ['22', '1000-2000'] }, { protocol: 'all' }], source_ranges: ['0.0.0.0/0'] }, expected: ['all:all:0.0.0.0/0', 'tcp:22:0.0.0.0/0'] },
  // LLM-IAM-7
  { rule: escalation, name: 'PassRole on one role to ECS', type: 'aws_iam_policy', config: { policy: policy({ Effect: 'Allow', Action: 'iam:PassRole', Resource: 'arn:aws:iam::111122223333:role/task' }) }, expected: 'compliant' },
  { rule: escalation, name: 'PassRole and CreateAccessKey on everything', type: 'aws_iam_policy', config: { policy: policy({ Effect: 'Allow', Action: ['iam:PassRole', 'iam:CreateAccessKey'], Resource: '*' }) }, expected: ['Escalation::iam:CreateAccessKey', 'Escalation::iam:PassRole'] },
  { rule: escalation, name: 'PassRole on every role of the account', type: 'aws_iam_role_policy', config: { policy: policy({ Effect: 'Allow', Action: 'iam:PassRole', Resource: 'arn:aws:iam::111122223333:role/*' }) }, expected: ['Escalation::iam:PassRole'] },
  // LLM-CRED-1
  { rule: keys, name: 'access key encrypted to a PGP key', config: { user: 'ci', pgp_key: 'keybase:ops' }, expected: 'compliant' },
  { rule: keys, name: 'access key in state', config: { user: 'ci' }, expected: ['SecretInState'] },
  { rule: keys, name: 'GCS HMAC key', type: 'google_storage_hmac_key', config: { service_account_email: 'x@p.iam.gserviceaccount.com' }, expected: ['SecretInState'] },
  // LLM-ATHENA-1
  { rule: athena, name: 'enforced, KMS results', config: { configuration: { enforce_workgroup_configuration: true, result_configuration: { encryption_configuration: { encryption_option: 'SSE_KMS', kms_key_arn: 'k' } } } }, expected: 'compliant' },
  { rule: athena, name: 'overridable, unencrypted results', config: { configuration: { enforce_workgroup_configuration: false } }, expected: ['EnforceWorkgroupConfiguration', 'ResultEncryption'] },
  // LLM-BUDGET-1
  { rule: budgets, name: 'AWS budget e-mailing the leads', config: { notification: [{ threshold: 80, subscriber_email_addresses: ['leads@example.com'] }] }, expected: 'compliant' },
  { rule: budgets, name: 'AWS budget without notification', config: { limit_amount: '100' }, expected: 'non-compliant' },
  { rule: budgets, name: 'GCP budget with thresholds and a channel', type: 'google_billing_budget', config: { threshold_rules: [{ threshold_percent: 0.8 }], all_updates_rule: { monitoring_notification_channels: ['c'] } }, expected: 'compliant' },
  { rule: budgets, name: 'GCP budget without thresholds', type: 'google_billing_budget', config: { all_updates_rule: { disable_default_iam_recipients: true } }, expected: 'non-compliant' },
  // LLM-GRAF-1
  { rule: grafanaAccess, name: 'VPC endpoints only', config: { network_access_control: { vpce_ids: ['vpce-1'] } }, expected: 'compliant' },
  { rule: grafanaAccess, name: 'open to the internet', config: { authentication_providers: ['AWS_SSO'] }, expected: ['NetworkAccessControl'] },
  // LLM-GRAF-2
  { rule: grafanaAccounts, name: 'editor account', config: { grafana_role: 'EDITOR' }, expected: 'compliant' },
  { rule: grafanaAccounts, name: 'admin account', config: { grafana_role: 'ADMIN' }, expected: ['Role::ADMIN'] },
  { rule: grafanaAccounts, name: 'thirty-day token', type: 'aws_grafana_workspace_service_account_token', config: { seconds_to_live: 2592000 }, expected: ['SecondsToLive::2592000'] },
  { rule: grafanaAccounts, name: 'one-hour token', type: 'aws_grafana_workspace_service_account_token', config: { seconds_to_live: 3600 }, expected: 'compliant' },
  // LLM-DB-10
  { rule: forceSsl, name: 'force_ssl on', config: { family: 'aurora-postgresql16', parameter: [{ name: 'rds.force_ssl', value: '1' }] }, expected: 'compliant' },
  { rule: forceSsl, name: 'force_ssl missing', type: 'aws_db_parameter_group', config: { family: 'postgres16', parameter: [{ name: 'log_connections', value: '1' }] }, expected: 'non-compliant' },
  { rule: forceSsl, name: 'MySQL family', config: { family: 'aurora-mysql8.0' }, expected: 'not-applicable' },
  // LLM-ECS-7
  { rule: ecsFloor, name: 'floor of two tasks', config: { service_namespace: 'ecs', min_capacity: 2, max_capacity: 10 }, expected: 'compliant' },
  { rule: ecsFloor, name: 'floor of one task', config: { service_namespace: 'ecs', min_capacity: 1, max_capacity: 10 }, expected: 'non-compliant' },
  // LLM-ALB-7
  { rule: albHealth, name: 'readiness health check', config: { protocol: 'HTTP', health_check: { enabled: true, path: '/health/readiness' } }, expected: 'compliant' },
  { rule: albHealth, name: 'health check on /', config: { protocol: 'HTTP', health_check: { enabled: true, path: '/' } }, expected: ['HealthCheckPath'] },
  { rule: albHealth, name: 'health check off', config: { protocol: 'HTTPS', health_check: { enabled: false } }, expected: ['HealthCheck'] },
  // LLM-AMP-1
  { rule: amp, name: 'CMK and logging', config: { kms_key_arn: 'k', logging_configuration: { log_group_arn: 'arn:aws:logs:us-east-1:1:log-group:amp:*' } }, expected: 'compliant' },
  { rule: amp, name: 'defaults', config: { alias: 'x' }, expected: ['KmsKey', 'Logging'] },
  // LLM-SEC-4
  { rule: documents, name: 'config object with env references', config: { content: yaml('general_settings:\n  master_key: os.environ/LITELLM_MASTER_KEY\nlitellm_settings:\n  api_key_alias: hiring/cv') }, expected: 'compliant' },
  { rule: documents, name: 'config object with a literal key', config: { content: yaml('general_settings:\n  master_key: sk-abcdefghijklmnopqrstuvwxyz012345') }, expected: ['content.general_settings.master_key'] },
  { rule: documents, name: 'config object with a literal secret_key', config: { content: yaml('storage:\n  secret_key: hunter2-hunter2') }, expected: ['content.storage.secret_key'] },
  { rule: documents, name: 'Alertmanager config with a PagerDuty routing key', type: 'aws_prometheus_alert_manager_definition', config: { definition: yaml('alertmanager_config: |\n  receivers:\n  - name: page\n    pagerduty_configs:\n    - routing_key: 0123456789abcdef0123456789abcdef') }, expected: ['definition.alertmanager_config.receivers[0].pagerduty_configs[0].routing_key'] },
  { rule: documents, name: 'Lambda invocation input with a password', type: 'aws_lambda_invocation', config: { input: JSON.stringify({ team: 'hiring', password: 'hunter2-hunter2' }) }, expected: ['input.password'] },
  { rule: documents, name: 'ConfigMap with plain settings', type: 'kubernetes_config_map_v1', config: mapOf({ 'config.yaml': 'a: 1\n' }), expected: 'compliant' },
  { rule: documents, name: 'ConfigMap with a token', type: 'kubernetes_config_map_v1', config: mapOf({ TOKEN: 'abcdefghijkl' }), expected: ['data.TOKEN'] },
  { rule: documents, name: 'notification channel token as a literal sensitive label', type: 'google_monitoring_notification_channel', config: { type: 'slack', sensitive_labels: { auth_token: 'xoxb-123-abc' } }, expected: ['sensitive_labels.auth_token'] },
  { rule: documents, name: 'secret version from a generated value', type: 'google_secret_manager_secret_version', config: { secret_data: '${random_password.p.result}' }, expected: 'compliant' },
  { rule: documents, name: 'secret version with a literal API key', type: 'google_secret_manager_secret_version', config: { secret_data: 'sk-abcdefghijklmnopqrstuvwxyz012345' }, expected: ['secret_data'] },
  // LLM-S3-6
  { rule: s3Ownership, name: 'ACLs disabled', config: { rule: { object_ownership: 'BucketOwnerEnforced' } }, expected: 'compliant' },
  { rule: s3Ownership, name: 'ACLs enabled', config: { rule: { object_ownership: 'ObjectWriter' } }, expected: 'non-compliant' },
  // LLM-S3-7
  { rule: s3Lifecycle, name: 'aborts incomplete uploads', config: { rule: [{ id: 'a', status: 'Enabled', abort_incomplete_multipart_upload: { days_after_initiation: 7 } }] }, expected: 'compliant' },
  { rule: s3Lifecycle, name: 'expiration only', config: { rule: [{ id: 'a', status: 'Enabled', expiration: { days: 30 } }] }, expected: 'non-compliant' },
  // LLM-S3-8
  { rule: s3ObjectLock, name: 'compliance retention', config: { rule: { default_retention: { mode: 'COMPLIANCE', days: 365 } } }, expected: 'compliant' },
  { rule: s3ObjectLock, name: 'governance retention', config: { rule: { default_retention: { mode: 'GOVERNANCE', days: 365 } } }, expected: ['Mode::GOVERNANCE'] },
  { rule: s3ObjectLock, name: 'no default retention', config: { object_lock_enabled: 'Enabled' }, expected: ['DefaultRetention'] },
  // LLM-SNS-1
  { rule: snsKms, name: 'CMK', config: { kms_master_key_id: 'k' }, expected: 'compliant' },
  { rule: snsKms, name: 'unencrypted', config: { name: 't' }, expected: 'non-compliant' },
  // LLM-SNS-2
  { rule: snsPolicy, name: 'CloudWatch from this account', config: { policy: policy({ Effect: 'Allow', Principal: { Service: 'cloudwatch.amazonaws.com' }, Action: 'sns:Publish', Condition: { StringEquals: { 'aws:SourceAccount': '111122223333' } } }) }, expected: 'compliant' },
  { rule: snsPolicy, name: 'anyone may publish', config: { policy: policy({ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sns:Publish' }) }, expected: ['Principal::*'] },
  // LLM-SNS-3
  { rule: snsSubscription, name: 'HTTPS endpoint', config: { protocol: 'https', endpoint: 'https://events.pagerduty.com/x' }, expected: 'compliant' },
  { rule: snsSubscription, name: 'HTTP endpoint', config: { protocol: 'http', endpoint: 'http://hooks.example.com' }, expected: ['Protocol::http'] },
  // LLM-WAF-1
  { rule: wafRules, name: 'managed groups and a rate limit', config: { rule: [{ statement: { managed_rule_group_statement: { name: 'AWSManagedRulesCommonRuleSet' } } }, { statement: { managed_rule_group_statement: { name: 'AWSManagedRulesKnownBadInputsRuleSet' } } }, { statement: { rate_based_statement: { limit: 2000 } } }] }, expected: 'compliant' },
  { rule: wafRules, name: 'no rules', config: { default_action: { allow: {} } }, expected: ['ManagedRuleGroup::AWSManagedRulesCommonRuleSet', 'ManagedRuleGroup::AWSManagedRulesKnownBadInputsRuleSet', 'RateLimit'] },
  // LLM-WAF-2
  { rule: wafRedaction, name: 'authorization redacted', config: { redacted_fields: [{ single_header: { name: 'authorization' } }] }, expected: 'compliant' },
  { rule: wafRedaction, name: 'nothing redacted', config: { log_destination_configs: ['arn'] }, expected: 'non-compliant' },
  // LLM-GKE-1
  { rule: gkePrivate, name: 'private nodes and endpoint', config: { private_cluster_config: { enable_private_nodes: true, enable_private_endpoint: true } }, expected: 'compliant' },
  { rule: gkePrivate, name: 'public nodes, world-authorized endpoint', config: { master_authorized_networks_config: { cidr_blocks: [{ cidr_block: '0.0.0.0/0' }] } }, expected: ['ControlPlaneEndpoint', 'PrivateNodes'] },
  // LLM-GKE-2
  { rule: gkeHardening, name: 'dataplane v2 and workload identity', config: { datapath_provider: 'ADVANCED_DATAPATH', workload_identity_config: { workload_pool: 'p.svc.id.goog' } }, expected: 'compliant' },
  { rule: gkeHardening, name: 'legacy cluster', config: { enable_legacy_abac: true, enable_shielded_nodes: false }, expected: ['LegacyAbac', 'NetworkPolicy', 'ShieldedNodes', 'WorkloadIdentity'] },
  // LLM-GKE-3
  { rule: gkeNodes, name: 'GKE metadata server, secure boot', type: 'google_container_node_pool', config: { node_config: { workload_metadata_config: { mode: 'GKE_METADATA' }, shielded_instance_config: { enable_secure_boot: true } } }, expected: 'compliant' },
  { rule: gkeNodes, name: 'node metadata exposed, no auto-repair', type: 'google_container_node_pool', config: { node_config: { machine_type: 'e2-standard-4' }, management: { auto_repair: false } }, expected: ['AutoRepair', 'SecureBoot', 'WorkloadMetadata'] },
  // LLM-GCS-1
  { rule: gcsAccess, name: 'uniform, public access prevented', config: { uniform_bucket_level_access: true, public_access_prevention: 'enforced' }, expected: 'compliant' },
  { rule: gcsAccess, name: 'defaults', config: { name: 'b', location: 'EU' }, expected: ['PublicAccessPrevention', 'UniformBucketLevelAccess'] },
  // LLM-GCS-2
  { rule: gcsVersioning, name: 'versioned', config: { versioning: { enabled: true } }, expected: 'compliant' },
  { rule: gcsVersioning, name: 'retention policy', config: { retention_policy: { retention_period: 86400 } }, expected: 'compliant' },
  { rule: gcsVersioning, name: 'neither', config: {}, expected: 'non-compliant' },
  // LLM-CACHE-5
  { rule: memorystore, name: 'AUTH, TLS, HA', config: { auth_enabled: true, transit_encryption_mode: 'SERVER_AUTHENTICATION', tier: 'STANDARD_HA' }, expected: 'compliant' },
  { rule: memorystore, name: 'defaults', config: { memory_size_gb: 1 }, expected: ['Auth', 'Tier', 'TransitEncryption'] },
  // LLM-GSQL-5
  { rule: sqlFlags, name: 'log flags set', config: { database_version: 'POSTGRES_16', settings: { database_flags: [['log_checkpoints', 'on'], ['log_connections', 'on'], ['log_disconnections', 'on'], ['log_lock_waits', 'on']].map(([name, value]) => ({ name, value })) } }, expected: 'compliant' },
  { rule: sqlFlags, name: 'no flags', config: { database_version: 'POSTGRES_16', settings: {} }, expected: ['Flag::log_checkpoints=on', 'Flag::log_connections=on', 'Flag::log_disconnections=on', 'Flag::log_lock_waits=on'] },
  { rule: sqlFlags, name: 'MySQL', config: { database_version: 'MYSQL_8_0' }, expected: 'not-applicable' },
  // LLM-GSQL-6
  { rule: sqlUsers, name: 'generated password', config: { name: 'app', password: '${random_password.p.result}' }, expected: 'compliant' },
  { rule: sqlUsers, name: 'literal password', config: { name: 'app', password: 'hunter2-hunter2' }, expected: ['Password'] },
  // LLM-GAR-1
  { rule: gar, name: 'immutable Docker repository with CMEK', config: { format: 'DOCKER', docker_config: { immutable_tags: true }, kms_key_name: 'k' }, expected: 'compliant' },
  { rule: gar, name: 'mutable, Google-managed key', config: { format: 'DOCKER' }, expected: ['ImmutableTags', 'KmsKey'] },
  // LLM-BQ-1
  { rule: bqPublic, name: 'group access', config: { access: [{ role: 'READER', group_by_email: 'analysts@example.com' }] }, expected: 'compliant' },
  { rule: bqPublic, name: 'all authenticated users', config: { access: [{ role: 'READER', special_group: 'allAuthenticatedUsers' }] }, expected: ['Access::allAuthenticatedUsers'] },
  // LLM-BQ-2
  { rule: bqEncryption, name: 'dataset CMEK', config: { default_encryption_configuration: { kms_key_name: 'k' } }, expected: 'compliant' },
  { rule: bqEncryption, name: 'table inheriting its dataset\'s CMEK', type: 'google_bigquery_table', config: { dataset_id: '${google_bigquery_dataset.d.dataset_id}' }, others: [{ type: 'google_bigquery_dataset', address: 'google_bigquery_dataset.d', config: { default_encryption_configuration: { kms_key_name: 'k' } } }], expected: 'compliant' },
  { rule: bqEncryption, name: 'table without a key', type: 'google_bigquery_table', config: { dataset_id: 'audit' }, expected: 'non-compliant' },
  // LLM-SCHED-1
  { rule: scheduler, name: 'OAuth token', config: { http_target: { uri: 'https://run.googleapis.com/x', oauth_token: { service_account_email: 'a@p.iam.gserviceaccount.com' } } }, expected: 'compliant' },
  { rule: scheduler, name: 'unauthenticated', config: { http_target: { uri: 'https://example.com' } }, expected: 'non-compliant' },
  // LLM-GLB-1
  { rule: glbSsl, name: 'TLS 1.2 modern', config: { min_tls_version: 'TLS_1_2', profile: 'MODERN' }, expected: 'compliant' },
  { rule: glbSsl, name: 'defaults', type: 'google_compute_region_ssl_policy', config: {}, expected: ['MinTlsVersion::TLS_1_0', 'Profile::COMPATIBLE'] },
  // LLM-GLB-2
  { rule: glbProxy, name: 'with an SSL policy', config: { ssl_policy: '${google_compute_ssl_policy.p.id}' }, expected: 'compliant' },
  { rule: glbProxy, name: 'without', type: 'google_compute_region_target_https_proxy', config: { url_map: 'u' }, expected: 'non-compliant' },
  // LLM-GLB-3
  { rule: glbLogging, name: 'logging on', config: { log_config: { enable: true, sample_rate: 1 } }, expected: 'compliant' },
  { rule: glbLogging, name: 'logging off', type: 'google_compute_region_backend_service', config: {}, expected: 'non-compliant' },
  // LLM-GLB-4
  { rule: glbExternal, name: 'internal managed', config: { load_balancing_scheme: 'INTERNAL_MANAGED' }, expected: 'compliant' },
  { rule: glbExternal, name: 'provider default (external)', type: 'google_compute_global_forwarding_rule', config: { port_range: '443' }, expected: ['Scheme::EXTERNAL'] },
  // LLM-MON-1
  { rule: monAlerts, name: 'alert with a channel', config: { notification_channels: ['c'] }, expected: 'compliant' },
  { rule: monAlerts, name: 'alert to nobody', config: { display_name: 'x' }, expected: 'non-compliant' },
  // LLM-GIAM-5
  { rule: customRole, name: 'read-only role', config: { permissions: ['run.services.get', 'secretmanager.versions.access'] }, expected: 'compliant' },
  { rule: customRole, name: 'escalating role', config: { permissions: ['iam.serviceAccounts.actAs', 'run.*'] }, expected: ['Permission::iam.serviceAccounts.actAs', 'Permission::run.*'] },
  // LLM-K8S-8
  { rule: k8sHost, name: 'pod namespaces', type: 'kubernetes_deployment_v1', config: pod({ container: [hardenedContainer] }), expected: 'compliant' },
  { rule: k8sHost, name: 'host network and PID', type: 'kubernetes_deployment_v1', config: pod({ host_network: true, host_pid: true, container: [hardenedContainer] }), expected: ['pod:host_network', 'pod:host_pid'] },
  // LLM-K8S-9
  { rule: k8sCaps, name: 'drops ALL', type: 'kubernetes_deployment_v1', config: pod({ container: [hardenedContainer] }), expected: 'compliant' },
  { rule: k8sCaps, name: 'default capabilities plus NET_ADMIN', type: 'kubernetes_job_v1', config: pod({ container: [{ name: 'j', security_context: { capabilities: { add: ['NET_ADMIN'] } } }] }), expected: ['container:j:add-NET_ADMIN', 'container:j:drop-ALL'] },
  // LLM-K8S-10
  { rule: k8sSeccomp, name: 'RuntimeDefault on the pod', type: 'kubernetes_deployment_v1', config: pod({ security_context: { seccomp_profile: { type: 'RuntimeDefault' } }, container: [{ name: 'a' }] }), expected: 'compliant' },
  { rule: k8sSeccomp, name: 'unconfined', type: 'kubernetes_deployment_v1', config: pod({ container: [{ name: 'a' }] }), expected: ['container:a:seccomp'] },
  // LLM-K8S-11
  { rule: k8sAutomount, name: 'service account without automount', type: 'kubernetes_service_account_v1', config: { automount_service_account_token: false }, expected: 'compliant' },
  { rule: k8sAutomount, name: 'service account default', type: 'kubernetes_service_account_v1', config: { metadata: { name: 'sa' } }, expected: ['ServiceAccount:automount'] },
  { rule: k8sAutomount, name: 'pod that decides', type: 'kubernetes_deployment_v1', config: pod({ automount_service_account_token: true, container: [hardenedContainer] }), expected: 'compliant' },
  { rule: k8sAutomount, name: 'pod that does not decide', type: 'kubernetes_deployment_v1', config: pod({ container: [hardenedContainer] }), expected: ['pod:automount'] },
  // LLM-K8S-12
  { rule: k8sRbac, name: 'named secrets, exact verbs', type: 'kubernetes_role_v1', config: { rule: [{ api_groups: [''], resources: ['secrets'], verbs: ['get', 'update'], resource_names: ['team-key'] }, { api_groups: [''], resources: ['secrets'], verbs: ['create'] }] }, expected: 'compliant' },
  { rule: k8sRbac, name: 'wildcards and escalation', type: 'kubernetes_cluster_role_v1', config: { rule: [{ api_groups: ['*'], resources: ['*'], verbs: ['*'] }, { api_groups: ['rbac.authorization.k8s.io'], resources: ['roles'], verbs: ['bind'] }] }, expected: ['rule[0]:apiGroups:*', 'rule[0]:read-all-secrets', 'rule[0]:resources:*', 'rule[0]:verbs:*', 'rule[1]:verbs:bind'] },
  { rule: k8sRbac, name: 'manifest Role reading every secret', type: 'kubernetes_manifest', config: { manifest: { kind: 'Role', rules: [{ apiGroups: [''], resources: ['secrets'], verbs: ['list'] }] } }, expected: ['rule[0]:read-all-secrets'] },
  { rule: k8sRbac, name: 'manifest of another kind', type: 'kubernetes_manifest', config: { manifest: { kind: 'Certificate' } }, expected: 'not-applicable' },
  // LLM-K8S-13
  { rule: k8sBindings, name: 'own role to one service account', config: { role_ref: { kind: 'Role', name: 'writer' }, subject: [{ kind: 'ServiceAccount', name: 'app', namespace: 'team' }] }, expected: 'compliant' },
  { rule: k8sBindings, name: 'cluster-admin to all authenticated', type: 'kubernetes_cluster_role_binding_v1', config: { role_ref: { kind: 'ClusterRole', name: 'cluster-admin' }, subject: [{ kind: 'Group', name: 'system:authenticated' }] }, expected: ['RoleRef::cluster-admin', 'Subject::system:authenticated'] },
  // LLM-K8S-14
  { rule: k8sNetpol, name: 'namespace with a policy', config: { metadata: { name: 'team' } }, others: [{ type: 'kubernetes_network_policy_v1', address: 'kubernetes_network_policy_v1.p', config: { metadata: { namespace: 'team' } } }], expected: 'compliant' },
  { rule: k8sNetpol, name: 'namespace referenced by a policy', config: { metadata: { name: 'team' } }, others: [{ type: 'kubernetes_network_policy_v1', address: 'kubernetes_network_policy_v1.p', config: { metadata: { namespace: '${kubernetes_namespace_v1.subject.metadata[0].name}' } } }], expected: 'compliant' },
  { rule: k8sNetpol, name: 'namespace without a policy', config: { metadata: { name: 'team' } }, expected: 'non-compliant' },
  // LLM-K8S-15
  { rule: k8sNetpolOpen, name: 'callers by namespace label', config: { spec: { ingress: [{ from: [{ namespace_selector: { match_labels: { team: 'a' } } }] }] } }, expected: 'compliant' },
  { rule: k8sNetpolOpen, name: 'from anywhere', config: { spec: { ingress: [{ ports: [{ port: '80' }] }, { from: [{ namespace_selector: {} }, { ip_block: { cidr: '0.0.0.0/0' } }] }] } }, expected: ['ingress[0]:from-anywhere', 'ingress[1]:0.0.0.0/0', 'ingress[1]:all-namespaces'] },
  // LLM-K8S-16
  { rule: k8sSecrets, name: 'write-only data', config: { data_wo: { key: '${ephemeral.random_password.p.result}' }, data_wo_revision: 1 }, expected: 'compliant' },
  { rule: k8sSecrets, name: 'literal data', config: { data: { password: 'hunter2' } }, expected: ['data.password'] },
  { rule: k8sSecrets, name: 'manifest Secret with stringData', type: 'kubernetes_manifest', config: { manifest: { kind: 'Secret', stringData: { token: 'abc' } } }, expected: ['stringData.token'] },
  // LLM-K8S-17
  { rule: k8sService, name: 'ClusterIP', config: { spec: { port: [{ port: 8080 }] } }, expected: 'compliant' },
  { rule: k8sService, name: 'internal AWS load balancer', config: { metadata: { annotations: { 'service.beta.kubernetes.io/aws-load-balancer-scheme': 'internal' } }, spec: { type: 'LoadBalancer' } }, expected: 'compliant' },
  { rule: k8sService, name: 'public load balancer', config: { spec: { type: 'LoadBalancer' } }, expected: ['Type::LoadBalancer'] },
  // LLM-K8S-18
  { rule: k8sIngressTls, name: 'TLS', config: { spec: { tls: [{ hosts: ['llm.example.com'], secret_name: 'tls' }] } }, expected: 'compliant' },
  { rule: k8sIngressTls, name: 'plain HTTP', config: { spec: { rule: [{ host: 'llm.example.com' }] } }, expected: 'non-compliant' },
  // LLM-K8S-19
  { rule: k8sAvailability, name: 'HPA floor of two', config: { spec: { min_replicas: 2, max_replicas: 6 } }, expected: 'compliant' },
  { rule: k8sAvailability, name: 'HPA floor of one', config: { spec: { max_replicas: 6 } }, expected: 'non-compliant' },
  { rule: k8sAvailability, name: 'PDB allowing all pods evicted', type: 'kubernetes_pod_disruption_budget_v1', config: { spec: { max_unavailable: '100%' } }, expected: 'non-compliant' },
  // LLM-LOG-3
  { rule: alarmActions, name: 'alarm paging on-call', config: { alarm_actions: ['arn:aws:sns:us-east-1:1:oncall'] }, expected: 'compliant' },
  { rule: alarmActions, name: 'alarm that stops a drill', config: {}, others: [{ type: 'aws_fis_experiment_template', address: 'aws_fis_experiment_template.d', config: { stop_condition: [{ source: 'aws:cloudwatch:alarm', value: '${aws_cloudwatch_metric_alarm.subject.arn}' }] } }], expected: 'compliant' },
  { rule: alarmActions, name: 'alarm to nobody', config: { metric_name: 'x' }, expected: 'non-compliant' },
  { rule: alarmActions, name: 'actions disabled', config: { alarm_actions: ['arn:aws:sns:us-east-1:1:oncall'], actions_enabled: false }, expected: 'non-compliant' },
  // LLM-FIS-1
  { rule: fisStop, name: 'stops on an SLO alarm', config: { stop_condition: [{ source: 'aws:cloudwatch:alarm', value: 'arn:aws:cloudwatch:us-east-1:1:alarm:slo' }] }, expected: 'compliant' },
  { rule: fisStop, name: 'no stop condition', config: { stop_condition: [{ source: 'none' }] }, expected: 'non-compliant' },
  // LLM-SQS-1
  { rule: sqsKms, name: 'CMK', config: { kms_master_key_id: 'arn:aws:kms:us-east-1:1:key/k' }, expected: 'compliant' },
  { rule: sqsKms, name: 'SQS-managed keys', config: { name: 'q' }, expected: ['Encryption::SQS-managed'] },
  { rule: sqsKms, name: 'unencrypted', config: { sqs_managed_sse_enabled: false }, expected: ['Encryption::none'] },
  // LLM-ASYNC-1
  { rule: asyncFailures, name: 'Lambda failures to a queue', config: { function_name: 'f', destination_config: { on_failure: { destination: 'arn:aws:sqs:us-east-1:1:dlq' } } }, expected: 'compliant' },
  { rule: asyncFailures, name: 'Lambda failures dropped', config: { function_name: 'f', maximum_retry_attempts: 0 }, expected: ['OnFailureDestination'] },
  { rule: asyncFailures, name: 'schedule with a dead-letter queue', type: 'aws_scheduler_schedule', config: { target: { arn: 'a', role_arn: 'r', dead_letter_config: { arn: 'arn:aws:sqs:us-east-1:1:dlq' } } }, expected: 'compliant' },
  { rule: asyncFailures, name: 'schedule without', type: 'aws_scheduler_schedule', config: { target: { arn: 'a', role_arn: 'r' } }, expected: ['DeadLetterQueue'] },
];
