// The rule registry: every rule of every pack, in report order. docs.ts renders the rules table from it.
import type { PolicyRule } from '../rule';
import { rule as alb4 } from './alb/access-logs';
import { rule as alb5 } from './alb/deletion-protection';
import { rule as alb3 } from './alb/drop-invalid-headers';
import { rule as alb1 } from './alb/https-redirect';
import { rule as alb7 } from './alb/target-health-check';
import { rule as alb2 } from './alb/tls-policy';
import { rule as alb6 } from './alb/waf';
import { rule as athena1 } from './analytics/athena-workgroup';
import { rule as bq2 } from './bigquery/encryption';
import { rule as bq1 } from './bigquery/public-dataset';
import { rule as budget1 } from './budgets/notifications';
import { rule as cache1 } from './cache/at-rest-encryption';
import { rule as cache3 } from './cache/authentication';
import { rule as cache5 } from './cache/memorystore';
import { rule as cache4 } from './cache/multi-az';
import { rule as cache2 } from './cache/transit-encryption';
import { rule as run3 } from './cloud-run/default-service-account';
import { rule as run1 } from './cloud-run/ingress';
import { rule as run4 } from './cloud-run/plaintext-secrets';
import { rule as run2 } from './cloud-run/public-invoker';
import { rule as gsql3 } from './cloud-sql/backups';
import { rule as gsql6 } from './cloud-sql/built-in-users';
import { rule as gsql4 } from './cloud-sql/deletion-protection';
import { rule as gsql5 } from './cloud-sql/log-flags';
import { rule as gsql1 } from './cloud-sql/public-ip';
import { rule as gsql2 } from './cloud-sql/ssl-required';
import { rule as cred1 } from './credentials/long-lived-keys';
import { rule as db4 } from './database/backup-retention';
import { rule as db8 } from './database/customer-managed-key';
import { rule as db3 } from './database/deletion-protection';
import { rule as db5 } from './database/final-snapshot';
import { rule as db10 } from './database/force-ssl';
import { rule as db7 } from './database/iam-authentication';
import { rule as db9 } from './database/log-exports';
import { rule as db6 } from './database/multi-az';
import { rule as db2 } from './database/publicly-accessible';
import { rule as db1 } from './database/storage-encrypted';
import { rule as ecr2 } from './ecr/image-hygiene';
import { rule as ecr1 } from './ecr/public-repository';
import { rule as ecs7 } from './ecs/autoscaling-floor';
import { rule as ecs6 } from './ecs/container-insights';
import { rule as ecs5 } from './ecs/container-logging';
import { rule as ecs4 } from './ecs/plaintext-secrets';
import { rule as ecs2 } from './ecs/privileged-container';
import { rule as ecs1 } from './ecs/public-ip';
import { rule as ecs3 } from './ecs/read-only-root';
import { rule as eks2 } from './eks/control-plane-logs';
import { rule as eks3 } from './eks/imdsv2';
import { rule as eks1 } from './eks/public-endpoint';
import { rule as eks4 } from './eks/secrets-encryption';
import { rule as giam5 } from './gcp-iam/custom-role-escalation';
import { rule as giam1 } from './gcp-iam/primitive-roles';
import { rule as giam2 } from './gcp-iam/project-impersonation';
import { rule as giam4 } from './gcp-iam/public-members';
import { rule as giam3 } from './gcp-iam/service-account-keys';
import { rule as glb3 } from './gcp-lb/backend-logging';
import { rule as glb4 } from './gcp-lb/external-exposure';
import { rule as glb2 } from './gcp-lb/https-proxy';
import { rule as glb1 } from './gcp-lb/ssl-policy';
import { rule as gsm2 } from './gcp-secret-manager/customer-managed-key';
import { rule as gsm1 } from './gcp-secret-manager/replication';
import { rule as gsm3 } from './gcp-secret-manager/rotation';
import { rule as mon1 } from './gcp-services/alert-notifications';
import { rule as gar1 } from './gcp-services/artifact-registry';
import { rule as sched1 } from './gcp-services/scheduler-auth';
import { rule as gcs1 } from './gcs/bucket-access';
import { rule as gcs2 } from './gcs/versioning';
import { rule as gke2 } from './gke/cluster-hardening';
import { rule as gke3 } from './gke/node-pool';
import { rule as gke1 } from './gke/private-cluster';
import { rule as gov2 } from './governance/alias-fallback';
import { rule as gov5 } from './governance/budget-and-limits';
import { rule as gov11 } from './governance/business-fallback';
import { rule as gov3 } from './governance/message-logging';
import { rule as gov1 } from './governance/model-allow-list';
import { rule as gov12 } from './governance/ownership';
import { rule as gov4 } from './governance/pii-guardrail';
import { rule as gov8 } from './governance/prompt-injection-guardrail';
import { rule as gov9 } from './governance/sensitive-data-logging';
import { rule as gov7 } from './governance/structured-output';
import { rule as gov10 } from './governance/tool-allow-list';
import { rule as gov6 } from './governance/tool-execution';
import { rule as graf2 } from './grafana/service-accounts';
import { rule as graf1 } from './grafana/workspace-access';
import { rule as helm3 } from './helm/chart-pinned';
import { rule as helm2 } from './helm/plaintext-secrets';
import { rule as helm1 } from './helm/privileged-values';
import { rule as iam4 } from './iam/admin-access';
import { rule as iam5 } from './iam/aws-managed-policies';
import { rule as iam6 } from './iam/open-trust-policy';
import { rule as iam2 } from './iam/permissions-boundary';
import { rule as iam7 } from './iam/privilege-escalation';
import { rule as iam1 } from './iam/wildcard-actions';
import { rule as iam3 } from './iam/wildcard-resources';
import { rule as kms3 } from './kms/gcp-key-rotation';
import { rule as kms2 } from './kms/key-policy-principal';
import { rule as kms1 } from './kms/key-rotation';
import { rule as k8s19 } from './kubernetes/availability';
import { rule as k8s9 } from './kubernetes/capabilities';
import { rule as k8s8 } from './kubernetes/host-namespaces';
import { rule as k8s7 } from './kubernetes/image-pinned';
import { rule as k8s18 } from './kubernetes/ingress-tls';
import { rule as k8s15 } from './kubernetes/network-policy-open';
import { rule as k8s14 } from './kubernetes/network-policy-presence';
import { rule as k8s6 } from './kubernetes/plaintext-secrets';
import { rule as k8s4 } from './kubernetes/privileged';
import { rule as k8s3 } from './kubernetes/probes';
import { rule as k8s12 } from './kubernetes/rbac-wildcards';
import { rule as k8s5 } from './kubernetes/read-only-root';
import { rule as k8s2 } from './kubernetes/resource-limits';
import { rule as k8s13 } from './kubernetes/role-bindings';
import { rule as k8s1 } from './kubernetes/run-as-non-root';
import { rule as k8s10 } from './kubernetes/seccomp';
import { rule as k8s16 } from './kubernetes/secret-literals';
import { rule as k8s17 } from './kubernetes/service-exposure';
import { rule as k8s11 } from './kubernetes/token-automount';
import { rule as lambda2 } from './lambda/environment-encryption';
import { rule as lambda3 } from './lambda/invoke-permission';
import { rule as lambda1 } from './lambda/plaintext-secrets';
import { rule as log3 } from './logs/alarm-actions';
import { rule as log1 } from './logs/kms-encryption';
import { rule as log2 } from './logs/retention';
import { rule as async1 } from './messaging/async-failures';
import { rule as sqs1 } from './messaging/sqs-encryption';
import { rule as net5 } from './network/default-security-group';
import { rule as net4 } from './network/flow-logs';
import { rule as net7 } from './network/gcp-firewall';
import { rule as net3 } from './network/open-egress';
import { rule as net1 } from './network/open-ingress';
import { rule as net2 } from './network/rule-descriptions';
import { rule as net6 } from './network/subnet-groups';
import { rule as amp1 } from './observability-aws/prometheus-workspace';
import { rule as fis1 } from './resilience/fis-stop-condition';
import { rule as s33 } from './s3/kms-encryption';
import { rule as s37 } from './s3/lifecycle';
import { rule as s38 } from './s3/object-lock';
import { rule as s36 } from './s3/ownership-controls';
import { rule as s31 } from './s3/public-access-block';
import { rule as s32 } from './s3/public-acl-or-policy';
import { rule as s34 } from './s3/ssl-only';
import { rule as s35 } from './s3/versioning';
import { rule as sec2 } from './secrets/customer-managed-key';
import { rule as sec4 } from './secrets/documents';
import { rule as sec1 } from './secrets/rotation';
import { rule as sec3 } from './secrets/value-in-state';
import { rule as sns3 } from './sns/subscription-transport';
import { rule as sns1 } from './sns/topic-encryption';
import { rule as sns2 } from './sns/topic-policy';
import { rule as waf2 } from './waf/logging-redaction';
import { rule as waf1 } from './waf/managed-rules';

/** Rules of `PolicyPack.securityBaseline()`. */
export const SECURITY_BASELINE_RULES: ReadonlyArray<PolicyRule> = [
  alb1,
  alb2,
  alb3,
  alb4,
  alb5,
  alb6,
  alb7,
  amp1,
  async1,
  athena1,
  bq1,
  bq2,
  budget1,
  cache1,
  cache2,
  cache3,
  cache4,
  cache5,
  cred1,
  db1,
  db2,
  db3,
  db4,
  db5,
  db6,
  db7,
  db8,
  db9,
  db10,
  ecr1,
  ecr2,
  ecs1,
  ecs2,
  ecs3,
  ecs4,
  ecs5,
  ecs6,
  ecs7,
  fis1,
  eks1,
  eks2,
  eks3,
  eks4,
  gar1,
  gcs1,
  gcs2,
  giam1,
  giam2,
  giam3,
  giam4,
  giam5,
  gke1,
  gke2,
  gke3,
  glb1,
  glb2,
  glb3,
  glb4,
  graf1,
  graf2,
  gsm1,
  gsm2,
  gsm3,
  gsql1,
  gsql2,
  gsql3,
  gsql4,
  gsql5,
  gsql6,
  helm1,
  helm2,
  helm3,
  iam1,
  iam2,
  iam3,
  iam4,
  iam5,
  iam6,
  iam7,
  k8s1,
  k8s2,
  k8s3,
  k8s4,
  k8s5,
  k8s6,
  k8s7,
  k8s8,
  k8s9,
  k8s10,
  k8s11,
  k8s12,
  k8s13,
  k8s14,
  k8s15,
  k8s16,
  k8s17,
  k8s18,
  k8s19,
  kms1,
  kms2,
  kms3,
  lambda1,
  lambda2,
  lambda3,
  log1,
  log2,
  log3,
  mon1,
  net1,
  net2,
  net3,
  net4,
  net5,
  net6,
  net7,
  run1,
  run2,
  run3,
  run4,
  s31,
  s32,
  s33,
  s34,
  s35,
  s36,
  s37,
  s38,
  sched1,
  sec1,
  sec2,
  sec3,
  sec4,
  sns1,
  sns2,
  sns3,
  sqs1,
  waf1,
  waf2,
];

/** Rules of `PolicyPack.llmGovernance()`. */
export const LLM_GOVERNANCE_RULES: ReadonlyArray<PolicyRule> = [
  gov1,
  gov2,
  gov3,
  gov4,
  gov5,
  gov6,
  gov7,
  gov8,
  gov9,
  gov10,
  gov11,
  gov12,
];

/** Where each rule lives (for docs and tests): rule id → `src/policy/rules/<area>/<file>.ts`. */
export const RULE_FILES: Readonly<Record<string, string>> = {
  'LLM-ALB-1': 'alb/https-redirect.ts',
  'LLM-ALB-2': 'alb/tls-policy.ts',
  'LLM-ALB-3': 'alb/drop-invalid-headers.ts',
  'LLM-ALB-4': 'alb/access-logs.ts',
  'LLM-ALB-5': 'alb/deletion-protection.ts',
  'LLM-ALB-6': 'alb/waf.ts',
  'LLM-ALB-7': 'alb/target-health-check.ts',
  'LLM-AMP-1': 'observability-aws/prometheus-workspace.ts',
  'LLM-ASYNC-1': 'messaging/async-failures.ts',
  'LLM-ATHENA-1': 'analytics/athena-workgroup.ts',
  'LLM-BQ-1': 'bigquery/public-dataset.ts',
  'LLM-BQ-2': 'bigquery/encryption.ts',
  'LLM-BUDGET-1': 'budgets/notifications.ts',
  'LLM-CACHE-1': 'cache/at-rest-encryption.ts',
  'LLM-CACHE-2': 'cache/transit-encryption.ts',
  'LLM-CACHE-3': 'cache/authentication.ts',
  'LLM-CACHE-4': 'cache/multi-az.ts',
  'LLM-CACHE-5': 'cache/memorystore.ts',
  'LLM-CRED-1': 'credentials/long-lived-keys.ts',
  'LLM-DB-1': 'database/storage-encrypted.ts',
  'LLM-DB-2': 'database/publicly-accessible.ts',
  'LLM-DB-3': 'database/deletion-protection.ts',
  'LLM-DB-4': 'database/backup-retention.ts',
  'LLM-DB-5': 'database/final-snapshot.ts',
  'LLM-DB-6': 'database/multi-az.ts',
  'LLM-DB-7': 'database/iam-authentication.ts',
  'LLM-DB-8': 'database/customer-managed-key.ts',
  'LLM-DB-9': 'database/log-exports.ts',
  'LLM-DB-10': 'database/force-ssl.ts',
  'LLM-ECR-1': 'ecr/public-repository.ts',
  'LLM-ECR-2': 'ecr/image-hygiene.ts',
  'LLM-ECS-1': 'ecs/public-ip.ts',
  'LLM-ECS-2': 'ecs/privileged-container.ts',
  'LLM-ECS-3': 'ecs/read-only-root.ts',
  'LLM-ECS-4': 'ecs/plaintext-secrets.ts',
  'LLM-ECS-5': 'ecs/container-logging.ts',
  'LLM-ECS-6': 'ecs/container-insights.ts',
  'LLM-ECS-7': 'ecs/autoscaling-floor.ts',
  'LLM-EKS-1': 'eks/public-endpoint.ts',
  'LLM-EKS-2': 'eks/control-plane-logs.ts',
  'LLM-EKS-3': 'eks/imdsv2.ts',
  'LLM-EKS-4': 'eks/secrets-encryption.ts',
  'LLM-FIS-1': 'resilience/fis-stop-condition.ts',
  'LLM-GAR-1': 'gcp-services/artifact-registry.ts',
  'LLM-GCS-1': 'gcs/bucket-access.ts',
  'LLM-GCS-2': 'gcs/versioning.ts',
  'LLM-GIAM-1': 'gcp-iam/primitive-roles.ts',
  'LLM-GIAM-2': 'gcp-iam/project-impersonation.ts',
  'LLM-GIAM-3': 'gcp-iam/service-account-keys.ts',
  'LLM-GIAM-4': 'gcp-iam/public-members.ts',
  'LLM-GIAM-5': 'gcp-iam/custom-role-escalation.ts',
  'LLM-GKE-1': 'gke/private-cluster.ts',
  'LLM-GKE-2': 'gke/cluster-hardening.ts',
  'LLM-GKE-3': 'gke/node-pool.ts',
  'LLM-GLB-1': 'gcp-lb/ssl-policy.ts',
  'LLM-GLB-2': 'gcp-lb/https-proxy.ts',
  'LLM-GLB-3': 'gcp-lb/backend-logging.ts',
  'LLM-GLB-4': 'gcp-lb/external-exposure.ts',
  'LLM-GRAF-1': 'grafana/workspace-access.ts',
  'LLM-GRAF-2': 'grafana/service-accounts.ts',
  'LLM-GSM-1': 'gcp-secret-manager/replication.ts',
  'LLM-GSM-2': 'gcp-secret-manager/customer-managed-key.ts',
  'LLM-GSM-3': 'gcp-secret-manager/rotation.ts',
  'LLM-GSQL-1': 'cloud-sql/public-ip.ts',
  'LLM-GSQL-2': 'cloud-sql/ssl-required.ts',
  'LLM-GSQL-3': 'cloud-sql/backups.ts',
  'LLM-GSQL-4': 'cloud-sql/deletion-protection.ts',
  'LLM-GSQL-5': 'cloud-sql/log-flags.ts',
  'LLM-GSQL-6': 'cloud-sql/built-in-users.ts',
  'LLM-HELM-1': 'helm/privileged-values.ts',
  'LLM-HELM-2': 'helm/plaintext-secrets.ts',
  'LLM-HELM-3': 'helm/chart-pinned.ts',
  'LLM-IAM-1': 'iam/wildcard-actions.ts',
  'LLM-IAM-2': 'iam/permissions-boundary.ts',
  'LLM-IAM-3': 'iam/wildcard-resources.ts',
  'LLM-IAM-4': 'iam/admin-access.ts',
  'LLM-IAM-5': 'iam/aws-managed-policies.ts',
  'LLM-IAM-6': 'iam/open-trust-policy.ts',
  'LLM-IAM-7': 'iam/privilege-escalation.ts',
  'LLM-K8S-1': 'kubernetes/run-as-non-root.ts',
  'LLM-K8S-2': 'kubernetes/resource-limits.ts',
  'LLM-K8S-3': 'kubernetes/probes.ts',
  'LLM-K8S-4': 'kubernetes/privileged.ts',
  'LLM-K8S-5': 'kubernetes/read-only-root.ts',
  'LLM-K8S-6': 'kubernetes/plaintext-secrets.ts',
  'LLM-K8S-7': 'kubernetes/image-pinned.ts',
  'LLM-K8S-8': 'kubernetes/host-namespaces.ts',
  'LLM-K8S-9': 'kubernetes/capabilities.ts',
  'LLM-K8S-10': 'kubernetes/seccomp.ts',
  'LLM-K8S-11': 'kubernetes/token-automount.ts',
  'LLM-K8S-12': 'kubernetes/rbac-wildcards.ts',
  'LLM-K8S-13': 'kubernetes/role-bindings.ts',
  'LLM-K8S-14': 'kubernetes/network-policy-presence.ts',
  'LLM-K8S-15': 'kubernetes/network-policy-open.ts',
  'LLM-K8S-16': 'kubernetes/secret-literals.ts',
  'LLM-K8S-17': 'kubernetes/service-exposure.ts',
  'LLM-K8S-18': 'kubernetes/ingress-tls.ts',
  'LLM-K8S-19': 'kubernetes/availability.ts',
  'LLM-KMS-1': 'kms/key-rotation.ts',
  'LLM-KMS-2': 'kms/key-policy-principal.ts',
  'LLM-KMS-3': 'kms/gcp-key-rotation.ts',
  'LLM-LAMBDA-1': 'lambda/plaintext-secrets.ts',
  'LLM-LAMBDA-2': 'lambda/environment-encryption.ts',
  'LLM-LAMBDA-3': 'lambda/invoke-permission.ts',
  'LLM-LOG-1': 'logs/kms-encryption.ts',
  'LLM-LOG-2': 'logs/retention.ts',
  'LLM-LOG-3': 'logs/alarm-actions.ts',
  'LLM-MON-1': 'gcp-services/alert-notifications.ts',
  'LLM-NET-1': 'network/open-ingress.ts',
  'LLM-NET-2': 'network/rule-descriptions.ts',
  'LLM-NET-3': 'network/open-egress.ts',
  'LLM-NET-4': 'network/flow-logs.ts',
  'LLM-NET-5': 'network/default-security-group.ts',
  'LLM-NET-6': 'network/subnet-groups.ts',
  'LLM-NET-7': 'network/gcp-firewall.ts',
  'LLM-RUN-1': 'cloud-run/ingress.ts',
  'LLM-RUN-2': 'cloud-run/public-invoker.ts',
  'LLM-RUN-3': 'cloud-run/default-service-account.ts',
  'LLM-RUN-4': 'cloud-run/plaintext-secrets.ts',
  'LLM-S3-1': 's3/public-access-block.ts',
  'LLM-S3-2': 's3/public-acl-or-policy.ts',
  'LLM-S3-3': 's3/kms-encryption.ts',
  'LLM-S3-4': 's3/ssl-only.ts',
  'LLM-S3-5': 's3/versioning.ts',
  'LLM-S3-6': 's3/ownership-controls.ts',
  'LLM-S3-7': 's3/lifecycle.ts',
  'LLM-S3-8': 's3/object-lock.ts',
  'LLM-SCHED-1': 'gcp-services/scheduler-auth.ts',
  'LLM-SEC-1': 'secrets/rotation.ts',
  'LLM-SEC-2': 'secrets/customer-managed-key.ts',
  'LLM-SEC-3': 'secrets/value-in-state.ts',
  'LLM-SEC-4': 'secrets/documents.ts',
  'LLM-SNS-1': 'sns/topic-encryption.ts',
  'LLM-SNS-2': 'sns/topic-policy.ts',
  'LLM-SNS-3': 'sns/subscription-transport.ts',
  'LLM-SQS-1': 'messaging/sqs-encryption.ts',
  'LLM-WAF-1': 'waf/managed-rules.ts',
  'LLM-WAF-2': 'waf/logging-redaction.ts',
  'LLM-GOV-1': 'governance/model-allow-list.ts',
  'LLM-GOV-2': 'governance/alias-fallback.ts',
  'LLM-GOV-3': 'governance/message-logging.ts',
  'LLM-GOV-4': 'governance/pii-guardrail.ts',
  'LLM-GOV-5': 'governance/budget-and-limits.ts',
  'LLM-GOV-6': 'governance/tool-execution.ts',
  'LLM-GOV-7': 'governance/structured-output.ts',
  'LLM-GOV-8': 'governance/prompt-injection-guardrail.ts',
  'LLM-GOV-9': 'governance/sensitive-data-logging.ts',
  'LLM-GOV-10': 'governance/tool-allow-list.ts',
  'LLM-GOV-11': 'governance/business-fallback.ts',
  'LLM-GOV-12': 'governance/ownership.ts',
};
