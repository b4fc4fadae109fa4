import * as path from 'node:path';
import type { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import type { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import type { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function';
import type { LambdaInvocation } from '@cdktf/provider-aws/lib/lambda-invocation';
import { Construct } from 'constructs';
import type { AuroraPostgres } from './aurora-postgres';
import { sqlPayloadSha256, type AuroraSqlPayload } from './aurora-sql-payload';
import { AwsEnvironment } from './environment';
import { lambdaCodeAsset } from './lambda-code';
import { awsProviderResources } from './lazy-resources';
import { EncryptedLogGroup } from './log-group';
import { PermissionsBoundary, type BoundaryAllowStatement } from './permissions-boundary';
import { Fn, Lazy, TerraformStack, type ITerraformDependable } from '../core/cdktf';
import { makeName, NameTarget } from '../core/naming';

export * from './aurora-sql-payload';

/** Directory of the handler (plain JS, shipped beside the compiled library by the post-compile step). */
export const AURORA_SQL_BOOTSTRAP_HANDLER_DIR = path.join(__dirname, 'aurora-sql-bootstrap-lambda');

export interface AuroraSqlBootstrapProps {
  /** The cluster to run SQL on (its Data API must be enabled: `enableDataApi: true`). */
  readonly database: AuroraPostgres;
  /** Key of the cluster's master secret; also encrypts the function's environment (and its logs, unless `logsKmsKeyArn`). */
  readonly kmsKeyArn: string;
  /**
   * Key of the function's log group, when the master secret's key does not allow CloudWatch Logs in its key policy.
   * @default - kmsKeyArn
   */
  readonly logsKmsKeyArn?: string;
  /** Readable parts of the function, role and log group names. */
  readonly nameParts: ReadonlyArray<string>;
  /** Description of the function. */
  readonly description: string;
  /**
   * Permissions boundary of the function's role.
   * @default - a boundary created here that allows exactly the role's own permissions (this cluster's
   *   Data API and master secret, this key, these logs) and denies privilege escalation
   */
  readonly permissionsBoundaryArn?: string;
  /** @default 365 */
  readonly logRetentionDays?: number;
  /** Lambda Node.js runtime (must include AWS SDK v3). @default 'nodejs22.x' */
  readonly runtime?: string;
}

/** Options of `AuroraSqlBootstrap.run`. */
export interface AuroraSqlRunOptions {
  /** More triggers that re-run the payload when they change (the payload's hash always does). @default - none */
  readonly triggers?: Readonly<Record<string, string>>;
  /** Resources the run waits for (e.g. resources its SQL refers to). @default - the cluster's instances */
  readonly dependsOn?: ReadonlyArray<ITerraformDependable>;
}

/**
 * Runs SQL on an Aurora PostgreSQL cluster at `terraform apply` time, without a VPC, a password in
 * Terraform or a human: a Lambda function calls the RDS Data API with the RDS-managed master secret, and
 * each `run()` is an `aws_lambda_invocation` that Terraform repeats whenever its payload changes (or the
 * cluster is replaced). A payload is one transaction plus optional concurrent index builds (see
 * AuroraSqlPayload); only a status, the hash and counts land in state.
 *
 * ```ts
 * const sql = new AuroraSqlBootstrap(this, 'Bootstrap', { database, kmsKeyArn, nameParts, description: 'Creates the app role' });
 * sql.run('Run', () => ({ statements: ['CREATE ROLE …'] }));
 * ```
 */
export class AuroraSqlBootstrap extends Construct {
  public readonly function: LambdaFunction;
  public readonly role: IamRole;
  public readonly policy: IamRolePolicy;
  /** The boundary created when no `permissionsBoundaryArn` was given. */
  public readonly boundary?: PermissionsBoundary;
  private readonly database: AuroraPostgres;

  constructor(scope: Construct, id: string, props: AuroraSqlBootstrapProps) {
    super(scope, id);
    const { IamRole, IamRolePolicy, LambdaFunction } = awsProviderResources();
    const env = AwsEnvironment.of(this);
    this.database = props.database;
    const db = props.database;
    // Construct IDs below are pinned by the vector store's tests (its logical IDs existed before this class).
    const logs = new EncryptedLogGroup(this, 'Logs', { nameParts: props.nameParts, kmsKeyArn: props.logsKmsKeyArn ?? props.kmsKeyArn, retentionInDays: props.logRetentionDays });
    const statements: BoundaryAllowStatement[] = [
      {
        Sid: 'DataApiOnThisCluster',
        Action: ['rds-data:BeginTransaction', 'rds-data:BatchExecuteStatement', 'rds-data:CommitTransaction', 'rds-data:ExecuteStatement', 'rds-data:RollbackTransaction'],
        Resource: db.clusterArn,
      },
      { Sid: 'MasterSecret', Action: 'secretsmanager:GetSecretValue', Resource: db.masterUserSecretArn },
      // The master secret and the function's environment are encrypted with this key.
      { Sid: 'DecryptWithStoreKey', Action: 'kms:Decrypt', Resource: props.kmsKeyArn },
      { Sid: 'OwnLogs', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: `${logs.arn}:*` },
    ];
    if (props.permissionsBoundaryArn === undefined) {
      this.boundary = new PermissionsBoundary(this, 'Boundary', {
        nameParts: props.nameParts,
        description: `Ceiling of ${props.description}: the Data API of one cluster, its master secret, one key, its own logs`,
        allow: statements,
      });
    }
    this.role = new IamRole(this, 'Role', {
      name: makeName(NameTarget.IAM_ROLE, ...props.nameParts),
      description: props.description.slice(0, 1000),
      permissionsBoundary: props.permissionsBoundaryArn ?? this.boundary!.arn,
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
    this.policy = new IamRolePolicy(this, 'Policy', {
      name: 'bootstrap',
      role: this.role.name,
      policy: Fn.jsonencode({ Version: '2012-10-17', Statement: statements.map((st) => ({ Sid: st.Sid, Effect: 'Allow', Action: st.Action, Resource: st.Resource })) }),
    });
    const code = lambdaCodeAsset(this, 'Code', AURORA_SQL_BOOTSTRAP_HANDLER_DIR);
    this.function = new LambdaFunction(this, 'Function', {
      functionName: makeName(NameTarget.LAMBDA, ...props.nameParts),
      description: props.description.slice(0, 256),
      role: this.role.arn,
      runtime: props.runtime ?? 'nodejs22.x',
      handler: 'index.handler',
      filename: code.path,
      sourceCodeHash: Fn.filebase64sha256(code.path),
      architectures: ['arm64'],
      memorySize: 256,
      // Lambda's maximum: a concurrent index build is polled until it is swapped in (or this runs out, and
      // the next apply resumes it).
      timeout: 900,
      kmsKeyArn: props.kmsKeyArn,
      environment: {
        variables: {
          CLUSTER_ARN: db.clusterArn,
          DATABASE_NAME: db.databaseName,
          SECRET_ARN: db.masterUserSecretArn,
        },
      },
      loggingConfig: { logFormat: 'JSON', logGroup: logs.name, applicationLogLevel: 'INFO', systemLogLevel: 'WARN' },
      dependsOn: [this.policy, logs.logGroup],
    });
  }

  /**
   * Runs `payload` at apply time, again whenever it changes. `payload` is called at synthesis, when every
   * construct has been configured; return the same object for the same input (memoize it) and the hash
   * and the input JSON are computed once.
   */
  public run(id: string, payload: () => AuroraSqlPayload, options: AuroraSqlRunOptions = {}): LambdaInvocation {
    const resolved = resolvedPayload(payload);
    const { LambdaInvocation } = awsProviderResources();
    // A changed input replaces the invocation, i.e. runs it again. The result (status, hash, counts) is
    // what lands in state.
    return new LambdaInvocation(this, id, {
      functionName: this.function.functionName,
      input: Lazy.stringValue({ produce: () => resolved().input }),
      triggers: {
        ...options.triggers,
        sql_sha256: Lazy.stringValue({ produce: () => resolved().sha256 }),
        // A replaced cluster is an empty database: run again.
        cluster: this.database.clusterResourceId,
      },
      dependsOn: [this.policy, ...(options.dependsOn ?? this.database.instances)],
    });
  }

  /**
   * Registers the outputs `runFrom` reads (the function's name, the cluster's resource id) in this stack
   * now, so that this stack's JSON is the same whether 0, 1 or 200 other stacks run SQL through it.
   */
  public exportForOtherStacks(): void {
    const stack = TerraformStack.of(this);
    stack.registerOutgoingCrossStackReference(`aws_lambda_function.${this.function.friendlyUniqueId}.function_name`);
    stack.registerOutgoingCrossStackReference(`aws_rds_cluster.${this.database.cluster.friendlyUniqueId}.cluster_resource_id`);
  }

  /**
   * Runs `payload` from another stack (a team's): an `aws_lambda_invocation` in `scope`'s stack that
   * references this stack only through the function's name and the cluster's resource id (see
   * `exportForOtherStacks`). Its `lifecycle_scope` is CRUD: a changed payload is an update that runs it
   * again, and destroying the invocation runs the payload's `deleteStatements`. Nothing else re-creates
   * it but a replaced cluster (an empty database, where the delete finds nothing to undo).
   */
  public runFrom(scope: Construct, id: string, payload: () => AuroraSqlPayload): LambdaInvocation {
    const resolved = resolvedPayload(payload);
    const { LambdaInvocation } = awsProviderResources();
    return new LambdaInvocation(scope, id, {
      functionName: this.function.functionName,
      input: Lazy.stringValue({ produce: () => resolved().input }),
      lifecycleScope: 'CRUD',
      // No SQL hash here: a trigger forces a replacement, i.e. a delete (the teardown) before the create.
      triggers: { cluster: this.database.clusterResourceId },
    });
  }
}

/** The payload's input JSON and hash, computed once per payload object. */
function resolvedPayload(payload: () => AuroraSqlPayload): () => { sha256: string; input: string } {
  let cached: { payload: AuroraSqlPayload; sha256: string; input: string } | undefined;
  return () => {
    const p = payload();
    if (cached?.payload !== p) {
      const sha256 = sqlPayloadSha256(p);
      const deleteStatements = p.deleteStatements ? { deleteStatements: p.deleteStatements } : {};
      const input = JSON.stringify({ statements: p.statements, indexBuilds: p.indexBuilds ?? [], ...deleteStatements, sha256 });
      cached = { payload: p, sha256, input };
    }
    return cached;
  };
}
