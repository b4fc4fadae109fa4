import type { ProblemCollector } from '../../core/errors';
import type { CollectionSpec, VectorAccess, VectorRemovalPolicy } from '../model';
import type { VectorPrincipal, VectorPrincipalKind } from '../principal';

/** How clients reach the store. */
export interface VectorConnectionInfo {
  /** Host name (writer / service DNS name). */
  readonly endpoint: string;
  /** Read-only endpoint where the backend has one. @default - same as endpoint */
  readonly readerEndpoint?: string;
  readonly port: number;
  /** PostgreSQL database name (pgvector backends). @default - none (Qdrant) */
  readonly database?: string;
  /** `postgresql` or `http`. */
  readonly protocol: string;
}

/** A grant as recorded by the store. */
export interface VectorGrant {
  readonly principal: VectorPrincipal;
  readonly access: VectorAccess;
  /** The collection, or undefined for a grant on a whole team. */
  readonly collection?: CollectionSpec;
  readonly team: string;
}

/** What a backend reads from the store; everything is final only at synth time (read lazily). */
export interface StoreView {
  readonly collections: ReadonlyArray<CollectionSpec>;
  readonly grants: ReadonlyArray<VectorGrant>;
  readonly removalPolicy: VectorRemovalPolicy;
}

/** A backend wired into one store. */
export interface BackendBinding {
  readonly connectionInfo: VectorConnectionInfo;
  readonly principalKinds: ReadonlyArray<VectorPrincipalKind>;
  readonly maxDimensions: number;
  /** Above this, an HNSW index is refused. */
  readonly maxIndexedDimensions: number;
  /** Extra backend-specific checks of a new collection. */
  checkCollection(spec: CollectionSpec, problems: ProblemCollector): void;
  /** Creates the cloud-side resources a grant needs (IAM policy, database user, network rule, …). */
  onGrant(grant: VectorGrant): void;
}
