import type { RuleCase } from './harness';
import { rule as albLogs } from '../../../src/policy/rules/alb/access-logs';
import { rule as albDeletion } from '../../../src/policy/rules/alb/deletion-protection';
import { rule as albHeaders } from '../../../src/policy/rules/alb/drop-invalid-headers';
import { rule as albRedirect } from '../../../src/policy/rules/alb/https-redirect';
import { rule as albTls } from '../../../src/policy/rules/alb/tls-policy';
import { rule as albWaf } from '../../../src/policy/rules/alb/waf';
import { rule as ecsInsights } from '../../../src/policy/rules/ecs/container-insights';
import { rule as ecsLogging } from '../../../src/policy/rules/ecs/container-logging';
import { rule as ecsSecrets } from '../../../src/policy/rules/ecs/plaintext-secrets';
import { rule as ecsPrivileged } from '../../../src/policy/rules/ecs/privileged-container';
import { rule as ecsPublicIp } from '../../../src/policy/rules/ecs/public-ip';
import { rule as ecsReadOnly } from '../../../src/policy/rules/ecs/read-only-root';
import { rule as eksLogs } from '../../../src/policy/rules/eks/control-plane-logs';
import { rule as eksImds } from '../../../src/policy/rules/eks/imdsv2';
import { rule as eksPublic } from '../../../src/policy/rules/eks/public-endpoint';
import { rule as eksSecrets } from '../../../src/policy/rules/eks/secrets-encryption';
import { rule as gcpKmsRotation } from '../../../src/policy/rules/kms/gcp-key-rotation';
import { rule as kmsPolicy } from '../../../src/policy/rules/kms/key-policy-principal';
import { rule as kmsRotation } from '../../../src/policy/rules/kms/key-rotation';
import { rule as secCmk } from '../../../src/policy/rules/secrets/customer-managed-key';
import { rule as secRotation } from '../../../src/policy/rules/secrets/rotation';
import { rule as secState } from '../../../src/policy/rules/secrets/value-in-state';

const task = (containers: object[]): { container_definitions: string } => ({ container_definitions: JSON.stringify(containers) });
const hardened = { name: 'litellm', image: 'ghcr.io/berriai/litellm:v1', readonlyRootFilesystem: true, logConfiguration: { logDriver: 'awslogs' } };

export const cases: RuleCase[] = [
  // LLM-SEC-1
  { rule: secRotation, name: 'secret with rotation', config: {}, others: [{ type: 'aws_secretsmanager_secret_rotation', address: 'aws_secretsmanager_secret_rotation.r', config: { secret_id: '${aws_secretsmanager_secret.subject.id}' } }], expected: 'compliant' },
  { rule: secRotation, name: 'secret without rotation', config: {}, expected: 'non-compliant' },
  // LLM-SEC-2
  { rule: secCmk, name: 'secret with CMK', config: { kms_key_id: '${aws_kms_key.k.arn}' }, expected: 'compliant' },
  { rule: secCmk, name: 'secret with the AWS managed key', config: {}, expected: 'non-compliant' },
  // LLM-SEC-3
  { rule: secState, name: 'write-only secret string', config: { secret_string_wo: '${data.aws_secretsmanager_random_password.p.random_password}', secret_string_wo_version: 1 }, expected: 'compliant' },
  { rule: secState, name: 'secret string in state', config: { secret_string: 'hunter2-hunter2' }, expected: ['secret_string'] },
  { rule: secState, name: 'SecureString parameter with value', type: 'aws_ssm_parameter', config: { type: 'SecureString', value: 'x' }, expected: ['value'] },
  { rule: secState, name: 'plain String parameter', type: 'aws_ssm_parameter', config: { type: 'String', value: 'x' }, expected: 'not-applicable' },
  // LLM-KMS-1
  { rule: kmsRotation, name: 'rotation on', config: { enable_key_rotation: true }, expected: 'compliant' },
  { rule: kmsRotation, name: 'rotation off', config: {}, expected: 'non-compliant' },
  { rule: kmsRotation, name: 'asymmetric signing key', config: { customer_master_key_spec: 'RSA_2048', key_usage: 'SIGN_VERIFY' }, expected: 'not-applicable' },
  // LLM-KMS-2
  { rule: kmsPolicy, name: 'account root principal', config: { policy: JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'kms:*', Resource: '*' }] }) }, expected: 'compliant' },
  { rule: kmsPolicy, name: 'any principal without condition', type: 'aws_kms_key_policy', config: { policy: JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'kms:Decrypt', Resource: '*' }] }) }, expected: ['Principal::*'] },
  // LLM-KMS-3
  { rule: gcpKmsRotation, name: '90 days', config: { rotation_period: '7776000s' }, expected: 'compliant' },
  { rule: gcpKmsRotation, name: 'one year', config: { rotation_period: '31536000s' }, expected: 'non-compliant' },
  { rule: gcpKmsRotation, name: 'no rotation', config: {}, expected: 'non-compliant' },
  // LLM-ALB-1
  { rule: albRedirect, name: 'HTTP redirecting to HTTPS', config: { port: 80, protocol: 'HTTP', default_action: [{ type: 'redirect', redirect: { protocol: 'HTTPS', port: '443', status_code: 'HTTP_301' } }] }, expected: 'compliant' },
  { rule: albRedirect, name: 'HTTP forwarding', config: { port: 80, protocol: 'HTTP', default_action: [{ type: 'forward', target_group_arn: 'tg' }] }, expected: 'non-compliant' },
  { rule: albRedirect, name: 'HTTPS listener', config: { port: 443, protocol: 'HTTPS' }, expected: 'not-applicable' },
  // LLM-ALB-2
  { rule: albTls, name: 'TLS 1.3/1.2 policy', config: { protocol: 'HTTPS', ssl_policy: 'ELBSecurityPolicy-TLS13-1-2-2021-06' }, expected: 'compliant' },
  { rule: albTls, name: 'default policy (TLS 1.0)', config: { protocol: 'HTTPS' }, expected: 'non-compliant' },
  { rule: albTls, name: 'legacy 2016 policy', config: { protocol: 'HTTPS', ssl_policy: 'ELBSecurityPolicy-2016-08' }, expected: 'non-compliant' },
  // LLM-ALB-3
  { rule: albHeaders, name: 'drops invalid headers', config: { drop_invalid_header_fields: true }, expected: 'compliant' },
  { rule: albHeaders, name: 'forwards invalid headers', config: {}, expected: 'non-compliant' },
  { rule: albHeaders, name: 'network load balancer', config: { load_balancer_type: 'network' }, expected: 'not-applicable' },
  // LLM-ALB-4
  { rule: albLogs, name: 'access logs on', config: { access_logs: { bucket: 'logs', enabled: true } }, expected: 'compliant' },
  { rule: albLogs, name: 'access logs off', config: { access_logs: { bucket: 'logs', enabled: false } }, expected: 'non-compliant' },
  // LLM-ALB-5
  { rule: albDeletion, name: 'deletion protection on', config: { enable_deletion_protection: true }, expected: 'compliant' },
  { rule: albDeletion, name: 'deletion protection off', config: {}, expected: 'non-compliant' },
  // LLM-ALB-6
  { rule: albWaf, name: 'public ALB with WAF', config: { internal: false }, others: [{ type: 'aws_wafv2_web_acl_association', address: 'aws_wafv2_web_acl_association.w', config: { resource_arn: '${aws_lb.subject.arn}' } }], expected: 'compliant' },
  { rule: albWaf, name: 'public ALB without WAF', config: {}, expected: 'non-compliant' },
  { rule: albWaf, name: 'internal ALB', config: { internal: true }, expected: 'not-applicable' },
  // LLM-ECS-1
  { rule: ecsPublicIp, name: 'private tasks', config: { network_configuration: { subnets: ['s'], assign_public_ip: false } }, expected: 'compliant' },
  { rule: ecsPublicIp, name: 'public IPs', config: { network_configuration: { subnets: ['s'], assign_public_ip: true } }, expected: 'non-compliant' },
  // LLM-ECS-2
  { rule: ecsPrivileged, name: 'unprivileged', config: task([hardened]), expected: 'compliant' },
  { rule: ecsPrivileged, name: 'privileged sidecar', config: task([hardened, { name: 'debug', privileged: true }]), expected: ['container:debug'] },
  { rule: ecsPrivileged, name: 'definitions only known at plan time', config: { container_definitions: '${jsonencode(local.defs)}' }, expected: 'unknown' },
  // LLM-ECS-3
  { rule: ecsReadOnly, name: 'read-only root', config: task([hardened]), expected: 'compliant' },
  { rule: ecsReadOnly, name: 'writable root', config: task([{ ...hardened, readonlyRootFilesystem: false }]), expected: ['container:litellm'] },
  { rule: ecsReadOnly, name: 'writable root in a one-shot init container the app waits for', config: task([{ name: 'migrations', image: 'm', essential: false, readonlyRootFilesystem: false }, { ...hardened, dependsOn: [{ containerName: 'migrations', condition: 'SUCCESS' }] }]), expected: 'compliant' },
  { rule: ecsReadOnly, name: 'writable root in a non-essential sidecar nobody waits for', config: task([{ name: 'sidecar', image: 's', essential: false, readonlyRootFilesystem: false }, { ...hardened, dependsOn: [{ containerName: 'sidecar', condition: 'START' }] }]), expected: ['container:sidecar'] },
  { rule: ecsReadOnly, name: 'writable root in an essential container others wait for', config: task([{ name: 'init', image: 'i', readonlyRootFilesystem: false }, { ...hardened, dependsOn: [{ containerName: 'init', condition: 'SUCCESS' }] }]), expected: ['container:init'] },
  // LLM-ECS-4
  { rule: ecsSecrets, name: 'secrets via valueFrom, booleans and ARNs in env', config: task([{ ...hardened, environment: [{ name: 'IAM_TOKEN_DB_AUTH', value: 'true' }, { name: 'MASTER_KEY_SECRET_ARN', value: 'arn:aws:secretsmanager:us-east-1:111122223333:secret:k' }, { name: 'LITELLM_LOG', value: 'INFO' }], secrets: [{ name: 'LITELLM_MASTER_KEY', valueFrom: 'arn:aws:secretsmanager:us-east-1:111122223333:secret:k' }] }]), expected: 'compliant' },
  { rule: ecsSecrets, name: 'API key in plain env', config: task([{ ...hardened, environment: [{ name: 'OPENAI_API_KEY', value: 'not-a-real-key-but-literal' }] }]), expected: ['container:litellm:env:OPENAI_API_KEY'] },
  { rule: ecsSecrets, name: 'credential-shaped value under an innocent name', config: task([{ ...hardened, environment: [{ name: 'CONFIG', value: 'AKIAABCDEFGHIJKLMNOP' }] }]), expected: ['container:litellm:env:CONFIG'] },
  // LLM-ECS-5
  { rule: ecsLogging, name: 'awslogs', config: task([hardened]), expected: 'compliant' },
  { rule: ecsLogging, name: 'no logging', config: task([{ name: 'x' }]), expected: ['container:x'] },
  // LLM-ECS-6
  { rule: ecsInsights, name: 'insights enabled', config: { setting: [{ name: 'containerInsights', value: 'enhanced' }] }, expected: 'compliant' },
  { rule: ecsInsights, name: 'insights disabled', config: { setting: [{ name: 'containerInsights', value: 'disabled' }] }, expected: 'non-compliant' },
  // LLM-EKS-1
  { rule: eksPublic, name: 'private endpoint', config: { vpc_config: { endpoint_public_access: false, endpoint_private_access: true } }, expected: 'compliant' },
  { rule: eksPublic, name: 'public endpoint restricted to a CIDR', config: { vpc_config: { public_access_cidrs: ['203.0.113.0/24'] } }, expected: 'compliant' },
  { rule: eksPublic, name: 'default (public, 0.0.0.0/0)', config: { vpc_config: { subnet_ids: ['s'] } }, expected: 'non-compliant' },
  // LLM-EKS-2
  { rule: eksLogs, name: 'all five log types', config: { enabled_cluster_log_types: ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'] }, expected: 'compliant' },
  { rule: eksLogs, name: 'three of five', config: { enabled_cluster_log_types: ['api', 'audit', 'authenticator'] }, expected: ['Log::controllerManager', 'Log::scheduler'] },
  // LLM-EKS-3
  { rule: eksImds, name: 'IMDSv2 required', config: { metadata_options: { http_tokens: 'required', http_put_response_hop_limit: 1 } }, expected: 'compliant' },
  { rule: eksImds, name: 'IMDSv1 allowed', config: { metadata_options: { http_tokens: 'optional' } }, expected: 'non-compliant' },
  { rule: eksImds, name: 'instance without metadata options', type: 'aws_instance', config: {}, expected: 'non-compliant' },
  // LLM-EKS-4
  { rule: eksSecrets, name: 'secrets encrypted', config: { encryption_config: { resources: ['secrets'], provider: { key_arn: 'k' } } }, expected: 'compliant' },
  { rule: eksSecrets, name: 'no envelope encryption', config: {}, expected: 'non-compliant' },
];
