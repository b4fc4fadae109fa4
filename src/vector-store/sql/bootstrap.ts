import { collectionTable, isReservedRoleName, LOGIN_GROUP_ROLE, MANAGED_PREFIX, qualified, quoteIdent, quoteLiteral, TEAM_LOGIN_GROUP_SUFFIX, teamRole, teamSchema } from './identifiers';
import { indexBuildsPsql, PGVECTOR_OPCLASS, renderIndexBuild, type IndexBuild } from './index-builds';
import {
  collectionStatements,
  disableOrDropLoginPlpgsql,
  doBlock,
  ensureGroupRole,
  ensureLoginRole,
  lockStatements,
  loginGrantStatements,
  pgvectorVersionCheck,
  psqlScript,
  removedTablePlpgsql,
  REVOKE_MEMBER_PRIVILEGES_PLPGSQL,
  sortedUnique,
  teamSchemaStatements,
  textArray,
} from './statements';
import { sqlPayloadSha256 } from '../../aws/aurora-sql-payload';
import { VectorRemovalPolicy, type CollectionSpec, type VectorAccess } from '../model';

export { BOOTSTRAP_LOCK_KEY } from './statements';

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
   * Team-scoped bootstraps only: the transaction that undoes the team's part when its run is removed
   * (Aurora: the team stack's invocation is destroyed). See renderTeamBootstrapSql.
   */
  readonly deleteStatements?: ReadonlyArray<string>;
  /**
   * The whole bootstrap as a psql script (`psql -v ON_ERROR_STOP=1`): a session advisory lock, the
   * transaction, the index builds (`\gexec`), the unlock.
   */
  readonly script: string;
  /** SHA-256 (hex) of `{ statements, indexBuilds[, deleteStatements] }` (sqlPayloadSha256): changes exactly when the SQL changes. */
  readonly sha256: string;
}

/**
 * `hnsw.iterative_scan` for every new session on the database. pgvector ≥ 0.8 keeps scanning an HNSW
 * index until a filtered query has its LIMIT of rows; `off` (its default) returns fewer rows than asked
 * whenever a WHERE clause rejects candidates (pgvector README, "Iterative Index Scans"; test
 * sql/hnsw_vector.sql). `strict_order` keeps results in exact distance order, which is what
 * `ORDER BY … LIMIT k` promises.
 */
export const HNSW_ITERATIVE_SCAN = 'strict_order';

/** SQL condition: schema `nsp` (a name expression) belongs to a team declared from its own stack. */
const teamScopedSchema = (nsp: string): string => `EXISTS (SELECT FROM pg_catalog.pg_roles tg WHERE tg.rolname = ${nsp} || ${quoteLiteral(TEAM_LOGIN_GROUP_SUFFIX)})`;

/**
 * Renders the platform's bootstrap of a pgvector database. Pure and deterministic: same model, same SQL.
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
 * Teams declared from their own stacks (renderTeamBootstrapSql; marked by their `vs_<team>_login` role)
 * are not the platform's: this run never changes their schemas, tables, roles or logins, and it stops
 * with an error when the model claims one of them (or one of their logins).
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

  s.push(...lockStatements(model.lockTimeoutSeconds));
  s.push(ownershipGuard(teams.map(teamSchema), logins.map((l) => l.name)));
  s.push('CREATE EXTENSION IF NOT EXISTS vector');
  // pgvector upgrades are in place and backward compatible; a newer engine brings a newer extension.
  s.push('ALTER EXTENSION vector UPDATE');
  s.push(pgvectorVersionCheck());
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

  for (const team of teams) s.push(...teamSchemaStatements(team));
  for (const c of collections) s.push(...collectionStatements(c));

  s.push(removedCollectionsAndTeams(collections, teams, teamRoles, destroy));

  // Converge principals: revoke everything managed logins hold on managed schemas and team roles, then
  // grant what the model says. In one transaction, so nobody sees the gap. (Platform logins never hold
  // anything of a team-scoped team either, so this covers every managed schema.)
  s.push(
    doBlock(
      '  FOR member_role IN SELECT m.rolname FROM pg_catalog.pg_auth_members am\n' +
        '      JOIN pg_catalog.pg_roles g ON g.oid = am.roleid JOIN pg_catalog.pg_roles m ON m.oid = am.member\n' +
        `      WHERE g.rolname = ${quoteLiteral(LOGIN_GROUP_ROLE)} LOOP\n` +
        REVOKE_MEMBER_PRIVILEGES_PLPGSQL(MANAGED_PREFIX, '    ') +
        '  END LOOP;',
      '  member_role name;\n  sch name;\n  grp name;',
    ),
  );

  for (const login of logins) {
    s.push(...loginGrantStatements({ ...login, rdsIam: login.authentication === SqlLoginAuthentication.RDS_IAM }));
  }
  s.push(removedLogins(logins.map((l) => l.name), destroy));

  const indexBuilds = collections.map(renderIndexBuild);
  const script = psqlScript(s, indexBuildsPsql(indexBuilds));
  return { statements: s, indexBuilds, script, sha256: sqlPayloadSha256({ statements: s, indexBuilds }) };
}

/**
 * The platform's run stops before it changes anything when a team of its model is declared from a team
 * stack (its `vs_<team>_login` role exists), or a login of its model belongs to a team-scoped team: two
 * runs converging the same objects would undo each other on every apply.
 */
function ownershipGuard(schemas: ReadonlyArray<string>, logins: ReadonlyArray<string>): string {
  return doBlock(
    `  SELECT string_agg(s, ', ' ORDER BY s) INTO taken FROM unnest(${textArray(schemas)}) AS s WHERE ${teamScopedSchema('s')};\n` +
      '  IF taken IS NOT NULL THEN\n' +
      "    RAISE EXCEPTION 'the vector store configuration declares team schema(s) % that are managed from team stacks', taken\n" +
      "      USING HINT = 'Declare each team in one place: remove it from the platform''s VectorStore (addCollection, grantTeam*), or destroy its team-stack collections and DROP ROLE <schema>_login.';\n" +
      '  END IF;\n' +
      '  SELECT string_agg(m.rolname || \' (\' || g.rolname || \')\', \', \' ORDER BY m.rolname) INTO taken FROM pg_catalog.pg_auth_members am\n' +
      '    JOIN pg_catalog.pg_roles g ON g.oid = am.roleid JOIN pg_catalog.pg_roles m ON m.oid = am.member\n' +
      `    WHERE m.rolname = ANY (${textArray(logins)}) AND g.rolname ~ ${quoteLiteral(`^${MANAGED_PREFIX}.+${TEAM_LOGIN_GROUP_SUFFIX}$`)};\n` +
      '  IF taken IS NOT NULL THEN\n' +
      "    RAISE EXCEPTION 'login(s) % belong to teams declared from team stacks', taken\n" +
      "      USING HINT = 'A database login is granted from one place: give the platform''s principal its own database user.';\n" +
      '  END IF;',
    '  taken text;',
  );
}

/**
 * Collections and teams no longer in the model. Their tables keep their rows but lose every grant
 * (team roles included), their schemas lose USAGE and their team roles lose CONNECT; under DESTROY the
 * tables, schemas and team roles are dropped. Teams declared from team stacks are not the platform's and
 * are skipped.
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
      `      WHERE starts_with(n.nspname, ${p}) AND c.relkind IN ('r', 'p') AND NOT ${teamScopedSchema('n.nspname')}\n` +
      `        AND (n.nspname || '.' || c.relname) <> ALL (${textArray(tables)}) LOOP\n` +
      removedTablePlpgsql(destroy, '    ') +
      '  END LOOP;\n' +
      `  FOR sch IN SELECT ns.nspname FROM pg_catalog.pg_namespace ns WHERE starts_with(ns.nspname, ${p}) AND ns.nspname <> ALL (${textArray(schemas)})\n` +
      `      AND NOT ${teamScopedSchema('ns.nspname')} LOOP\n` +
      (destroy
        ? "    EXECUTE format('DROP SCHEMA %I CASCADE', sch);\n"
        : "    FOR r IN SELECT rolname FROM pg_catalog.pg_roles WHERE rolname IN (sch || '_ro', sch || '_rw') LOOP\n" +
          "      EXECUTE format('REVOKE ALL ON SCHEMA %I FROM %I', sch, r);\n" +
          '    END LOOP;\n') +
      '  END LOOP;\n' +
      `  FOR r IN SELECT pr.rolname FROM pg_catalog.pg_roles pr WHERE pr.rolname ~ ${quoteLiteral(`^${MANAGED_PREFIX}.+_(ro|rw)$`)} AND pr.rolname <> ALL (${textArray(teamRoles)})\n` +
      `      AND NOT ${teamScopedSchema("regexp_replace(pr.rolname, '_(ro|rw)$', '')")} LOOP\n` +
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
      disableOrDropLoginPlpgsql(destroy, '    ') +
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
