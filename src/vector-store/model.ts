/**
 * Value types shared by the construct, the backends and the pure renderers (SQL, Qdrant spec).
 * Nothing here imports cdktf.
 */

/** How similarity between two embeddings is measured. */
export enum VectorDistance {
  /** Cosine distance (pgvector `<=>`, `vector_cosine_ops`; Qdrant `Cosine`). The right default for normalised text embeddings. */
  COSINE = 'cosine',
  /** Euclidean (L2) distance (pgvector `<->`, `vector_l2_ops`; Qdrant `Euclid`). */
  EUCLIDEAN = 'euclidean',
  /** Negative inner product (pgvector `<#>`, `vector_ip_ops`; Qdrant `Dot`). */
  DOT_PRODUCT = 'dot-product',
  /** Manhattan (L1) distance (pgvector ≥ 0.7 `<+>`, `vector_l1_ops`; Qdrant `Manhattan`). */
  MANHATTAN = 'manhattan',
}

/** What a grant allows on a collection. */
export enum VectorAccess {
  /** Query only (`SELECT`; Qdrant `r`). */
  READ = 'read',
  /** Query, insert, update and delete rows or points (no DDL, no TRUNCATE; Qdrant `rw`). */
  READ_WRITE = 'read-write',
}

/** Options of `VectorIndex.hnsw`. */
export interface VectorIndexHnswOptions {
  /** Max connections per layer. pgvector and Qdrant both default to 16. @default 16 */
  readonly m?: number;
  /** Size of the candidate list while building. pgvector's default is 64 (Qdrant's `ef_construct` is 100). @default 64 */
  readonly efConstruction?: number;
}

/**
 * What the bootstrap does with collections and teams that are no longer configured, and with the logins
 * of principals that lost every grant. Either way they lose every privilege and their logins lose LOGIN
 * on the next run; only `DESTROY` deletes anything.
 */
export enum VectorRemovalPolicy {
  /** Keep the tables (with their rows), schemas and roles, with no privileges left on them. */
  RETAIN = 'retain',
  /** Drop the tables of removed collections, the schemas and roles of removed teams, and removed logins. Data is lost. */
  DESTROY = 'destroy',
}

/** The approximate-nearest-neighbour index of a collection. */
export class VectorIndex {
  /** An HNSW graph index (pgvector `USING hnsw`, Qdrant `hnsw_config`). */
  public static hnsw(options: VectorIndexHnswOptions = {}): VectorIndex {
    return new VectorIndex('hnsw', options.m ?? 16, options.efConstruction ?? 64);
  }

  /**
   * No ANN index: exact (sequential) search. Right for small collections, and the only choice for
   * pgvector `vector` columns above 2,000 dimensions (HNSW's limit).
   */
  public static none(): VectorIndex {
    return new VectorIndex('none', 0, 0);
  }

  private constructor(
    /** `hnsw` or `none`. */
    public readonly kind: 'hnsw' | 'none',
    public readonly m: number,
    public readonly efConstruction: number,
  ) {}
}

/** A collection as the renderers see it (validated, defaults resolved). */
export interface CollectionSpec {
  /** Owning team, e.g. `support`. */
  readonly team: string;
  /** Collection name, unique within the team, e.g. `kb-articles`. */
  readonly name: string;
  readonly dimensions: number;
  readonly distance: VectorDistance;
  readonly index: VectorIndex;
}

/**
 * Names accepted for teams and collections: a lowercase letter, then letters, digits and single `-` or
 * `_` separators, at most 40 characters. Short enough that every derived identifier (schema, roles,
 * index names) stays within PostgreSQL's 63-byte limit.
 */
export const VECTOR_NAME_PATTERN = /^[a-z](?:[a-z0-9]|[_-](?=[a-z0-9])){0,39}$/;

/** pgvector's `vector` type holds at most 16,000 dimensions (pgvector README, "Vector type"). */
export const PGVECTOR_MAX_DIMENSIONS = 16000;

/** pgvector HNSW and IVFFlat indexes on `vector` support at most 2,000 dimensions (pgvector README, "Indexing"). */
export const PGVECTOR_MAX_INDEXED_DIMENSIONS = 2000;

/** Qdrant's documented maximum vector size (Qdrant docs, "Collections": 65,536). */
export const QDRANT_MAX_DIMENSIONS = 65536;
