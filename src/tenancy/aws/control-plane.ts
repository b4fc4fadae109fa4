import type { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function';
import { Construct } from 'constructs';
import { tenancyAwsResources } from './lazy';
import { AwsEnvironment } from '../../aws/environment';
import { PlatformKey } from '../../aws/kms-key';
import { lambdaCodeAsset } from '../../aws/lambda-code';
import { EncryptedLogGroup } from '../../aws/log-group';
import { boundaryAllowFromStatements, PermissionsBoundary } from '../../aws/permissions-boundary';
import { Fn, TerraformStack } from '../../core/cdktf';
import { makeName, NameTarget } from '../../core/naming';
import type { LlmGateway } from '../../gateway/llm-gateway';
import { GatewayPeer } from '../../gateway/peer';
import type { GatewayAwsPlacement, GatewayManagement } from '../../gateway/runtime-contract';
import { GATEWAY_ADMIN_HANDLER_DIR, GatewayAdminHandler } from '../lambdas';

/** Options of the AWS control plane (from `GatewayTenancyProps`). */
export interface AwsControlPlaneOptions {
  readonly gatewayName: string;
  readonly gateway: LlmGateway;
  readonly management: GatewayManagement;
  readonly aws: GatewayAwsPlacement;
  /** Boundary of the functions' roles; created from their own permissions when omitted. */
  readonly permissionsBoundaryArn?: string;
  /** A caller security group the gateway admits already; created when omitted. */
  readonly callerSecurityGroupId?: string;
  readonly logRetentionDays: number;
  /** Days between master key and Redis AUTH token rotations. */
  readonly platformSecretRotationDays: number;
  /** Grace period of a rotated feature key. */
  readonly gracePeriodSeconds: number;
  /** Lambda runtime. */
  readonly runtime: string;
}

type Statement = Record<string, unknown>;

/** What team stacks reference: a fixed set, whatever the number of teams. */
export interface AwsTenancyOutputs {
  /** Name of the reconciler function (the team's `aws_lambda_invocation`). */
  readonly reconcilerFunctionName: string;
  /** ARN of the feature-key rotation function (the team's `aws_secretsmanager_secret_rotation`). */
  readonly featureKeyRotationFunctionArn: string;
  /** KMS key of the team key secrets. */
  readonly secretsKeyArn: string;
  /** Security group the gateway admits as a caller; team workloads attach it. */
  readonly callerSecurityGroupId: string;
}

/**
 * The tenancy's functions for one ECS gateway, in the gateway's stack: the reconciler (applies a team's desired
 * state through the admin API) and the rotation functions of feature keys, the master key and the Redis AUTH
 * token. They run in the gateway's private subnets, admitted to the admin API through the load balancer's
 * security group, and reach Secrets Manager, ECS and ElastiCache the way the gateway's tasks do (NAT or
 * interface endpoints).
 */
export class AwsTenancyControlPlane extends Construct {
  public readonly outputs: AwsTenancyOutputs;
  public readonly securityGroupId: string;
  public readonly reconciler: LambdaFunction;
  public readonly featureKeyRotation: LambdaFunction;
  public readonly masterKeyRotation: LambdaFunction;
  public readonly redisRotation: LambdaFunction | undefined;
  /** Prefix of every team key secret name (`<gateway>/tenants/`). */
  public readonly secretNamePrefix: string;

  constructor(scope: Construct, id: string, o: AwsControlPlaneOptions) {
    super(scope, id);
    const {
      IamRole, IamRolePolicy, LambdaFunction: Fn_, LambdaPermission, SecretsmanagerSecretRotation, SecurityGroup,
      VpcSecurityGroupEgressRule, VpcSecurityGroupIngressRule,
    } = tenancyAwsResources();
    const env = AwsEnvironment.of(this);
    const base = o.gatewayName;
    const aws = o.aws;
    this.secretNamePrefix = tenantSecretPrefix(base);
    const masterKeyArn = o.management.masterKey.awsSecretArn;
    // IAM and Lambda source ARNs match literally: a partial ARN needs its `-??????` suffix there.
    const masterKeyIamArn = o.management.masterKey.awsIamResourceArn;
    const tenantSecrets = env.arn('secretsmanager', `secret:${this.secretNamePrefix}*`);
    const viaSecretsManager = { StringEquals: { 'kms:ViaService': `secretsmanager.${env.region}.${env.dnsSuffix}` } };

    // Stable construct IDs below: the key encrypts every team's key secrets (state).
    const key = new PlatformKey(this, 'SecretsKey', {
      description: `Tenant key secrets and tenancy function logs of gateway ${base}`,
      nameParts: [base, 'tenancy'],
      servicePrincipals: ['logs'],
    });
    const logs = new EncryptedLogGroup(this, 'Logs', { nameParts: [base, 'tenancy'], kmsKeyArn: key.keyArn, retentionInDays: o.logRetentionDays });

    // ---- Network: HTTPS out (admin API through the load balancer, AWS APIs), Redis for the token test.
    const sg = new SecurityGroup(this, 'SecurityGroup', {
      name: makeName(NameTarget.SECURITY_GROUP, base, 'tenancy'),
      description: `Tenancy functions of ${base}: HTTPS to the admin API and AWS APIs`,
      vpcId: aws.vpcId,
    });
    this.securityGroupId = sg.id;
    new VpcSecurityGroupEgressRule(this, 'EgressHttps', {
      securityGroupId: sg.id,
      ipProtocol: 'tcp',
      fromPort: 443,
      toPort: 443,
      cidrIpv4: '0.0.0.0/0',
      description: 'HTTPS to the gateway admin API and to AWS APIs (Secrets Manager, ECS, ElastiCache)',
    });
    aws.allowAdminFrom(sg.id, 'Tenancy functions (admin API)');
    // Team workloads attach this group to reach the gateway's inference routes: one admission rule in this
    // stack for every team (admitting each team's own group would change this stack per team).
    let callerSecurityGroupId = o.callerSecurityGroupId;
    if (callerSecurityGroupId === undefined) {
      const callers = new SecurityGroup(this, 'CallersSecurityGroup', {
        name: makeName(NameTarget.SECURITY_GROUP, base, 'callers'),
        description: `Attach to team workloads that call gateway ${base} (admission only, no rules of its own)`,
        vpcId: aws.vpcId,
      });
      o.gateway.connections.allowFrom(GatewayPeer.securityGroup(callers.id));
      callerSecurityGroupId = callers.id;
      TerraformStack.of(this).registerOutgoingCrossStackReference(`aws_security_group.${callers.friendlyUniqueId}.id`);
    }
    if (aws.redis) {
      new VpcSecurityGroupEgressRule(this, 'EgressRedis', {
        securityGroupId: sg.id,
        ipProtocol: 'tcp',
        fromPort: aws.redis.port,
        toPort: aws.redis.port,
        referencedSecurityGroupId: aws.redis.securityGroupId,
        description: 'Redis (tests a rotated AUTH token)',
      });
      new VpcSecurityGroupIngressRule(this, 'RedisFromTenancy', {
        securityGroupId: aws.redis.securityGroupId,
        ipProtocol: 'tcp',
        fromPort: aws.redis.port,
        toPort: aws.redis.port,
        referencedSecurityGroupId: sg.id,
        description: 'Tenancy rotation function (tests a rotated AUTH token)',
      });
    }

    // ---- Permissions, one role per function ------------------------------------------------------
    const eni: Statement[] = [
      // Lambda creates the functions' network interfaces with the execution role; these two calls have no
      // resource-level permissions (AWS Service Authorization Reference).
      { Sid: 'VpcNetworkInterfaces', Effect: 'Allow', Action: ['ec2:CreateNetworkInterface', 'ec2:DescribeNetworkInterfaces'], Resource: '*' },
      {
        Sid: 'VpcNetworkInterfacesOwn',
        Effect: 'Allow',
        Action: ['ec2:AssignPrivateIpAddresses', 'ec2:DeleteNetworkInterface', 'ec2:UnassignPrivateIpAddresses'],
        Resource: env.arn('ec2', 'network-interface/*'),
      },
    ];
    const common: Statement[] = [
      { Sid: 'OwnLogs', Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: `${logs.arn}:*` },
      // The functions' environment is encrypted with the tenancy key.
      { Sid: 'DecryptEnvironment', Effect: 'Allow', Action: 'kms:Decrypt', Resource: key.keyArn, Condition: { StringEquals: { 'kms:ViaService': `lambda.${env.region}.${env.dnsSuffix}` } } },
      ...eni,
    ];
    const readMasterKey: Statement[] = [
      { Sid: 'ReadMasterKey', Effect: 'Allow', Action: ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'], Resource: masterKeyIamArn },
      { Sid: 'DecryptMasterKey', Effect: 'Allow', Action: 'kms:Decrypt', Resource: aws.secretsKmsKeyArn, Condition: viaSecretsManager },
    ];
    const tenantKeyCrypto: Statement = { Sid: 'TenantSecretsKey', Effect: 'Allow', Action: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey'], Resource: key.keyArn, Condition: viaSecretsManager };
    const rotateSteps = ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue', 'secretsmanager:PutSecretValue', 'secretsmanager:UpdateSecretVersionStage'];
    const restart: Statement = { Sid: 'RollingRestart', Effect: 'Allow', Action: ['ecs:DescribeServices', 'ecs:UpdateService'], Resource: aws.serviceArn };
    const platformKeyCrypto: Statement = { Sid: 'PlatformSecretsKey', Effect: 'Allow', Action: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey'], Resource: aws.secretsKmsKeyArn, Condition: viaSecretsManager };

    const policies: Record<string, Statement[]> = {
      'reconcile': [
        ...readMasterKey,
        { Sid: 'WriteTenantKeys', Effect: 'Allow', Action: ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue', 'secretsmanager:PutSecretValue'], Resource: tenantSecrets },
        tenantKeyCrypto,
        ...common,
      ],
      'rotate-feature-key': [
        ...readMasterKey,
        { Sid: 'RotateTenantKeys', Effect: 'Allow', Action: rotateSteps, Resource: tenantSecrets },
        tenantKeyCrypto,
        ...common,
      ],
      'rotate-master-key': [
        { Sid: 'RotateMasterKey', Effect: 'Allow', Action: rotateSteps, Resource: masterKeyIamArn },
        platformKeyCrypto,
        restart,
        ...common,
      ],
      ...(aws.redis ? {
        'rotate-redis-auth': [
          { Sid: 'RotateRedisAuthToken', Effect: 'Allow', Action: rotateSteps, Resource: aws.redis.authTokenSecretArn },
          platformKeyCrypto,
          { Sid: 'RotateTokenOnReplicationGroup', Effect: 'Allow', Action: ['elasticache:DescribeReplicationGroups', 'elasticache:ModifyReplicationGroup'], Resource: aws.redis.replicationGroupArn },
          restart,
          ...common,
        ],
      } : {}),
    };

    // A boundary built from exactly these statements (their union) unless the organisation brings one.
    const boundaryArn = o.permissionsBoundaryArn ?? new PermissionsBoundary(this, 'Boundary', {
      nameParts: [base, 'tenancy'],
      description: `Ceiling of the tenancy functions of gateway ${base}`,
      allow: boundaryAllowFromStatements(Object.values(policies).flat()),
    }).arn;

    // Zipped in-process (no child process per synth, issue 11 item 9).
    const code = lambdaCodeAsset(this, 'Code', GATEWAY_ADMIN_HANDLER_DIR);
    const baseEnv: Record<string, string> = {
      ADMIN_URL: o.management.adminUrl,
      GATEWAY_NAME: base,
      MASTER_KEY_SECRET_ARN: masterKeyArn,
      ...(o.management.tlsServerName ? { ADMIN_TLS_SERVER_NAME: o.management.tlsServerName } : {}),
    };
    const restartEnv = { ECS_CLUSTER: aws.clusterName, ECS_SERVICE: aws.serviceName };
    type FnSpec = { rid: string; purpose: string; handler: string; description: string; environment: Record<string, string>; timeout?: number };
    const fn = ({ rid, purpose, handler, description, environment, timeout = 300 }: FnSpec): LambdaFunction => {
      const fnScope = new Construct(this, rid);
      const role = new IamRole(fnScope, 'Role', {
        name: makeName(NameTarget.IAM_ROLE, base, purpose),
        description,
        permissionsBoundary: boundaryArn,
        assumeRolePolicy: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{
            Effect: 'Allow',
            Principal: { Service: 'lambda.amazonaws.com' },
            Action: 'sts:AssumeRole',
            Condition: { StringEquals: { 'aws:SourceAccount': env.account } },
          }],
        }),
      });
      const policy = new IamRolePolicy(fnScope, 'Policy', {
        name: purpose,
        role: role.name,
        // JSON text, not jsonencode(): the plan shows the document itself, and the policy rules read it.
        policy: JSON.stringify({ Version: '2012-10-17', Statement: policies[purpose] }),
      });
      return new Fn_(fnScope, 'Function', {
        functionName: makeName(NameTarget.LAMBDA, base, purpose),
        description,
        role: role.arn,
        runtime: o.runtime,
        handler,
        filename: code.path,
        sourceCodeHash: Fn.filebase64sha256(code.path),
        architectures: ['arm64'],
        memorySize: 256,
        // Rotation steps and a team's reconcile are a handful of admin calls; a slow gateway gets retries.
        timeout,
        kmsKeyArn: key.keyArn,
        environment: { variables: { ...baseEnv, ...environment } },
        vpcConfig: { subnetIds: [...aws.subnetIds], securityGroupIds: [sg.id] },
        loggingConfig: { logFormat: 'JSON', logGroup: logs.name, applicationLogLevel: 'INFO', systemLogLevel: 'WARN' },
        dependsOn: [policy, logs.logGroup],
      });
    };

    this.reconciler = fn({
      rid: 'Reconciler',
      purpose: 'reconcile',
      handler: GatewayAdminHandler.RECONCILE,
      description: `Applies LiteLLM teams and keys of gateway ${base} (invoked by team stacks)`,
      environment: {},
    });
    this.featureKeyRotation = fn({
      rid: 'FeatureKeyRotation',
      purpose: 'rotate-feature-key',
      handler: GatewayAdminHandler.ROTATE_FEATURE_KEY,
      description: `Rotates feature keys of gateway ${base} (Secrets Manager rotation)`,
      environment: { GRACE_PERIOD_SECONDS: String(o.gracePeriodSeconds) },
    });
    this.masterKeyRotation = fn({
      rid: 'MasterKeyRotation',
      purpose: 'rotate-master-key',
      handler: GatewayAdminHandler.ROTATE_MASTER_KEY,
      description: `Rotates the LiteLLM master key of gateway ${base} with a rolling restart`,
      environment: restartEnv,
    });
    this.redisRotation = aws.redis
      ? fn({
        rid: 'RedisAuthRotation',
        purpose: 'rotate-redis-auth',
        handler: GatewayAdminHandler.ROTATE_REDIS_AUTH_TOKEN,
        description: `Rotates the Redis AUTH token of gateway ${base} (ElastiCache ROTATE) with a rolling restart`,
        environment: {
          ...restartEnv,
          REDIS_REPLICATION_GROUP_ID: aws.redis.replicationGroupId,
          REDIS_HOST: aws.redis.primaryEndpoint,
          REDIS_PORT: String(aws.redis.port),
        },
        // finishSecret waits for the ECS rollout before it retires the old token (SET); a longer rollout is retried.
        timeout: 900,
      })
      : undefined;

    // ---- Secrets Manager may call the rotation functions ------------------------------------------
    // Feature keys live in team stacks: scope by account (a per-secret source ARN would grow with teams).
    new LambdaPermission(this, 'FeatureKeyRotationInvoke', {
      functionName: this.featureKeyRotation.functionName,
      action: 'lambda:InvokeFunction',
      principal: 'secretsmanager.amazonaws.com',
      sourceAccount: env.account,
      statementId: 'SecretsManagerRotation',
    });
    const schedule = (rid: string, fnc: LambdaFunction, secretArn: string, secretIamArn = secretArn): void => {
      const permission = new LambdaPermission(this, `${rid}Invoke`, {
        functionName: fnc.functionName,
        action: 'lambda:InvokeFunction',
        principal: 'secretsmanager.amazonaws.com',
        sourceArn: secretIamArn,
        statementId: 'SecretsManagerRotation',
      });
      new SecretsmanagerSecretRotation(this, `${rid}Schedule`, {
        secretId: secretArn,
        rotationLambdaArn: fnc.arn,
        rotationRules: { automaticallyAfterDays: o.platformSecretRotationDays },
        // The first rotation waits for the schedule: a fresh gateway keeps the key it started with.
        rotateImmediately: false,
        dependsOn: [permission],
      });
    };
    schedule('MasterKeyRotation', this.masterKeyRotation, masterKeyArn, masterKeyIamArn);
    if (aws.redis && this.redisRotation) {
      aws.redis.markExternallyRotated();
      schedule('RedisAuthRotation', this.redisRotation, aws.redis.authTokenSecretArn);
    }

    this.outputs = {
      reconcilerFunctionName: this.reconciler.functionName,
      featureKeyRotationFunctionArn: this.featureKeyRotation.arn,
      secretsKeyArn: key.keyArn,
      callerSecurityGroupId,
    };
    // Register the cross-stack outputs now, so the gateway's stack is the same with 0, 1 or 200 teams.
    const stack = TerraformStack.of(this);
    stack.registerOutgoingCrossStackReference(`aws_lambda_function.${this.reconciler.friendlyUniqueId}.function_name`);
    stack.registerOutgoingCrossStackReference(`aws_lambda_function.${this.featureKeyRotation.friendlyUniqueId}.arn`);
    stack.registerOutgoingCrossStackReference(`aws_kms_key.${key.key.friendlyUniqueId}.arn`);
  }
}

/** `<gateway>/tenants/`: every team key secret's name starts with it (the functions' IAM scope). */
export function tenantSecretPrefix(gatewayName: string): string {
  return `${gatewayName}/tenants/`;
}

