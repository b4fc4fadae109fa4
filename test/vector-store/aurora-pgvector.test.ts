import * as fs from 'node:fs';
import { AURORA, errorOf, newStore, resource, synth } from './helpers';
import { AuroraCapacity, ValidationError } from '../../src';
import { AURORA_SQL_BOOTSTRAP_HANDLER_DIR } from '../../src/aws/aurora-sql-bootstrap';
import { Testing } from '../../src/core/cdktf';
import { normalizeForSnapshot } from '../../src/testing';
import { renderBootstrapSql, VectorBackend, VectorDistance, VectorPrincipal, VectorStore } from '../../src/vector-store';

Testing.setupJest();

const SG = 'sg-0123456789abcdef0';

function populated() {
  const { stack, store } = newStore(AURORA());
  const kb = store.addCollection({ team: 'support', name: 'kb-articles', dimensions: 1536 });
  const resumes = store.addCollection({ team: 'hiring', name: 'resumes', dimensions: 1024, distance: VectorDistance.DOT_PRODUCT });
  kb.grantReadWrite(VectorPrincipal.iamRole('support-app', 'support_app', { securityGroupId: SG }));
  kb.grantRead(VectorPrincipal.iamRole('hiring-app', 'hiring_app'));
  resumes.grantReadWrite(VectorPrincipal.iamRole('hiring-app', 'hiring_app'));
  return { stack, store, kb, resumes };
}

describe('VectorStore on Aurora pgvector', () => {
  test('defaults (snapshot)', () => {
    const { stack } = populated();
    expect(normalizeForSnapshot(synth(stack))).toMatchSnapshot();
  });

  test('the database: pgvector engine, CMK with rotation, IAM auth, managed rotated master password, protection, Data API on', () => {
    const { stack } = populated();
    const out = Testing.synth(stack);
    expect(out).toHaveResourceWithProperties({ tfResourceType: 'aws_rds_cluster' } as any, {
      engine: 'aurora-postgresql',
      engine_version: '16.6',
      storage_encrypted: true,
      iam_database_authentication_enabled: true,
      manage_master_user_password: true,
      deletion_protection: true,
      skip_final_snapshot: false,
      backup_retention_period: 14,
      enable_http_endpoint: true,
      enabled_cloudwatch_logs_exports: ['postgresql'],
      serverlessv2_scaling_configuration: { min_capacity: 0.5, max_capacity: 8 },
    });
    expect(out).toHaveResourceWithProperties({ tfResourceType: 'aws_kms_key' } as any, { enable_key_rotation: true });
    expect(out).toHaveResourceWithProperties({ tfResourceType: 'aws_rds_cluster_instance' } as any, { publicly_accessible: false, performance_insights_enabled: true });
    const json = JSON.parse(out);
    expect(Object.keys(json.resource.aws_rds_cluster_instance)).toHaveLength(2);
    // No password anywhere in the configuration.
    expect(out).not.toMatch(/"master_password"/);
  });

  test('the bootstrap runs through a Lambda invocation whose input is the rendered SQL and its hash', () => {
    const { stack, store } = populated();
    const json = synth(stack);
    const run = resource(json, 'aws_lambda_invocation');
    const input = JSON.parse(run.input);
    const expected = renderBootstrapSql({
      collections: store.collections.map((c) => ({ team: c.team, name: c.name, dimensions: c.dimensions, distance: c.distance, index: c.index })),
      logins: [],
    });
    expect(input.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(run.triggers.sql_sha256).toBe(input.sha256);
    expect(input.statements).toContain('CREATE EXTENSION IF NOT EXISTS vector');
    expect(input.statements.join('\n')).toContain('embedding vector(1536) NOT NULL');
    expect(input.statements.join('\n')).toContain('GRANT SELECT ON TABLE "vs_support"."kb_articles" TO "hiring_app"');
    expect(input.statements.join('\n')).toContain('GRANT rds_iam TO "support_app"');
    // Grants change the SQL (the model without logins differs).
    expect(input.sha256).not.toBe(expected.sha256);
    // Waits for the instances (the Data API needs a writer) and the function's permissions.
    expect(run.depends_on).toEqual(expect.arrayContaining([expect.stringMatching(/^aws_rds_cluster_instance\./), expect.stringMatching(/^aws_iam_role_policy\.vectors_Bootstrap_Policy/)]));
    const fn = resource(json, 'aws_lambda_function');
    expect(fn).toMatchObject({ runtime: 'nodejs22.x', handler: 'index.handler', timeout: 900, logging_config: { log_format: 'JSON' } });
    expect(fn.vpc_config).toBeUndefined();
    expect(fn.environment.variables).toEqual({
      CLUSTER_ARN: '${aws_rds_cluster.vectors_Database_Cluster_7960562D.arn}',
      DATABASE_NAME: 'vectors',
      SECRET_ARN: '${aws_rds_cluster.vectors_Database_Cluster_7960562D.master_user_secret[0].secret_arn}',
    });
    expect(fn.filename).toMatch(/^assets\/vectors_Bootstrap_Code_[0-9A-F]+\/([0-9A-F]+)\/\1\.zip$/);
  });

  test('adding a collection changes the invocation input (so Terraform runs the bootstrap again)', () => {
    const a = populated();
    const before = JSON.parse(resource(synth(a.stack), 'aws_lambda_invocation').input).sha256;
    const b = populated();
    b.store.addCollection({ team: 'support', name: 'tickets', dimensions: 768 });
    const after = JSON.parse(resource(synth(b.stack), 'aws_lambda_invocation').input).sha256;
    expect(after).not.toBe(before);
  });

  test('the bootstrap role: Data API on the cluster, the master secret, the key, its own logs; nothing else', () => {
    const { stack } = populated();
    const policy = resource(synth(stack), 'aws_iam_role_policy', 'Bootstrap_Policy').policy as string;
    expect(policy).toContain('"rds-data:BeginTransaction", "rds-data:BatchExecuteStatement", "rds-data:CommitTransaction", "rds-data:ExecuteStatement", "rds-data:RollbackTransaction"');
    expect(policy).toContain('"Resource" = aws_rds_cluster.vectors_Database_Cluster_7960562D.arn');
    expect(policy).toContain('"Resource" = aws_rds_cluster.vectors_Database_Cluster_7960562D.master_user_secret[0].secret_arn');
    expect(policy).toContain('"Action" = "kms:Decrypt"');
    expect(policy).not.toMatch(/"Resource" = "\*"|"Action" = "[a-z-]+:\*"/);
    const trust = resource(synth(stack), 'aws_iam_role', 'Bootstrap_Role').assume_role_policy as string;
    expect(trust).toContain('lambda.amazonaws.com');
    expect(trust).toContain('aws:SourceAccount');
  });

  test('a grant: rds-db:connect on exactly the database user, and a network path from the caller only', () => {
    const { stack } = populated();
    const json = synth(stack);
    const connect = resource(json, 'aws_iam_role_policy', 'Connect-support_app');
    expect(connect.role).toBe('support-app');
    expect(connect.policy).toContain('"Action" = "rds-db:connect"');
    expect(connect.policy).toContain('dbuser:${aws_rds_cluster.vectors_Database_Cluster_7960562D.cluster_resource_id}/support_app');
    const ingress = resource(json, 'aws_vpc_security_group_ingress_rule');
    expect(ingress).toMatchObject({ referenced_security_group_id: SG, from_port: 5432, to_port: 5432, ip_protocol: 'tcp' });
    expect(resource(json, 'aws_security_group').egress).toEqual([]);
    // hiring_app got two grants but one policy.
    expect(Object.keys(json.resource.aws_iam_role_policy).filter((id) => id.includes('Connect-hiring_app'))).toHaveLength(1);
  });

  test('two stores granting the same IAM role write two inline policies (names hash every name part)', () => {
    const { stack } = newStore(AURORA(), { nameParts: ['team-a', 'vectors'] });
    const other = new VectorStore(stack, 'vectors2', { backend: AURORA(), nameParts: ['team-b', 'vectors'] });
    const role = VectorPrincipal.iamRole('shared-app', 'shared_app');
    for (const store of [stack.node.findChild('vectors') as VectorStore, other]) store.addCollection({ team: 'support', name: 'kb', dimensions: 8 }).grantRead(role);
    const policies = Object.values<any>(synth(stack).resource.aws_iam_role_policy).filter((p) => p.role === 'shared-app');
    expect(policies).toHaveLength(2);
    expect(new Set(policies.map((p) => p.name)).size).toBe(2);
  });

  test('connection info and collection names', () => {
    const { store, kb } = populated();
    expect(store.connectionInfo).toMatchObject({ port: 5432, database: 'vectors', protocol: 'postgresql' });
    expect(kb.schemaName).toBe('vs_support');
    expect(kb.tableName).toBe('kb_articles');
    expect(kb.qdrantCollectionName).toBeUndefined();
  });

  test('bring your own key, provisioned capacity and a permissions boundary', () => {
    const keyArn = 'arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555';
    const { stack } = newStore(
      VectorBackend.auroraPgvector({
        vpcId: 'vpc-0123456789abcdef0',
        subnetIds: ['subnet-0123456789abcdef0', 'subnet-0123456789abcdef1'],
        kmsKeyArn: keyArn,
        capacity: AuroraCapacity.provisioned('db.r7g.large', 3),
        permissionsBoundaryArn: 'arn:aws:iam::123456789012:policy/boundary',
      }),
    );
    const json = synth(stack);
    expect(json.resource.aws_kms_key).toBeUndefined();
    expect(resource(json, 'aws_rds_cluster').kms_key_id).toBe(keyArn);
    expect(Object.keys(json.resource.aws_rds_cluster_instance)).toHaveLength(3);
    expect(resource(json, 'aws_iam_role').permissions_boundary).toBe('arn:aws:iam::123456789012:policy/boundary');
  });

  test('the handler ships beside the library code and returns only status, hash and count', () => {
    const handler = fs.readFileSync(`${AURORA_SQL_BOOTSTRAP_HANDLER_DIR}/index.js`, 'utf8');
    expect(handler).toContain("const result = { status: 'applied', sha256: event.sha256, statements: statements.length, indexes };");
    expect(handler).toContain('RollbackTransactionCommand');
  });
});

describe('VectorStore on Aurora pgvector: errors', () => {
  test('backend options: every problem at once', () => {
    const e = errorOf(() =>
      newStore(VectorBackend.auroraPgvector({ vpcId: 'vpc-x', subnetIds: ['subnet-0123456789abcdef0'], engineVersion: '15.4', backupRetentionDays: 90, logRetentionDays: 42, bootstrapRuntime: 'python3.12' })),
    );
    expect(e).toBeInstanceOf(ValidationError);
    expect(e.message).toContain('[platform/vectors] 6 invalid props');
    expect(e.message).toContain('backend.vpcId: is not a vpc id');
    expect(e.message).toContain('backend.subnetIds: needs private subnets in at least two AZs');
    expect(e.message).toContain('backend.engineVersion: does not ship pgvector 0.8 or later (received "15.4")');
    expect(e.message).toContain('backend.backupRetentionDays');
    expect(e.message).toContain('backend.logRetentionDays: is not a CloudWatch Logs retention value');
    expect(e.message).toContain('backend.bootstrapRuntime: is not a Lambda Node.js runtime with AWS SDK v3');
  });

  test('bad kms key, boundary, database name and subnet id', () => {
    const e = errorOf(() =>
      newStore(
        VectorBackend.auroraPgvector({
          vpcId: 'vpc-0123456789abcdef0',
          subnetIds: ['subnet-0123456789abcdef0', 'sub-1'],
          kmsKeyArn: 'alias/x',
          permissionsBoundaryArn: 'boundary',
          databaseName: 'Bad-Name',
        }),
      ),
    );
    expect(e.message).toContain('backend.subnetIds[1]: is not a subnet id');
    expect(e.message).toContain('backend.kmsKeyArn: is not a KMS key ARN');
    expect(e.message).toContain('backend.permissionsBoundaryArn: is not an IAM policy ARN');
    expect(e.message).toContain('backend.databaseName: is not a database name');
  });

  test('a principal of another cloud', () => {
    const { store } = newStore(AURORA());
    const c = store.addCollection({ team: 'support', name: 'kb', dimensions: 8 });
    const e = errorOf(() => c.grantRead(VectorPrincipal.gcpServiceAccount('support-app@llm-platform.iam.gserviceaccount.com')));
    expect(e.message).toContain('grantRead(principal): cannot be used with the aurora-pgvector backend');
    expect(e.message).toContain('Fix: use VectorPrincipal.iamRole(...)');
  });

  test('one IAM role per database user', () => {
    const { store } = newStore(AURORA());
    const c = store.addCollection({ team: 'support', name: 'kb', dimensions: 8 });
    c.grantRead(VectorPrincipal.iamRole('role-a', 'shared_user'));
    const e = errorOf(() => c.grantReadWrite(VectorPrincipal.iamRole('role-b', 'shared_user')));
    expect(e.message).toContain('grantReadWrite(principal): is already the database user of another IAM role');
  });

  test('principal factories reject bad names', () => {
    expect(errorOf(() => VectorPrincipal.iamRole('arn:aws:iam::1:role/x', 'app')).message).toContain('is not an IAM role name');
    expect(errorOf(() => VectorPrincipal.iamRole('role', 'App-User')).message).toContain('is not a usable PostgreSQL login name');
    expect(errorOf(() => VectorPrincipal.iamRole('role', 'vs_support_rw')).message).toContain('collides with a reserved or managed role name');
    expect(errorOf(() => VectorPrincipal.iamRole('role', 'postgres')).message).toContain('collides with a reserved or managed role name');
  });
});
