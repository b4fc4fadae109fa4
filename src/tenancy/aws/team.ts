import type { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import type { LambdaInvocation } from '@cdktf/provider-aws/lib/lambda-invocation';
import { Construct } from 'constructs';
import { awsTeamBudget } from './budget';
import type { AwsTenancyOutputs } from './control-plane';
import { tenantSecretPrefix } from './control-plane';
import { tenancyAwsResources } from './lazy';
import { AwsEnvironment } from '../../aws/environment';
import { PermissionsBoundary } from '../../aws/permissions-boundary';
import { dependable, Lazy } from '../../core/cdktf';
import { makeName, NameTarget, stableHash } from '../../core/naming';
import { SecretRef } from '../../core/secret-ref';
import type { BoundKey, TeamBinding, TeamBindingContext, TeamIdentityHandle } from '../binding';
import { renderDesiredState } from '../desired-state';
import { TeamKeyReaderKind, type TeamKeyReader } from '../tenant-key';

/** The JSON field of an AWS key secret that holds the key (`{"api_key": "sk-...", "key_alias": "..."}`). */
export const AWS_KEY_SECRET_FIELD = 'api_key';

/**
 * A team's resources on AWS, in the team's stack: its IAM role and boundary, one Secrets Manager secret per
 * feature key with its rotation schedule, the reconciler invocation carrying the team's desired state, and the
 * team's cloud budget. It references the gateway's stack only through `AwsTenancyOutputs`.
 */
export class AwsTeamResources extends Construct implements TeamBinding {
  public readonly identity: TeamIdentityHandle;
  public readonly role: IamRole;
  public readonly invocation: LambdaInvocation;
  /** Each secret's ARN token, read once: every read of `.arn` makes a new token (and cdktf captures a stack trace for it). */
  private readonly secretArns = new Map<string, string>();
  /** The role's name token, taken once (each attribute read is a new token string). */
  private readonly roleName: string;
  private readonly readers = new Map<string, Set<string>>();

  constructor(scope: Construct, id: string, private readonly ctx: TeamBindingContext, private readonly platform: AwsTenancyOutputs) {
    super(scope, id);
    const { IamRole: Role, LambdaInvocation: Invocation } = tenancyAwsResources();
    const env = AwsEnvironment.of(this);
    const o = ctx.identity._aws;
    const team = ctx.team;
    const vectorDbUser = o.vectorDbUser ?? `${team.replace(/-/g, '_')}_app`;
    const ownSecrets = env.arn('secretsmanager', `secret:${tenantSecretPrefix(ctx.gatewayName)}${team}/*`);

    // ---- Identity: a role whose ceiling is reading its own keys and its vector collection ----------
    const boundaryArn = o.permissionsBoundaryArn ?? new PermissionsBoundary(this, 'Boundary', {
      nameParts: [ctx.gatewayName, 'team', team],
      description: `Ceiling of team ${team} on gateway ${ctx.gatewayName}: its own keys and vector collection`,
      allow: [
        { Sid: 'ReadOwnKeys', Action: ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'], Resource: ownSecrets },
        { Sid: 'DecryptOwnKeys', Action: 'kms:Decrypt', Resource: platform.secretsKeyArn },
        { Sid: 'ConnectToOwnVectors', Action: 'rds-db:connect', Resource: env.arn('rds-db', `dbuser:*/${vectorDbUser}`) },
        ...(o.boundaryAllow ?? []),
      ],
    }).arn;
    const services = [...(o.trustedServices ?? ['ecs-tasks.amazonaws.com'])].sort();
    const roles = [...(o.trustedRoleArns ?? [])].sort();
    this.role = new Role(this, 'Role', {
      name: makeName(NameTarget.IAM_ROLE, ctx.gatewayName, 'team', team),
      description: `Workloads of team ${team} on gateway ${ctx.gatewayName}: read their LiteLLM keys`,
      permissionsBoundary: boundaryArn,
      assumeRolePolicy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          ...(services.length > 0 ? [{
            Effect: 'Allow',
            Principal: { Service: services },
            Action: 'sts:AssumeRole',
            // Confused-deputy protection: the services act for this account only.
            Condition: { StringEquals: { 'aws:SourceAccount': env.account } },
          }] : []),
          ...(roles.length > 0 ? [{ Effect: 'Allow', Principal: { AWS: roles }, Action: 'sts:AssumeRole' }] : []),
        ],
      }),
    });
    this.roleName = this.role.name;
    this.identity = { roleName: this.roleName, roleArn: this.role.arn, vectorDbUser, gatewayCallerSecurityGroupId: platform.callerSecurityGroupId };

    // ---- Desired state, applied by the gateway's reconciler inside its network ---------------------
    // The input is the readable document (plan shows its diff line by line). CRUD: updates re-apply the whole
    // team, a destroy removes it from LiteLLM only under removalPolicy 'destroy'.
    this.invocation = new Invocation(this, 'Reconcile', {
      functionName: platform.reconcilerFunctionName,
      input: Lazy.stringValue({ produce: () => renderDesiredState(ctx.desiredState()) }),
      lifecycleScope: 'CRUD',
      dependsOn: [],
    });

    // ---- Cloud budget on the team's tagged spend ----------------------------------------------------
    if (ctx.cloudBudget) awsTeamBudget(this, 'CloudBudget', ctx.cloudBudget, { gatewayName: ctx.gatewayName, team });
  }

  public addKey(feature: string, rotationDays: number, teamReads: boolean): BoundKey {
    const { SecretsmanagerSecret: Secret } = tenancyAwsResources();
    const name = `${tenantSecretPrefix(this.ctx.gatewayName)}${this.ctx.team}/${feature}`;
    // Created empty: the reconciler writes the first value, the rotation function the next ones. Neither the
    // value nor a version is ever in Terraform.
    const secret = new Secret(this, `Key-${feature}`, {
      name,
      description: `LiteLLM virtual key ${this.ctx.team}/${feature} ({"api_key","key_alias"}), written by the gateway's reconciler and rotated every ${rotationDays} days`,
      kmsKeyId: this.platform.secretsKeyArn,
      recoveryWindowInDays: 30,
    });
    this.secretArns.set(feature, secret.arn);
    this.invocation.dependsOn = [...(this.invocation.dependsOn ?? []), dependable(secret)];
    const { SecretsmanagerSecretRotation } = tenancyAwsResources();
    // After the reconciler wrote the first value; the first rotation waits for the schedule.
    new SecretsmanagerSecretRotation(this, `Key-${feature}-Rotation`, {
      secretId: secret.id,
      rotationLambdaArn: this.platform.featureKeyRotationFunctionArn,
      rotationRules: { automaticallyAfterDays: rotationDays },
      rotateImmediately: false,
      dependsOn: [this.invocation],
    });
    if (teamReads) this.grantToRole(this.roleName, feature, 'ReadKeys');
    return {
      location: { store: 'aws-secrets-manager', id: name },
      ref: SecretRef.awsSecretsManager(this.secretArns.get(feature)!, AWS_KEY_SECRET_FIELD),
    };
  }

  public grantRead(feature: string, reader: TeamKeyReader): void {
    if (reader.kind !== TeamKeyReaderKind.AWS_IAM_ROLE) throw new Error(`unreachable: ${reader.kind} reader on AWS`);
    this.grantToRole(reader.identity, feature, `ReadKeys-${stableHash([reader.identity])}`);
  }

  private grantToRole(roleName: string, feature: string, rid: string): void {
    let set = this.readers.get(roleName);
    if (!set) {
      set = new Set();
      this.readers.set(roleName, set);
      this.readPolicy(roleName, rid);
    }
    set.add(feature);
  }

  /** Read access to exactly the granted key secrets, and their KMS key only through Secrets Manager for them. */
  private readPolicy(roleName: string, rid: string): void {
    const { IamRolePolicy } = tenancyAwsResources();
    const env = AwsEnvironment.of(this);
    new IamRolePolicy(this, rid, {
      name: makeName(NameTarget.IAM_POLICY, 'llm-keys', this.ctx.gatewayName, this.ctx.team),
      role: roleName,
      policy: Lazy.stringValue({
        produce: () => {
          const arns = [...(this.readers.get(roleName) ?? [])].sort().map((f) => this.secretArns.get(f)!);
          // JSON text, not jsonencode(): the plan shows the document itself, and the policy rules read it.
          return JSON.stringify({
            Version: '2012-10-17',
            Statement: [
              { Sid: 'ReadKeys', Effect: 'Allow', Action: ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'], Resource: arns },
              {
                Sid: 'DecryptKeys',
                Effect: 'Allow',
                Action: 'kms:Decrypt',
                Resource: this.platform.secretsKeyArn,
                Condition: {
                  'StringEquals': { 'kms:ViaService': `secretsmanager.${env.region}.${env.dnsSuffix}` },
                  'ForAnyValue:StringEquals': { 'kms:EncryptionContext:SecretARN': arns },
                },
              },
            ],
          });
        },
      }),
    });
  }
}
