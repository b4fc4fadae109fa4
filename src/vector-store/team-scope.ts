import { Construct } from 'constructs';
import { teamOwner, type TeamBackendScope, type TeamStoreView, type VectorGrant } from './backends/binding';
import { VectorAccess, type CollectionSpec } from './model';
import type { VectorPrincipal } from './principal';
import { VectorCollection, type CollectionGrantSink, type TeamVectorCollectionOptions, type VectorStore } from './vector-store';
import { ProblemCollector } from '../core/errors';

/**
 * The part of a `VectorStore` that one team declares from its own stack (`store.forTeam(scope, team)`).
 * Its collections and grants are created by a bootstrap in the team's stack that converges only the
 * team's objects, with the guarantees of the store's own bootstrap: idempotent, one run at a time,
 * removed collections and grants revoked (dropped under the store's `VectorRemovalPolicy.DESTROY`), HNSW
 * indexes built concurrently. The store's stack does not change: the team's stack reads a fixed set of
 * the store's values, whatever the number of teams.
 *
 * Per backend, in the team's stack:
 * - Aurora: an invocation of the store's bootstrap function with the team's SQL (destroying it revokes,
 *   or drops, the team's objects), `rds-db:connect` for each granted role on its database user, and the
 *   database's admission of the principals' security groups;
 * - Cloud SQL: the team's bootstrap job (the store's image, network, runner account and admin secret),
 *   its schedule and pipeline step (`bootstrapCommand`), and the principals' IAM database users;
 * - Qdrant: a Job and a daily CronJob in the store's namespace that create the team's collections
 *   (`<team>--<name>`) and write its principals' tokens, and a NetworkPolicy admitting the principals'
 *   namespaces to the API.
 */
export class TeamVectorScope extends Construct implements CollectionGrantSink {
  public readonly team: string;
  public readonly store: VectorStore;
  /** The backend's resources of the team, for escape hatches and tests. */
  public readonly backendScope: TeamBackendScope;
  private readonly collectionList: VectorCollection[] = [];
  private readonly grantList: VectorGrant[] = [];

  /** @internal Use `VectorStore.forTeam`. */
  constructor(scope: Construct, id: string, store: VectorStore, team: string) {
    super(scope, id);
    // Marks the scope as validated: user text under it reaches Terraform escaped (TerraformLiterals).
    new ProblemCollector().throwIfAny(this);
    this.team = team;
    this.store = store;
    const view: TeamStoreView = { team, collections: [], grants: this.grantList, removalPolicy: store.removalPolicy };
    Object.defineProperty(view, 'collections', { get: (): CollectionSpec[] => this.collectionList.map((c) => c.spec) });
    this.backendScope = store.backendBinding.createTeamScope(this, view);
  }

  /**
   * Cloud SQL: the team's pipeline step (`gcloud run jobs execute … --wait`); after an apply that changed
   * the team's SQL, the team stack's next apply stops until it has run. Undefined for Aurora and Qdrant.
   */
  public get bootstrapCommand(): string | undefined {
    return this.backendScope.bootstrapCommand;
  }

  /** The team's collections declared so far. */
  public get collections(): ReadonlyArray<VectorCollection> {
    return [...this.collectionList];
  }

  /** Adds one of the team's collections, granted to `readers` and `writers`. */
  public addCollection(options: TeamVectorCollectionOptions): VectorCollection {
    const p = new ProblemCollector();
    if (options === null || typeof options !== 'object') {
      p.add('(props)', options, 'is not an object', 'pass { team, name, dimensions, readers?, writers? }').throwIfAny(this);
    }
    const { readers, writers, ...collection } = options;
    for (const [prop, list] of [['readers', readers], ['writers', writers]] as const) {
      if (list !== undefined && !Array.isArray(list)) p.add(prop, list, 'is not a list', 'pass an array of VectorPrincipal');
    }
    if (collection.team !== undefined && collection.team !== this.team) {
      p.add('team', collection.team, `is not this scope's team (${this.team})`, `use store.forTeam(scope, '${collection.team}')`);
    }
    p.throwIfAny(this);
    const spec = this.store._collectionSpec(this, collection, this.collectionList);
    const created = new VectorCollection(this, this.store.backendKind, spec, true);
    // Check every grant before recording anything: a bad principal leaves the scope unchanged.
    const grants = [
      ...(readers ?? []).map((r) => [r, VectorAccess.READ] as const),
      ...(writers ?? []).map((w) => [w, VectorAccess.READ_WRITE] as const),
    ];
    const nReaders = (readers ?? []).length;
    grants.forEach(([principal], i) => {
      this.store._checkPrincipal(p, principal, this.team, i < nReaders ? `readers[${i}]` : `writers[${i - nReaders}]`, this.owner);
    });
    p.throwIfAny(this);
    this.collectionList.push(created);
    for (const [principal, access] of grants) this._grant(principal, access, this.team, spec, 'addCollection');
    return created;
  }

  /** Lets `principal` query every collection of the team, including collections added later. */
  public grantTeamRead(principal: VectorPrincipal): void {
    this._grant(principal, VectorAccess.READ, this.team, undefined, 'grantTeamRead');
  }

  /** Lets `principal` read and write every collection of the team, including collections added later. */
  public grantTeamReadWrite(principal: VectorPrincipal): void {
    this._grant(principal, VectorAccess.READ_WRITE, this.team, undefined, 'grantTeamReadWrite');
  }

  /** Qdrant: the Secret, in the principal's namespace, holding its token for this team's collections. */
  public tokenSecretOf(principal: VectorPrincipal): { readonly namespace: string; readonly name: string } {
    return this._tokenSecretOf(principal, 'tokenSecretOf(principal)');
  }

  /** @internal */
  public _tokenSecretOf(principal: VectorPrincipal, method: string): { readonly namespace: string; readonly name: string } {
    return this.store._tokenSecretOf(principal, method, (sa) => this.backendScope.tokenSecretName!(sa));
  }

  /** @internal */
  public _grant(principal: VectorPrincipal, access: VectorAccess, team: string, collection: CollectionSpec | undefined, method: string): void {
    const p = new ProblemCollector();
    this.store._checkPrincipal(p, principal, team, method, this.owner);
    if (team !== this.team) p.add(`${method}(team)`, team, `is not this scope's team (${this.team})`, 'grant from the scope of that team');
    p.throwIfAny(this);
    this.store._recordLogin(principal, this.owner);
    const grant: VectorGrant = { principal, access, team, collection };
    this.grantList.push(grant);
    this.backendScope.onGrant(grant);
  }

  private get owner(): string {
    return teamOwner(this.team);
  }
}
