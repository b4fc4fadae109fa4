import type { IndexBuildPlan } from '../../aws/aurora-sql-payload';
import { VectorDistance, type CollectionSpec } from '../model';
import { collectionTable, qualified, quoteIdent, quoteLiteral, teamSchema } from './identifiers';

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

/** Suffix of the index being built beside the serving one (at most 40 + 17 + 5 = 62 bytes). */
const NEXT_SUFFIX = '_next';

/**
 * What the `state` query of an index build returns, and what the runner does next:
 * - `current`: the serving index has the configured definition: run `cleanup`, done;
 * - `missing`: run `build` (CREATE INDEX CONCURRENTLY of the `_next` index), then poll `state`;
 * - `building`: a concurrent build of `_next` is running (this run's, or one a timed-out call left
 *   running in the database): poll `state` again later;
 * - `built`: `_next` is valid and matches: run `swap`, then poll `state`;
 * - `discard`: `_next` is invalid (a failed or cancelled build) or was built with older parameters:
 *   run `discard`, then poll `state`.
 */
export type IndexBuildState = 'current' | 'missing' | 'building' | 'built' | 'discard';

/**
 * The embedding-index work of one collection (an IndexBuildPlan), run *outside* any transaction after
 * the bootstrap transaction has committed. HNSW graphs on a populated table take minutes to build: the
 * RDS Data API cuts a call after 45 s and a plain CREATE INDEX blocks writes for the whole build, so the
 * index is built with CREATE INDEX CONCURRENTLY under a temporary name (`<index>_next`) beside the
 * serving one, and swapped in by a short transaction once it is valid. Queries keep their old index until
 * the swap; writes never block.
 *
 * Every statement is idempotent and the `state` query decides what runs (see IndexBuildState), so a run
 * that stops anywhere (Lambda timeout, job killed) is resumed by the next one.
 */
export type IndexBuild = IndexBuildPlan;

/** The index work of one collection (see IndexBuild). */
export function renderIndexBuild(c: CollectionSpec): IndexBuild {
  const schema = teamSchema(c.team);
  const table = collectionTable(c.name);
  const fq = qualified(schema, table);
  const others = Object.values(VectorDistance).filter((d) => c.index.kind !== 'hnsw' || d !== c.distance);
  const cleanup = [
    ...others.map((d) => `DROP INDEX CONCURRENTLY IF EXISTS ${qualified(schema, embeddingIndexName(c.name, d))}`),
    ...(c.index.kind === 'hnsw' ? [] : [`DROP INDEX CONCURRENTLY IF EXISTS ${qualified(schema, embeddingIndexName(c.name, c.distance) + NEXT_SUFFIX)}`]),
  ];
  if (c.index.kind !== 'hnsw') return { name: `${c.team}/${c.name}`, cleanup };

  const index = embeddingIndexName(c.name, c.distance);
  const next = `${index}${NEXT_SUFFIX}`;
  const { opclass } = PGVECTOR_OPCLASS[c.distance];
  const options = [`m=${c.index.m}`, `ef_construction=${c.index.efConstruction}`];
  // One row of facts per candidate index (the serving one and `_next`); no row at all means 'missing'.
  const state =
    'SELECT CASE WHEN bool_or(x.next AND x.building) THEN \'building\'\n' +
    "    WHEN bool_or(x.next AND x.valid AND x.matches) THEN 'built' WHEN bool_or(x.next) THEN 'discard'\n" +
    "    WHEN bool_or(NOT x.next AND x.valid AND x.matches) THEN 'current' ELSE 'missing' END AS state\n" +
    `  FROM (SELECT c.relname = ${quoteLiteral(next)} AS next, i.indisvalid AS valid,\n` +
    '      EXISTS (SELECT FROM pg_catalog.pg_stat_progress_create_index p WHERE p.index_relid = c.oid) AS building,\n' +
    `      (am.amname = 'hnsw' AND i.indnatts = 1 AND i.indpred IS NULL AND a.attname = 'embedding' AND opc.opcname = ${quoteLiteral(opclass)}\n` +
    `       AND c.reloptions IS NOT DISTINCT FROM ${`ARRAY[${options.map(quoteLiteral).join(', ')}]::text[]`}) AS matches\n` +
    '    FROM pg_catalog.pg_index i JOIN pg_catalog.pg_class c ON c.oid = i.indexrelid JOIN pg_catalog.pg_am am ON am.oid = c.relam\n' +
    '    JOIN pg_catalog.pg_opclass opc ON opc.oid = i.indclass[0] JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]\n' +
    `    WHERE i.indrelid = to_regclass(${quoteLiteral(fq)}) AND c.relname IN (${quoteLiteral(index)}, ${quoteLiteral(next)})) AS x`;
  return {
    name: `${c.team}/${c.name}`,
    state,
    build:
      `CREATE INDEX CONCURRENTLY IF NOT EXISTS ${quoteIdent(next)} ON ${fq} USING hnsw (embedding ${opclass}) ` +
      `WITH (m = ${c.index.m}, ef_construction = ${c.index.efConstruction})`,
    discard: `DROP INDEX CONCURRENTLY IF EXISTS ${qualified(schema, next)}`,
    // A DO block is one transaction: nobody sees the table without an index, and the brief exclusive
    // lock the drop needs gives up after lock_timeout instead of queueing writers behind it.
    swap:
      'DO $vs$\nBEGIN\n' +
      "  PERFORM set_config('lock_timeout', '30s', true);\n" +
      '  IF EXISTS (SELECT FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace JOIN pg_catalog.pg_index i ON i.indexrelid = c.oid\n' +
      `             WHERE n.nspname = ${quoteLiteral(schema)} AND c.relname = ${quoteLiteral(next)} AND i.indisvalid) THEN\n` +
      `    DROP INDEX IF EXISTS ${qualified(schema, index)};\n` +
      `    ALTER INDEX ${qualified(schema, next)} RENAME TO ${quoteIdent(index)};\n` +
      '  END IF;\nEND\n$vs$',
    cleanup,
  };
}

/**
 * The index builds as a psql script (Cloud SQL job, any direct connection). A direct connection has no
 * 45-second cut and the script holds the session advisory lock, so no other build can be running: a
 * leftover valid `_next` is swapped in, a leftover invalid one dropped, and `\gexec` runs the build only
 * when the state query says 'missing' (psql docs, "\gexec": each cell of the result is executed as a
 * statement, outside any transaction). A killed job leaves an invalid `_next`, which the next run drops.
 */
export function indexBuildsPsql(builds: ReadonlyArray<IndexBuild>): string {
  const lines: string[] = [];
  for (const b of builds) {
    if (b.state) {
      lines.push(`${b.swap!};`, `${b.discard!};`, `SELECT ${quoteLiteral(b.build!)} WHERE (${b.state}) = 'missing'\n\\gexec`, `${b.swap!};`);
    }
    lines.push(...b.cleanup.map((s) => `${s};`));
  }
  return lines.join('\n');
}
