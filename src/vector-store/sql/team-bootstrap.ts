import type { BootstrapSql, SqlLogin } from './bootstrap';
import { SqlLoginAuthentication } from './bootstrap';
import { collectionTable, isReservedRoleName, LOGIN_GROUP_ROLE, MANAGED_PREFIX, quoteIdent, quoteLiteral, TEAM_LOGIN_GROUP_SUFFIX, teamLoginGroup, teamRole, teamSchema } from './identifiers';
import { indexBuildsPsql, renderIndexBuild } from './index-builds';
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
import { VectorRemovalPolicy, type CollectionSpec } from '../model';

/** What one team's bootstrap makes true: only that team's collections and the logins granted them. */
export interface TeamBootstrapModel {
  /** The team; every collection and grant below must be this team's. */
  readonly team: string;
  readonly collections: ReadonlyArray<CollectionSpec>;
  readonly logins: ReadonlyArray<SqlLogin>;
  /** @default 30 */
  readonly lockTimeoutSeconds?: number;
  /** What happens to the team's collections and logins no longer in the model. @default VectorRemovalPolicy.RETAIN */
  readonly removalPolicy?: VectorRemovalPolicy;
}

/**
 * Renders the bootstrap of one team declared from its own stack (the platform's run,
 * renderBootstrapSql, converges everything else). Pure and deterministic.
 *
 * It touches only the team's objects: schema `vs_<team>`, roles `vs_<team>_ro`/`_rw`, the team's login
 * group `vs_<team>_login` (which marks the team as team-scoped, so the platform's run leaves it alone),
 * the team's tables and the logins of the group. Within that scope it gives the same guarantees as the
 * platform's run: one run at a time (the same advisory lock), idempotent statements, HNSW indexes built
 * concurrently after the commit, removed collections and logins revoked (dropped under DESTROY), logins
 * converged in one run (privileges anywhere else in the store revoked).
 *
 * It stops before changing anything when the team is the platform's (declared on the platform's
 * VectorStore: its roles hold CONNECT and it has no login group) or a login belongs to the platform or to
 * another team, and when the extension is missing (the platform stack has not been applied).
 *
 * A model with neither collections nor logins is the team's removal: the transaction is
 * `deleteStatements`. `deleteStatements` (run when the team's run is destroyed) revokes everything the
 * team's logins hold and their LOGIN and leaves the tables without privileges; under DESTROY it drops the
 * schema with its tables, the team's roles and logins.
 */
export function renderTeamBootstrapSql(model: TeamBootstrapModel): BootstrapSql {
  const team = model.team;
  const collections = sortedUnique(model.collections, (c) => `${c.team}\u0000${c.name}`);
  const logins = sortedUnique(model.logins, (l) => l.name);
  const foreign = [
    ...collections.filter((c) => c.team !== team).map((c) => `collection ${c.team}/${c.name}`),
    ...logins.flatMap((l) => [...l.collections, ...l.teams].filter((g) => g.team !== team).map((g) => `grant of ${l.name} on team ${g.team}`)),
  ];
  if (foreign.length > 0) throw new Error(`a team bootstrap of ${team} cannot manage ${foreign.join(', ')}`);
  const reserved = logins.filter((l) => isReservedRoleName(l.name)).map((l) => l.name);
  if (reserved.length > 0) throw new Error(`reserved role names cannot be managed logins: ${reserved.join(', ')}`);
  const destroy = model.removalPolicy === VectorRemovalPolicy.DESTROY;
  const deleteStatements = teardown(team, destroy, model.lockTimeoutSeconds);

  let statements: string[];
  if (collections.length === 0 && logins.length === 0) {
    statements = deleteStatements;
  } else {
    const schema = teamSchema(team);
    const group = teamLoginGroup(team);
    const roles = [teamRole(team, 'ro'), teamRole(team, 'rw')];
    const s: string[] = [...lockStatements(model.lockTimeoutSeconds)];
    s.push(pgvectorVersionCheck("Apply the platform's stack first: its bootstrap installs the extension."));
    s.push(ownershipGuard(team, logins.map((l) => l.name)));
    for (const role of [group, ...roles]) s.push(ensureGroupRole(role));
    for (const login of logins) {
      s.push(ensureLoginRole(login.name));
      s.push(`GRANT ${quoteIdent(group)} TO ${quoteIdent(login.name)}`);
    }
    const connect = [group, ...roles];
    s.push(doBlock(`  EXECUTE format('GRANT CONNECT ON DATABASE %I TO %I, %I, %I', current_database(), ${connect.map(quoteLiteral).join(', ')});`));
    s.push(...teamSchemaStatements(team));
    for (const c of collections) s.push(...collectionStatements(c));
    // The team's tables that are no longer configured.
    s.push(
      doBlock(
        '  FOR t IN SELECT n.nspname, c.relname, c.relowner, c.relacl FROM pg_catalog.pg_class c\n' +
          '      JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace\n' +
          `      WHERE n.nspname = ${quoteLiteral(schema)} AND c.relkind IN ('r', 'p') AND c.relname <> ALL (${textArray(collections.map((c) => collectionTable(c.name)))}) LOOP\n` +
          removedTablePlpgsql(destroy, '    ') +
          '  END LOOP;',
        '  t record;\n  grantee oid;',
      ),
    );
    // Converge the team's logins: nothing anywhere in the store, then exactly the model.
    s.push(
      doBlock(
        `  FOR member_role IN SELECT m.rolname FROM ${membersOf(group)} LOOP\n` +
          REVOKE_MEMBER_PRIVILEGES_PLPGSQL(MANAGED_PREFIX, '    ') +
          '  END LOOP;',
        '  member_role name;\n  sch name;\n  grp name;',
      ),
    );
    for (const login of logins) s.push(...loginGrantStatements({ ...login, rdsIam: login.authentication === SqlLoginAuthentication.RDS_IAM }));
    s.push(
      doBlock(
        `  FOR r IN SELECT m.rolname, m.rolcanlogin FROM ${membersOf(group)} AND m.rolname <> ALL (${textArray(logins.map((l) => l.name))}) LOOP\n` +
          disableOrDropLoginPlpgsql(destroy, '    ') +
          '  END LOOP;',
        '  r record;',
      ),
    );
    statements = s;
  }

  const indexBuilds = statements === deleteStatements ? [] : collections.map(renderIndexBuild);
  const script = psqlScript(statements, indexBuildsPsql(indexBuilds));
  return { statements, indexBuilds, deleteStatements, script, sha256: sqlPayloadSha256({ statements, indexBuilds, deleteStatements }) };
}

/** `pg_auth_members … WHERE <group's members>`, to which `AND …` may be appended. */
function membersOf(group: string): string {
  return (
    'pg_catalog.pg_auth_members am JOIN pg_catalog.pg_roles g ON g.oid = am.roleid JOIN pg_catalog.pg_roles m ON m.oid = am.member\n' +
    `      WHERE g.rolname = ${quoteLiteral(group)}`
  );
}

/**
 * Refuses a team the platform manages, and logins that belong to the platform or to another team: two
 * runs converging the same objects would undo each other on every apply.
 */
function ownershipGuard(team: string, logins: ReadonlyArray<string>): string {
  const group = quoteLiteral(teamLoginGroup(team));
  const roles = [teamRole(team, 'ro'), teamRole(team, 'rw')].map(quoteLiteral).join(', ');
  return doBlock(
    `  IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = ${group})\n` +
      '     AND EXISTS (SELECT FROM pg_catalog.pg_database d, aclexplode(d.datacl) a JOIN pg_catalog.pg_roles r ON r.oid = a.grantee\n' +
      `                 WHERE d.datname = current_database() AND a.privilege_type = 'CONNECT' AND r.rolname IN (${roles})) THEN\n` +
      `    RAISE EXCEPTION 'team ${team} is declared on the platform''s vector store'\n` +
      "      USING HINT = 'Declare each team in one place: remove its collections and grants from the platform''s VectorStore and apply the platform first.';\n" +
      '  END IF;\n' +
      "  SELECT string_agg(m.rolname || ' (' || g.rolname || ')', ', ' ORDER BY m.rolname) INTO taken FROM pg_catalog.pg_auth_members am\n" +
      '    JOIN pg_catalog.pg_roles g ON g.oid = am.roleid JOIN pg_catalog.pg_roles m ON m.oid = am.member\n' +
      `    WHERE m.rolname = ANY (${textArray(logins)})\n` +
      `      AND (g.rolname = ${quoteLiteral(LOGIN_GROUP_ROLE)} OR (g.rolname ~ ${quoteLiteral(`^${MANAGED_PREFIX}.+${TEAM_LOGIN_GROUP_SUFFIX}$`)} AND g.rolname <> ${group}));\n` +
      '  IF taken IS NOT NULL THEN\n' +
      `    RAISE EXCEPTION 'login(s) % are granted by the platform or another team, not by team ${team}', taken\n` +
      "      USING HINT = 'A database login is granted from one place: give this principal its own database user.';\n" +
      '  END IF;',
    '  taken text;',
  );
}

/**
 * The team's removal, one transaction: its logins lose every privilege and LOGIN (DESTROY: dropped), its
 * tables every grant, its roles CONNECT and USAGE; under DESTROY the schema (with its tables) and the
 * roles are dropped. Under RETAIN the login group stays, so the platform's run keeps leaving the retained
 * tables alone. Nothing happens when the team was never team-scoped (no login group).
 */
function teardown(team: string, destroy: boolean, lockTimeoutSeconds: number | undefined): string[] {
  const schema = quoteLiteral(teamSchema(team));
  const group = teamLoginGroup(team);
  const roles = [teamRole(team, 'ro'), teamRole(team, 'rw')];
  // A role that is gone has nothing to revoke (REVOKE on a missing role is an error).
  const ifRole = (r: string, body: string): string =>
    `  IF EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = ${quoteLiteral(r)}) THEN\n    ${body}\n  END IF;\n`;
  const revokeConnect = [group, ...roles].map((r) => ifRole(r, `EXECUTE format('REVOKE ALL ON DATABASE %I FROM %I', current_database(), ${quoteLiteral(r)});`)).join('');
  return [
    ...lockStatements(lockTimeoutSeconds),
    doBlock(
      `  IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = ${quoteLiteral(group)}) THEN\n` +
        `    RAISE NOTICE 'team ${team} has no team-scoped objects';\n` +
        '    RETURN;\n' +
        '  END IF;\n' +
        `  FOR r IN SELECT m.rolname, m.rolcanlogin FROM ${membersOf(group)} LOOP\n` +
        '    member_role := r.rolname;\n' +
        REVOKE_MEMBER_PRIVILEGES_PLPGSQL(MANAGED_PREFIX, '    ') +
        disableOrDropLoginPlpgsql(destroy, '    ') +
        '  END LOOP;\n' +
        `  IF EXISTS (SELECT FROM pg_catalog.pg_namespace WHERE nspname = ${schema}) THEN\n` +
        (destroy
          ? `    EXECUTE format('DROP SCHEMA %I CASCADE', ${schema});\n`
          : '    FOR t IN SELECT n.nspname, c.relname, c.relowner, c.relacl FROM pg_catalog.pg_class c\n' +
            `        JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = ${schema} AND c.relkind IN ('r', 'p') LOOP\n` +
            removedTablePlpgsql(false, '      ') +
            '    END LOOP;\n' +
            roles.map((r) => `    IF EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = ${quoteLiteral(r)}) THEN\n      EXECUTE format('REVOKE ALL ON SCHEMA %I FROM %I', ${schema}, ${quoteLiteral(r)});\n    END IF;\n`).join('')) +
        '  END IF;\n' +
        revokeConnect +
        (destroy
          ? [...roles, group]
            .map((r) => `  BEGIN\n    EXECUTE format('DROP ROLE IF EXISTS %I', ${quoteLiteral(r)});\n  EXCEPTION WHEN dependent_objects_still_exist THEN\n    RAISE WARNING 'role % kept: %', ${quoteLiteral(r)}, SQLERRM;\n  END;\n`)
            .join('')
          : '') +
        `  RAISE NOTICE 'team ${team} removed from the vector store (removal policy ${destroy ? 'destroy' : 'retain'})';`,
      '  r record;\n  member_role name;\n  sch name;\n  grp name;\n  t record;\n  grantee oid;',
    ),
  ];
}
