import { newDatabase, type TestDatabase } from './sql/pglite-harness';
import { AURORA_SQL_BOOTSTRAP_HANDLER_DIR, sqlPayloadSha256 } from '../../src/aws/aurora-sql-bootstrap';
import { VectorAccess, VectorDistance, VectorIndex } from '../../src/vector-store/model';
import { renderBootstrapSql, renderTeamBootstrapSql, SqlLoginAuthentication } from '../../src/vector-store/sql';

// The Lambda handler, run against real PostgreSQL + pgvector: a stand-in for the RDS Data API client
// forwards each command to PGlite, so the handler's transaction handling and its index-build state
// machine are what is tested. Shapes follow the Data API reference (ExecuteStatement: `sql`,
// `transactionId`, `continueAfterTimeout`, result `records[][].stringValue`; StatementTimeoutException).
let db: TestDatabase;
const calls: Array<{ command: string; sql?: string; transactionId?: string; continueAfterTimeout?: boolean; resourceArn: string }> = [];
/** Test hooks: answer a state query with a fixed value a number of times; time out a build call. */
const fake = { buildingAnswers: 0, timeOutBuilds: false };

jest.mock(
  '@aws-sdk/client-rds-data',
  () => {
    class Command {
      constructor(public readonly input: any) {}
    }
    class BeginTransactionCommand extends Command {}
    class ExecuteStatementCommand extends Command {}
    class CommitTransactionCommand extends Command {}
    class RollbackTransactionCommand extends Command {}
    const timeout = () => Object.assign(new Error('the statement timed out (it keeps running)'), { name: 'StatementTimeoutException' });
    class RDSDataClient {
      async send(cmd: Command & { input: any }): Promise<unknown> {
        const { sql, transactionId, continueAfterTimeout, resourceArn } = cmd.input;
        calls.push({ command: cmd.constructor.name, sql, transactionId, continueAfterTimeout, resourceArn });
        if (cmd instanceof BeginTransactionCommand) {
          await db.exec('BEGIN');
          return { transactionId: 'tx-1' };
        }
        if (cmd instanceof ExecuteStatementCommand) {
          if (transactionId !== undefined && transactionId !== 'tx-1') throw new Error('unknown transaction');
          if (sql.startsWith('SELECT CASE')) {
            if (fake.buildingAnswers > 0) {
              fake.buildingAnswers--;
              return { records: [[{ stringValue: 'building' }]] };
            }
            const { rows } = await db.query<{ state: string }>(sql);
            return { records: rows.map((r) => [{ stringValue: r.state }]) };
          }
          await db.exec(sql);
          // The Data API returns after 45 s while a continueAfterTimeout statement keeps running; here it has
          // already finished, and the next state queries say 'building' for a while.
          if (fake.timeOutBuilds && sql.startsWith('CREATE INDEX CONCURRENTLY')) {
            fake.buildingAnswers = 2;
            throw timeout();
          }
          return {};
        }
        if (cmd instanceof CommitTransactionCommand) return db.exec('COMMIT');
        return db.exec('ROLLBACK');
      }
    }
    return { RDSDataClient, BeginTransactionCommand, ExecuteStatementCommand, CommitTransactionCommand, RollbackTransactionCommand };
  },
  { virtual: true },
);

const KB = { team: 'support', name: 'kb', dimensions: 4, distance: VectorDistance.COSINE, index: VectorIndex.hnsw() };
const MODEL = { collections: [KB], logins: [] };
const payload = (sql: ReturnType<typeof renderBootstrapSql>) =>
  JSON.parse(JSON.stringify({ statements: sql.statements, indexBuilds: sql.indexBuilds, sha256: sql.sha256 }));
const context = (ms: number) => ({ getRemainingTimeInMillis: () => ms });
const indexes = () =>
  db.query<{ relname: string; opts: string }>(`
    SELECT c.relname, array_to_string(c.reloptions, ',') AS opts FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relkind = 'i' AND n.nspname = 'vs_support' AND c.relname LIKE '%embedding%' ORDER BY 1`);

describe('Aurora SQL bootstrap handler (RDS Data API path)', () => {
  let handler: (event: unknown, context?: unknown) => Promise<any>;

  beforeAll(async () => {
    db = await newDatabase();
    process.env.CLUSTER_ARN = 'arn:aws:rds:us-east-1:123456789012:cluster:vectors';
    process.env.SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:rds-AbCdEf';
    process.env.DATABASE_NAME = 'vectors';
    process.env.POLL_INTERVAL_MS = '1';
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    handler = require(`${AURORA_SQL_BOOTSTRAP_HANDLER_DIR}/index.js`).handler;
  });
  afterAll(async () => {
    await db.close();
  });
  beforeEach(() => {
    calls.length = 0;
    fake.buildingAnswers = 0;
    fake.timeOutBuilds = false;
  });

  test('runs the statements in one transaction, then builds the index outside it; returns only status, hash and counts', async () => {
    const sql = renderBootstrapSql(MODEL);
    const result = await handler(payload(sql), context(600000));
    expect(result).toEqual({ status: 'applied', sha256: sql.sha256, statements: sql.statements.length, indexes: { current: 0, built: 1, cleanup: 0 } });
    expect(calls[0]).toMatchObject({ command: 'BeginTransactionCommand', resourceArn: 'arn:aws:rds:us-east-1:123456789012:cluster:vectors' });
    const commit = calls.findIndex((c) => c.command === 'CommitTransactionCommand');
    // Every statement before the commit is in the transaction; the CREATE INDEX CONCURRENTLY after it is not.
    expect(calls.slice(1, commit).every((c) => c.transactionId === 'tx-1')).toBe(true);
    const build = calls.find((c) => c.sql?.startsWith('CREATE INDEX CONCURRENTLY'))!;
    expect(calls.indexOf(build)).toBeGreaterThan(commit);
    expect(build).toMatchObject({ transactionId: undefined, continueAfterTimeout: true });
    expect((await indexes()).rows).toEqual([{ relname: 'kb_embedding_cosine', opts: 'm=16,ef_construction=64' }]);
    // AND again: idempotent, and the index is not rebuilt
    calls.length = 0;
    await expect(handler(payload(sql), context(600000))).resolves.toMatchObject({ indexes: { current: 1, built: 0, cleanup: 0 } });
    expect(calls.some((c) => c.sql?.startsWith('CREATE INDEX CONCURRENTLY'))).toBe(false);
  });

  test('a build that outlives the 45-second call is polled until it is built, then swapped in', async () => {
    // GIVEN a populated collection whose HNSW parameters change
    await db.query("INSERT INTO vs_support.kb (id, content, embedding) VALUES ('a', 'x', '[1,0,0,0]'), ('b', 'y', '[0,1,0,0]') ON CONFLICT DO NOTHING");
    const sql = renderBootstrapSql({ ...MODEL, collections: [{ ...KB, index: VectorIndex.hnsw({ m: 24, efConstruction: 96 }) }] });
    // AND a Data API call that times out while the build continues in the database
    fake.timeOutBuilds = true;
    // WHEN the handler runs
    const result = await handler(payload(sql), context(600000));
    // THEN it waited (state 'building' twice), swapped, and the serving index has the new parameters
    expect(result.indexes).toEqual({ current: 0, built: 1, cleanup: 0 });
    const states = calls.filter((c) => c.sql?.startsWith('SELECT CASE')).length;
    expect(states).toBeGreaterThanOrEqual(4); // missing, building, building, built, current
    expect(calls.some((c) => c.sql?.startsWith('DO $vs$') && c.sql.includes('RENAME TO') && c.transactionId === undefined)).toBe(true);
    expect((await indexes()).rows).toEqual([{ relname: 'kb_embedding_cosine', opts: 'm=24,ef_construction=96' }]);
    // The transaction itself never touches the embedding index.
    expect(sql.statements.some((st) => /USING hnsw|_embedding_/.test(st))).toBe(false);
  });

  test('when the function runs out of time, the error says the build continues and the next run resumes it', async () => {
    const sql = renderBootstrapSql({ ...MODEL, collections: [{ ...KB, index: VectorIndex.hnsw({ m: 8, efConstruction: 32 }) }] });
    fake.timeOutBuilds = true;
    // 500 ms left before the safety margin, 400 ms between polls: the second poll would pass the deadline.
    process.env.POLL_INTERVAL_MS = '400';
    const outOfTime = handler(payload(sql), context(20500));
    await expect(outOfTime.finally(() => (process.env.POLL_INTERVAL_MS = '1'))).rejects.toThrow(
      /SQL bootstrap committed; index support\/kb not finished: index support\/kb is still being built in the database \(it keeps running there\); run terraform apply again/,
    );
    // The next run finds the finished build, swaps it in and does not build again.
    calls.length = 0;
    fake.timeOutBuilds = false;
    await expect(handler(payload(sql), context(600000))).resolves.toMatchObject({ indexes: { current: 0, built: 1, cleanup: 0 } });
    expect(calls.some((c) => c.sql?.startsWith('CREATE INDEX CONCURRENTLY'))).toBe(false);
    expect((await indexes()).rows).toEqual([{ relname: 'kb_embedding_cosine', opts: 'm=8,ef_construction=32' }]);
  });

  test('an invalid leftover build is discarded and built again', async () => {
    const sql = renderBootstrapSql({ ...MODEL, collections: [{ ...KB, index: VectorIndex.hnsw({ m: 12, efConstruction: 48 }) }] });
    // A failed concurrent build leaves an invalid index behind (simulated: marked invalid in the catalog).
    await db.exec('CREATE INDEX kb_embedding_cosine_next ON vs_support.kb USING hnsw (embedding vector_cosine_ops) WITH (m = 12, ef_construction = 48)');
    await db.exec("UPDATE pg_index SET indisvalid = false WHERE indexrelid = 'vs_support.kb_embedding_cosine_next'::regclass");
    await handler(payload(sql), context(600000));
    const discard = calls.findIndex((c) => c.sql?.startsWith('DROP INDEX CONCURRENTLY IF EXISTS "vs_support"."kb_embedding_cosine_next"'));
    const build = calls.findIndex((c) => c.sql?.startsWith('CREATE INDEX CONCURRENTLY'));
    expect(discard).toBeGreaterThan(-1);
    expect(build).toBeGreaterThan(discard);
    expect(calls[discard].continueAfterTimeout).toBe(true);
    expect((await indexes()).rows).toEqual([{ relname: 'kb_embedding_cosine', opts: 'm=12,ef_construction=48' }]);
  });

  test('a distance change builds the new index before dropping the old one; VectorIndex.none() drops them all', async () => {
    const l2 = renderBootstrapSql({ ...MODEL, collections: [{ ...KB, distance: VectorDistance.EUCLIDEAN }] });
    await handler(payload(l2), context(600000));
    const build = calls.findIndex((c) => c.sql?.startsWith('CREATE INDEX CONCURRENTLY'));
    const drop = calls.findIndex((c) => c.sql === 'DROP INDEX CONCURRENTLY IF EXISTS "vs_support"."kb_embedding_cosine"');
    expect(build).toBeGreaterThan(-1);
    expect(drop).toBeGreaterThan(build);
    expect((await indexes()).rows.map((r) => r.relname)).toEqual(['kb_embedding_l2']);
    const none = renderBootstrapSql({ ...MODEL, collections: [{ ...KB, index: VectorIndex.none() }] });
    await expect(handler(payload(none), context(600000))).resolves.toMatchObject({ indexes: { cleanup: 1 } });
    expect((await indexes()).rows).toEqual([]);
  });

  test('a failing statement rolls everything back and names the statement', async () => {
    const sql = renderBootstrapSql({ ...MODEL, collections: [{ ...KB, name: 'aaa-first' }, { ...KB, dimensions: 8 }] });
    await expect(handler(payload(sql), context(600000))).rejects.toThrow(/SQL bootstrap rolled back at statement \d+\/\d+: DO \$vs\$: .*collection support\/kb stores vector\(4\)/);
    expect(calls[calls.length - 1].command).toBe('RollbackTransactionCommand');
    // The collection created earlier in the same run (sorted before kb) was rolled back too.
    const other = await db.query<{ r: string | null }>("SELECT to_regclass('vs_support.aaa_first')::text AS r");
    expect(other.rows[0].r).toBeNull();
  });

  test('refuses a payload whose hash does not match, or that is not a payload', async () => {
    const sql = renderBootstrapSql(MODEL);
    await expect(handler({ ...payload(sql), statements: sql.statements.slice(1) })).rejects.toThrow('payload hash mismatch');
    await expect(handler({ ...payload(sql), indexBuilds: [] })).rejects.toThrow('payload hash mismatch');
    await expect(handler({ statements: 'DROP TABLE x' })).rejects.toThrow('expected { statements: string[], indexBuilds?: IndexBuildPlan[], deleteStatements?: string[], sha256: string }');
    await expect(handler({ statements: [], deleteStatements: 'DROP TABLE x', sha256: 'x' })).rejects.toThrow('expected {');
    await expect(handler({ statements: [], indexBuilds: [{ name: 'x' }], sha256: 'x' })).rejects.toThrow('expected {');
    // A statements-only payload (other users of AuroraSqlBootstrap) hashes with indexBuilds = [].
    const only = { statements: ['SELECT 1'] };
    await expect(handler({ ...only, sha256: sqlPayloadSha256(only) })).resolves.toMatchObject({ status: 'applied', statements: 1 });
  });

  describe('a team payload (lifecycle_scope CRUD)', () => {
    // What the provider sends (internal/service/lambda/invocation.go, buildInput): the input plus
    // `tf: { action, prev_input }` under terraform_key "tf".
    const RESUMES = { team: 'hiring', name: 'resumes', dimensions: 4, distance: VectorDistance.COSINE, index: VectorIndex.hnsw() };
    const team = renderTeamBootstrapSql({
      team: 'hiring',
      collections: [RESUMES],
      logins: [
        { name: 'hiring_app', authentication: SqlLoginAuthentication.RDS_IAM, collections: [{ team: 'hiring', collection: 'resumes', access: VectorAccess.READ_WRITE }], teams: [] },
      ],
    });
    const { statements, indexBuilds, deleteStatements, sha256 } = team;
    const input = () => JSON.parse(JSON.stringify({ statements, indexBuilds, deleteStatements, sha256 }));
    const withAction = (action: string) => ({ ...input(), tf: { action, prev_input: input() } });
    const hiringTables = async () => (await db.query<{ r: string | null }>("SELECT to_regclass('vs_hiring.resumes')::text AS r")).rows[0].r;
    const hiringLogin = async () => (await db.query<{ l: boolean }>("SELECT rolcanlogin AS l FROM pg_roles WHERE rolname = 'hiring_app'")).rows[0]?.l;

    test('create and update run the team SQL and its index builds; delete runs only deleteStatements, in one transaction', async () => {
      await handler(payload(renderBootstrapSql(MODEL)), context(600000));
      await expect(handler(withAction('create'), context(600000))).resolves.toEqual({ status: 'applied', sha256: team.sha256, statements: team.statements.length, indexes: { current: 0, built: 1, cleanup: 0 } });
      expect(await hiringTables()).toBe('vs_hiring.resumes');
      expect(await hiringLogin()).toBe(true);
      calls.length = 0;
      await expect(handler(withAction('update'), context(600000))).resolves.toMatchObject({ status: 'applied', indexes: { current: 1, built: 0, cleanup: 0 } });
      // WHEN Terraform destroys the invocation
      calls.length = 0;
      await expect(handler(withAction('delete'), context(600000))).resolves.toEqual({ status: 'deleted', sha256: team.sha256, statements: team.deleteStatements!.length });
      // THEN one transaction ran the teardown (RETAIN: table kept, login disabled), and no index work
      expect(calls.map((c) => c.command)).toEqual(['BeginTransactionCommand', ...team.deleteStatements!.map(() => 'ExecuteStatementCommand'), 'CommitTransactionCommand']);
      expect(calls.slice(1, -1).map((c) => c.sql)).toEqual(team.deleteStatements);
      expect(await hiringTables()).toBe('vs_hiring.resumes');
      expect(await hiringLogin()).toBe(false);
    });

    test('delete of a payload without deleteStatements runs nothing', async () => {
      const sql = renderBootstrapSql(MODEL);
      const p = payload(sql);
      await expect(handler({ ...p, tf: { action: 'delete', prev_input: p } })).resolves.toEqual({ status: 'deleted', sha256: sql.sha256, statements: 0 });
      expect(calls).toEqual([]);
    });

    test('deleteStatements are covered by the hash', async () => {
      await expect(handler({ ...withAction('delete'), deleteStatements: ['DROP SCHEMA vs_support CASCADE'] })).rejects.toThrow('payload hash mismatch');
      await expect(handler({ ...withAction('create'), deleteStatements: undefined })).rejects.toThrow('payload hash mismatch');
      expect(calls).toEqual([]);
    });
  });
});
