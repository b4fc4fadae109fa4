import type { Construct } from 'constructs';
import { AwsEnvironment } from '../../aws/environment';
import { PermissionsBoundary, type BoundaryAllowStatement } from '../../aws/permissions-boundary';

/**
 * The ceiling of the gateway's two ECS roles (task and execution) when the platform team brings no boundary
 * of its own: what LiteLLM, its collector sidecar and the ECS agent do, on this account's resources only.
 * The runtime's own policies stay narrower (exact model, secret, bucket and workspace ARNs); the boundary makes
 * sure nobody widens them later. The construct adds explicit denies of privilege escalation and boundary removal.
 */
export function gatewayBoundary(scope: Construct, id: string, name: string): PermissionsBoundary {
  const env = AwsEnvironment.of(scope);
  const inAccount = (service: string, resource: string) => `arn:${env.partition}:${service}:*:${env.account}:${resource}`;
  const allow: BoundaryAllowStatement[] = [
    {
      Sid: 'Models',
      Action: ['bedrock:InvokeModel', 'bedrock:InvokeModelWithResponseStream', 'bedrock:ApplyGuardrail'],
      // Foundation models are AWS-owned (no account); cross-Region inference profiles and guardrails are this account's.
      Resource: [`arn:${env.partition}:bedrock:*::foundation-model/*`, inAccount('bedrock', 'inference-profile/*'), inAccount('bedrock', 'guardrail/*')],
    },
    // GetAuthorizationToken has no resource-level permissions (ECR IAM reference): '*' is the only Resource that works.
    { Sid: 'EcrLogin', Action: 'ecr:GetAuthorizationToken', Resource: '*' },
    { Sid: 'EcrPull', Action: ['ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'], Resource: inAccount('ecr', 'repository/*') },
    { Sid: 'Keys', Action: ['kms:Decrypt', 'kms:GenerateDataKey'], Resource: inAccount('kms', 'key/*') },
    { Sid: 'Logs', Action: ['logs:CreateLogStream', 'logs:DescribeLogStreams', 'logs:PutLogEvents'], Resource: inAccount('logs', 'log-group:*') },
    { Sid: 'Database', Action: 'rds-db:connect', Resource: inAccount('rds-db', 'dbuser:*/*') },
    { Sid: 'Secrets', Action: 'secretsmanager:GetSecretValue', Resource: inAccount('secretsmanager', 'secret:*') },
    // The LiteLLM config object (read) and the audit trail's objects (written); bucket ARNs carry no account.
    { Sid: 'Config', Action: 's3:GetObject', Resource: `arn:${env.partition}:s3:::*/litellm/*` },
    { Sid: 'AuditTrail', Action: 's3:PutObject', Resource: `arn:${env.partition}:s3:::*/litellm/*` },
    { Sid: 'Metrics', Action: 'aps:RemoteWrite', Resource: inAccount('aps', 'workspace/*') },
    // X-Ray's write and sampling actions have no resource-level permissions (X-Ray IAM reference).
    { Sid: 'Traces', Action: ['xray:GetSamplingRules', 'xray:GetSamplingTargets', 'xray:PutTelemetryRecords', 'xray:PutTraceSegments'], Resource: '*' },
  ];
  return new PermissionsBoundary(scope, id, { nameParts: [name, 'gateway'], description: `Ceiling of the ${name} LLM gateway roles`, allow });
}
