import type { TestDatabase } from './pglite-harness';
import { asRole, embedding, newDatabase, runPsqlScript, sqlState } from './pglite-harness';
import { VectorPrincipal } from '../../../src/vector-store';
import { VectorAccess, VectorDistance, VectorIndex, VectorRemovalPolicy, type CollectionSpec } from '../../../src/vector-store/model';
import {
  BOOTSTRAP_LOCK_KEY,
  HNSW_ITERATIVE_SCAN,
  isReservedRoleName,
  renderBootstrapSql,
  renderSimilarityQuery,
  SqlLoginAuthentication,
  type BootstrapModel,
  type SqlLogin,
} from '../../../src/vector-store/sql';

// Lifecycle of a store on real PostgreSQL + pgvector (PGlite): adopting roles, removing collections,
// teams and principals, the run lock, filtered queries, what one team sees of another in the catalog.
const DIMS = 4;
const kb: CollectionSpec = { team: 'support', name: 'kb', dimensions: DIMS, distance: VectorDistance.COSINE, index: VectorIndex.hnsw() };
const tickets: CollectionSpec = { team: 'support', name: 'tickets', dimensions: DIMS, distance: VectorDistance.COSINE, index: VectorIndex.hnsw() };
const resumes: CollectionSpec = { team: 'hiring', name: 'resumes', dimensions: DIMS, distance: VectorDistance.COSINE, index: VectorIndex.hnsw() };
const login = (name: string, grants: SqlLogin['collections'] = [], teams: SqlLogin['teams'] = []): SqlLogin => ({
  name,
  authentication: SqlLoginAuthentication.RDS_IAM,
  collections: grants,
  teams,
});
const rw = (team: string, collection: string) => ({ team, collection, access: VectorAccess.READ_WRITE });
const ro = (team: string, collection: string) => ({ team, collection, access: VectorAccess.READ });

const FULL: BootstrapModel = {
  collections: [kb, tickets, resumes],
  logins: [login('support_app', [rw('support', 'kb'), rw('support', 'tickets')]), login('hiring_app', [rw('hiring', 'resumes')])],
};
const DENIED = '42501';

// One database for the file (starting PGlite costs seconds); each test starts from an empty catalog.
let shared: TestDatabase;
beforeAll(async () => {
  shared = await newDatabase();
});
afterAll(async () => {
  await shared.close();
});

async function withDb(fn: (db: TestDatabase) => Promise<void>): Promise<void> {
  await shared.exec(`DO $$ DECLARE r record; BEGIN
    FOR r IN SELECT nspname FROM pg_namespace WHERE nspname LIKE 'vs\\_%' LOOP EXECUTE format('DROP SCHEMA %I CASCADE', r.nspname); END LOOP;
    FOR r IN SELECT rolname FROM pg_roles WHERE rolname NOT LIKE 'pg\\_%' AND rolname <> 'postgres' LOOP
      EXECUTE format('REVOKE ALL ON DATABASE %I FROM %I', current_database(), r.rolname);
      EXECUTE format('DROP OWNED BY %I', r.rolname);
      EXECUTE format('DROP ROLE %I', r.rolname);
    END LOOP;
    EXECUTE format('ALTER DATABASE %I RESET ALL', current_database());
  END $$; DROP TABLE IF EXISTS secret_rows`);
  await fn(shared);
}

async function canLogin(db: TestDatabase, role: string): Promise<boolean | undefined> {
  return (await db.query<{ l: boolean }>('SELECT rolcanlogin AS l FROM pg_roles WHERE rolname = $1', [role])).rows[0]?.l;
}

describe('adopting an existing role', () => {
  test('converges in one run: old privileges and memberships are revoked, LOGIN is restored', () =>
    withDb(async (db) => {
      // GIVEN a store, and a pre-existing NOLOGIN role that someone gave support's write role and hiring's table
      await runPsqlScript(db, renderBootstrapSql(FULL).script);
      await db.exec('CREATE ROLE legacy_app NOLOGIN; GRANT vs_support_rw TO legacy_app; GRANT USAGE ON SCHEMA vs_hiring TO legacy_app; GRANT SELECT ON vs_hiring.resumes TO legacy_app');
      // WHEN one run adopts it with read access to support/kb only
      await runPsqlScript(db, renderBootstrapSql({ ...FULL, logins: [...FULL.logins, login('legacy_app', [ro('support', 'kb')])] }).script);
      // THEN after that single run it has exactly the model's access
      expect(await canLogin(db, 'legacy_app')).toBe(true);
      expect(await sqlState(() => asRole(db, 'legacy_app', () => db.query('SELECT count(*) FROM vs_support.kb')))).toBe('none');
      expect(await sqlState(() => asRole(db, 'legacy_app', () => db.query('SELECT count(*) FROM vs_hiring.resumes')))).toBe(DENIED);
      expect(await sqlState(() => asRole(db, 'legacy_app', () => db.query("DELETE FROM vs_support.kb WHERE id = 'x'")))).toBe(DENIED);
      const member = await db.query("SELECT 1 FROM pg_auth_members am JOIN pg_roles g ON g.oid = am.roleid JOIN pg_roles m ON m.oid = am.member WHERE g.rolname = 'vs_support_rw' AND m.rolname = 'legacy_app'");
      expect(member.rows).toEqual([]);
    }));
});

describe('removed collections, teams and principals', () => {
  const withoutTickets: BootstrapModel = { collections: [kb, resumes], logins: [login('support_app', [rw('support', 'kb')]), login('hiring_app', [rw('hiring', 'resumes')])] };
  const withoutHiring: BootstrapModel = { collections: [kb, tickets], logins: [login('support_app', [rw('support', 'kb'), rw('support', 'tickets')])] };

  test('RETAIN (default): a removed collection keeps its rows and loses every grant, team roles included', () =>
    withDb(async (db) => {
      await runPsqlScript(db, renderBootstrapSql(FULL).script);
      await db.query("INSERT INTO vs_support.tickets (id, content, embedding) VALUES ('t1', 'x', $1)", [embedding(DIMS, 0)]);
      // WHEN the collection leaves the configuration
      await runPsqlScript(db, renderBootstrapSql(withoutTickets).script);
      // THEN nobody but its owner can touch it, and the rows are still there
      for (const role of ['vs_support_rw', 'vs_support_ro', 'support_app']) {
        expect([role, await sqlState(() => asRole(db, role, () => db.query('SELECT count(*) FROM vs_support.tickets')))]).toEqual([role, DENIED]);
      }
      const acl = await db.query<{ acl: string | null }>("SELECT array_to_string(relacl, ',') AS acl FROM pg_class WHERE oid = 'vs_support.tickets'::regclass");
      expect(acl.rows[0].acl).toMatch(/^postgres=[a-zA-Z]+\/postgres$/);
      expect((await db.query<{ n: number }>('SELECT count(*)::int AS n FROM vs_support.tickets')).rows[0].n).toBe(1);
      // AND the kept collections still work
      expect(await sqlState(() => asRole(db, 'support_app', () => db.query('SELECT count(*) FROM vs_support.kb')))).toBe('none');
    }));

  test('RETAIN: a removed team loses CONNECT and USAGE, its principal loses LOGIN and rds_iam', () =>
    withDb(async (db) => {
      await db.exec('CREATE ROLE rds_iam NOLOGIN');
      await runPsqlScript(db, renderBootstrapSql(FULL).script);
      await runPsqlScript(db, renderBootstrapSql(withoutHiring).script);
      expect(await canLogin(db, 'hiring_app')).toBe(false);
      const privileges = await db.query<{ connect: boolean; usage: boolean; iam: boolean }>(`
        SELECT has_database_privilege('vs_hiring_rw', current_database(), 'CONNECT') AS connect,
               has_schema_privilege('vs_hiring_rw', 'vs_hiring', 'USAGE') AS usage,
               pg_has_role('hiring_app', 'rds_iam', 'MEMBER') AS iam`);
      expect(privileges.rows[0]).toEqual({ connect: false, usage: false, iam: false });
      expect(await sqlState(() => asRole(db, 'vs_hiring_rw', () => db.query('SELECT count(*) FROM vs_hiring.resumes')))).toBe(DENIED);
      // The data is kept.
      expect((await db.query<{ r: string }>("SELECT to_regclass('vs_hiring.resumes')::text AS r")).rows[0].r).toBe('vs_hiring.resumes');
      // AND putting the team back restores everything, LOGIN included
      await runPsqlScript(db, renderBootstrapSql(FULL).script);
      expect(await canLogin(db, 'hiring_app')).toBe(true);
      expect(await sqlState(() => asRole(db, 'hiring_app', () => db.query('SELECT count(*) FROM vs_hiring.resumes')))).toBe('none');
    }));

  test('DESTROY: tables of removed collections, schemas and roles of removed teams and removed logins are dropped', () =>
    withDb(async (db) => {
      await runPsqlScript(db, renderBootstrapSql(FULL).script);
      await runPsqlScript(db, renderBootstrapSql({ ...withoutHiring, collections: [kb], logins: [login('support_app', [rw('support', 'kb')])], removalPolicy: VectorRemovalPolicy.DESTROY }).script);
      const left = await db.query<{ x: string }>(`
        SELECT 'rel ' || n.nspname || '.' || c.relname AS x FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname LIKE 'vs\\_%' AND c.relkind = 'r'
        UNION ALL SELECT 'schema ' || nspname FROM pg_namespace WHERE nspname LIKE 'vs\\_%'
        UNION ALL SELECT 'role ' || rolname FROM pg_roles WHERE rolname LIKE 'vs\\_%' OR rolname LIKE '%\\_app' ORDER BY 1`);
      expect(left.rows.map((r) => r.x)).toEqual(['rel vs_support.kb', 'role support_app', 'role vs_login', 'role vs_support_ro', 'role vs_support_rw', 'schema vs_support']);
      expect(await sqlState(() => asRole(db, 'support_app', () => db.query('SELECT count(*) FROM vs_support.kb')))).toBe('none');
    }));

  test('removal needs no second run, and a second run changes nothing', () =>
    withDb(async (db) => {
      await runPsqlScript(db, renderBootstrapSql(FULL).script);
      const sql = renderBootstrapSql(withoutHiring).script;
      await runPsqlScript(db, sql);
      const fingerprint = async () => (await db.query<{ x: string }>("SELECT string_agg(rolname || rolcanlogin::text, ',' ORDER BY rolname) AS x FROM pg_roles WHERE rolname NOT LIKE 'pg\\_%'")).rows[0].x;
      const before = await fingerprint();
      await runPsqlScript(db, sql);
      expect(await fingerprint()).toBe(before);
    }));
});

describe('filtered queries: hnsw.iterative_scan', () => {
  test('the database default is set, and with it a filtered query returns its LIMIT', () =>
    withDb(async (db) => {
      await runPsqlScript(db, renderBootstrapSql({ collections: [kb], logins: [] }).script);
      const setting = await db.query<{ c: string[] }>('SELECT setconfig AS c FROM pg_db_role_setting s JOIN pg_database d ON d.oid = s.setdatabase WHERE d.datname = current_database() AND s.setrole = 0');
      expect(setting.rows[0].c).toContain(`hnsw.iterative_scan=${HNSW_ITERATIVE_SCAN}`);
      // 300 rows, 1 in 10 tagged; the query asks for 5 tagged rows near axis 0.
      await db.exec(`INSERT INTO vs_support.kb (id, content, metadata, embedding)
        SELECT 'd' || g, 'doc', jsonb_build_object('tag', CASE WHEN g % 10 = 0 THEN 'wanted' ELSE 'other' END),
               ('[' || (1 + g * 0.001)::text || ',' || (g % 7)::text || ',' || (g % 11)::text || ',' || (g % 13)::text || ']')::vector
        FROM generate_series(1, 300) g`);
      const filtered = `SELECT id FROM (${renderSimilarityQuery(kb, 5).replace(' ORDER BY', " WHERE metadata->>'tag' = 'wanted' ORDER BY")}) q`;
      const count = async (mode: string) => {
        // PGlite does not apply per-database settings at session start (PostgreSQL does): set what is stored.
        await db.exec(`SET enable_seqscan = off; SET hnsw.ef_search = 10; SET hnsw.iterative_scan = ${mode}`);
        const rows = (await db.query(filtered, ['[1,0,0,0]'])).rows.length;
        await db.exec('RESET enable_seqscan; RESET hnsw.ef_search; RESET hnsw.iterative_scan');
        return rows;
      };
      expect(await count('off')).toBeLessThan(5);
      expect(await count(HNSW_ITERATIVE_SCAN)).toBe(5);
    }));
});

describe('reserved role names', () => {
  const names = ['none', 'public', 'PUBLIC', 'pg_monitor', 'pg_app', 'current_user', 'session_user', 'current_role', 'user', 'postgres', 'rdsadmin', 'rds_iam', 'cloudsqlsuperuser', 'vs_login', 'vs_support_rw', 'platform_admin'];

  test('are refused by VectorPrincipal (ValidationError) and by the renderer', () => {
    for (const name of names) {
      expect([name, isReservedRoleName(name)]).toEqual([name, true]);
      expect(() => renderBootstrapSql({ collections: [kb], logins: [login(name, [ro('support', 'kb')])] })).toThrow(`reserved role names cannot be managed logins: ${name}`);
      if (/^[a-z_][a-z0-9_]*$/.test(name)) expect(() => VectorPrincipal.iamRole('role', name)).toThrow('collides with a reserved or managed role name');
    }
    for (const fine of ['support_app', 'users', 'public_api', 'nonexistent', 'currentuser']) expect([fine, isReservedRoleName(fine)]).toEqual([fine, false]);
  });

  test('on PostgreSQL, "public" and "none" cannot be created, and granting to "public" reaches every role', () =>
    withDb(async (db) => {
      expect(await sqlState(() => db.exec('CREATE ROLE "public" LOGIN'))).toBe('42939');
      expect(await sqlState(() => db.exec('CREATE ROLE "none" LOGIN'))).toBe('42939');
      expect(await sqlState(() => db.exec('CREATE ROLE "pg_app" LOGIN'))).toBe('42939');
      await db.exec('CREATE TABLE secret_rows (x int); CREATE ROLE bystander NOLOGIN; GRANT SELECT ON secret_rows TO "public"');
      expect(await sqlState(() => asRole(db, 'bystander', () => db.query('SELECT * FROM secret_rows')))).toBe('none');
    }));
});

describe('one run at a time', () => {
  test('the transaction holds the bootstrap advisory lock until it ends', () =>
    withDb(async (db) => {
      const sql = renderBootstrapSql(FULL);
      const held = () => db.query('SELECT 1 FROM pg_locks WHERE locktype = $1 AND classid = $2 AND objid = $3 AND objsubid = 2 AND granted', ['advisory', ...BOOTSTRAP_LOCK_KEY]);
      await db.exec('BEGIN');
      await db.exec(sql.statements[0]);
      await db.exec(sql.statements[1]);
      expect((await held()).rows).toHaveLength(1);
      for (const st of sql.statements.slice(2)) await db.exec(st);
      await db.exec('COMMIT');
      expect((await held()).rows).toHaveLength(0);
    }));

  test('the psql script takes the same lock for its whole session (transaction and index builds) and releases it', () => {
    const { script } = renderBootstrapSql(FULL);
    const lines = script.split('\n');
    const lock = lines.findIndex((l) => l.includes(`pg_advisory_lock(${BOOTSTRAP_LOCK_KEY.join(', ')})`));
    const begin = lines.indexOf('BEGIN;');
    const firstBuild = lines.findIndex((l) => l.startsWith('CREATE INDEX CONCURRENTLY') || l.includes("'CREATE INDEX CONCURRENTLY"));
    const unlock = lines.findIndex((l) => l.includes(`pg_advisory_unlock(${BOOTSTRAP_LOCK_KEY.join(', ')})`));
    expect(lock).toBeGreaterThanOrEqual(0);
    expect(lock).toBeLessThan(begin);
    expect(firstBuild).toBeGreaterThan(lines.indexOf('COMMIT;'));
    expect(unlock).toBe(lines.length - 2);
  });
});

// Without USAGE on the schema a role cannot use 'vs_support.kb'::regclass; the catalogs it can read.
const KB_OID = "(SELECT c.oid FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'vs_support' AND c.relname = 'kb')";

describe('catalog visibility between teams', () => {
  // PostgreSQL's catalogs are readable by every role, and managed services do not let the database owner
  // revoke that. What a team's login sees of another team, pinned so that a change is noticed.
  test("hiring's login sees support's names, column types and comments, never its rows or statistics values", () =>
    withDb(async (db) => {
      await runPsqlScript(db, renderBootstrapSql(FULL).script);
      await db.query("INSERT INTO vs_support.kb (id, content, embedding) VALUES ('k1', 'confidential', $1)", [embedding(DIMS, 1)]);
      await db.exec('ANALYZE vs_support.kb');
      const seen = await asRole(db, 'hiring_app', () =>
        db.query<{ x: string }>(`
          SELECT 'schema ' || nspname AS x FROM pg_namespace WHERE nspname = 'vs_support'
          UNION ALL SELECT 'table ' || relname FROM pg_class WHERE relnamespace = 'vs_support'::regnamespace AND relkind = 'r'
          UNION ALL SELECT 'column ' || attname || ' ' || format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = ${KB_OID} AND attname = 'embedding'
          UNION ALL SELECT 'comment ' || description FROM pg_description WHERE objoid = ${KB_OID} AND objsubid = 0
          UNION ALL SELECT 'stats rows ' || count(*) FROM pg_stats WHERE schemaname = 'vs_support'
          ORDER BY 1`),
      );
      expect(seen.rows.map((r) => r.x)).toEqual([
        'column embedding vector(4)',
        'comment Vector collection: vector(4), cosine distance (managed by cdktf-llm-platform)',
        'schema vs_support',
        'stats rows 0',
        'table kb',
        'table tickets',
      ]);
      // Nothing in a comment names the team or the collection beyond the catalog names themselves.
      expect(seen.rows.filter((r) => r.x.startsWith('comment')).map((r) => r.x)).not.toEqual(expect.arrayContaining([expect.stringMatching(/support|kb/)]));
      expect(await sqlState(() => asRole(db, 'hiring_app', () => db.query('SELECT content FROM vs_support.kb')))).toBe(DENIED);
    }));
});
