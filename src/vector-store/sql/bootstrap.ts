import { collectionTable, isReservedRoleName, LOGIN_GROUP_ROLE, MANAGED_PREFIX, qualified, quoteIdent, quoteLiteral, teamRole, teamSchema } from './identifiers';
import { indexBuildsPsql, PGVECTOR_OPCLASS, renderIndexBuild, type IndexBuild } from './index-builds';
import { sqlPayloadSha256 } from '../../aws/aurora-sql-payload';
import { VectorAccess, VectorRemovalPolicy, type CollectionSpec } from '../model';

/** How a login role authenticates; decides which platform role it joins. */
export enum SqlLoginAuthentication {
  /** RDS / Aurora IAM database authentication: the role joins `rds_iam` (when that role exists). */
  RDS_IAM = 'rds-iam',
  /** The platform created the role (Cloud SQL IAM users): nothing extra to join. */
  PLATFORM = 'platform',
}

/** A login role (one per principal) and what it may touch. */
export interface SqlLogin {
  /** PostgreSQL role name, e.g. `support_app` or a Cloud SQL IAM user `sa@project.iam`. */
  readonly name: string;
  readonly authentication: SqlLoginAuthentication;
  /** Grants on single collections. */
  readonly collections: ReadonlyArray<{ readonly team: string; readonly collection: string; readonly access: VectorAccess }>;
  /** Memberships in team roles (every collection of the team, present and future). */
  readonly teams: ReadonlyArray<{ readonly team: string; readonly access: VectorAccess }>;
}

/** Everything the bootstrap makes true. */
export interface BootstrapModel {
  readonly collections: ReadonlyArray<CollectionSpec>;
  readonly logins: ReadonlyArray<SqlLogin>;
  /** `SET LOCAL lock_timeout`, so a bootstrap never queues behind a long transaction for ever. @default 30 */
  readonly lockTimeoutSeconds?: number;
  /** What happens to collections, teams and logins no longer in the model. @default VectorRemovalPolicy.RETAIN */
  readonly removalPolicy?: VectorRemovalPolicy;
}

/** The rendered bootstrap: one transaction of statements, then the index builds outside it. */
export interface BootstrapSql {
  /** The transaction, one statement per entry (the RDS Data API runs one statement per call). No trailing semicolons. */
  readonly statements: ReadonlyArray<string>;
  /** Embedding-index work per collection, run after the transaction commits (see IndexBuild). */
  readonly indexBuilds: ReadonlyArray<IndexBuild>;
  /**
   * The whole bootstrap as a psql script (`psql -v ON_ERROR_STOP=1`): a session advisory lock, the
   * transaction, the index builds (`\gexec`), the unlock.
   */
  readonly script: string;
  /** SHA-256 (hex) of `{ statements, indexBuilds }` (sqlPayloadSha256): changes exactly when the SQL changes. */
  readonly sha256: string;
}

/**
 * Advisory lock key (two int4: 'vsbt' and 1) that serialises bootstrap runs on one database. Taken for
 * the transaction by its first statements, and for the whole session by the psql script.
 */
export const BOOTSTRAP_LOCK_KEY: readonly [number, number] = [0x76736274, 1];

/**
 * `hnsw.iterative_scan` for every new session on the database. pgvector ≥ 0.8 keeps scanning an HNSW
 * index until a filtered query has its LIMIT of rows; `off` (its default) returns fewer rows than asked
 * whenever a WHERE clause rejects candidates (pgvector README, "Iterative Index Scans"; test
 * sql/hnsw_vector.sql). `strict_order` keeps results in exact distance order, which is what
 * `ORDER BY … LIMIT k` promises.
 */
export const HNSW_ITERATIVE_SCAN = 'strict_order';


const READ_PRIVILEGES = 'SELECT';
// Least privilege for writers: rows only. No TRUNCATE, REFERENCES, TRIGGER, and no ownership (no DDL).
const WRITE_PRIVILEGES = 'SELECT, INSERT, UPDATE, DELETE';

/** pgvector 0.8 is the floor: iterative index scans keep filtered HNSW queries correct. */
const MIN_PGVECTOR = [0, 8, 0];

/** A `DO` block; the `$vs$` tag cannot clash with anything we quote (names are validated). */
function doBlock(body: string, declare = ''): string {
  return `DO $vs$\n${declare ? `DECLARE\n${declare}\n` : ''}BEGIN\n${body}\nEND\n$vs$`;
}

function ensureGroupRole(name: string): string {
  return doBlock(
    `  IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = ${quoteLiteral(name)}) THEN\n` +
      `    CREATE ROLE ${quoteIdent(name)} NOLOGIN;\n` +
      '  END IF;',
  );
}

/**
 * A login role: created, or adopted when it exists (LOGIN restored if a removal took it away). Roles the
 * bootstrap cannot alter (another owner, a Cloud SQL IAM user) keep their attributes, with a warning.
 */
function ensureLoginRole(name: string): string {
  const lit = quoteLiteral(name);
  return doBlock(
    `  IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = ${lit}) THEN\n` +
      `    CREATE ROLE ${quoteIdent(name)} LOGIN;\n` +
      `  ELSIF NOT (SELECT rolcanlogin FROM pg_catalog.pg_roles WHERE rolname = ${lit}) THEN\n` +
      `    BEGIN\n      ALTER ROLE ${quoteIdent(name)} LOGIN;\n` +
      `    EXCEPTION WHEN insufficient_privilege THEN\n      RAISE WARNING 'cannot give role % LOGIN: %', ${lit}, SQLERRM;\n    END;\n` +
      '  END IF;',
  );
}

function sortedUnique<T>(items: ReadonlyArray<T>, key: (t: T) => string): T[] {
  const byKey = new Map<string, T>();
  for (const item of items) byKey.set(key(item), item);
  return [...byKey.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, v]) => v);
}

const textArray = (values: ReadonlyArray<string>): string => `ARRAY[${values.map(quoteLiteral).join(', ')}]::text[]`;

/**
 * Renders the per-team bootstrap of a pgvector database. Pure and deterministic: same model, same SQL.
 *
 * The transaction makes true, idempotently (every statement is safe to run again):
 * - one run at a time: a transaction advisory lock (BOOTSTRAP_LOCK_KEY), waited for up to lock_timeout;
 * - the `vector` extension, at ≥ 0.8.0 (updated in place when the engine ships a newer one), and
 *   `hnsw.iterative_scan` on for new sessions (filtered queries return their LIMIT);
 * - no privileges for PUBLIC on the database; CONNECT only for the managed roles;
 * - per team: schema `vs_<team>` (PUBLIC revoked), roles `vs_<team>_ro` / `vs_<team>_rw` (NOLOGIN) with
 *   USAGE on their schema only, table grants and default privileges — and nothing on other teams' schemas;
 * - per collection: a table with `embedding vector(<dimensions>)` and a GIN index on `metadata`;
 * - per principal: a LOGIN role (created, or adopted if it exists, joining `rds_iam` where that role
 *   exists) with exactly the granted collections or teams. Grants are converged in the same run, adopted
 *   roles included: privileges a principal no longer has are revoked;
 * - removed collections, teams and principals lose every privilege, and removed logins lose LOGIN; under
 *   VectorRemovalPolicy.DESTROY their tables, schemas and roles are dropped.
 *
 * The HNSW indexes are built after the commit, concurrently (see IndexBuild).
 *
 * Upgrade safety: a collection whose stored dimensions differ from the model stops the bootstrap with
 * an error (changing them would discard every embedding).
 */
export function renderBootstrapSql(model: BootstrapModel): BootstrapSql {
  const collections = sortedUnique(model.collections, (c) => `${c.team}\u0000${c.name}`);
  const logins = sortedUnique(model.logins, (l) => l.name);
  const reserved = logins.filter((l) => isReservedRoleName(l.name)).map((l) => l.name);
  if (reserved.length > 0) throw new Error(`reserved role names cannot be managed logins: ${reserved.join(', ')}`);
  const destroy = model.removalPolicy === VectorRemovalPolicy.DESTROY;
  // Teams granted as a whole get their schema and roles even before their first collection.
  const teams = [...new Set([...collections.map((c) => c.team), ...logins.flatMap((l) => l.teams.map((t) => t.team))])].sort();
  const teamRoles = teams.flatMap((t) => [teamRole(t, 'ro'), teamRole(t, 'rw')]);
  const s: string[] = [];

  s.push(`SET LOCAL lock_timeout = '${Math.max(1, Math.floor(model.lockTimeoutSeconds ?? 30))}s'`);
  s.push(
    doBlock(
      `  PERFORM pg_catalog.pg_advisory_xact_lock(${BOOTSTRAP_LOCK_KEY.join(', ')});\n` +
        'EXCEPTION WHEN lock_not_available THEN\n' +
        "  RAISE EXCEPTION 'another vector store bootstrap run holds the bootstrap lock'\n" +
        "    USING HINT = 'Runs never overlap; run again when the other one has finished (an index build can take minutes).';",
    ),
  );
  s.push('CREATE EXTENSION IF NOT EXISTS vector');
  // pgvector upgrades are in place and backward compatible; a newer engine brings a newer extension.
  s.push('ALTER EXTENSION vector UPDATE');
  s.push(
    doBlock(
      "  SELECT extversion INTO v FROM pg_catalog.pg_extension WHERE extname = 'vector';\n" +
        `  IF string_to_array(split_part(v, '-', 1), '.')::int[] < ARRAY[${MIN_PGVECTOR.join(', ')}] THEN\n` +
        `    RAISE EXCEPTION 'pgvector % is installed; the vector store needs ${MIN_PGVECTOR.join('.')} or later', v\n` +
        "      USING HINT = 'Upgrade the database engine to a version that ships pgvector 0.8.0 or later.';\n" +
        '  END IF;',
      '  v text;',
    ),
  );
  s.push(doBlock(`  EXECUTE format('ALTER DATABASE %I SET hnsw.iterative_scan = %L', current_database(), ${quoteLiteral(HNSW_ITERATIVE_SCAN)});`));

  // Roles first: the database grant and every schema grant below name them. Logins join vs_login
  // before the convergence step, so an adopted role is converged in this same run.
  s.push(ensureGroupRole(LOGIN_GROUP_ROLE));
  for (const role of teamRoles) s.push(ensureGroupRole(role));
  for (const login of logins) {
    s.push(ensureLoginRole(login.name));
    s.push(`GRANT ${quoteIdent(LOGIN_GROUP_ROLE)} TO ${quoteIdent(login.name)}`);
  }
  const connectRoles = [LOGIN_GROUP_ROLE, ...teamRoles];
  s.push(
    doBlock(
      "  EXECUTE format('REVOKE ALL ON DATABASE %I FROM PUBLIC', current_database());\n" +
        `  EXECUTE format('GRANT CONNECT ON DATABASE %I TO ${connectRoles.map(() => '%I').join(', ')}', current_database(), ${connectRoles.map(quoteLiteral).join(', ')});`,
    ),
  );

  for (const team of teams) {
    const schema = teamSchema(team);
    const ro = quoteIdent(teamRole(team, 'ro'));
    const rw = quoteIdent(teamRole(team, 'rw'));
    s.push(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`);
    // Comments are readable by every role (pg_description): they say nothing the names do not.
    s.push(`COMMENT ON SCHEMA ${quoteIdent(schema)} IS 'Vector collections of one team (managed by cdktf-llm-platform)'`);
    s.push(`REVOKE ALL ON SCHEMA ${quoteIdent(schema)} FROM PUBLIC`);
    // USAGE only: teams never CREATE in their schema; tables are owned by the bootstrap role.
    s.push(`GRANT USAGE ON SCHEMA ${quoteIdent(schema)} TO ${ro}, ${rw}`);
    s.push(`ALTER DEFAULT PRIVILEGES IN SCHEMA ${quoteIdent(schema)} GRANT ${READ_PRIVILEGES} ON TABLES TO ${ro}`);
    s.push(`ALTER DEFAULT PRIVILEGES IN SCHEMA ${quoteIdent(schema)} GRANT ${WRITE_PRIVILEGES} ON TABLES TO ${rw}`);
  }

  for (const c of collections) {
    const schema = teamSchema(c.team);
    const table = collectionTable(c.name);
    const fq = qualified(schema, table);
    const wanted = `vector(${c.dimensions})`;
    s.push(
      doBlock(
        '  SELECT format_type(a.atttypid, a.atttypmod) INTO stored FROM pg_catalog.pg_attribute a\n' +
          `  WHERE a.attrelid = to_regclass(${quoteLiteral(fq)}) AND a.attname = 'embedding' AND NOT a.attisdropped;\n` +
          `  IF stored IS NOT NULL AND stored <> ${quoteLiteral(wanted)} THEN\n` +
          `    RAISE EXCEPTION 'collection ${c.team}/${c.name} stores %, the configuration asks for ${wanted}', stored\n` +
          "      USING HINT = 'Dimensions cannot change in place (every stored embedding would be lost): add a new collection and re-embed into it.';\n" +
          '  END IF;',
        '  stored text;',
      ),
    );
    s.push(
      `CREATE TABLE IF NOT EXISTS ${fq} (\n` +
        '  id text PRIMARY KEY,\n' +
        '  content text NOT NULL,\n' +
        "  metadata jsonb NOT NULL DEFAULT '{}'::jsonb,\n" +
        `  embedding ${wanted} NOT NULL,\n` +
        '  created_at timestamptz NOT NULL DEFAULT now(),\n' +
        '  updated_at timestamptz NOT NULL DEFAULT now()\n' +
        ')',
    );
    s.push(`COMMENT ON TABLE ${fq} IS ${quoteLiteral(`Vector collection: ${wanted}, ${c.distance} distance (managed by cdktf-llm-platform)`)}`);
    // Created with the table (empty, instant); an existing table already has it.
    s.push(`CREATE INDEX IF NOT EXISTS ${quoteIdent(`${table}_metadata_gin`)} ON ${fq} USING gin (metadata jsonb_path_ops)`);
    s.push(`GRANT ${READ_PRIVILEGES} ON TABLE ${fq} TO ${quoteIdent(teamRole(c.team, 'ro'))}`);
    s.push(`GRANT ${WRITE_PRIVILEGES} ON TABLE ${fq} TO ${quoteIdent(teamRole(c.team, 'rw'))}`);
  }

  s.push(removedCollectionsAndTeams(collections, teams, teamRoles, destroy));

  // Converge principals: revoke everything managed logins hold on managed schemas and team roles, then
  // grant what the model says. In one transaction, so nobody sees the gap.
  s.push(
    doBlock(
      '  FOR member_role IN SELECT m.rolname FROM pg_catalog.pg_auth_members am\n' +
        '      JOIN pg_catalog.pg_roles g ON g.oid = am.roleid JOIN pg_catalog.pg_roles m ON m.oid = am.member\n' +
        `      WHERE g.rolname = ${quoteLiteral(LOGIN_GROUP_ROLE)} LOOP\n` +
        `    FOR sch IN SELECT nspname FROM pg_catalog.pg_namespace WHERE starts_with(nspname, ${quoteLiteral(MANAGED_PREFIX)}) LOOP\n` +
        "      EXECUTE format('REVOKE ALL ON ALL TABLES IN SCHEMA %I FROM %I', sch, member_role);\n" +
        "      EXECUTE format('REVOKE ALL ON SCHEMA %I FROM %I', sch, member_role);\n" +
        '    END LOOP;\n' +
        '    FOR grp IN SELECT g2.rolname FROM pg_catalog.pg_auth_members am2\n' +
        '        JOIN pg_catalog.pg_roles g2 ON g2.oid = am2.roleid JOIN pg_catalog.pg_roles m2 ON m2.oid = am2.member\n' +
        `        WHERE m2.rolname = member_role AND g2.rolname ~ ${quoteLiteral(`^${MANAGED_PREFIX}.+_(ro|rw)$`)} LOOP\n` +
        "      EXECUTE format('REVOKE %I FROM %I', grp, member_role);\n" +
        '    END LOOP;\n' +
        '  END LOOP;',
      '  member_role name;\n  sch name;\n  grp name;',
    ),
  );

  for (const login of logins) {
    const role = quoteIdent(login.name);
    if (login.authentication === SqlLoginAuthentication.RDS_IAM) {
      // rds_iam exists only on RDS/Aurora; elsewhere (PGlite, self-hosted) there is nothing to join.
      s.push(
        doBlock(
          "  IF EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'rds_iam') THEN\n" +
            `    GRANT rds_iam TO ${role};\n` +
            '  END IF;',
        ),
      );
    }
    for (const t of sortedUnique(login.teams, (g) => `${g.team}\u0000${g.access}`)) {
      s.push(`GRANT ${quoteIdent(teamRole(t.team, t.access === VectorAccess.READ ? 'ro' : 'rw'))} TO ${role}`);
    }
    const grants = sortedUnique(login.collections, (g) => `${g.team}\u0000${g.collection}\u0000${g.access}`);
    for (const schema of [...new Set(grants.map((g) => teamSchema(g.team)))].sort()) {
      s.push(`GRANT USAGE ON SCHEMA ${quoteIdent(schema)} TO ${role}`);
    }
    for (const g of grants) {
      s.push(`GRANT ${g.access === VectorAccess.READ ? READ_PRIVILEGES : WRITE_PRIVILEGES} ON TABLE ${qualified(teamSchema(g.team), collectionTable(g.collection))} TO ${role}`);
    }
  }
  s.push(removedLogins(logins.map((l) => l.name), destroy));

  const indexBuilds = collections.map(renderIndexBuild);
  const lock = BOOTSTRAP_LOCK_KEY.join(', ');
  const script = [
    // The session lock spans the transaction and the index builds; the transaction's own lock is re-entrant.
    "SET lock_timeout = '300s';",
    `SELECT pg_catalog.pg_advisory_lock(${lock}) \\gset`,
    'RESET lock_timeout;',
    'BEGIN;',
    ...s.map((st) => `${st};`),
    'COMMIT;',
    indexBuildsPsql(indexBuilds),
    `SELECT pg_catalog.pg_advisory_unlock(${lock}) \\gset`,
    '',
  ].join('\n');
  return { statements: s, indexBuilds, script, sha256: sqlPayloadSha256({ statements: s, indexBuilds }) };
}

/**
 * Collections and teams no longer in the model. Their tables keep their rows but lose every grant
 * (team roles included), their schemas lose USAGE and their team roles lose CONNECT; under DESTROY the
 * tables, schemas and team roles are dropped.
 */
function removedCollectionsAndTeams(
  collections: ReadonlyArray<CollectionSpec>,
  teams: ReadonlyArray<string>,
  teamRoles: ReadonlyArray<string>,
  destroy: boolean,
): string {
  const tables = collections.map((c) => `${teamSchema(c.team)}.${collectionTable(c.name)}`);
  const schemas = teams.map(teamSchema);
  const p = quoteLiteral(MANAGED_PREFIX);
  return doBlock(
    '  FOR t IN SELECT n.nspname, c.relname, c.relowner, c.relacl FROM pg_catalog.pg_class c\n' +
      '      JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace\n' +
      `      WHERE starts_with(n.nspname, ${p}) AND c.relkind IN ('r', 'p')\n` +
      `        AND (n.nspname || '.' || c.relname) <> ALL (${textArray(tables)}) LOOP\n` +
      (destroy
        ? "    EXECUTE format('DROP TABLE %I.%I', t.nspname, t.relname);\n" +
          "    RAISE NOTICE 'dropped %.%: its collection is no longer configured (removal policy destroy)', t.nspname, t.relname;\n"
        : '    FOR grantee IN SELECT DISTINCT a.grantee FROM aclexplode(t.relacl) a WHERE a.grantee <> t.relowner LOOP\n' +
          "      EXECUTE format('REVOKE ALL ON TABLE %I.%I FROM %s', t.nspname, t.relname,\n" +
          "        CASE WHEN grantee = 0 THEN 'PUBLIC' ELSE quote_ident(pg_catalog.pg_get_userbyid(grantee)) END);\n" +
          '    END LOOP;\n' +
          "    RAISE NOTICE 'kept %.% without privileges: its collection is no longer configured', t.nspname, t.relname;\n") +
      '  END LOOP;\n' +
      `  FOR sch IN SELECT nspname FROM pg_catalog.pg_namespace WHERE starts_with(nspname, ${p}) AND nspname <> ALL (${textArray(schemas)}) LOOP\n` +
      (destroy
        ? "    EXECUTE format('DROP SCHEMA %I CASCADE', sch);\n"
        : "    FOR r IN SELECT rolname FROM pg_catalog.pg_roles WHERE rolname IN (sch || '_ro', sch || '_rw') LOOP\n" +
          "      EXECUTE format('REVOKE ALL ON SCHEMA %I FROM %I', sch, r);\n" +
          '    END LOOP;\n') +
      '  END LOOP;\n' +
      `  FOR r IN SELECT rolname FROM pg_catalog.pg_roles WHERE rolname ~ ${quoteLiteral(`^${MANAGED_PREFIX}.+_(ro|rw)$`)} AND rolname <> ALL (${textArray(teamRoles)}) LOOP\n` +
      "    EXECUTE format('REVOKE ALL ON DATABASE %I FROM %I', current_database(), r);\n" +
      (destroy
        ? "    BEGIN\n      EXECUTE format('DROP ROLE %I', r);\n    EXCEPTION WHEN dependent_objects_still_exist THEN\n      RAISE WARNING 'role % kept: %', r, SQLERRM;\n    END;\n"
        : '') +
      '  END LOOP;',
    '  t record;\n  grantee oid;\n  sch name;\n  r name;',
  );
}

/** Managed logins of principals with no grant left: NOLOGIN and out of rds_iam (DESTROY: dropped). */
function removedLogins(names: ReadonlyArray<string>, destroy: boolean): string {
  return doBlock(
    '  FOR r IN SELECT m.rolname, m.rolcanlogin FROM pg_catalog.pg_auth_members am\n' +
      '      JOIN pg_catalog.pg_roles g ON g.oid = am.roleid JOIN pg_catalog.pg_roles m ON m.oid = am.member\n' +
      `      WHERE g.rolname = ${quoteLiteral(LOGIN_GROUP_ROLE)} AND m.rolname <> ALL (${textArray(names)}) LOOP\n` +
      '    BEGIN\n' +
      (destroy
        ? "      EXECUTE format('DROP ROLE %I', r.rolname);\n"
        : "      IF r.rolcanlogin THEN\n        EXECUTE format('ALTER ROLE %I NOLOGIN', r.rolname);\n      END IF;\n" +
          '      IF EXISTS (SELECT FROM pg_catalog.pg_auth_members am2 JOIN pg_catalog.pg_roles g2 ON g2.oid = am2.roleid\n' +
          "                 JOIN pg_catalog.pg_roles m2 ON m2.oid = am2.member WHERE g2.rolname = 'rds_iam' AND m2.rolname = r.rolname) THEN\n" +
          "        EXECUTE format('REVOKE rds_iam FROM %I', r.rolname);\n      END IF;\n") +
      '    EXCEPTION WHEN insufficient_privilege OR dependent_objects_still_exist OR undefined_object THEN\n' +
      "      RAISE WARNING 'login % has no grants left but could not be %: %', r.rolname, " +
      `${quoteLiteral(destroy ? 'dropped' : 'disabled')}, SQLERRM;\n` +
      '    END;\n' +
      '  END LOOP;',
    '  r record;',
  );
}

/**
 * A similarity query against a collection (for documentation and tests): the `k` nearest rows to `$1`,
 * using the operator the collection's index serves.
 */
export function renderSimilarityQuery(collection: CollectionSpec, k: number): string {
  const op = PGVECTOR_OPCLASS[collection.distance].operator;
  return (
    `SELECT id, content, metadata, embedding ${op} $1::vector AS distance ` +
    `FROM ${qualified(teamSchema(collection.team), collectionTable(collection.name))} ORDER BY embedding ${op} $1::vector LIMIT ${Math.floor(k)}`
  );
}
