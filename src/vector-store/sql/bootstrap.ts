import { createHash } from 'node:crypto';
import { VectorAccess, VectorDistance, type CollectionSpec } from '../model';
import { collectionTable, LOGIN_GROUP_ROLE, MANAGED_PREFIX, qualified, quoteIdent, quoteLiteral, teamRole, teamSchema } from './identifiers';

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
}

/** The rendered bootstrap: statements to run, in order, inside one transaction. */
export interface BootstrapSql {
  /** One statement per entry (the RDS Data API runs one statement per call). No trailing semicolons. */
  readonly statements: ReadonlyArray<string>;
  /** The statements as one script wrapped in `BEGIN; … COMMIT;` (psql, PGlite). */
  readonly script: string;
  /** SHA-256 (hex) of the script: changes exactly when the SQL changes. */
  readonly sha256: string;
}

/** pgvector operator class and index-name suffix of each distance (pgvector README, "HNSW"). */
export const PGVECTOR_OPCLASS: Readonly<Record<VectorDistance, { readonly opclass: string; readonly suffix: string; readonly operator: string }>> = {
  [VectorDistance.COSINE]: { opclass: 'vector_cosine_ops', suffix: 'cosine', operator: '<=>' },
  [VectorDistance.EUCLIDEAN]: { opclass: 'vector_l2_ops', suffix: 'l2', operator: '<->' },
  [VectorDistance.DOT_PRODUCT]: { opclass: 'vector_ip_ops', suffix: 'ip', operator: '<#>' },
  [VectorDistance.MANHATTAN]: { opclass: 'vector_l1_ops', suffix: 'l1', operator: '<+>' },
};

/** Name of a collection's embedding index for a distance. */
export function embeddingIndexName(collection: string, distance: VectorDistance): string {
  return `${collectionTable(collection)}_embedding_${PGVECTOR_OPCLASS[distance].suffix}`;
}

const READ_PRIVILEGES = 'SELECT';
// Least privilege for writers: rows only. No TRUNCATE, REFERENCES, TRIGGER, and no ownership (no DDL).
const WRITE_PRIVILEGES = 'SELECT, INSERT, UPDATE, DELETE';

/** pgvector 0.8 is the floor: iterative index scans keep filtered HNSW queries correct. */
const MIN_PGVECTOR = [0, 8, 0];

/** A `DO` block; the `$vs$` tag cannot clash with anything we quote (names are validated). */
function doBlock(body: string, declare = ''): string {
  return `DO $vs$\n${declare ? `DECLARE\n${declare}\n` : ''}BEGIN\n${body}\nEND\n$vs$`;
}

function ensureRole(name: string, login: boolean): string {
  return doBlock(
    `  IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = ${quoteLiteral(name)}) THEN\n` +
      `    CREATE ROLE ${quoteIdent(name)} ${login ? 'LOGIN' : 'NOLOGIN'};\n` +
      '  END IF;',
  );
}

function sortedUnique<T>(items: ReadonlyArray<T>, key: (t: T) => string): T[] {
  const byKey = new Map<string, T>();
  for (const item of items) byKey.set(key(item), item);
  return [...byKey.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, v]) => v);
}

/**
 * Renders the per-team bootstrap of a pgvector database. Pure and deterministic: same model, same SQL.
 *
 * Makes true, idempotently (every statement is safe to run again, and the whole runs in one transaction):
 * - the `vector` extension, at ≥ 0.8.0 (updated in place when the engine ships a newer one);
 * - no privileges for PUBLIC on the database; CONNECT only for the managed roles;
 * - per team: schema `vs_<team>` (PUBLIC revoked), roles `vs_<team>_ro` / `vs_<team>_rw` (NOLOGIN) with
 *   USAGE on their schema only, table grants and default privileges — and nothing on other teams' schemas;
 * - per collection: a table with `embedding vector(<dimensions>)`, an HNSW index with the distance's
 *   operator class (rebuilt when its parameters change), a GIN index on `metadata`;
 * - per principal: a LOGIN role (joining `rds_iam` where that role exists) with exactly the granted
 *   collections or teams. Grants are converged: privileges a principal no longer has are revoked.
 *
 * Upgrade safety: a collection whose stored dimensions differ from the model stops the bootstrap with
 * an error (changing them would discard every embedding); tables of removed collections are kept.
 */
export function renderBootstrapSql(model: BootstrapModel): BootstrapSql {
  const collections = sortedUnique(model.collections, (c) => `${c.team}\u0000${c.name}`);
  const logins = sortedUnique(model.logins, (l) => l.name);
  // Teams granted as a whole get their schema and roles even before their first collection.
  const teams = [...new Set([...collections.map((c) => c.team), ...logins.flatMap((l) => l.teams.map((t) => t.team))])].sort();
  const s: string[] = [];

  s.push(`SET LOCAL lock_timeout = '${Math.max(1, Math.floor(model.lockTimeoutSeconds ?? 30))}s'`);
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

  // Roles first: the database grant and every schema grant below name them.
  s.push(ensureRole(LOGIN_GROUP_ROLE, false));
  for (const team of teams) {
    s.push(ensureRole(teamRole(team, 'ro'), false));
    s.push(ensureRole(teamRole(team, 'rw'), false));
  }
  const connectRoles = [LOGIN_GROUP_ROLE, ...teams.flatMap((t) => [teamRole(t, 'ro'), teamRole(t, 'rw')])];
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
    s.push(`COMMENT ON SCHEMA ${quoteIdent(schema)} IS ${quoteLiteral(`Vector collections of team ${team} (managed by cdktf-llm-platform)`)}`);
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
    s.push(`COMMENT ON TABLE ${fq} IS ${quoteLiteral(`Vector collection ${c.team}/${c.name}: ${wanted}, ${c.distance} distance (managed by cdktf-llm-platform)`)}`);

    // Indexes of the other distances (a changed distance) are dropped; dropping an index loses no data.
    for (const d of Object.values(VectorDistance)) {
      if (c.index.kind === 'hnsw' && d === c.distance) continue;
      s.push(`DROP INDEX IF EXISTS ${qualified(schema, embeddingIndexName(c.name, d))}`);
    }
    if (c.index.kind === 'hnsw') {
      const indexName = embeddingIndexName(c.name, c.distance);
      const options = [`m=${c.index.m}`, `ef_construction=${c.index.efConstruction}`];
      // Changed HNSW parameters: drop and rebuild (CREATE INDEX IF NOT EXISTS would keep the old graph).
      s.push(
        doBlock(
          '  IF EXISTS (SELECT FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace\n' +
            `             WHERE n.nspname = ${quoteLiteral(schema)} AND c.relname = ${quoteLiteral(indexName)}\n` +
            `               AND c.reloptions IS DISTINCT FROM ARRAY[${options.map(quoteLiteral).join(', ')}]::text[]) THEN\n` +
            `    DROP INDEX ${qualified(schema, indexName)};\n` +
            '  END IF;',
        ),
      );
      s.push(
        `CREATE INDEX IF NOT EXISTS ${quoteIdent(indexName)} ON ${fq} USING hnsw (embedding ${PGVECTOR_OPCLASS[c.distance].opclass}) ` +
          `WITH (m = ${c.index.m}, ef_construction = ${c.index.efConstruction})`,
      );
    }
    s.push(`CREATE INDEX IF NOT EXISTS ${quoteIdent(`${table}_metadata_gin`)} ON ${fq} USING gin (metadata jsonb_path_ops)`);
    s.push(`GRANT ${READ_PRIVILEGES} ON TABLE ${fq} TO ${quoteIdent(teamRole(c.team, 'ro'))}`);
    s.push(`GRANT ${WRITE_PRIVILEGES} ON TABLE ${fq} TO ${quoteIdent(teamRole(c.team, 'rw'))}`);
  }

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
    s.push(ensureRole(login.name, true));
    s.push(`GRANT ${quoteIdent(LOGIN_GROUP_ROLE)} TO ${role}`);
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

  const script = ['BEGIN;', ...s.map((st) => `${st};`), 'COMMIT;', ''].join('\n');
  return { statements: s, script, sha256: createHash('sha256').update(script).digest('hex') };
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
