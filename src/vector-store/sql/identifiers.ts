/**
 * SQL identifiers and literals. Every name the renderer emits is validated upstream *and* quoted here,
 * so a name that slipped past validation still cannot break out of its identifier.
 */

/** PostgreSQL's identifier limit (NAMEDATALEN - 1). */
export const PG_MAX_IDENTIFIER_BYTES = 63;

/** Quotes an identifier (`"a""b"`); throws on NUL or over-long names, which PostgreSQL would mangle. */
export function quoteIdent(name: string): string {
  if (name.length === 0 || name.includes('\u0000')) throw new Error(`invalid SQL identifier ${JSON.stringify(name)}`);
  if (Buffer.byteLength(name, 'utf8') > PG_MAX_IDENTIFIER_BYTES) {
    throw new Error(`SQL identifier ${JSON.stringify(name)} is longer than ${PG_MAX_IDENTIFIER_BYTES} bytes and would be truncated`);
  }
  return `"${name.replace(/"/g, '""')}"`;
}

/** Quotes a string literal (`'it''s'`); standard_conforming_strings is on in every supported version. */
export function quoteLiteral(value: string): string {
  if (value.includes('\u0000')) throw new Error('SQL literal contains NUL');
  return `'${value.replace(/'/g, "''")}'`;
}

/** `"schema"."table"` */
export function qualified(schema: string, name: string): string {
  return `${quoteIdent(schema)}.${quoteIdent(name)}`;
}

/** Team and collection names allow `-`; SQL identifiers use `_` so nobody has to quote them. */
export function sqlName(name: string): string {
  return name.replace(/-/g, '_');
}

/** Prefix of every schema and NOLOGIN role the vector store manages. */
export const MANAGED_PREFIX = 'vs_';

/** Schema that holds a team's collections. */
export function teamSchema(team: string): string {
  return `${MANAGED_PREFIX}${sqlName(team)}`;
}

/** NOLOGIN role holding a team's read-only (`ro`) or read-write (`rw`) privileges. */
export function teamRole(team: string, access: 'ro' | 'rw'): string {
  return `${MANAGED_PREFIX}${sqlName(team)}_${access}`;
}

/** NOLOGIN role every managed login role belongs to: it carries CONNECT and marks the role as ours. */
export const LOGIN_GROUP_ROLE = 'vs_login';

/**
 * NOLOGIN role of a team whose collections are declared from the team's own stack: the team's logins
 * belong to it (it carries their CONNECT), and its existence marks the team as team-scoped, so the
 * platform's bootstrap leaves the team's schema, roles, tables and logins alone. No other managed name
 * ends in `_login` (team roles end in `_ro`/`_rw`, and `vs_login` has nothing between prefix and suffix).
 */
export function teamLoginGroup(team: string): string {
  return `${teamSchema(team)}${TEAM_LOGIN_GROUP_SUFFIX}`;
}

/** Suffix of `teamLoginGroup`: a schema `s` is team-scoped when the role `s || '_login'` exists. */
export const TEAM_LOGIN_GROUP_SUFFIX = '_login';

/** Table of a collection inside its team schema. */
export function collectionTable(collection: string): string {
  return sqlName(collection);
}

/**
 * Role names a managed login may not take, and why:
 * - `public` and `none` are refused by PostgreSQL, and `GRANT … TO "public"` (even quoted) grants to
 *   every role — a login named so would hand its collections to everybody;
 * - `current_user`, `session_user`, `current_role` and `user` are SQL keywords that name *another* role
 *   wherever a tool or a human writes them unquoted (`ALTER ROLE current_user …`);
 * - `pg_*` is reserved by PostgreSQL; `postgres`, `rds*`, `cloudsql*` are the engines' own roles;
 *   `vs_*` and `platform_admin` are this library's.
 */
export const RESERVED_ROLE_PATTERN = /^(?:pg_|rds|cloudsql|vs_|(?:public|none|current_user|session_user|current_role|user|postgres|platform_admin)$)/;

/** True when `name` may not be used as a managed login role (see RESERVED_ROLE_PATTERN). */
export function isReservedRoleName(name: string): boolean {
  return RESERVED_ROLE_PATTERN.test(name.toLowerCase());
}
