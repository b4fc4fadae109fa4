import { newDatabase, type TestDatabase } from './sql/pglite-harness';
import { AURORA_BOOTSTRAP_HANDLER_DIR } from '../../src/vector-store/backends/aurora-pgvector';
import { VectorDistance, VectorIndex } from '../../src/vector-store/model';
import { renderBootstrapSql } from '../../src/vector-store/sql';

// The Lambda handler, run against real PostgreSQL + pgvector: a stand-in for the RDS Data API client
// forwards each command to PGlite, so the handler's transaction handling is what is tested.
let db: TestDatabase;
const calls: string[] = [];

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
    class RDSDataClient {
      async send(cmd: Command & { input: any }): Promise<unknown> {
        calls.push(`${cmd.constructor.name}:${cmd.input.resourceArn}`);
        if (cmd instanceof BeginTransactionCommand) {
          await db.exec('BEGIN');
          return { transactionId: 'tx-1' };
        }
        if (cmd instanceof ExecuteStatementCommand) {
          if (cmd.input.transactionId !== 'tx-1') throw new Error('statement outside the transaction');
          await db.exec(cmd.input.sql);
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

const MODEL = {
  collections: [{ team: 'support', name: 'kb', dimensions: 4, distance: VectorDistance.COSINE, index: VectorIndex.hnsw() }],
  logins: [],
};

describe('Aurora bootstrap handler (RDS Data API path)', () => {
  let handler: (event: unknown) => Promise<any>;

  beforeAll(async () => {
    db = await newDatabase();
    process.env.CLUSTER_ARN = 'arn:aws:rds:us-east-1:123456789012:cluster:vectors';
    process.env.SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:rds-AbCdEf';
    process.env.DATABASE_NAME = 'vectors';
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    handler = require(`${AURORA_BOOTSTRAP_HANDLER_DIR}/index.js`).handler;
  });
  afterAll(async () => {
    await db.close();
  });

  test('runs every statement in one transaction and returns only status, hash and count', async () => {
    const sql = renderBootstrapSql(MODEL);
    const result = await handler({ statements: sql.statements, sha256: sql.sha256 });
    expect(result).toEqual({ status: 'applied', sha256: sql.sha256, statements: sql.statements.length });
    expect(calls[0]).toBe('BeginTransactionCommand:arn:aws:rds:us-east-1:123456789012:cluster:vectors');
    expect(calls[calls.length - 1]).toMatch(/^CommitTransactionCommand:/);
    const t = await db.query<{ t: string }>("SELECT format_type(atttypid, atttypmod) AS t FROM pg_attribute WHERE attrelid = 'vs_support.kb'::regclass AND attname = 'embedding'");
    expect(t.rows[0].t).toBe('vector(4)');
    // And again: idempotent through the same path.
    await expect(handler({ statements: sql.statements, sha256: sql.sha256 })).resolves.toMatchObject({ status: 'applied' });
  });

  test('a failing statement rolls everything back and names the statement', async () => {
    const sql = renderBootstrapSql({ ...MODEL, collections: [{ ...MODEL.collections[0], name: 'aaa-first' }, { ...MODEL.collections[0], dimensions: 8 }] });
    calls.length = 0;
    await expect(handler({ statements: sql.statements, sha256: sql.sha256 })).rejects.toThrow(/vector store bootstrap rolled back at statement \d+\/\d+: DO \$vs\$: .*collection support\/kb stores vector\(4\)/);
    expect(calls[calls.length - 1]).toMatch(/^RollbackTransactionCommand:/);
    // The collection created earlier in the same run (sorted before kb) was rolled back too.
    const other = await db.query<{ r: string | null }>("SELECT to_regclass('vs_support.aaa_first')::text AS r");
    expect(other.rows[0].r).toBeNull();
  });

  test('refuses a payload whose hash does not match its statements', async () => {
    const sql = renderBootstrapSql(MODEL);
    await expect(handler({ statements: sql.statements.slice(1), sha256: sql.sha256 })).rejects.toThrow('payload hash mismatch');
    await expect(handler({ statements: 'DROP TABLE x' })).rejects.toThrow('expected { statements: string[], sha256: string }');
  });
});
