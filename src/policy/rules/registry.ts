// The rule registry: every rule of every pack, in report order. docs.ts renders the rules table from it.
import type { PolicyRule } from '../rule';
import { rule as alb4 } from './alb/access-logs';
import { rule as alb5 } from './alb/deletion-protection';
import { rule as alb3 } from './alb/drop-invalid-headers';
import { rule as alb1 } from './alb/https-redirect';
import { rule as alb2 } from './alb/tls-policy';
import { rule as alb6 } from './alb/waf';
import { rule as cache1 } from './cache/at-rest-encryption';
import { rule as cache3 } from './cache/authentication';
import { rule as cache4 } from './cache/multi-az';
import { rule as cache2 } from './cache/transit-encryption';
import { rule as run3 } from './cloud-run/default-service-account';
import { rule as run1 } from './cloud-run/ingress';
import { rule as run4 } from './cloud-run/plaintext-secrets';
import { rule as run2 } from './cloud-run/public-invoker';
import { rule as gsql3 } from './cloud-sql/backups';
import { rule as gsql4 } from './cloud-sql/deletion-protection';
import { rule as gsql1 } from './cloud-sql/public-ip';
import { rule as gsql2 } from './cloud-sql/ssl-required';
import { rule as db4 } from './database/backup-retention';
import { rule as db8 } from './database/customer-managed-key';
import { rule as db3 } from './database/deletion-protection';
import { rule as db5 } from './database/final-snapshot';
import { rule as db7 } from './database/iam-authentication';
import { rule as db9 } from './database/log-exports';
import { rule as db6 } from './database/multi-az';
import { rule as db2 } from './database/publicly-accessible';
import { rule as db1 } from './database/storage-encrypted';
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
import { rule as giam1 } from './gcp-iam/primitive-roles';
import { rule as giam2 } from './gcp-iam/project-impersonation';
import { rule as giam4 } from './gcp-iam/public-members';
import { rule as giam3 } from './gcp-iam/service-account-keys';
import { rule as gsm2 } from './gcp-secret-manager/customer-managed-key';
import { rule as gsm1 } from './gcp-secret-manager/replication';
import { rule as gsm3 } from './gcp-secret-manager/rotation';
import { rule as gov2 } from './governance/alias-fallback';
import { rule as gov5 } from './governance/budget-and-limits';
import { rule as gov3 } from './governance/message-logging';
import { rule as gov1 } from './governance/model-allow-list';
import { rule as gov4 } from './governance/pii-guardrail';
import { rule as gov8 } from './governance/prompt-injection-guardrail';
import { rule as gov7 } from './governance/structured-output';
import { rule as gov6 } from './governance/tool-execution';
import { rule as helm3 } from './helm/chart-pinned';
import { rule as helm2 } from './helm/plaintext-secrets';
import { rule as helm1 } from './helm/privileged-values';
import { rule as iam4 } from './iam/admin-access';
import { rule as iam5 } from './iam/aws-managed-policies';
import { rule as iam6 } from './iam/open-trust-policy';
import { rule as iam2 } from './iam/permissions-boundary';
import { rule as iam1 } from './iam/wildcard-actions';
import { rule as iam3 } from './iam/wildcard-resources';
import { rule as kms3 } from './kms/gcp-key-rotation';
import { rule as kms2 } from './kms/key-policy-principal';
import { rule as kms1 } from './kms/key-rotation';
import { rule as k8s7 } from './kubernetes/image-pinned';
import { rule as k8s6 } from './kubernetes/plaintext-secrets';
import { rule as k8s4 } from './kubernetes/privileged';
import { rule as k8s3 } from './kubernetes/probes';
import { rule as k8s5 } from './kubernetes/read-only-root';
import { rule as k8s2 } from './kubernetes/resource-limits';
import { rule as k8s1 } from './kubernetes/run-as-non-root';
import { rule as log1 } from './logs/kms-encryption';
import { rule as log2 } from './logs/retention';
import { rule as net3 } from './network/open-egress';
import { rule as net1 } from './network/open-ingress';
import { rule as net2 } from './network/rule-descriptions';
import { rule as s33 } from './s3/kms-encryption';
import { rule as s31 } from './s3/public-access-block';
import { rule as s32 } from './s3/public-acl-or-policy';
import { rule as s34 } from './s3/ssl-only';
import { rule as s35 } from './s3/versioning';
import { rule as sec2 } from './secrets/customer-managed-key';
import { rule as sec1 } from './secrets/rotation';
import { rule as sec3 } from './secrets/value-in-state';

/** Rules of `PolicyPack.securityBaseline()`. */
export const SECURITY_BASELINE_RULES: ReadonlyArray<PolicyRule> = [
  alb1,
  alb2,
  alb3,
  alb4,
  alb5,
  alb6,
  cache1,
  cache2,
  cache3,
  cache4,
  db1,
  db2,
  db3,
  db4,
  db5,
  db6,
  db7,
  db8,
  db9,
  ecs1,
  ecs2,
  ecs3,
  ecs4,
  ecs5,
  ecs6,
  eks1,
  eks2,
  eks3,
  eks4,
  giam1,
  giam2,
  giam3,
  giam4,
  gsm1,
  gsm2,
  gsm3,
  gsql1,
  gsql2,
  gsql3,
  gsql4,
  helm1,
  helm2,
  helm3,
  iam1,
  iam2,
  iam3,
  iam4,
  iam5,
  iam6,
  k8s1,
  k8s2,
  k8s3,
  k8s4,
  k8s5,
  k8s6,
  k8s7,
  kms1,
  kms2,
  kms3,
  log1,
  log2,
  net1,
  net2,
  net3,
  run1,
  run2,
  run3,
  run4,
  s31,
  s32,
  s33,
  s34,
  s35,
  sec1,
  sec2,
  sec3,
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
];

/** Where each rule lives (for docs and tests): rule id → `src/policy/rules/<area>/<file>.ts`. */
export const RULE_FILES: Readonly<Record<string, string>> = {
  'LLM-ALB-1': 'alb/https-redirect.ts',
  'LLM-ALB-2': 'alb/tls-policy.ts',
  'LLM-ALB-3': 'alb/drop-invalid-headers.ts',
  'LLM-ALB-4': 'alb/access-logs.ts',
  'LLM-ALB-5': 'alb/deletion-protection.ts',
  'LLM-ALB-6': 'alb/waf.ts',
  'LLM-CACHE-1': 'cache/at-rest-encryption.ts',
  'LLM-CACHE-2': 'cache/transit-encryption.ts',
  'LLM-CACHE-3': 'cache/authentication.ts',
  'LLM-CACHE-4': 'cache/multi-az.ts',
  'LLM-DB-1': 'database/storage-encrypted.ts',
  'LLM-DB-2': 'database/publicly-accessible.ts',
  'LLM-DB-3': 'database/deletion-protection.ts',
  'LLM-DB-4': 'database/backup-retention.ts',
  'LLM-DB-5': 'database/final-snapshot.ts',
  'LLM-DB-6': 'database/multi-az.ts',
  'LLM-DB-7': 'database/iam-authentication.ts',
  'LLM-DB-8': 'database/customer-managed-key.ts',
  'LLM-DB-9': 'database/log-exports.ts',
  'LLM-ECS-1': 'ecs/public-ip.ts',
  'LLM-ECS-2': 'ecs/privileged-container.ts',
  'LLM-ECS-3': 'ecs/read-only-root.ts',
  'LLM-ECS-4': 'ecs/plaintext-secrets.ts',
  'LLM-ECS-5': 'ecs/container-logging.ts',
  'LLM-ECS-6': 'ecs/container-insights.ts',
  'LLM-EKS-1': 'eks/public-endpoint.ts',
  'LLM-EKS-2': 'eks/control-plane-logs.ts',
  'LLM-EKS-3': 'eks/imdsv2.ts',
  'LLM-EKS-4': 'eks/secrets-encryption.ts',
  'LLM-GIAM-1': 'gcp-iam/primitive-roles.ts',
  'LLM-GIAM-2': 'gcp-iam/project-impersonation.ts',
  'LLM-GIAM-3': 'gcp-iam/service-account-keys.ts',
  'LLM-GIAM-4': 'gcp-iam/public-members.ts',
  'LLM-GSM-1': 'gcp-secret-manager/replication.ts',
  'LLM-GSM-2': 'gcp-secret-manager/customer-managed-key.ts',
  'LLM-GSM-3': 'gcp-secret-manager/rotation.ts',
  'LLM-GSQL-1': 'cloud-sql/public-ip.ts',
  'LLM-GSQL-2': 'cloud-sql/ssl-required.ts',
  'LLM-GSQL-3': 'cloud-sql/backups.ts',
  'LLM-GSQL-4': 'cloud-sql/deletion-protection.ts',
  'LLM-HELM-1': 'helm/privileged-values.ts',
  'LLM-HELM-2': 'helm/plaintext-secrets.ts',
  'LLM-HELM-3': 'helm/chart-pinned.ts',
  'LLM-IAM-1': 'iam/wildcard-actions.ts',
  'LLM-IAM-2': 'iam/permissions-boundary.ts',
  'LLM-IAM-3': 'iam/wildcard-resources.ts',
  'LLM-IAM-4': 'iam/admin-access.ts',
  'LLM-IAM-5': 'iam/aws-managed-policies.ts',
  'LLM-IAM-6': 'iam/open-trust-policy.ts',
  'LLM-K8S-1': 'kubernetes/run-as-non-root.ts',
  'LLM-K8S-2': 'kubernetes/resource-limits.ts',
  'LLM-K8S-3': 'kubernetes/probes.ts',
  'LLM-K8S-4': 'kubernetes/privileged.ts',
  'LLM-K8S-5': 'kubernetes/read-only-root.ts',
  'LLM-K8S-6': 'kubernetes/plaintext-secrets.ts',
  'LLM-K8S-7': 'kubernetes/image-pinned.ts',
  'LLM-KMS-1': 'kms/key-rotation.ts',
  'LLM-KMS-2': 'kms/key-policy-principal.ts',
  'LLM-KMS-3': 'kms/gcp-key-rotation.ts',
  'LLM-LOG-1': 'logs/kms-encryption.ts',
  'LLM-LOG-2': 'logs/retention.ts',
  'LLM-NET-1': 'network/open-ingress.ts',
  'LLM-NET-2': 'network/rule-descriptions.ts',
  'LLM-NET-3': 'network/open-egress.ts',
  'LLM-RUN-1': 'cloud-run/ingress.ts',
  'LLM-RUN-2': 'cloud-run/public-invoker.ts',
  'LLM-RUN-3': 'cloud-run/default-service-account.ts',
  'LLM-RUN-4': 'cloud-run/plaintext-secrets.ts',
  'LLM-S3-1': 's3/public-access-block.ts',
  'LLM-S3-2': 's3/public-acl-or-policy.ts',
  'LLM-S3-3': 's3/kms-encryption.ts',
  'LLM-S3-4': 's3/ssl-only.ts',
  'LLM-S3-5': 's3/versioning.ts',
  'LLM-SEC-1': 'secrets/rotation.ts',
  'LLM-SEC-2': 'secrets/customer-managed-key.ts',
  'LLM-SEC-3': 'secrets/value-in-state.ts',
  'LLM-GOV-1': 'governance/model-allow-list.ts',
  'LLM-GOV-2': 'governance/alias-fallback.ts',
  'LLM-GOV-3': 'governance/message-logging.ts',
  'LLM-GOV-4': 'governance/pii-guardrail.ts',
  'LLM-GOV-5': 'governance/budget-and-limits.ts',
  'LLM-GOV-6': 'governance/tool-execution.ts',
  'LLM-GOV-7': 'governance/structured-output.ts',
  'LLM-GOV-8': 'governance/prompt-injection-guardrail.ts',
};
