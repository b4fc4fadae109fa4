import type { TestDatabase } from './pglite-harness';
import { asRole, embedding, newDatabase, runPsqlScript, sqlState } from './pglite-harness';
import { VectorAccess, VectorDistance, VectorIndex, VectorRemovalPolicy, type CollectionSpec } from '../../../src/vector-store/model';
import {
  BOOTSTRAP_LOCK_KEY,
  renderBootstrapSql,
  renderTeamBootstrapSql,
  SqlLoginAuthentication,
  type BootstrapModel,
  type SqlLogin,
  type TeamBootstrapModel,
} from '../../../src/vector-store/sql';

// Collections declared from team stacks (renderTeamBootstrapSql) beside the platform's own
// (renderBootstrapSql), on real PostgreSQL + pgvector (PGlite): each run touches only what it owns.
const DIMS = 4;
const spec = (team: string, name: string): CollectionSpec =>
  ({ team, name, dimensions: DIMS, distance: VectorDistance.COSINE, index: VectorIndex.hnsw() });
const login = (name: string, grants: SqlLogin['collections'] = [], teams: SqlLogin['teams'] = []): SqlLogin =>
  ({ name, authentication: SqlLoginAuthentication.RDS_IAM, collections: grants, teams });
const rw = (team: string, collection: string) => ({ team, collection, access: VectorAccess.READ_WRITE });
const ro = (team: string, collection: string) => ({ team, collection, access: VectorAccess.READ });

// The platform declares `support`; `hiring` and `search` are declared from their own stacks.
const PLATFORM: BootstrapModel = { collections: [spec('support', 'kb')], logins: [login('support_app', [rw('support', 'kb')])] };
const HIRING: TeamBootstrapModel = {
  team: 'hiring',
  collections: [spec('hiring', 'resumes'), spec('hiring', 'job-posts')],
  logins: [login('hiring_app', [rw('hiring', 'resumes'), rw('hiring', 'job-posts')]), login('hiring_reader', [ro('hiring', 'resumes')])],
};
const SEARCH: TeamBootstrapModel = { team: 'search', collections: [spec('search', 'docs')], logins: [login('search_app', [rw('search', 'docs')])] };

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
  END $$`);
  await fn(shared);
}

const run = (db: TestDatabase, model: BootstrapModel) => runPsqlScript(db, renderBootstrapSql(model).script);
const runTeam = (db: TestDatabase, model: TeamBootstrapModel) => runPsqlScript(db, renderTeamBootstrapSql(model).script);
/** What Terraform's destroy of the team's invocation runs (Aurora: `tf.action = delete`). */
async function deleteTeam(db: TestDatabase, model: TeamBootstrapModel): Promise<void> {
  await db.exec('BEGIN');
  try {
    for (const st of renderTeamBootstrapSql(model).deleteStatements!) await db.exec(st);
    await db.exec('COMMIT');
  } catch (e) {
    await db.exec('ROLLBACK');
    throw e;
  }
}

/**
 * Every managed object and its privileges, one line each, for the objects `owned` selects: roles (LOGIN,
 * memberships, CONNECT), schemas and tables (ACLs), indexes. Compared before and after a run.
 */
async function fingerprint(db: TestDatabase, owned: (line: string) => boolean): Promise<string[]> {
  const rows = await db.query<{ x: string }>(`
    SELECT 'role ' || rolname || ' login=' || rolcanlogin ||
           ' member_of=' || coalesce((SELECT string_agg(g.rolname, ',' ORDER BY g.rolname) FROM pg_auth_members am JOIN pg_roles g ON g.oid = am.roleid WHERE am.member = r.oid), '') ||
           ' connect=' || has_database_privilege(r.oid, current_database(), 'CONNECT') AS x
      FROM pg_roles r WHERE rolname NOT LIKE 'pg\\_%' AND rolname <> 'postgres'
    UNION ALL SELECT 'schema ' || nspname || ' acl=' || coalesce(array_to_string(nspacl, ','), '') FROM pg_namespace WHERE nspname LIKE 'vs\\_%'
    UNION ALL SELECT 'table ' || n.nspname || '.' || c.relname || ' acl=' || coalesce(array_to_string(c.relacl, ','), '')
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname LIKE 'vs\\_%' AND c.relkind = 'r'
    UNION ALL SELECT 'index ' || n.nspname || '.' || c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname LIKE 'vs\\_%' AND c.relkind = 'i'
    ORDER BY 1`);
  return rows.rows.map((r) => r.x).filter(owned);
}
/** Lines of the team's own objects: its logins (`<team>_…`), roles, schema, tables and indexes. */
const ofTeam = (team: string) => (line: string) => [`role ${team}_`, `role vs_${team}_`, `schema vs_${team} `, `table vs_${team}.`, `index vs_${team}.`].some((p) => line.startsWith(p));
const notOfTeam = (team: string) => (line: string) => !ofTeam(team)(line);

const canRead = async (db: TestDatabase, role: string, table: string) => (await sqlState(() => asRole(db, role, () => db.query(`SELECT count(*) FROM ${table}`)))) === 'none';
const canWrite = async (db: TestDatabase, role: string, table: string) =>
  (await sqlState(() => asRole(db, role, () => db.query(`INSERT INTO ${table} (id, content, embedding) VALUES ('w-' || md5(random()::text), 'x', $1)`, [embedding(DIMS, 0)])))) === 'none';
async function canLogin(db: TestDatabase, role: string): Promise<boolean | undefined> {
  return (await db.query<{ l: boolean }>('SELECT rolcanlogin AS l FROM pg_roles WHERE rolname = $1', [role])).rows[0]?.l;
}

describe('a team run', () => {
  test("creates the team's collections, roles and logins with exactly the granted access", () =>
    withDb(async (db) => {
      await run(db, PLATFORM);
      await runTeam(db, HIRING);
      expect(await canWrite(db, 'hiring_app', 'vs_hiring.resumes')).toBe(true);
      expect(await canWrite(db, 'hiring_app', 'vs_hiring.job_posts')).toBe(true);
      expect(await canRead(db, 'hiring_reader', 'vs_hiring.resumes')).toBe(true);
      expect(await canWrite(db, 'hiring_reader', 'vs_hiring.resumes')).toBe(false);
      expect(await canRead(db, 'hiring_reader', 'vs_hiring.job_posts')).toBe(false);
      // The login group marks the team as team-scoped and carries CONNECT.
      const group = await db.query<{ m: string }>("SELECT string_agg(m.rolname, ',' ORDER BY m.rolname) AS m FROM pg_auth_members am JOIN pg_roles g ON g.oid = am.roleid JOIN pg_roles m ON m.oid = am.member WHERE g.rolname = 'vs_hiring_login'");
      expect(group.rows[0].m).toBe('hiring_app,hiring_reader');
      // HNSW indexes were built concurrently after the commit, as the platform's are.
      const indexes = await db.query<{ i: string }>("SELECT indexname AS i FROM pg_indexes WHERE schemaname = 'vs_hiring' AND indexname LIKE '%embedding%' ORDER BY 1");
      expect(indexes.rows.map((r) => r.i)).toEqual(['job_posts_embedding_cosine', 'resumes_embedding_cosine']);
    }));

  test('touches nothing of the platform or of another team', () =>
    withDb(async (db) => {
      await run(db, PLATFORM);
      await runTeam(db, SEARCH);
      await db.query("INSERT INTO vs_support.kb (id, content, embedding) VALUES ('k1', 'x', $1)", [embedding(DIMS, 1)]);
      const before = await fingerprint(db, notOfTeam('hiring'));
      // WHEN hiring runs (first run, a changed run, then its removal under DESTROY)
      await runTeam(db, HIRING);
      expect(await fingerprint(db, notOfTeam('hiring'))).toEqual(before);
      await runTeam(db, { ...HIRING, collections: [spec('hiring', 'resumes')], logins: [login('hiring_app', [rw('hiring', 'resumes')])] });
      expect(await fingerprint(db, notOfTeam('hiring'))).toEqual(before);
      await deleteTeam(db, { ...HIRING, removalPolicy: VectorRemovalPolicy.DESTROY });
      // THEN the platform's and search's objects and privileges are exactly as they were
      expect(await fingerprint(db, notOfTeam('hiring'))).toEqual(before);
      expect(before.some((l) => l.startsWith('table vs_search.docs'))).toBe(true);
      expect(before.some((l) => l.startsWith('table vs_support.kb'))).toBe(true);
      expect(await canWrite(db, 'support_app', 'vs_support.kb')).toBe(true);
      expect(await canWrite(db, 'search_app', 'vs_search.docs')).toBe(true);
    }));

  test("team A's login can neither read nor write team B's collections", () =>
    withDb(async (db) => {
      await run(db, PLATFORM);
      await runTeam(db, HIRING);
      await runTeam(db, SEARCH);
      for (const [role, table] of [['hiring_app', 'vs_search.docs'], ['search_app', 'vs_hiring.resumes'], ['hiring_app', 'vs_support.kb'], ['support_app', 'vs_hiring.resumes']]) {
        expect([role, table, await canRead(db, role, table), await canWrite(db, role, table)]).toEqual([role, table, false, false]);
      }
    }));

  test("team A's run cannot take team B's login, and privileges given elsewhere are revoked", () =>
    withDb(async (db) => {
      await run(db, PLATFORM);
      await runTeam(db, HIRING);
      await runTeam(db, SEARCH);
      // A model of search that grants hiring's login stops before changing anything.
      const err = await runTeam(db, { ...SEARCH, logins: [...SEARCH.logins, login('hiring_app', [ro('search', 'docs')])] }).then(() => 'none', (e: Error) => e.message);
      expect(err).toContain('hiring_app (vs_hiring_login) are granted by the platform or another team, not by team search');
      expect(await canRead(db, 'hiring_app', 'vs_search.docs')).toBe(false);
      // A platform login cannot be taken either.
      const err2 = await runTeam(db, { ...SEARCH, logins: [login('support_app', [ro('search', 'docs')])] }).then(() => 'none', (e: Error) => e.message);
      expect(err2).toContain('support_app (vs_login)');
      // A privilege someone granted a team login on another team's table is revoked by the team's next run.
      await db.exec('GRANT USAGE ON SCHEMA vs_search TO hiring_app; GRANT SELECT ON vs_search.docs TO hiring_app; GRANT vs_search_rw TO hiring_app');
      expect(await canRead(db, 'hiring_app', 'vs_search.docs')).toBe(true);
      await runTeam(db, HIRING);
      expect(await canRead(db, 'hiring_app', 'vs_search.docs')).toBe(false);
    }));

  test('is idempotent: a second run changes nothing', () =>
    withDb(async (db) => {
      await run(db, PLATFORM);
      await runTeam(db, HIRING);
      const before = await fingerprint(db, () => true);
      await runTeam(db, HIRING);
      expect(await fingerprint(db, () => true)).toEqual(before);
      const reordered = renderTeamBootstrapSql({ ...HIRING, collections: [...HIRING.collections].reverse() });
      expect(renderTeamBootstrapSql(HIRING).sha256).toBe(reordered.sha256);
    }));

  test('holds the same advisory lock as the platform run, for its whole transaction', () =>
    withDb(async (db) => {
      await run(db, PLATFORM);
      const sql = renderTeamBootstrapSql(HIRING);
      const held = () => db.query('SELECT 1 FROM pg_locks WHERE locktype = $1 AND classid = $2 AND objid = $3 AND objsubid = 2 AND granted', ['advisory', ...BOOTSTRAP_LOCK_KEY]);
      await db.exec('BEGIN');
      await db.exec(sql.statements[0]);
      await db.exec(sql.statements[1]);
      expect((await held()).rows).toHaveLength(1);
      for (const st of sql.statements.slice(2)) await db.exec(st);
      await db.exec('COMMIT');
      expect((await held()).rows).toHaveLength(0);
      expect(sql.script).toContain(`pg_advisory_lock(${BOOTSTRAP_LOCK_KEY.join(', ')})`);
    }));

  test("stops with the fix when the platform's stack was never applied (no extension)", () =>
    withDb(async (db) => {
      await db.exec('DROP EXTENSION IF EXISTS vector CASCADE');
      const err = await runTeam(db, HIRING).then(() => 'none', (e: Error) => e.message);
      expect(err).toContain('the vector extension is not installed');
      expect((await db.query("SELECT 1 FROM pg_roles WHERE rolname = 'vs_hiring_login'")).rows).toEqual([]);
    }));
});

describe('the platform run beside team runs', () => {
  test('leaves team objects intact, under RETAIN and under DESTROY, with its own teams removed', () =>
    withDb(async (db) => {
      await run(db, PLATFORM);
      await runTeam(db, HIRING);
      await db.query("INSERT INTO vs_hiring.resumes (id, content, embedding) VALUES ('r1', 'x', $1)", [embedding(DIMS, 2)]);
      const hiring = await fingerprint(db, ofTeam('hiring'));
      expect(hiring.length).toBeGreaterThan(8);
      // WHEN the platform runs again, then without any team, then without any team under DESTROY
      await run(db, PLATFORM);
      expect(await fingerprint(db, ofTeam('hiring'))).toEqual(hiring);
      await run(db, { collections: [], logins: [] });
      expect(await fingerprint(db, ofTeam('hiring'))).toEqual(hiring);
      await run(db, { collections: [], logins: [], removalPolicy: VectorRemovalPolicy.DESTROY });
      // THEN hiring's schema, tables, rows, roles, logins and privileges are untouched
      expect(await fingerprint(db, ofTeam('hiring'))).toEqual(hiring);
      expect((await db.query<{ n: number }>('SELECT count(*)::int AS n FROM vs_hiring.resumes')).rows[0].n).toBe(1);
      expect(await canWrite(db, 'hiring_app', 'vs_hiring.resumes')).toBe(true);
      // AND the platform's own removed team is gone (DESTROY), as before
      expect((await db.query("SELECT 1 FROM pg_namespace WHERE nspname = 'vs_support'")).rows).toEqual([]);
    }));

  test('stops when it declares a team or a login that a team stack owns', () =>
    withDb(async (db) => {
      await run(db, PLATFORM);
      await runTeam(db, HIRING);
      const before = await fingerprint(db, () => true);
      const err = await run(db, { ...PLATFORM, collections: [...PLATFORM.collections, spec('hiring', 'resumes')] }).then(() => 'none', (e: Error) => e.message);
      expect(err).toContain('declares team schema(s) vs_hiring that are managed from team stacks');
      const err2 = await run(db, { ...PLATFORM, logins: [...PLATFORM.logins, login('hiring_app', [ro('support', 'kb')])] }).then(() => 'none', (e: Error) => e.message);
      expect(err2).toContain('hiring_app (vs_hiring_login) belong to teams declared from team stacks');
      expect(await fingerprint(db, () => true)).toEqual(before);
    }));

  test('a team stack cannot take a team the platform declares', () =>
    withDb(async (db) => {
      await run(db, { ...PLATFORM, collections: [...PLATFORM.collections, spec('hiring', 'resumes')] });
      const before = await fingerprint(db, () => true);
      const err = await runTeam(db, HIRING).then(() => 'none', (e: Error) => e.message);
      expect(err).toContain("team hiring is declared on the platform's vector store");
      expect(await fingerprint(db, () => true)).toEqual(before);
      // Once the platform has let it go (RETAIN: kept without privileges), the team stack adopts it, data included.
      await db.query("INSERT INTO vs_hiring.resumes (id, content, embedding) VALUES ('r1', 'x', $1)", [embedding(DIMS, 2)]);
      await run(db, PLATFORM);
      await runTeam(db, HIRING);
      expect(await canRead(db, 'hiring_app', 'vs_hiring.resumes')).toBe(true);
      expect((await db.query<{ n: number }>('SELECT count(*)::int AS n FROM vs_hiring.resumes')).rows[0].n).toBe(1);
    }));
});

describe('removal from a team stack', () => {
  const withoutJobPosts: TeamBootstrapModel = { ...HIRING, collections: [spec('hiring', 'resumes')], logins: [login('hiring_app', [rw('hiring', 'resumes')])] };

  test('RETAIN: a removed collection keeps its rows and loses every grant; a removed login loses LOGIN', () =>
    withDb(async (db) => {
      await db.exec('CREATE ROLE rds_iam NOLOGIN');
      await run(db, PLATFORM);
      await runTeam(db, HIRING);
      await db.query("INSERT INTO vs_hiring.job_posts (id, content, embedding) VALUES ('j1', 'x', $1)", [embedding(DIMS, 0)]);
      await runTeam(db, withoutJobPosts);
      for (const role of ['hiring_app', 'vs_hiring_rw', 'vs_hiring_ro']) expect([role, await canRead(db, role, 'vs_hiring.job_posts')]).toEqual([role, false]);
      expect((await db.query<{ n: number }>('SELECT count(*)::int AS n FROM vs_hiring.job_posts')).rows[0].n).toBe(1);
      expect(await canLogin(db, 'hiring_reader')).toBe(false);
      expect((await db.query("SELECT pg_has_role('hiring_reader', 'rds_iam', 'MEMBER') AS m")).rows).toEqual([{ m: false }]);
      expect(await canWrite(db, 'hiring_app', 'vs_hiring.resumes')).toBe(true);
      // AND a second run changes nothing
      const after = await fingerprint(db, () => true);
      await runTeam(db, withoutJobPosts);
      expect(await fingerprint(db, () => true)).toEqual(after);
    }));

  test('DESTROY: a removed collection is dropped and a removed login is dropped', () =>
    withDb(async (db) => {
      await run(db, PLATFORM);
      await runTeam(db, HIRING);
      await runTeam(db, { ...withoutJobPosts, removalPolicy: VectorRemovalPolicy.DESTROY });
      expect((await db.query("SELECT to_regclass('vs_hiring.job_posts') AS r")).rows).toEqual([{ r: null }]);
      expect(await canLogin(db, 'hiring_reader')).toBeUndefined();
      expect(await canWrite(db, 'hiring_app', 'vs_hiring.resumes')).toBe(true);
    }));

  test('RETAIN: destroying the team run revokes everything and keeps the data; the platform keeps leaving it alone; re-adding restores it', () =>
    withDb(async (db) => {
      await run(db, PLATFORM);
      await runTeam(db, HIRING);
      await db.query("INSERT INTO vs_hiring.resumes (id, content, embedding) VALUES ('r1', 'x', $1)", [embedding(DIMS, 2)]);
      await deleteTeam(db, HIRING);
      expect(await canLogin(db, 'hiring_app')).toBe(false);
      for (const role of ['hiring_app', 'hiring_reader', 'vs_hiring_rw', 'vs_hiring_ro']) expect([role, await canRead(db, role, 'vs_hiring.resumes')]).toEqual([role, false]);
      const kept = await fingerprint(db, ofTeam('hiring'));
      expect(kept.filter((l) => l.startsWith('role vs_hiring')).every((l) => l.endsWith('connect=false'))).toBe(true);
      await run(db, { ...PLATFORM, removalPolicy: VectorRemovalPolicy.DESTROY });
      expect(await fingerprint(db, ofTeam('hiring'))).toEqual(kept);
      expect((await db.query<{ n: number }>('SELECT count(*)::int AS n FROM vs_hiring.resumes')).rows[0].n).toBe(1);
      // A second delete (e.g. a retried destroy) is harmless.
      await deleteTeam(db, HIRING);
      expect(await fingerprint(db, ofTeam('hiring'))).toEqual(kept);
      await runTeam(db, HIRING);
      expect(await canLogin(db, 'hiring_app')).toBe(true);
      expect(await canRead(db, 'hiring_app', 'vs_hiring.resumes')).toBe(true);
    }));

  test('DESTROY: destroying the team run drops its schema, tables, roles and logins, and nothing else', () =>
    withDb(async (db) => {
      await run(db, PLATFORM);
      await runTeam(db, SEARCH);
      await runTeam(db, HIRING);
      const others = await fingerprint(db, notOfTeam('hiring'));
      await deleteTeam(db, { ...HIRING, removalPolicy: VectorRemovalPolicy.DESTROY });
      expect(await fingerprint(db, ofTeam('hiring'))).toEqual([]);
      expect(await fingerprint(db, notOfTeam('hiring'))).toEqual(others);
    }));

  test('a team scope with no collections and no grants is the removal', () => {
    const empty = renderTeamBootstrapSql({ team: 'hiring', collections: [], logins: [] });
    expect(empty.statements).toEqual(empty.deleteStatements);
    expect(empty.indexBuilds).toEqual([]);
  });

  test("refuses a model that names another team's collection", () => {
    expect(() => renderTeamBootstrapSql({ ...HIRING, logins: [login('hiring_app', [ro('search', 'docs')])] })).toThrow('a team bootstrap of hiring cannot manage grant of hiring_app on team search');
    expect(() => renderTeamBootstrapSql({ ...HIRING, collections: [spec('search', 'docs')] })).toThrow('cannot manage collection search/docs');
  });
});
