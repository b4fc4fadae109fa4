import type { StoreView, TeamStoreView } from './binding';
import { VectorAccess } from '../model';
import { renderBootstrapSql, renderTeamBootstrapSql, type BootstrapModel, type BootstrapSql, type SqlLogin, type SqlLoginAuthentication, type TeamBootstrapModel } from '../sql';

const isWrite = (g: { access: VectorAccess }): boolean => g.access === VectorAccess.READ_WRITE;

/** The bootstrap model of a pgvector store: its collections and one login per granted principal. */
export function bootstrapModel(view: StoreView, authentication: SqlLoginAuthentication): BootstrapModel {
  const logins = new Map<string, { collections: SqlLogin['collections'][number][]; teams: SqlLogin['teams'][number][] }>();
  for (const grant of view.grants) {
    const login = logins.get(grant.principal.identity) ?? { collections: [], teams: [] };
    logins.set(grant.principal.identity, login);
    if (grant.collection) login.collections.push({ team: grant.team, collection: grant.collection.name, access: grant.access });
    else login.teams.push({ team: grant.team, access: grant.access });
  }
  return {
    removalPolicy: view.removalPolicy,
    collections: view.collections,
    logins: [...logins.entries()].map(([name, l]) => ({
      name,
      authentication,
      // Read-write implies read: drop a read grant that a read-write grant on the same target covers.
      collections: l.collections.filter(
        (c) => isWrite(c) || !l.collections.some((o) => isWrite(o) && o.team === c.team && o.collection === c.collection),
      ),
      teams: l.teams.filter((t) => t.access === VectorAccess.READ_WRITE || !l.teams.some((o) => isWrite(o) && o.team === t.team)),
    })),
  };
}

/** The bootstrap model of one team declared from its own stack. */
export function teamBootstrapModel(view: TeamStoreView, authentication: SqlLoginAuthentication): TeamBootstrapModel {
  return { team: view.team, ...bootstrapModel(view, authentication) };
}

/**
 * The rendered SQL of a model, rendered once per distinct model: synthesis asks for it several times
 * (input, hash, size check), and the model's JSON is far cheaper to build than the SQL.
 */
export function memoizedBootstrapSql(model: () => BootstrapModel): () => BootstrapSql {
  return memoized(model, renderBootstrapSql);
}

/** memoizedBootstrapSql for a team's bootstrap (renderTeamBootstrapSql). */
export function memoizedTeamBootstrapSql(model: () => TeamBootstrapModel): () => BootstrapSql {
  return memoized(model, renderTeamBootstrapSql);
}

function memoized<M>(model: () => M, render: (m: M) => BootstrapSql): () => BootstrapSql {
  let last: { key: string; sql: BootstrapSql } | undefined;
  return () => {
    const m = model();
    const key = JSON.stringify(m);
    if (last?.key !== key) last = { key, sql: render(m) };
    return last.sql;
  };
}
