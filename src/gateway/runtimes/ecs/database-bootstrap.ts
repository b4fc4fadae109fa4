/**
 * The one-time database setup of an ECS gateway on its own Aurora cluster. Pure: no cdktf.
 */

/**
 * Idempotent statements that create LiteLLM's login, which authenticates with IAM tokens (`rds_iam`), and let it
 * own the schema it migrates. One transaction, run once (and again only when these statements change) by the
 * Aurora SQL bootstrap function as the RDS-managed master user over the RDS Data API: the master secret never
 * reaches a gateway task, and scale-outs run no SQL.
 */
export function databaseBootstrapStatements(user: string, database: string): string[] {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(user) || !/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(database)) throw new Error(`unquoted identifiers only: ${user}, ${database}`);
  return [
    `DO $$ BEGIN CREATE ROLE ${user} LOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$`,
    `GRANT rds_iam TO ${user}`,
    `GRANT CONNECT, CREATE, TEMPORARY ON DATABASE ${database} TO ${user}`,
    `GRANT USAGE, CREATE ON SCHEMA public TO ${user}`,
  ];
}

/** The same statements as one SQL text (`;`-terminated lines), e.g. to run by hand with psql. */
export function databaseBootstrapSql(user: string, database: string): string {
  return databaseBootstrapStatements(user, database).map((s) => `${s};`).join('\n');
}
