import type { Construct } from 'constructs';
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
  /** Backend-specific checks of a grant before it is recorded (`owner`: `platform` or `teamOwner(team)`). */
  checkGrant?(principal: VectorPrincipal, owner: string, method: string, problems: ProblemCollector): void;
  /**
   * Creates a team's bootstrap in `scope` (in the team's stack). It references the store's stack only
   * through the outputs the binding registered when it was created, so the store's stack stays the same
   * whatever the number of teams.
   */
  createTeamScope(scope: Construct, view: TeamStoreView): TeamBackendScope;
}

/** @internal Who owns a grant's database login: the store's own grants, or a team scope (`teamOwner`). */
export const PLATFORM_OWNER = 'platform';

/** @internal The owner id of a team declared from its own stack (`a-b` and `a_b` are one team). */
export function teamOwner(team: string): string {
  return `team:${team.replace(/-/g, '_')}`;
}

/** What a team's bootstrap reads from its team scope (final at synth time, read lazily). */
export interface TeamStoreView extends StoreView {
  /** The team; every collection and grant of the view is this team's. */
  readonly team: string;
}

/** A team's part of a backend, in the team's stack (see TeamVectorScope). */
export interface TeamBackendScope {
  /** Cloud SQL: the team's pipeline step (see VectorStore.bootstrapCommand). */
  readonly bootstrapCommand?: string;
  /** Creates the cloud-side resources a grant needs, in the team's stack. */
  onGrant(grant: VectorGrant): void;
  /** Qdrant: the Secret a principal's workload mounts for this team's collections. */
  tokenSecretName?(serviceAccount: string): string;
}
