import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import type { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function';
import type { LambdaInvocation } from '@cdktf/provider-aws/lib/lambda-invocation';
import { Construct } from 'constructs';
import { teamOwner, type BackendBinding, type StoreView, type TeamBackendScope, type TeamStoreView, type VectorConnectionInfo, type VectorGrant } from './binding';
import { bootstrapModel, memoizedBootstrapSql, memoizedTeamBootstrapSql, teamBootstrapModel } from './pg-model';
import { AuroraPostgres } from '../../aws/aurora-postgres';
import { AuroraSqlBootstrap } from '../../aws/aurora-sql-bootstrap';
import { AwsEnvironment } from '../../aws/environment';
import { PlatformKey } from '../../aws/kms-key';
import { awsProviderResources } from '../../aws/lazy-resources';
import { Fn, TerraformStack } from '../../core/cdktf';
import type { ProblemCollector } from '../../core/errors';
import { makeName, NameTarget } from '../../core/naming';
import type { AuroraPgvectorOptions } from '../backend';
import { PGVECTOR_MAX_DIMENSIONS, PGVECTOR_MAX_INDEXED_DIMENSIONS, type CollectionSpec } from '../model';
import { VectorPrincipalKind, type VectorPrincipal } from '../principal';
import { SqlLoginAuthentication } from '../sql';

/**
 * Aurora PostgreSQL + pgvector. The database is `AuroraPostgres` (CMK storage, IAM auth, RDS-managed
 * rotated master secret, deletion protection, backups and final snapshot, writer + reader, private
 * subnets, TLS only) with the Data API on; the bootstrap SQL runs at apply time in a Lambda function that
 * Terraform invokes (`aws_lambda_invocation`) whenever the SQL changes.
 *
 * Teams declared from their own stacks (AuroraTeamScope) invoke the same function from their stack with
 * their own SQL; this stack exports the three values they read (function name, cluster resource id,
 * database security group) whether or not any team does.
 */
export class AuroraPgvectorBinding extends Construct implements BackendBinding {
  public readonly connectionInfo: VectorConnectionInfo;
  public readonly principalKinds = [VectorPrincipalKind.AWS_IAM_ROLE];
  public readonly maxDimensions = PGVECTOR_MAX_DIMENSIONS;
  public readonly maxIndexedDimensions = PGVECTOR_MAX_INDEXED_DIMENSIONS;
  public readonly database: AuroraPostgres;
  public readonly kmsKeyArn: string;
  /** The Data API runner (shared with other Aurora users of `AuroraSqlBootstrap`). */
  public readonly bootstrap: AuroraSqlBootstrap;
  public readonly bootstrapFunction: LambdaFunction;
  public readonly bootstrapInvocation: LambdaInvocation;
  /** Security groups the database admits from the store's stack (grants and allowConnectionsFrom). */
  public readonly admittedSecurityGroups = new Set<string>();
  /** Security groups a team stack admits, and which team: one rule per group, or AWS rejects the duplicate. */
  public readonly teamAdmissions = new Map<string, string>();
  /** Database users with a connect policy (one IAM role per database user: VectorStore checks it). */
  private readonly connectPolicies = new Set<string>();

  constructor(
    scope: Construct,
    id: string,
    options: AuroraPgvectorOptions,
    private readonly nameParts: ReadonlyArray<string>,
    private readonly view: StoreView,
  ) {
    super(scope, id);
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
    this.bootstrap = new AuroraSqlBootstrap(scope, 'Bootstrap', {
      database: this.database,
      kmsKeyArn: this.kmsKeyArn,
      nameParts: [...nameParts, 'vectors-bootstrap'],
      description: 'Vector store bootstrap SQL (RDS Data API), invoked by Terraform when the SQL changes',
      permissionsBoundaryArn: options.permissionsBoundaryArn,
      logRetentionDays: options.logRetentionDays,
      runtime: options.bootstrapRuntime,
    });
    this.bootstrapFunction = this.bootstrap.function;
    const sql = memoizedBootstrapSql(() => bootstrapModel(this.view, SqlLoginAuthentication.RDS_IAM));
    this.bootstrapInvocation = this.bootstrap.run('Run', sql);
    // The fixed set of values team stacks read, registered now: this stack is the same with 0 or 200 teams.
    this.bootstrap.exportForOtherStacks();
    TerraformStack.of(this).registerOutgoingCrossStackReference(`aws_security_group.${this.database.securityGroup.friendlyUniqueId}.id`);
  }

  public createTeamScope(scope: Construct, view: TeamStoreView): TeamBackendScope {
    return new AuroraTeamScope(scope, 'Aurora', this, this.nameParts, view);
  }

  public checkCollection(_spec: CollectionSpec, _problems: ProblemCollector): void {}

  /**
   * One ingress rule per security group: AWS refuses a second identical rule. A group the store's stack
   * admits covers every team; a group one team stack admits cannot be admitted by another team or by the
   * store afterwards (admit a shared group once with `VectorStore.allowConnectionsFrom`, before the teams).
   */
  public checkGrant(principal: VectorPrincipal, owner: string, method: string, problems: ProblemCollector): void {
    const sg = principal.securityGroupId;
    if (sg === undefined || this.admittedSecurityGroups.has(sg)) return;
    const team = this.teamAdmissions.get(sg);
    if (team !== undefined && owner !== teamOwner(team)) {
      problems.add(`${method}(principal)`, sg, `is a security group team ${team}'s stack already admits to the database (AWS refuses a duplicate rule)`,
        "admit a group several teams share once, on the store: store.allowConnectionsFrom(name, securityGroupId) before the teams' grants");
    }
  }

  /** Admits a security group to the database from the store's stack (one rule), for every team. */
  public allowConnectionsFrom(name: string, securityGroupId: string, problems: ProblemCollector): void {
    const team = this.teamAdmissions.get(securityGroupId);
    if (team !== undefined) {
      problems.add('allowConnectionsFrom(securityGroupId)', securityGroupId, `is already admitted by team ${team}'s stack (AWS refuses a duplicate rule)`, "call allowConnectionsFrom before the teams' grants");
      return;
    }
    if (this.admittedSecurityGroups.has(securityGroupId)) return;
    this.admittedSecurityGroups.add(securityGroupId);
    this.database.allowFrom(`Ingress-${name}`, securityGroupId, `PostgreSQL from ${name} (vector store callers)`);
  }

  public onGrant(grant: VectorGrant): void {
    const principal = grant.principal;
    const dbUser = principal.identity;
    if (!this.connectPolicies.has(dbUser)) {
      this.connectPolicies.add(dbUser);
      // rds-db:connect on exactly this database user of exactly this cluster.
      new IamRolePolicy(this, `Connect-${dbUser}`, {
        // The store's name parts are hashed in: two stores granting the same role write two policies.
        name: makeName(NameTarget.IAM_POLICY, ...this.nameParts, 'vector-store', dbUser),
        role: principal.roleName!,
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
}

/**
 * One team's part of an Aurora store, in the team's stack: an invocation of the store's bootstrap function
 * with the team's SQL (lifecycle CRUD: destroying it revokes, or under DESTROY drops, the team's objects),
 * `rds-db:connect` on exactly the granted database users of this cluster, and the database's admission of
 * the principals' security groups. It reads the store's stack only through the function name, the
 * cluster resource id and the database security group id.
 */
export class AuroraTeamScope extends Construct implements TeamBackendScope {
  /** The team's bootstrap run. */
  public readonly invocation: LambdaInvocation;
  private readonly connects = new Set<string>();
  private readonly admitted = new Set<string>();

  constructor(
    scope: Construct,
    id: string,
    private readonly store: AuroraPgvectorBinding,
    private readonly nameParts: ReadonlyArray<string>,
    private readonly view: TeamStoreView,
  ) {
    super(scope, id);
    const sql = memoizedTeamBootstrapSql(() => teamBootstrapModel(this.view, SqlLoginAuthentication.RDS_IAM));
    this.invocation = store.bootstrap.runFrom(this, 'Run', sql);
  }

  public onGrant(grant: VectorGrant): void {
    const { IamRolePolicy: Policy, VpcSecurityGroupIngressRule } = awsProviderResources();
    const principal = grant.principal;
    const dbUser = principal.identity;
    const db = this.store.database;
    if (!this.connects.has(dbUser)) {
      this.connects.add(dbUser);
      // The team stack's account and region: the store and its teams share them (one AWS environment).
      const env = AwsEnvironment.of(this);
      new Policy(this, `Connect-${dbUser}`, {
        name: makeName(NameTarget.IAM_POLICY, ...this.nameParts, 'vector-store', this.view.team, dbUser),
        role: principal.roleName!,
        policy: Fn.jsonencode({
          Version: '2012-10-17',
          Statement: [{ Sid: 'ConnectAsDbUser', Effect: 'Allow', Action: 'rds-db:connect', Resource: env.arn('rds-db', `dbuser:${db.clusterResourceId}/${dbUser}`) }],
        }),
      });
    }
    const sg = principal.securityGroupId;
    // A group the store's stack admits needs no rule here.
    if (sg !== undefined && !this.admitted.has(sg) && !this.store.admittedSecurityGroups.has(sg)) {
      this.admitted.add(sg);
      this.store.teamAdmissions.set(sg, this.view.team);
      new VpcSecurityGroupIngressRule(this, `Ingress-${dbUser}`, {
        securityGroupId: db.securityGroup.id,
        referencedSecurityGroupId: sg,
        ipProtocol: 'tcp',
        fromPort: db.port,
        toPort: db.port,
        description: `PostgreSQL from ${dbUser} (vector store grant of team ${this.view.team})`,
      });
    }
  }
}
