import * as path from 'node:path';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function';
import { LambdaInvocation } from '@cdktf/provider-aws/lib/lambda-invocation';
import { Construct } from 'constructs';
import type { BackendBinding, StoreView, VectorConnectionInfo, VectorGrant } from './binding';
import { bootstrapModel } from './pg-model';
import { AuroraPostgres } from '../../aws/aurora-postgres';
import { AwsEnvironment } from '../../aws/environment';
import { PlatformKey } from '../../aws/kms-key';
import { EncryptedLogGroup } from '../../aws/log-group';
import { AssetType, Fn, Lazy, TerraformAsset } from '../../core/cdktf';
import type { ProblemCollector } from '../../core/errors';
import { makeName, NameTarget } from '../../core/naming';
import type { AuroraPgvectorOptions } from '../backend';
import { PGVECTOR_MAX_DIMENSIONS, PGVECTOR_MAX_INDEXED_DIMENSIONS, type CollectionSpec } from '../model';
import { VectorPrincipalKind } from '../principal';
import { renderBootstrapSql, SqlLoginAuthentication, type BootstrapSql } from '../sql';

/** Directory of the bootstrap handler (plain JS, shipped beside the compiled library). */
export const AURORA_BOOTSTRAP_HANDLER_DIR = path.join(__dirname, 'aurora-bootstrap-lambda');

/**
 * Aurora PostgreSQL + pgvector. The database is `AuroraPostgres` (CMK storage, IAM auth, RDS-managed
 * rotated master secret, deletion protection, backups and final snapshot, writer + reader, private
 * subnets, TLS only) with the Data API on; the bootstrap SQL runs at apply time in a Lambda function that
 * Terraform invokes (`aws_lambda_invocation`) whenever the SQL changes.
 */
export class AuroraPgvectorBinding extends Construct implements BackendBinding {
  public readonly connectionInfo: VectorConnectionInfo;
  public readonly principalKinds = [VectorPrincipalKind.AWS_IAM_ROLE];
  public readonly maxDimensions = PGVECTOR_MAX_DIMENSIONS;
  public readonly maxIndexedDimensions = PGVECTOR_MAX_INDEXED_DIMENSIONS;
  public readonly database: AuroraPostgres;
  public readonly kmsKeyArn: string;
  public readonly bootstrapFunction: LambdaFunction;
  public readonly bootstrapInvocation: LambdaInvocation;
  private readonly admittedSecurityGroups = new Set<string>();
  private readonly connectPolicies = new Map<string, string>();

  constructor(scope: Construct, id: string, options: AuroraPgvectorOptions, nameParts: ReadonlyArray<string>, private readonly view: StoreView) {
    super(scope, id);
    const env = AwsEnvironment.of(this);
    // Stable construct IDs: these are state (a renamed ID replaces the database). Pinned by a test.
    this.kmsKeyArn =
      options.kmsKeyArn ??
      new PlatformKey(scope, 'Key', { description: `Vector store ${nameParts.join('/')}: storage, secrets, logs`, nameParts: [...nameParts, 'vectors'], servicePrincipals: ['logs'] }).keyArn;
    this.database = new AuroraPostgres(scope, 'Database', {
      vpcId: options.vpcId,
      subnetIds: options.subnetIds,
      nameParts: [...nameParts, 'vectors'],
      kmsKeyArn: this.kmsKeyArn,
      databaseName: options.databaseName ?? 'vectors',
      engineVersion: options.engineVersion,
      capacity: options.capacity,
      backupRetentionDays: options.backupRetentionDays,
      deletionProtection: options.deletionProtection,
      enableDataApi: true,
    });
    this.connectionInfo = {
      endpoint: this.database.endpoint,
      readerEndpoint: this.database.readerEndpoint,
      port: this.database.port,
      database: this.database.databaseName,
      protocol: 'postgresql',
    };

    // --- Apply-time bootstrap: Lambda + RDS Data API (no VPC, no password in Terraform) ---
    const bootstrap = new Construct(scope, 'Bootstrap');
    const logs = new EncryptedLogGroup(bootstrap, 'Logs', { nameParts: [...nameParts, 'vectors-bootstrap'], kmsKeyArn: this.kmsKeyArn, retentionInDays: options.logRetentionDays });
    const role = new IamRole(bootstrap, 'Role', {
      name: makeName(NameTarget.IAM_ROLE, ...nameParts, 'vectors-bootstrap'),
      description: 'Runs the vector store bootstrap SQL through the RDS Data API',
      permissionsBoundary: options.permissionsBoundaryArn,
      assumeRolePolicy: Fn.jsonencode({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { Service: 'lambda.amazonaws.com' },
            Action: 'sts:AssumeRole',
            Condition: { StringEquals: { 'aws:SourceAccount': env.account } },
          },
        ],
      }),
    });
    const policy = new IamRolePolicy(bootstrap, 'Policy', {
      name: 'bootstrap',
      role: role.name,
      policy: Fn.jsonencode({
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'DataApiOnThisCluster',
            Effect: 'Allow',
            Action: ['rds-data:BeginTransaction', 'rds-data:BatchExecuteStatement', 'rds-data:CommitTransaction', 'rds-data:ExecuteStatement', 'rds-data:RollbackTransaction'],
            Resource: this.database.clusterArn,
          },
          { Sid: 'MasterSecret', Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: this.database.masterUserSecretArn },
          // The master secret and the function's environment are encrypted with this key.
          { Sid: 'DecryptWithStoreKey', Effect: 'Allow', Action: 'kms:Decrypt', Resource: this.kmsKeyArn },
          { Sid: 'OwnLogs', Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: `${logs.arn}:*` },
        ],
      }),
    });
    const code = new TerraformAsset(bootstrap, 'Code', { path: AURORA_BOOTSTRAP_HANDLER_DIR, type: AssetType.ARCHIVE });
    this.bootstrapFunction = new LambdaFunction(bootstrap, 'Function', {
      functionName: makeName(NameTarget.LAMBDA, ...nameParts, 'vectors-bootstrap'),
      description: 'Vector store bootstrap SQL (RDS Data API), invoked by Terraform when the SQL changes',
      role: role.arn,
      runtime: options.bootstrapRuntime ?? 'nodejs22.x',
      handler: 'index.handler',
      filename: code.path,
      sourceCodeHash: Fn.filebase64sha256(code.path),
      architectures: ['arm64'],
      memorySize: 256,
      // Data API statements time out at 45 s each; an HNSW rebuild on a big table can take minutes.
      timeout: 900,
      kmsKeyArn: this.kmsKeyArn,
      environment: {
        variables: {
          CLUSTER_ARN: this.database.clusterArn,
          DATABASE_NAME: this.database.databaseName,
          SECRET_ARN: this.database.masterUserSecretArn,
        },
      },
      loggingConfig: { logFormat: 'JSON', logGroup: logs.name, applicationLogLevel: 'INFO', systemLogLevel: 'WARN' },
      dependsOn: [policy, logs.logGroup],
    });
    const sql = (): BootstrapSql => renderBootstrapSql(bootstrapModel(this.view, SqlLoginAuthentication.RDS_IAM));
    // A changed input replaces the invocation, i.e. runs the bootstrap again. The result (status + hash
    // only) is what lands in state.
    this.bootstrapInvocation = new LambdaInvocation(bootstrap, 'Run', {
      functionName: this.bootstrapFunction.functionName,
      input: Lazy.stringValue({ produce: () => JSON.stringify({ statements: sql().statements, sha256: sql().sha256 }) }),
      triggers: {
        sql_sha256: Lazy.stringValue({ produce: () => sql().sha256 }),
        // A replaced cluster is an empty database: bootstrap it again.
        cluster: this.database.clusterResourceId,
      },
      dependsOn: [policy, ...this.database.instances],
    });
  }

  public checkCollection(_spec: CollectionSpec, _problems: ProblemCollector): void {}

  public onGrant(grant: VectorGrant): void {
    const principal = grant.principal;
    const dbUser = principal.identity;
    const roleName = principal.roleName!;
    const existing = this.connectPolicies.get(dbUser);
    if (existing === undefined) {
      this.connectPolicies.set(dbUser, roleName);
      // rds-db:connect on exactly this database user of exactly this cluster.
      new IamRolePolicy(this, `Connect-${dbUser}`, {
        name: makeName(NameTarget.IAM_POLICY, 'vector-store', dbUser),
        role: roleName,
        policy: Fn.jsonencode({
          Version: '2012-10-17',
          Statement: [{ Sid: 'ConnectAsDbUser', Effect: 'Allow', Action: 'rds-db:connect', Resource: this.database.iamConnectArn(dbUser) }],
        }),
      });
    }
    if (principal.securityGroupId !== undefined && !this.admittedSecurityGroups.has(principal.securityGroupId)) {
      this.admittedSecurityGroups.add(principal.securityGroupId);
      this.database.allowFrom(`Ingress-${dbUser}`, principal.securityGroupId, `PostgreSQL from ${dbUser} (vector store grant)`);
    }
  }

  /** The IAM role already connecting as `dbUser`, if any (one role per database user). */
  public roleOf(dbUser: string): string | undefined {
    return this.connectPolicies.get(dbUser);
  }
}
