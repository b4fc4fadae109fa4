/**
 * Statement builders shared by the platform bootstrap (bootstrap.ts) and the team-scoped bootstrap
 * (team-bootstrap.ts). Pure text; every name is quoted here even though it was validated upstream.
 */
import { collectionTable, qualified, quoteIdent, quoteLiteral, teamRole, teamSchema } from './identifiers';
import { VectorAccess, type CollectionSpec } from '../model';

/**
 * Advisory lock key (two int4: 'vsbt' and 1) that serialises bootstrap runs on one database — the
 * platform's and every team's. Taken for the transaction by its first statements, and for the whole
 * session by the psql script.
 */
export const BOOTSTRAP_LOCK_KEY: readonly [number, number] = [0x76736274, 1];

export const READ_PRIVILEGES = 'SELECT';
// Least privilege for writers: rows only. No TRUNCATE, REFERENCES, TRIGGER, and no ownership (no DDL).
export const WRITE_PRIVILEGES = 'SELECT, INSERT, UPDATE, DELETE';

/** pgvector 0.8 is the floor: iterative index scans keep filtered HNSW queries correct. */
export const MIN_PGVECTOR = [0, 8, 0];

/** A `DO` block; the `$vs$` tag cannot clash with anything we quote (names are validated). */
export function doBlock(body: string, declare = ''): string {
  return `DO $vs$\n${declare ? `DECLARE\n${declare}\n` : ''}BEGIN\n${body}\nEND\n$vs$`;
}

/** `lock_timeout` and the transaction advisory lock: the first statements of every bootstrap transaction. */
export function lockStatements(lockTimeoutSeconds: number | undefined): string[] {
  return [
    `SET LOCAL lock_timeout = '${Math.max(1, Math.floor(lockTimeoutSeconds ?? 30))}s'`,
    doBlock(
      `  PERFORM pg_catalog.pg_advisory_xact_lock(${BOOTSTRAP_LOCK_KEY.join(', ')});\n` +
        'EXCEPTION WHEN lock_not_available THEN\n' +
        "  RAISE EXCEPTION 'another vector store bootstrap run holds the bootstrap lock'\n" +
        "    USING HINT = 'Runs never overlap; run again when the other one has finished (an index build can take minutes).';",
    ),
  ];
}

export function ensureGroupRole(name: string): string {
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
export function ensureLoginRole(name: string): string {
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

export function sortedUnique<T>(items: ReadonlyArray<T>, key: (t: T) => string): T[] {
  const byKey = new Map<string, T>();
  for (const item of items) byKey.set(key(item), item);
  return [...byKey.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, v]) => v);
}

export const textArray = (values: ReadonlyArray<string>): string => `ARRAY[${values.map(quoteLiteral).join(', ')}]::text[]`;

/** The schema of a team: created, PUBLIC revoked, USAGE for its roles, default privileges. */
export function teamSchemaStatements(team: string): string[] {
  const schema = quoteIdent(teamSchema(team));
  const ro = quoteIdent(teamRole(team, 'ro'));
  const rw = quoteIdent(teamRole(team, 'rw'));
  return [
    `CREATE SCHEMA IF NOT EXISTS ${schema}`,
    // Comments are readable by every role (pg_description): they say nothing the names do not.
    `COMMENT ON SCHEMA ${schema} IS 'Vector collections of one team (managed by cdktf-llm-platform)'`,
    `REVOKE ALL ON SCHEMA ${schema} FROM PUBLIC`,
    // USAGE only: teams never CREATE in their schema; tables are owned by the bootstrap role.
    `GRANT USAGE ON SCHEMA ${schema} TO ${ro}, ${rw}`,
    `ALTER DEFAULT PRIVILEGES IN SCHEMA ${schema} GRANT ${READ_PRIVILEGES} ON TABLES TO ${ro}`,
    `ALTER DEFAULT PRIVILEGES IN SCHEMA ${schema} GRANT ${WRITE_PRIVILEGES} ON TABLES TO ${rw}`,
  ];
}

/** A collection's table (dimensions guarded), its metadata index and its team roles' grants. */
export function collectionStatements(c: CollectionSpec): string[] {
  const table = collectionTable(c.name);
  const fq = qualified(teamSchema(c.team), table);
  const wanted = `vector(${c.dimensions})`;
  return [
    doBlock(
      '  SELECT format_type(a.atttypid, a.atttypmod) INTO stored FROM pg_catalog.pg_attribute a\n' +
        `  WHERE a.attrelid = to_regclass(${quoteLiteral(fq)}) AND a.attname = 'embedding' AND NOT a.attisdropped;\n` +
        `  IF stored IS NOT NULL AND stored <> ${quoteLiteral(wanted)} THEN\n` +
        `    RAISE EXCEPTION 'collection ${c.team}/${c.name} stores %, the configuration asks for ${wanted}', stored\n` +
        "      USING HINT = 'Dimensions cannot change in place (every stored embedding would be lost): add a new collection and re-embed into it.';\n" +
        '  END IF;',
      '  stored text;',
    ),
    `CREATE TABLE IF NOT EXISTS ${fq} (\n` +
      '  id text PRIMARY KEY,\n' +
      '  content text NOT NULL,\n' +
      "  metadata jsonb NOT NULL DEFAULT '{}'::jsonb,\n" +
      `  embedding ${wanted} NOT NULL,\n` +
      '  created_at timestamptz NOT NULL DEFAULT now(),\n' +
      '  updated_at timestamptz NOT NULL DEFAULT now()\n' +
      ')',
    `COMMENT ON TABLE ${fq} IS ${quoteLiteral(`Vector collection: ${wanted}, ${c.distance} distance (managed by cdktf-llm-platform)`)}`,
    // Created with the table (empty, instant); an existing table already has it.
    `CREATE INDEX IF NOT EXISTS ${quoteIdent(`${table}_metadata_gin`)} ON ${fq} USING gin (metadata jsonb_path_ops)`,
    `GRANT ${READ_PRIVILEGES} ON TABLE ${fq} TO ${quoteIdent(teamRole(c.team, 'ro'))}`,
    `GRANT ${WRITE_PRIVILEGES} ON TABLE ${fq} TO ${quoteIdent(teamRole(c.team, 'rw'))}`,
  ];
}

/** What one login is granted: rds_iam where it exists, team roles, schema USAGE and table privileges. */
export function loginGrantStatements(login: {
  readonly name: string;
  readonly rdsIam: boolean;
  readonly collections: ReadonlyArray<{ readonly team: string; readonly collection: string; readonly access: VectorAccess }>;
  readonly teams: ReadonlyArray<{ readonly team: string; readonly access: VectorAccess }>;
}): string[] {
  const s: string[] = [];
  const role = quoteIdent(login.name);
  if (login.rdsIam) {
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
  return s;
}

/**
 * PL/pgSQL (inside a loop with `member_role name`, `sch name`, `grp name` declared): revokes everything
 * `member_role` holds on every managed schema and its tables, and its memberships in team roles.
 */
export const REVOKE_MEMBER_PRIVILEGES_PLPGSQL = (prefix: string, indent: string): string =>
  `${indent}FOR sch IN SELECT nspname FROM pg_catalog.pg_namespace WHERE starts_with(nspname, ${quoteLiteral(prefix)}) LOOP\n` +
  `${indent}  EXECUTE format('REVOKE ALL ON ALL TABLES IN SCHEMA %I FROM %I', sch, member_role);\n` +
  `${indent}  EXECUTE format('REVOKE ALL ON SCHEMA %I FROM %I', sch, member_role);\n` +
  `${indent}END LOOP;\n` +
  `${indent}FOR grp IN SELECT g2.rolname FROM pg_catalog.pg_auth_members am2\n` +
  `${indent}    JOIN pg_catalog.pg_roles g2 ON g2.oid = am2.roleid JOIN pg_catalog.pg_roles m2 ON m2.oid = am2.member\n` +
  `${indent}    WHERE m2.rolname = member_role AND g2.rolname ~ ${quoteLiteral(`^${prefix}.+_(ro|rw)$`)} LOOP\n` +
  `${indent}  EXECUTE format('REVOKE %I FROM %I', grp, member_role);\n` +
  `${indent}END LOOP;\n`;

/**
 * PL/pgSQL (inside a loop over `r record` with `r.rolname`, `r.rolcanlogin`): a login with no grant
 * left loses LOGIN and rds_iam, or (DESTROY) is dropped; roles it cannot change are kept with a warning.
 */
export function disableOrDropLoginPlpgsql(destroy: boolean, indent: string): string {
  return (
    `${indent}BEGIN\n` +
    (destroy
      ? `${indent}  EXECUTE format('DROP ROLE %I', r.rolname);\n`
      : `${indent}  IF r.rolcanlogin THEN\n${indent}    EXECUTE format('ALTER ROLE %I NOLOGIN', r.rolname);\n${indent}  END IF;\n` +
        `${indent}  IF EXISTS (SELECT FROM pg_catalog.pg_auth_members am2 JOIN pg_catalog.pg_roles g2 ON g2.oid = am2.roleid\n` +
        `${indent}             JOIN pg_catalog.pg_roles m2 ON m2.oid = am2.member WHERE g2.rolname = 'rds_iam' AND m2.rolname = r.rolname) THEN\n` +
        `${indent}    EXECUTE format('REVOKE rds_iam FROM %I', r.rolname);\n${indent}  END IF;\n`) +
    `${indent}EXCEPTION WHEN insufficient_privilege OR dependent_objects_still_exist OR undefined_object THEN\n` +
    `${indent}  RAISE WARNING 'login % has no grants left but could not be %: %', r.rolname, ` +
    `${quoteLiteral(destroy ? 'dropped' : 'disabled')}, SQLERRM;\n` +
    `${indent}END;\n`
  );
}

/**
 * PL/pgSQL (inside a loop over `t record` with `t.nspname`, `t.relname`, `t.relowner`, `t.relacl`, and
 * `grantee oid` declared): a table whose collection is gone keeps its rows without any privilege, or
 * (DESTROY) is dropped.
 */
export function removedTablePlpgsql(destroy: boolean, indent: string): string {
  return destroy
    ? `${indent}EXECUTE format('DROP TABLE %I.%I', t.nspname, t.relname);\n` +
        `${indent}RAISE NOTICE 'dropped %.%: its collection is no longer configured (removal policy destroy)', t.nspname, t.relname;\n`
    : `${indent}FOR grantee IN SELECT DISTINCT a.grantee FROM aclexplode(t.relacl) a WHERE a.grantee <> t.relowner LOOP\n` +
        `${indent}  EXECUTE format('REVOKE ALL ON TABLE %I.%I FROM %s', t.nspname, t.relname,\n` +
        `${indent}    CASE WHEN grantee = 0 THEN 'PUBLIC' ELSE quote_ident(pg_catalog.pg_get_userbyid(grantee)) END);\n` +
        `${indent}END LOOP;\n` +
        `${indent}RAISE NOTICE 'kept %.% without privileges: its collection is no longer configured', t.nspname, t.relname;\n`;
}

/** The pgvector version check (the floor is 0.8.0); `missingHint` says what to do when it is not installed. */
export function pgvectorVersionCheck(missingHint?: string): string {
  return doBlock(
    "  SELECT extversion INTO v FROM pg_catalog.pg_extension WHERE extname = 'vector';\n" +
      (missingHint
        ? '  IF v IS NULL THEN\n' +
          "    RAISE EXCEPTION 'the vector extension is not installed in this database'\n" +
          `      USING HINT = ${quoteLiteral(missingHint)};\n` +
          '  END IF;\n'
        : '') +
      `  IF string_to_array(split_part(v, '-', 1), '.')::int[] < ARRAY[${MIN_PGVECTOR.join(', ')}] THEN\n` +
      `    RAISE EXCEPTION 'pgvector % is installed; the vector store needs ${MIN_PGVECTOR.join('.')} or later', v\n` +
      "      USING HINT = 'Upgrade the database engine to a version that ships pgvector 0.8.0 or later.';\n" +
      '  END IF;',
    '  v text;',
  );
}

/** The psql script of a bootstrap: session lock, the transaction, the index builds, unlock. */
export function psqlScript(statements: ReadonlyArray<string>, indexBuilds: string): string {
  const lock = BOOTSTRAP_LOCK_KEY.join(', ');
  return [
    // The session lock spans the transaction and the index builds; the transaction's own lock is re-entrant.
    "SET lock_timeout = '300s';",
    `SELECT pg_catalog.pg_advisory_lock(${lock}) \\gset`,
    'RESET lock_timeout;',
    'BEGIN;',
    ...statements.map((st) => `${st};`),
    'COMMIT;',
    indexBuilds,
    `SELECT pg_catalog.pg_advisory_unlock(${lock}) \\gset`,
    '',
  ].join('\n');
}
