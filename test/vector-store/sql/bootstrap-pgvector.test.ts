import type { TestDatabase } from './pglite-harness';
import { asRole, embedding, newDatabase, runPsqlScript, sqlState } from './pglite-harness';
import { VectorAccess, VectorDistance, VectorIndex, type CollectionSpec } from '../../../src/vector-store/model';
import { renderBootstrapSql, renderSimilarityQuery, SqlLoginAuthentication, type BootstrapModel } from '../../../src/vector-store/sql';

// Real PostgreSQL (PGlite 0.5.14, PostgreSQL 18) with real pgvector (pglite-pgvector 0.0.15, pgvector 0.8.x).
const DIMS = 8;
const kb: CollectionSpec = { team: 'support', name: 'kb-articles', dimensions: DIMS, distance: VectorDistance.COSINE, index: VectorIndex.hnsw() };
const tickets: CollectionSpec = { team: 'support', name: 'tickets', dimensions: DIMS, distance: VectorDistance.EUCLIDEAN, index: VectorIndex.hnsw({ m: 8, efConstruction: 32 }) };
const resumes: CollectionSpec = { team: 'hiring', name: 'resumes', dimensions: DIMS, distance: VectorDistance.DOT_PRODUCT, index: VectorIndex.hnsw() };

const MODEL: BootstrapModel = {
  collections: [kb, tickets, resumes],
  logins: [
    { name: 'support_app', authentication: SqlLoginAuthentication.RDS_IAM, teams: [], collections: [{ team: 'support', collection: 'kb-articles', access: VectorAccess.READ_WRITE }] },
    { name: 'hiring_reader', authentication: SqlLoginAuthentication.RDS_IAM, teams: [], collections: [{ team: 'support', collection: 'kb-articles', access: VectorAccess.READ }] },
    { name: 'hiring_app', authentication: SqlLoginAuthentication.RDS_IAM, teams: [{ team: 'hiring', access: VectorAccess.READ_WRITE }], collections: [] },
  ],
};

const SQLSTATE_INSUFFICIENT_PRIVILEGE = '42501';
const SQLSTATE_RAISE_EXCEPTION = 'P0001';

async function catalogFingerprint(db: TestDatabase): Promise<string> {
  const rows = await db.query<{ x: string }>(`
    SELECT string_agg(x, E'\\n' ORDER BY x) AS x FROM (
      SELECT 'rel ' || n.nspname || '.' || c.relname || ' ' || c.relkind::text || ' ' || coalesce(array_to_string(c.reloptions, ','), '') || ' ' || coalesce(array_to_string(c.relacl, ','), '') AS x
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname LIKE 'vs\\_%'
      UNION ALL SELECT 'ns ' || nspname || ' ' || coalesce(array_to_string(nspacl, ','), '') FROM pg_namespace WHERE nspname LIKE 'vs\\_%'
      UNION ALL SELECT 'member ' || g.rolname || ' > ' || m.rolname FROM pg_auth_members am JOIN pg_roles g ON g.oid = am.roleid JOIN pg_roles m ON m.oid = am.member
      UNION ALL SELECT 'role ' || rolname || ' ' || rolcanlogin::text FROM pg_roles WHERE rolname NOT LIKE 'pg\\_%'
      UNION ALL SELECT 'db ' || coalesce(array_to_string(datacl, ','), '') FROM pg_database WHERE datname = current_database()
    ) t`);
  return rows.rows[0].x;
}

describe('bootstrap SQL on real PostgreSQL + pgvector', () => {
  let db: TestDatabase;
  const sql = renderBootstrapSql(MODEL);

  beforeAll(async () => {
    db = await newDatabase();
  });
  afterAll(async () => {
    await db.close();
  });

  test('runs twice without error, and the second run changes nothing', async () => {
    // GIVEN an empty database
    // WHEN the bootstrap runs once, then again
    await runPsqlScript(db, sql.script);
    const first = await catalogFingerprint(db);
    await runPsqlScript(db, sql.script);
    // THEN the catalog is identical after both runs
    expect(await catalogFingerprint(db)).toEqual(first);
    const ext = await db.query<{ extversion: string }>("SELECT extversion FROM pg_extension WHERE extname = 'vector'");
    expect(ext.rows[0].extversion).toMatch(/^0\.(8|9)\.|^[1-9]\d*\./);
  });

  test('the statements also run one by one inside a transaction (the Data API path)', async () => {
    // GIVEN the statement list the Lambda sends over the RDS Data API
    // WHEN they run one at a time in a transaction
    await db.exec('BEGIN');
    for (const st of sql.statements) await db.exec(st);
    await db.exec('COMMIT');
    // THEN they succeed and leave the same state
    expect(sql.statements.every((st) => !st.trimEnd().endsWith(';'))).toBe(true);
  });

  test('creates one schema per team, vector(dimensions) tables and HNSW indexes with the distance operator class', async () => {
    const cols = await db.query<{ t: string }>(`
      SELECT format_type(a.atttypid, a.atttypmod) AS t FROM pg_attribute a
      WHERE a.attrelid = 'vs_support.kb_articles'::regclass AND a.attname = 'embedding'`);
    expect(cols.rows[0].t).toBe(`vector(${DIMS})`);
    const idx = await db.query<{ relname: string; def: string }>(`
      SELECT c.relname, pg_get_indexdef(c.oid) AS def FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind = 'i' AND n.nspname LIKE 'vs\\_%' AND c.relname LIKE '%embedding%' ORDER BY 1`);
    expect(idx.rows.map((r) => r.relname)).toEqual(['kb_articles_embedding_cosine', 'resumes_embedding_ip', 'tickets_embedding_l2']);
    expect(idx.rows[0].def).toContain('USING hnsw (embedding vector_cosine_ops) WITH (m=\'16\', ef_construction=\'64\')');
    expect(idx.rows[1].def).toContain('vector_ip_ops');
    expect(idx.rows[2].def).toContain("USING hnsw (embedding vector_l2_ops) WITH (m='8', ef_construction='32')");
    const schemas = await db.query<{ nspname: string }>("SELECT nspname FROM pg_namespace WHERE nspname LIKE 'vs\\_%' ORDER BY 1");
    expect(schemas.rows.map((r) => r.nspname)).toEqual(['vs_hiring', 'vs_support']);
  });

  test('a similarity query returns the nearest rows of the collection and uses its HNSW index', async () => {
    // GIVEN rows written by the collection's read-write login
    await asRole(db, 'support_app', async () => {
      for (let axis = 0; axis < DIMS; axis++) {
        await db.query('INSERT INTO vs_support.kb_articles (id, content, embedding) VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING', [`doc-${axis}`, `article ${axis}`, embedding(DIMS, axis)]);
      }
    });
    // WHEN a reader runs the rendered similarity query
    const query = renderSimilarityQuery(kb, 3);
    const result = await asRole(db, 'hiring_reader', () => db.query<{ id: string; distance: number }>(query, [embedding(DIMS, 5, 0.02)]));
    // THEN the nearest article comes first
    expect(result.rows).toHaveLength(3);
    expect(result.rows[0].id).toBe('doc-5');
    expect(result.rows[0].distance).toBeLessThan(result.rows[1].distance);
    // AND the planner can serve it from the HNSW index
    await db.exec('SET enable_seqscan = off');
    const plan = await db.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${query.replace(/\$1/g, `'${embedding(DIMS, 5)}'`)}`);
    await db.exec('RESET enable_seqscan');
    expect(plan.rows.map((r) => r['QUERY PLAN']).join('\n')).toContain('kb_articles_embedding_cosine');
  });

  test("team A's role cannot read or write team B's table", async () => {
    // GIVEN team hiring's read-write role and support's table
    const read = await sqlState(() => asRole(db, 'vs_hiring_rw', () => db.query('SELECT count(*) FROM vs_support.kb_articles')));
    const write = await sqlState(() => asRole(db, 'vs_hiring_rw', () => db.query("INSERT INTO vs_support.kb_articles (id, content, embedding) VALUES ('x', 'x', $1)", [embedding(DIMS, 0)])));
    const reverse = await sqlState(() => asRole(db, 'vs_support_rw', () => db.query('SELECT count(*) FROM vs_hiring.resumes')));
    // THEN every attempt is refused for lack of privilege
    expect([read, write, reverse]).toEqual([SQLSTATE_INSUFFICIENT_PRIVILEGE, SQLSTATE_INSUFFICIENT_PRIVILEGE, SQLSTATE_INSUFFICIENT_PRIVILEGE]);
    // AND within its own schema the same role works
    expect(await sqlState(() => asRole(db, 'vs_hiring_rw', () => db.query('SELECT count(*) FROM vs_hiring.resumes')))).toBe('none');
  });

  test('the read-only role cannot write, and the read-write role cannot change the table', async () => {
    const roInsert = await sqlState(() => asRole(db, 'vs_support_ro', () => db.query("INSERT INTO vs_support.kb_articles (id, content, embedding) VALUES ('y', 'y', $1)", [embedding(DIMS, 1)])));
    const roDelete = await sqlState(() => asRole(db, 'vs_support_ro', () => db.query('DELETE FROM vs_support.kb_articles')));
    const roRead = await sqlState(() => asRole(db, 'vs_support_ro', () => db.query('SELECT count(*) FROM vs_support.kb_articles')));
    const rwDrop = await sqlState(() => asRole(db, 'vs_support_rw', () => db.exec('DROP TABLE vs_support.tickets')));
    const rwTruncate = await sqlState(() => asRole(db, 'vs_support_rw', () => db.exec('TRUNCATE vs_support.tickets')));
    const rwCreate = await sqlState(() => asRole(db, 'vs_support_rw', () => db.exec('CREATE TABLE vs_support.sneaky (id int)')));
    expect({ roInsert, roDelete, roRead, rwDrop, rwTruncate, rwCreate }).toEqual({
      roInsert: SQLSTATE_INSUFFICIENT_PRIVILEGE,
      roDelete: SQLSTATE_INSUFFICIENT_PRIVILEGE,
      roRead: 'none',
      rwDrop: SQLSTATE_INSUFFICIENT_PRIVILEGE,
      rwTruncate: SQLSTATE_INSUFFICIENT_PRIVILEGE,
      rwCreate: SQLSTATE_INSUFFICIENT_PRIVILEGE,
    });
  });

  test('a collection grant reaches exactly that collection; a read grant cannot write', async () => {
    // support_app has read-write on support/kb-articles only
    expect(await sqlState(() => asRole(db, 'support_app', () => db.query('SELECT count(*) FROM vs_support.tickets')))).toBe(SQLSTATE_INSUFFICIENT_PRIVILEGE);
    expect(await sqlState(() => asRole(db, 'support_app', () => db.query('SELECT count(*) FROM vs_hiring.resumes')))).toBe(SQLSTATE_INSUFFICIENT_PRIVILEGE);
    // hiring_reader has read on support/kb-articles: reads, cannot write
    expect(await sqlState(() => asRole(db, 'hiring_reader', () => db.query('DELETE FROM vs_support.kb_articles')))).toBe(SQLSTATE_INSUFFICIENT_PRIVILEGE);
    // hiring_app joined team hiring's read-write role: its whole schema, nothing of support's
    expect(await sqlState(() => asRole(db, 'hiring_app', () => db.query("INSERT INTO vs_hiring.resumes (id, content, embedding) VALUES ('r1', 'cv', $1)", [embedding(DIMS, 2)])))).toBe('none');
    expect(await sqlState(() => asRole(db, 'hiring_app', () => db.query('SELECT count(*) FROM vs_support.kb_articles')))).toBe(SQLSTATE_INSUFFICIENT_PRIVILEGE);
  });

  test('PUBLIC has no privileges on the database or the team schemas', async () => {
    const acl = await db.query<{ datacl: string }>('SELECT array_to_string(datacl, \',\') AS datacl FROM pg_database WHERE datname = current_database()');
    // An ACL entry for PUBLIC starts with "=" (no grantee name).
    expect(acl.rows[0].datacl.split(',').filter((e) => e.startsWith('='))).toEqual([]);
    expect(acl.rows[0].datacl).toContain('vs_login=c/');
    await db.exec('CREATE ROLE outsider NOLOGIN');
    expect(await sqlState(() => asRole(db, 'outsider', () => db.query('SELECT count(*) FROM vs_support.kb_articles')))).toBe(SQLSTATE_INSUFFICIENT_PRIVILEGE);
  });

  test('removing a grant from the model revokes it on the next run', async () => {
    // GIVEN hiring_reader can read support/kb-articles
    expect(await sqlState(() => asRole(db, 'hiring_reader', () => db.query('SELECT count(*) FROM vs_support.kb_articles')))).toBe('none');
    // WHEN the bootstrap runs without that grant (and hiring_app loses its team grant)
    const without = renderBootstrapSql({
      ...MODEL,
      logins: MODEL.logins.map((l) => ({ ...l, collections: l.name === 'hiring_reader' ? [] : l.collections, teams: [] })),
    });
    await runPsqlScript(db, without.script);
    // THEN both lose access, and the untouched grant still works
    expect(await sqlState(() => asRole(db, 'hiring_reader', () => db.query('SELECT count(*) FROM vs_support.kb_articles')))).toBe(SQLSTATE_INSUFFICIENT_PRIVILEGE);
    expect(await sqlState(() => asRole(db, 'hiring_app', () => db.query('SELECT count(*) FROM vs_hiring.resumes')))).toBe(SQLSTATE_INSUFFICIENT_PRIVILEGE);
    expect(await sqlState(() => asRole(db, 'support_app', () => db.query('SELECT count(*) FROM vs_support.kb_articles')))).toBe('none');
    // AND running the full model again restores them
    await runPsqlScript(db, sql.script);
    expect(await sqlState(() => asRole(db, 'hiring_reader', () => db.query('SELECT count(*) FROM vs_support.kb_articles')))).toBe('none');
  });
});

describe('bootstrap SQL upgrades', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await newDatabase();
    await runPsqlScript(db, renderBootstrapSql(MODEL).script);
    await db.query("INSERT INTO vs_support.kb_articles (id, content, embedding) VALUES ('keep', 'me', $1)", [embedding(DIMS, 0)]);
  });
  afterAll(async () => {
    await db.close();
  });

  test('a dimension change fails loudly and keeps the data', async () => {
    // WHEN the model asks for different dimensions on an existing collection
    const changed = renderBootstrapSql({ ...MODEL, collections: [{ ...kb, dimensions: DIMS * 2 }, tickets, resumes] });
    // THEN the bootstrap raises, naming the collection and both types
    await expect(runPsqlScript(db, changed.script)).rejects.toThrow(`collection support/kb-articles stores vector(${DIMS}), the configuration asks for vector(${DIMS * 2})`);
    await db.exec('ROLLBACK');
    // AND nothing was lost
    const rows = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM vs_support.kb_articles');
    expect(rows.rows[0].n).toBe(1);
    expect(await sqlState(() => runPsqlScript(db, changed.script))).toBe(SQLSTATE_RAISE_EXCEPTION);
    await db.exec('ROLLBACK');
  });

  test('index builds run outside the transaction: CREATE INDEX CONCURRENTLY cannot run inside one', async () => {
    const { indexBuilds, statements } = renderBootstrapSql(MODEL);
    // The transaction itself has no HNSW DDL; every build is concurrent.
    expect(statements.some((st) => /USING hnsw|DROP INDEX/.test(st))).toBe(false);
    expect(indexBuilds.map((b) => b.build)).toEqual(indexBuilds.map(() => expect.stringMatching(/^CREATE INDEX CONCURRENTLY IF NOT EXISTS /)));
    await db.exec('BEGIN');
    expect(await sqlState(() => db.exec(indexBuilds[0].build!))).toBe('25001');
    await db.exec('ROLLBACK');
  });

  test('a run with unchanged indexes rebuilds nothing (the scheduled re-run is cheap)', async () => {
    const oids = () => db.query<{ oid: number }>("SELECT c.oid::int AS oid FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind = 'i' AND n.nspname LIKE 'vs\\_%' AND c.relname LIKE '%embedding%' ORDER BY 1");
    const before = (await oids()).rows;
    expect(before).toHaveLength(3);
    await runPsqlScript(db, renderBootstrapSql(MODEL).script);
    expect((await oids()).rows).toEqual(before);
  });

  test('a distance change replaces the index; an HNSW parameter change rebuilds it', async () => {
    const next = renderBootstrapSql({
      ...MODEL,
      collections: [
        { ...kb, distance: VectorDistance.EUCLIDEAN },
        { ...tickets, index: VectorIndex.hnsw({ m: 24, efConstruction: 100 }) },
        { ...resumes, index: VectorIndex.none() },
      ],
    });
    await runPsqlScript(db, next.script);
    const idx = await db.query<{ relname: string; opts: string }>(`
      SELECT c.relname, array_to_string(c.reloptions, ',') AS opts FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind = 'i' AND n.nspname LIKE 'vs\\_%' AND c.relname LIKE '%embedding%' ORDER BY 1`);
    expect(idx.rows).toEqual([
      { relname: 'kb_articles_embedding_l2', opts: 'm=16,ef_construction=64' },
      { relname: 'tickets_embedding_l2', opts: 'm=24,ef_construction=100' },
    ]);
    const rows = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM vs_support.kb_articles');
    expect(rows.rows[0].n).toBe(1);
  });
});

describe('rds_iam branch', () => {
  test('logins join rds_iam where it exists (RDS), and the same SQL runs where it does not', async () => {
    // GIVEN a database that has an rds_iam role, as RDS and Aurora do
    const withRole = await newDatabase();
    await withRole.exec('CREATE ROLE rds_iam NOLOGIN');
    // WHEN the bootstrap runs
    await runPsqlScript(withRole, renderBootstrapSql(MODEL).script);
    // THEN every RDS-IAM login is a member of rds_iam
    const members = await withRole.query<{ rolname: string }>(`
      SELECT m.rolname FROM pg_auth_members am JOIN pg_roles g ON g.oid = am.roleid JOIN pg_roles m ON m.oid = am.member
      WHERE g.rolname = 'rds_iam' ORDER BY 1`);
    expect(members.rows.map((r) => r.rolname)).toEqual(['hiring_app', 'hiring_reader', 'support_app']);
    // AND a platform-created login (Cloud SQL IAM user) is not
    await runPsqlScript(
      withRole,
      renderBootstrapSql({ collections: [kb], logins: [{ name: 'sa@project.iam', authentication: SqlLoginAuthentication.PLATFORM, teams: [], collections: [{ team: 'support', collection: 'kb-articles', access: VectorAccess.READ }] }] }).script,
    );
    const sa = await withRole.query<{ n: number }>(`
      SELECT count(*)::int AS n FROM pg_auth_members am JOIN pg_roles g ON g.oid = am.roleid JOIN pg_roles m ON m.oid = am.member
      WHERE g.rolname = 'rds_iam' AND m.rolname = 'sa@project.iam'`);
    expect(sa.rows[0].n).toBe(0);
    expect(await sqlState(() => asRole(withRole, 'sa@project.iam', () => withRole.query('SELECT count(*) FROM vs_support.kb_articles')))).toBe('none');
    await withRole.close();
  });
});
