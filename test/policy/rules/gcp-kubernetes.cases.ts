import type { RuleCase } from './harness';
import { rule as runDefaultSa } from '../../../src/policy/rules/cloud-run/default-service-account';
import { rule as runIngress } from '../../../src/policy/rules/cloud-run/ingress';
import { rule as runSecrets } from '../../../src/policy/rules/cloud-run/plaintext-secrets';
import { rule as runInvoker } from '../../../src/policy/rules/cloud-run/public-invoker';
import { rule as sqlBackups } from '../../../src/policy/rules/cloud-sql/backups';
import { rule as sqlDeletion } from '../../../src/policy/rules/cloud-sql/deletion-protection';
import { rule as sqlPublic } from '../../../src/policy/rules/cloud-sql/public-ip';
import { rule as sqlSsl } from '../../../src/policy/rules/cloud-sql/ssl-required';
import { rule as primitive } from '../../../src/policy/rules/gcp-iam/primitive-roles';
import { rule as impersonation } from '../../../src/policy/rules/gcp-iam/project-impersonation';
import { rule as publicMembers } from '../../../src/policy/rules/gcp-iam/public-members';
import { rule as saKeys } from '../../../src/policy/rules/gcp-iam/service-account-keys';
import { rule as gsmCmek } from '../../../src/policy/rules/gcp-secret-manager/customer-managed-key';
import { rule as gsmReplication } from '../../../src/policy/rules/gcp-secret-manager/replication';
import { rule as gsmRotation } from '../../../src/policy/rules/gcp-secret-manager/rotation';
import { rule as k8sImage } from '../../../src/policy/rules/kubernetes/image-pinned';
import { rule as k8sSecrets } from '../../../src/policy/rules/kubernetes/plaintext-secrets';
import { rule as k8sPrivileged } from '../../../src/policy/rules/kubernetes/privileged';
import { rule as k8sProbes } from '../../../src/policy/rules/kubernetes/probes';
import { rule as k8sReadOnly } from '../../../src/policy/rules/kubernetes/read-only-root';
import { rule as k8sLimits } from '../../../src/policy/rules/kubernetes/resource-limits';
import { rule as k8sRoot } from '../../../src/policy/rules/kubernetes/run-as-non-root';

const goodContainer = {
  name: 'litellm',
  image: 'ghcr.io/berriai/litellm@sha256:abc',
  security_context: { run_as_non_root: true, run_as_user: '10001', privileged: false, allow_privilege_escalation: false, read_only_root_filesystem: true },
  resources: { limits: { cpu: '1', memory: '2Gi' }, requests: { cpu: '500m', memory: '1Gi' } },
  liveness_probe: { http_get: { path: '/health/liveliness', port: '4000' } },
  readiness_probe: { http_get: { path: '/health/readiness', port: '4000' } },
  env: [{ name: 'LITELLM_MASTER_KEY', value_from: { secret_key_ref: { name: 'litellm', key: 'master' } } }],
};
/** A Deployment as cdktf renders it (single nested blocks as objects, lists as arrays). */
const deployment = (container: object, podSecurity?: object): object => ({
  metadata: { name: 'gateway' },
  spec: { template: { metadata: {}, spec: { ...(podSecurity ? { security_context: podSecurity } : {}), container: [container] } } },
});
/** The same shape with every block written as a one-element list (escape hatches, HCL-style JSON). */
const deploymentAsLists = (container: object): object => ({ spec: [{ template: [{ spec: [{ container: [container] }] }] }] });
const cronJob = (container: object): object => ({ spec: { job_template: { spec: { template: { spec: { container: [container] } } } } } });

const runV2 = (template: object, extra: object = {}): object => ({ name: 'gateway', location: 'europe-west1', template, ...extra });
const sql = (settings: object, extra: object = {}): object => ({ database_version: 'POSTGRES_16', settings, ...extra });
const privateSql = { ip_configuration: { ipv4_enabled: false, private_network: 'n', ssl_mode: 'ENCRYPTED_ONLY' }, backup_configuration: { enabled: true } };

export const cases: RuleCase[] = [
  // LLM-RUN-1
  { rule: runIngress, name: 'internal only', config: runV2({}, { ingress: 'INGRESS_TRAFFIC_INTERNAL_ONLY' }), expected: 'compliant' },
  { rule: runIngress, name: 'default ingress (all)', config: runV2({}), expected: 'non-compliant' },
  { rule: runIngress, name: 'v1 internal-and-cloud-load-balancing', type: 'google_cloud_run_service', config: { metadata: { annotations: { 'run.googleapis.com/ingress': 'internal-and-cloud-load-balancing' } } }, expected: 'compliant' },
  { rule: runIngress, name: 'v1 without ingress annotation', type: 'google_cloud_run_service', config: { metadata: { annotations: {} } }, expected: 'non-compliant' },
  // LLM-RUN-2
  { rule: runInvoker, name: 'invoker is a service account', type: 'google_cloud_run_v2_service_iam_member', config: { role: 'roles/run.invoker', member: 'serviceAccount:app@p.iam.gserviceaccount.com' }, expected: 'compliant' },
  { rule: runInvoker, name: 'invoker is allUsers', type: 'google_cloud_run_v2_service_iam_member', config: { role: 'roles/run.invoker', member: 'allUsers' }, expected: ['Member::allUsers'] },
  { rule: runInvoker, name: 'binding with allAuthenticatedUsers', type: 'google_cloud_run_service_iam_binding', config: { role: 'roles/run.invoker', members: ['group:x@example.com', 'allAuthenticatedUsers'] }, expected: ['Member::allAuthenticatedUsers'] },
  { rule: runInvoker, name: 'invoker IAM check disabled', type: 'google_cloud_run_v2_service', config: { invoker_iam_disabled: true }, expected: ['InvokerIamDisabled'] },
  { rule: runInvoker, name: 'IAM policy with allUsers', type: 'google_cloud_run_v2_service_iam_policy', config: { policy_data: JSON.stringify({ bindings: [{ role: 'roles/run.invoker', members: ['allUsers'] }] }) }, expected: ['Member::allUsers'] },
  // LLM-RUN-3
  { rule: runDefaultSa, name: 'dedicated service account', config: runV2({ service_account: 'gateway@p.iam.gserviceaccount.com' }), expected: 'compliant' },
  { rule: runDefaultSa, name: 'no service account (compute default)', config: runV2({ containers: [] }), expected: 'non-compliant' },
  { rule: runDefaultSa, name: 'explicit compute default', config: runV2({ service_account: '123-compute@developer.gserviceaccount.com' }), expected: 'non-compliant' },
  // LLM-RUN-4
  { rule: runSecrets, name: 'secret via secret_key_ref', config: runV2({ containers: [{ name: 'litellm', env: [{ name: 'LITELLM_MASTER_KEY', value_source: { secret_key_ref: { secret: 's', version: 'latest' } } }] }] }), expected: 'compliant' },
  { rule: runSecrets, name: 'password in plain env', config: runV2({ containers: [{ name: 'litellm', env: [{ name: 'DATABASE_PASSWORD', value: 'p4ssw0rd!' }] }] }), expected: ['container:litellm:env:DATABASE_PASSWORD'] },
  // LLM-GSQL-1
  { rule: sqlPublic, name: 'private IP only', config: sql(privateSql), expected: 'compliant' },
  { rule: sqlPublic, name: 'default (public IP)', config: sql({}), expected: ['PublicIp'] },
  { rule: sqlPublic, name: 'open authorized network', config: sql({ ip_configuration: { ipv4_enabled: true, authorized_networks: [{ value: '0.0.0.0/0' }] } }), expected: ['AuthorizedNetwork::0.0.0.0/0', 'PublicIp'] },
  // LLM-GSQL-2
  { rule: sqlSsl, name: 'ENCRYPTED_ONLY', config: sql(privateSql), expected: 'compliant' },
  { rule: sqlSsl, name: 'unencrypted allowed', config: sql({ ip_configuration: { ssl_mode: 'ALLOW_UNENCRYPTED_AND_ENCRYPTED' } }), expected: 'non-compliant' },
  // LLM-GSQL-3
  { rule: sqlBackups, name: 'backups on', config: sql(privateSql), expected: 'compliant' },
  { rule: sqlBackups, name: 'backups off', config: sql({ backup_configuration: { enabled: false } }), expected: 'non-compliant' },
  { rule: sqlBackups, name: 'read replica', config: sql({}, { master_instance_name: 'primary' }), expected: 'not-applicable' },
  // LLM-GSQL-4
  { rule: sqlDeletion, name: 'default deletion protection', config: sql(privateSql), expected: 'compliant' },
  { rule: sqlDeletion, name: 'deletion protection off', config: sql(privateSql, { deletion_protection: false }), expected: 'non-compliant' },
  // LLM-GIAM-1
  { rule: primitive, name: 'predefined role', config: { role: 'roles/aiplatform.user', member: 'serviceAccount:a@p.iam.gserviceaccount.com' }, expected: 'compliant' },
  { rule: primitive, name: 'editor', type: 'google_project_iam_binding', config: { role: 'roles/editor', members: ['group:devs@example.com'] }, expected: ['Role::roles/editor'] },
  // LLM-GIAM-2
  { rule: impersonation, name: 'token creator on the project', config: { role: 'roles/iam.serviceAccountTokenCreator', member: 'user:a@example.com' }, expected: ['Role::roles/iam.serviceAccountTokenCreator'] },
  { rule: impersonation, name: 'secret accessor on the project', config: { role: 'roles/secretmanager.secretAccessor', member: 'serviceAccount:a@p.iam.gserviceaccount.com' }, expected: 'compliant' },
  // LLM-GIAM-3
  { rule: saKeys, name: 'Google-generated key (private key in state)', config: { service_account_id: 'a' }, expected: 'non-compliant' },
  { rule: saKeys, name: 'key uploaded from a public key', config: { service_account_id: 'a', public_key_data: 'LS0tLS1CRUdJTi...' }, expected: 'compliant' },
  // LLM-GIAM-4
  { rule: publicMembers, name: 'bucket readable by a group', type: 'google_storage_bucket_iam_member', config: { role: 'roles/storage.objectViewer', member: 'group:x@example.com' }, expected: 'compliant' },
  { rule: publicMembers, name: 'secret readable by anyone', type: 'google_secret_manager_secret_iam_member', config: { role: 'roles/secretmanager.secretAccessor', member: 'allUsers' }, expected: ['Member::allUsers'] },
  // LLM-GSM-1
  { rule: gsmReplication, name: 'user-managed replicas', config: { replication: { user_managed: { replicas: [{ location: 'europe-west1' }] } } }, expected: 'compliant' },
  { rule: gsmReplication, name: 'no replication block', config: { secret_id: 's' }, expected: 'non-compliant' },
  { rule: gsmReplication, name: 'user-managed without replicas', config: { replication: { user_managed: {} } }, expected: 'non-compliant' },
  // LLM-GSM-2
  { rule: gsmCmek, name: 'auto replication with CMEK', config: { replication: { auto: { customer_managed_encryption: { kms_key_name: 'k' } } } }, expected: 'compliant' },
  { rule: gsmCmek, name: 'auto replication, Google-managed key', config: { replication: { auto: {} } }, expected: 'non-compliant' },
  // LLM-GSM-3
  { rule: gsmRotation, name: 'rotation with a topic', config: { rotation: { rotation_period: '7776000s', next_rotation_time: '2030-01-01T00:00:00Z' }, topics: [{ name: 't' }] }, expected: 'compliant' },
  { rule: gsmRotation, name: 'no rotation', config: {}, expected: 'non-compliant' },
  // LLM-K8S-1
  { rule: k8sRoot, name: 'non-root container', config: deployment(goodContainer), expected: 'compliant' },
  { rule: k8sRoot, name: 'non-root set on the pod', config: deployment({ name: 'c', image: 'x:1' }, { run_as_non_root: true }), expected: 'compliant' },
  { rule: k8sRoot, name: 'no security context', config: deployment({ name: 'c', image: 'x:1' }), expected: ['container:c'] },
  { rule: k8sRoot, name: 'explicit uid 0', config: deployment({ name: 'c', security_context: { run_as_user: '0' } }), expected: ['container:c'] },
  { rule: k8sRoot, name: 'blocks written as lists', type: 'kubernetes_deployment', config: deploymentAsLists({ name: 'c' }), expected: ['container:c'] },
  { rule: k8sRoot, name: 'cron job', type: 'kubernetes_cron_job_v1', config: cronJob({ name: 'job' }), expected: ['container:job'] },
  // LLM-K8S-2
  { rule: k8sLimits, name: 'limits set', config: deployment(goodContainer), expected: 'compliant' },
  { rule: k8sLimits, name: 'memory limit missing', config: deployment({ name: 'c', resources: { limits: { cpu: '1' } } }), expected: ['container:c:limits.memory'] },
  // LLM-K8S-3
  { rule: k8sProbes, name: 'both probes', config: deployment(goodContainer), expected: 'compliant' },
  { rule: k8sProbes, name: 'no probes', config: deployment({ name: 'c' }), expected: ['container:c:liveness_probe', 'container:c:readiness_probe'] },
  // LLM-K8S-4
  { rule: k8sPrivileged, name: 'locked down', config: deployment(goodContainer), expected: 'compliant' },
  { rule: k8sPrivileged, name: 'privileged, escalation by default', config: deployment({ name: 'c', security_context: { privileged: true } }), expected: ['container:c:allowPrivilegeEscalation', 'container:c:privileged'] },
  // LLM-K8S-5
  { rule: k8sReadOnly, name: 'read-only root', config: deployment(goodContainer), expected: 'compliant' },
  { rule: k8sReadOnly, name: 'writable root', config: deployment({ name: 'c' }), expected: ['container:c'] },
  // LLM-K8S-6
  { rule: k8sSecrets, name: 'secret via secret_key_ref', config: deployment(goodContainer), expected: 'compliant' },
  { rule: k8sSecrets, name: 'token in plain env', config: deployment({ name: 'c', env: [{ name: 'HF_TOKEN', value: 'hf_literal_token_value' }] }), expected: ['container:c:env:HF_TOKEN'] },
  // LLM-K8S-7
  { rule: k8sImage, name: 'digest-pinned image', config: deployment(goodContainer), expected: 'compliant' },
  { rule: k8sImage, name: 'latest and untagged images', config: deployment({ name: 'a', image: 'ghcr.io/berriai/litellm:latest' }), expected: ['container:a'] },
  { rule: k8sImage, name: 'registry with a port but no tag', config: deployment({ name: 'a', image: 'registry.local:5000/litellm' }), expected: ['container:a'] },
];
