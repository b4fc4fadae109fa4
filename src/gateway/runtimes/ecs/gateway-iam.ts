import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import type { Construct } from 'constructs';
import { BEDROCK_PROFILE_REGIONS, bedrockResourceArns } from './bedrock';
import { ecrStatements, jsonText, policyDocument, stableOrder } from './json';
import type { EcsFargateRuntimeProps } from './runtime-props';
import type { AwsEnvironment } from '../../../aws/environment';
import type { PlatformKey } from '../../../aws/kms-key';
import type { EncryptedLogGroup } from '../../../aws/log-group';
import { makeName, NameTarget } from '../../../core';
import { Lazy } from '../../../core/cdktf';
import type { GatewayRuntimeContext } from '../../runtime-contract';

/** The task's two roles and their inline policies. */
export interface GatewayRoles {
  readonly executionRole: IamRole;
  readonly taskRole: IamRole;
  readonly executionPolicy: IamRolePolicy;
  readonly taskPolicy: IamRolePolicy;
}

export interface GatewayRolesProps {
  readonly props: EcsFargateRuntimeProps;
  readonly ctx: GatewayRuntimeContext;
  readonly env: AwsEnvironment;
  readonly base: string;
  readonly key: PlatformKey;
  readonly logs: EncryptedLogGroup;
  readonly configObjectArn: string;
  /** Secrets Manager ARNs (IAM form) the ECS agent injects, read at synth. */
  readonly secretArns: () => string[];
  /** Every image of the task (gateway, init containers, sidecars), read at synth. */
  readonly images: () => string[];
  /** `rds-db:connect` resource of LiteLLM's IAM login. @default - none */
  readonly dbConnectArn?: string;
}

/**
 * Creates `ExecutionRole` (the ECS agent: logs, secret injection, ECR pulls) and `TaskRole` (LiteLLM: its config
 * object, its Bedrock models and guardrails, its database login) in `scope`, each with one inline policy of exact
 * resources, rendered at synth (models and sidecars may be added after construction).
 */
export function createGatewayRoles(scope: Construct, input: GatewayRolesProps): GatewayRoles {
  const { props, ctx, env, base, key, logs } = input;
  const assumeRole = jsonText({
    Version: '2012-10-17',
    Statement: [{
      Effect: 'Allow',
      Principal: { Service: 'ecs-tasks.amazonaws.com' },
      Action: 'sts:AssumeRole',
      // Confused-deputy protection: only ECS on behalf of this account.
      Condition: {
        StringEquals: { 'aws:SourceAccount': env.account },
        ArnLike: { 'aws:SourceArn': `arn:${env.partition}:ecs:${env.region}:${env.account}:*` },
      },
    }],
  });
  const executionRole = new IamRole(scope, 'ExecutionRole', {
    name: makeName(NameTarget.IAM_ROLE, base, 'ecs-execution'),
    description: `ECS agent of ${base}: pulls images, ships logs, injects secrets`,
    assumeRolePolicy: assumeRole,
    permissionsBoundary: props.permissionsBoundaryArn,
  });
  const taskRole = new IamRole(scope, 'TaskRole', {
    name: makeName(NameTarget.IAM_ROLE, base, 'ecs-task'),
    description: `LiteLLM of ${base}: reads its config, invokes its models, connects to its database`,
    assumeRolePolicy: assumeRole,
    permissionsBoundary: props.permissionsBoundaryArn,
  });

  const executionPolicy = new IamRolePolicy(scope, 'ExecutionPolicy', {
    name: 'ecs-execution',
    role: executionRole.id,
    policy: Lazy.stringValue({
      produce: () => jsonText(policyDocument([
        {
          Sid: 'Logs',
          Effect: 'Allow',
          Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          Resource: `${logs.arn}:log-stream:*`,
        },
        {
          Sid: 'InjectSecrets',
          Effect: 'Allow',
          Action: 'secretsmanager:GetSecretValue',
          Resource: input.secretArns(),
        },
        {
          Sid: 'DecryptSecrets',
          Effect: 'Allow',
          Action: 'kms:Decrypt',
          Resource: [key.keyArn, ...(props.secretsKmsKeyArns ?? [])],
          Condition: { StringEquals: { 'kms:ViaService': `secretsmanager.${env.region}.${env.dnsSuffix}` } },
        },
        ...ecrStatements(input.images(), env.partition),
      ])),
    }),
  });

  const bedrockArns = (): string[] => bedrockResourceArns(ctx.cloudAccess().bedrock, {
    partition: env.partition,
    account: env.account,
    profileRegions: props.bedrockProfileRegions ?? BEDROCK_PROFILE_REGIONS,
  });
  const taskPolicy = new IamRolePolicy(scope, 'TaskPolicy', {
    name: 'litellm',
    role: taskRole.id,
    policy: Lazy.stringValue({
      produce: () => {
        const bedrock = bedrockArns();
        // Bedrock guardrails (the gateway's and the policy bundle's): ApplyGuardrail on exactly those ARNs.
        const guardrailArns = (ctx.cloudAccess().bedrockGuardrails ?? []).map((g) => (g.guardrailIdentifier.startsWith('arn:')
          ? g.guardrailIdentifier
          : `arn:${env.partition}:bedrock:${g.region ?? env.region}:${env.account}:guardrail/${g.guardrailIdentifier}`));
        const guardrails = stableOrder(guardrailArns);
        return jsonText(policyDocument([
          { Sid: 'ReadConfig', Effect: 'Allow', Action: 's3:GetObject', Resource: input.configObjectArn },
          {
            Sid: 'DecryptConfig',
            Effect: 'Allow',
            Action: 'kms:Decrypt',
            Resource: key.keyArn,
            Condition: { StringEquals: { 'kms:ViaService': `s3.${env.region}.${env.dnsSuffix}` } },
          },
          ...(bedrock.length > 0 ? [{
            Sid: 'InvokeConfiguredBedrockModels',
            Effect: 'Allow',
            Action: ['bedrock:InvokeModel', 'bedrock:InvokeModelWithResponseStream'],
            Resource: bedrock,
          }] : []),
          ...(guardrails.length > 0 ? [{ Sid: 'ApplyConfiguredBedrockGuardrails', Effect: 'Allow', Action: 'bedrock:ApplyGuardrail', Resource: guardrails }] : []),
          ...(input.dbConnectArn ? [{ Sid: 'DatabaseIamAuth', Effect: 'Allow', Action: 'rds-db:connect', Resource: input.dbConnectArn }] : []),
        ]));
      },
    }),
  });
  return { executionRole, taskRole, executionPolicy, taskPolicy };
}
