import { Construct } from 'constructs';
import { z } from 'zod';
import { VectorBackend, VectorBackendKind, type AuroraPgvectorOptions, type CloudSqlPgvectorOptions, type QdrantHelmOptions } from './backend';
import { BACKEND_OPTION_SCHEMAS, valueOf } from './backend-schemas';
import { VECTOR_NAME_PATTERN, VectorAccess, VectorDistance, VectorIndex, VectorRemovalPolicy, type CollectionSpec } from './model';
import { VectorPrincipal, VectorPrincipalKind } from './principal';
import { TeamVectorScope } from './team-scope';
import { TerraformStack } from '../core/cdktf';
import { ProblemCollector } from '../core/errors';
import { isUnresolved } from '../core/tokens';
import { issuesToProblems, schemaFor, validateProps, withFix } from '../core/validation';
import type { AuroraPgvectorBinding } from './backends/aurora-pgvector';
import { PLATFORM_OWNER, type BackendBinding, type VectorConnectionInfo, type VectorGrant } from './backends/binding';
import type { CloudSqlPgvectorBinding } from './backends/cloud-sql-pgvector';
import { qdrantCollectionName, qdrantTeamCollectionName } from './backends/qdrant-bootstrap';
import type { QdrantHelmBinding } from './backends/qdrant-helm';
import { collectionTable, sqlName, teamSchema } from './sql/identifiers';

export interface VectorStoreProps {
  /** Where the vectors live: `VectorBackend.auroraPgvector(…)`, `.cloudSqlPgvector(…)` or `.qdrantHelm(…)`. */
  readonly backend: VectorBackend;
  /**
   * Readable parts of cloud resource names (a stable hash is appended).
   * @default - the construct path
   */
  readonly nameParts?: ReadonlyArray<string>;
  /**
   * What the bootstrap does with collections, teams and principals removed from the configuration.
   * Either way they lose every privilege (pgvector: grants revoked, logins NOLOGIN; Qdrant: tokens no
   * longer issued) on the next run; `DESTROY` also deletes their tables, schemas, roles (pgvector) or
   * collections (Qdrant), with their data.
   * @default VectorRemovalPolicy.RETAIN
   */
  readonly removalPolicy?: VectorRemovalPolicy;
}

/** Options of `VectorStore.addCollection`. */
export interface VectorCollectionOptions {
  /** Owning team; its collections are isolated from every other team's. */
  readonly team: string;
  /** Collection name, unique within the team. */
  readonly name: string;
  /** Embedding size, e.g. 1536 for OpenAI text-embedding-3-small, 1024 for Titan Text Embeddings v2. */
  readonly dimensions: number;
  /** @default VectorDistance.COSINE */
  readonly distance?: VectorDistance;
  /** @default VectorIndex.hnsw() (m 16, ef_construction 64) */
  readonly index?: VectorIndex;
}

const NAME_FIX = 'use a lowercase letter, then letters, digits and single - or _ separators (at most 40 characters)';
const name = (what: string) => z.string().regex(VECTOR_NAME_PATTERN, withFix(`is not a valid ${what} name`, NAME_FIX));

const collectionSchema = schemaFor<VectorCollectionOptions>()(
  z.strictObject({
    team: name('team'),
    name: name('collection'),
    dimensions: z.number().int(withFix('must be a whole number', 'pass the embedding model\'s output size, e.g. 1536')).min(1, withFix('must be at least 1', 'pass the embedding model\'s output size')),
    distance: z.enum(VectorDistance).optional(),
    index: valueOf<VectorIndex>(VectorIndex, 'pass VectorIndex.hnsw({ ... }) or VectorIndex.none()').optional(),
  }),
);

const storeSchema = schemaFor<VectorStoreProps>()(
  z.strictObject({
    backend: valueOf<VectorBackend>(VectorBackend, 'pass VectorBackend.auroraPgvector({...}), .cloudSqlPgvector({...}) or .qdrantHelm({...})'),
    nameParts: z.array(z.string().min(1)).min(1).optional(),
    removalPolicy: z.enum(VectorRemovalPolicy).optional(),
  }),
);

/** @internal Where a collection's grants go: the store (platform collections) or a team scope. */
export interface CollectionGrantSink {
  _grant(principal: VectorPrincipal, access: VectorAccess, team: string, collection: CollectionSpec | undefined, method: string): void;
  _tokenSecretOf(principal: VectorPrincipal, method: string): { readonly namespace: string; readonly name: string };
}

/**
 * One collection of one team: a table in the team's schema (pgvector) or a Qdrant collection.
 * Returned by `VectorStore.addCollection` and `VectorStore.addTeamCollection`.
 */
export class VectorCollection {
  public readonly team: string;
  public readonly name: string;
  public readonly dimensions: number;
  public readonly distance: VectorDistance;
  public readonly index: VectorIndex;
  /** PostgreSQL schema of the team (pgvector backends), e.g. `vs_support`. */
  public readonly schemaName?: string;
  /** PostgreSQL table inside `schemaName` (pgvector backends), e.g. `kb_articles`. */
  public readonly tableName?: string;
  /**
   * Qdrant collection (Qdrant backend): `<team>__<name>`, or `<team>--<name>` for a collection declared
   * from the team's stack.
   */
  public readonly qdrantCollectionName?: string;
  /** Declared from the team's own stack (`addTeamCollection`) rather than on the store. */
  public readonly declaredInTeamStack: boolean;

  /** @internal */
  constructor(private readonly sink: CollectionGrantSink, backendKind: VectorBackendKind, spec: CollectionSpec, declaredInTeamStack = false) {
    this.team = spec.team;
    this.name = spec.name;
    this.dimensions = spec.dimensions;
    this.distance = spec.distance;
    this.index = spec.index;
    this.declaredInTeamStack = declaredInTeamStack;
    if (backendKind === VectorBackendKind.QDRANT_HELM) {
      this.qdrantCollectionName = declaredInTeamStack ? qdrantTeamCollectionName(spec.team, spec.name) : qdrantCollectionName(spec.team, spec.name);
    } else {
      this.schemaName = teamSchema(spec.team);
      this.tableName = collectionTable(spec.name);
    }
  }

  /** Lets `principal` query this collection (and nothing else of the store). */
  public grantRead(principal: VectorPrincipal): void {
    this.sink._grant(principal, VectorAccess.READ, this.team, this.spec, 'grantRead');
  }

  /** Lets `principal` query, insert, update and delete in this collection (no DDL). */
  public grantReadWrite(principal: VectorPrincipal): void {
    this.sink._grant(principal, VectorAccess.READ_WRITE, this.team, this.spec, 'grantReadWrite');
  }

  /**
   * Qdrant: the Secret, in the principal's namespace, that holds its token for this collection's grants
   * (`token`, `url`, `ca.crt`). Mount it into the workload.
   */
  public tokenSecretOf(principal: VectorPrincipal): { readonly namespace: string; readonly name: string } {
    return this.sink._tokenSecretOf(principal, 'tokenSecretOf(principal)');
  }

  /** @internal */
  public get spec(): CollectionSpec {
    return { team: this.team, name: this.name, dimensions: this.dimensions, distance: this.distance, index: this.index };
  }
}

/** Options of `VectorStore.addTeamCollection`: a collection and who may use it. */
export interface TeamVectorCollectionOptions extends VectorCollectionOptions {
  /** Principals that may query the collection. @default [] */
  readonly readers?: ReadonlyArray<VectorPrincipal>;
  /** Principals that may query, insert, update and delete in the collection. @default [] */
  readonly writers?: ReadonlyArray<VectorPrincipal>;
}

/**
 * The platform's vector store: one database (or Qdrant cluster) and, per team, isolated collections
 * created at `terraform apply` time with no human running SQL or curl.
 *
 * ```ts
 * const store = new VectorStore(stack, 'vectors', { backend: VectorBackend.auroraPgvector({ vpcId, subnetIds }) });
 * const kb = store.addCollection({ team: 'support', name: 'kb-articles', dimensions: 1536 });
 * kb.grantReadWrite(VectorPrincipal.iamRole(supportRole.name, 'support_app', { securityGroupId }));
 *
 * // Or from the team's own stack (the store's stack does not change):
 * const resumes = store.addTeamCollection(hiringStack, { team: 'hiring', name: 'resumes', dimensions: 1024, writers: [hiringApp] });
 * ```
 */
export class VectorStore extends Construct implements CollectionGrantSink {
  public readonly backendKind: VectorBackendKind;
  /** Endpoint, port and database of the store. */
  public readonly connectionInfo: VectorConnectionInfo;
  /** The backend's constructs (database, bootstrap, …), for escape hatches and tests. */
  public readonly backendBinding: BackendBinding;
  /** What bootstraps do with removed collections, teams and principals (the store's and every team's). */
  public readonly removalPolicy: VectorRemovalPolicy;
  private readonly collectionList: VectorCollection[] = [];
  private readonly grantList: VectorGrant[] = [];
  /** Team scopes by SQL name of the team (`a-b` and `a_b` are one team). */
  private readonly teamScopes = new Map<string, TeamVectorScope>();
  /** pgvector: which scope (PLATFORM_OWNER or `teamOwner(team)`) owns a login, and the IAM role bound to it. */
  private readonly loginOwners = new Map<string, { owner: string; roleName?: string }>();

  constructor(scope: Construct, id: string, props: VectorStoreProps) {
    super(scope, id);
    const parsed = validateProps(this, storeSchema, props);
    this.backendKind = parsed.backend.kind;
    const extra = new ProblemCollector();
    const options = parsed.backend.options;
    const schema = BACKEND_OPTION_SCHEMAS[this.backendKind];
    const result = schema.safeParse(options);
    if (!result.success) extra.addAll(issuesToProblems(result.error.issues, options, 'backend'));
    extra.throwIfAny(this);

    const nameParts = props.nameParts ?? this.node.path.split('/');
    this.removalPolicy = parsed.removalPolicy ?? VectorRemovalPolicy.RETAIN;
    const view = { collections: [] as CollectionSpec[], grants: this.grantList, removalPolicy: this.removalPolicy };
    Object.defineProperty(view, 'collections', { get: () => this.collectionList.map((c) => c.spec) });
    // Each backend module is loaded only when a store uses it: their provider bindings (AWS, Google,
    // Kubernetes/Helm) cost up to ~200 ms to import, which importing the package must not pay.
    switch (this.backendKind) {
      case VectorBackendKind.AURORA_PGVECTOR: {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const { AuroraPgvectorBinding } = require('./backends/aurora-pgvector') as typeof import('./backends/aurora-pgvector');
        this.backendBinding = new AuroraPgvectorBinding(this, 'Grants', options as AuroraPgvectorOptions, nameParts, view);
        break;
      }
      case VectorBackendKind.CLOUD_SQL_PGVECTOR: {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const { CloudSqlPgvectorBinding } = require('./backends/cloud-sql-pgvector') as typeof import('./backends/cloud-sql-pgvector');
        this.backendBinding = new CloudSqlPgvectorBinding(this, 'Grants', options as CloudSqlPgvectorOptions, nameParts, view);
        break;
      }
      default: {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const { QdrantHelmBinding } = require('./backends/qdrant-helm') as typeof import('./backends/qdrant-helm');
        this.backendBinding = new QdrantHelmBinding(this, 'Grants', options as QdrantHelmOptions, nameParts, view);
      }
    }
    this.connectionInfo = this.backendBinding.connectionInfo;
  }

  /**
   * Cloud SQL: the pipeline step that runs the bootstrap for the current configuration and waits for it
   * (`gcloud run jobs execute … --wait`); after an apply that changed the SQL, the next apply stops until
   * it has run. Undefined for Aurora and Qdrant, whose bootstrap runs inside `terraform apply`. Teams
   * declared from their own stacks have their own step (`TeamVectorScope.bootstrapCommand`).
   */
  public get bootstrapCommand(): string | undefined {
    return this.backendKind === VectorBackendKind.CLOUD_SQL_PGVECTOR ? (this.backendBinding as CloudSqlPgvectorBinding).bootstrapCommand : undefined;
  }

  /** The collections added to the store itself (not those declared from team stacks: see `teams`). */
  public get collections(): ReadonlyArray<VectorCollection> {
    return [...this.collectionList];
  }

  /** The team scopes created so far (`forTeam`), one per team declared from its own stack. */
  public get teams(): ReadonlyArray<TeamVectorScope> {
    return [...this.teamScopes.values()];
  }

  /** Adds a team's collection; created (idempotently) at apply time. */
  public addCollection(options: VectorCollectionOptions): VectorCollection {
    const spec = this._collectionSpec(this, options, this.collectionList);
    const p = new ProblemCollector();
    this.checkPlatformTeam(p, 'team', spec.team);
    p.throwIfAny(this);
    const collection = new VectorCollection(this, this.backendKind, spec);
    this.collectionList.push(collection);
    return collection;
  }

  /**
   * The part of the store that belongs to `team`, declared from the team's own stack (the stack of
   * `scope`): created on first use, one per team. Its collections and grants are created by a bootstrap
   * in that stack, which converges only the team's objects; the store's stack does not change. Create it
   * for every team stack (even before its first collection) so that removing the team's last collection
   * is converged too.
   */
  public forTeam(scope: Construct, team: string): TeamVectorScope {
    const p = new ProblemCollector();
    if (!(scope instanceof Construct)) {
      p.add('forTeam(scope)', scope, 'is not a construct', "pass the team's stack or a construct in it");
      p.throwIfAny(this);
    }
    if (typeof team !== 'string' || !VECTOR_NAME_PATTERN.test(team)) {
      p.add('forTeam(team)', team, 'is not a valid team name', NAME_FIX);
      p.throwIfAny(this);
    }
    const stack = TerraformStack.of(scope);
    const existing = this.teamScopes.get(sqlName(team));
    if (existing) {
      if (existing.team !== team) p.add('forTeam(team)', team, `is the same team as '${existing.team}' (- and _ are equivalent)`, 'use one spelling for the team');
      else if (TerraformStack.of(existing) !== stack) p.add('forTeam(scope)', scope.node.path, `is in another stack than team ${team}'s collections (${TerraformStack.of(existing).node.path})`, "declare a team's collections from one stack");
      p.throwIfAny(this);
      return existing;
    }
    if (stack === TerraformStack.of(this)) p.add('forTeam(scope)', scope.node.path, "is in the store's own stack", 'use addCollection() there, or pass a construct in the team\'s stack');
    this.checkPlatformTeam(p, 'forTeam(team)', team, true);
    const id = `${this.node.id}-${team}`;
    if (stack.node.tryFindChild(id)) p.add('forTeam(scope)', stack.node.path, `already has a construct '${id}'`, 'give the vector stores distinct construct ids, or rename the other construct');
    p.throwIfAny(this);
    const created = new TeamVectorScope(stack, id, this, team);
    this.teamScopes.set(sqlName(team), created);
    // No reference may be needed (Qdrant reads only names): the team's stack deploys after this one all the same.
    stack.addDependency(TerraformStack.of(this));
    return created;
  }

  /**
   * Adds a collection declared from a team's own stack (`scope` is any construct in it) and grants it to
   * `readers` and `writers`. Shorthand for `forTeam(scope, options.team).addCollection(options)`.
   */
  public addTeamCollection(scope: Construct, options: TeamVectorCollectionOptions): VectorCollection {
    const team = options !== null && typeof options === 'object' ? options.team : undefined;
    return this.forTeam(scope, team as string).addCollection(options);
  }

  /**
   * Aurora: admits `securityGroupId` to the database once, from the store's stack, for the callers of every
   * team — e.g. the group the gateway's tenancy gives every team's workloads. Grants whose principal carries
   * that group then need no rule of their own (a team stack cannot admit a group another team's stack
   * admits: AWS refuses a duplicate rule). Call it before the teams' grants.
   * @param ruleName stable, readable id of the rule (its construct id; security group ids may be tokens)
   */
  public allowConnectionsFrom(ruleName: string, securityGroupId: string): void {
    const p = new ProblemCollector();
    if (this.backendKind !== VectorBackendKind.AURORA_PGVECTOR) {
      p.add('allowConnectionsFrom()', this.backendKind, 'has no security group', 'Cloud SQL is reached on its private IP; on Qdrant use qdrantHelm({ allowedNamespaces })');
    }
    if (typeof ruleName !== 'string' || !/^[A-Za-z][A-Za-z0-9-]{0,62}$/.test(ruleName)) {
      p.add('allowConnectionsFrom(ruleName)', ruleName, 'is not a usable rule name', "use letters, digits and -, e.g. 'gateway-callers'");
    }
    if (typeof securityGroupId !== 'string' || (!isUnresolved(securityGroupId) && !/^sg-[0-9a-f]{8,17}$/.test(securityGroupId))) {
      p.add('allowConnectionsFrom(securityGroupId)', securityGroupId, 'is not a security group id', "pass e.g. 'sg-0123456789abcdef0' or a token");
    }
    p.throwIfAny(this);
    (this.backendBinding as AuroraPgvectorBinding).allowConnectionsFrom(ruleName, securityGroupId, p);
    p.throwIfAny(this);
  }

  /** Lets `principal` query every collection of `team`, including collections added later. */
  public grantTeamRead(team: string, principal: VectorPrincipal): void {
    this._grant(principal, VectorAccess.READ, team, undefined, 'grantTeamRead');
  }

  /** Lets `principal` read and write every collection of `team`, including collections added later. */
  public grantTeamReadWrite(team: string, principal: VectorPrincipal): void {
    this._grant(principal, VectorAccess.READ_WRITE, team, undefined, 'grantTeamReadWrite');
  }

  /**
   * Qdrant: the Secret, in the principal's namespace, that the bootstrap fills with the principal's
   * token (`token`), the URL (`url`) and the CA certificate (`ca.crt`). Mount it into the workload.
   * For collections declared from a team's stack use `collection.tokenSecretOf(principal)`.
   */
  public tokenSecretOf(principal: VectorPrincipal): { readonly namespace: string; readonly name: string } {
    return this._tokenSecretOf(principal, 'tokenSecretOf(principal)');
  }

  /** @internal */
  public _tokenSecretOf(
    principal: VectorPrincipal,
    method: string,
    secretName?: (serviceAccount: string) => string,
  ): { readonly namespace: string; readonly name: string } {
    const p = new ProblemCollector();
    if (this.backendKind !== VectorBackendKind.QDRANT_HELM) {
      p.add(method, this.backendKind, 'has no token Secrets', 'use it with VectorBackend.qdrantHelm(...); pgvector principals log in with IAM');
    } else if (!(principal instanceof VectorPrincipal) || principal.kind !== VectorPrincipalKind.KUBERNETES_SERVICE_ACCOUNT) {
      p.add(method, principal, 'is not a Kubernetes service account principal', 'pass VectorPrincipal.kubernetesServiceAccount(namespace, name)');
    }
    p.throwIfAny(this);
    const [namespace, serviceAccount] = principal.identity.split('/');
    return { namespace, name: (secretName ?? ((sa: string) => (this.backendBinding as QdrantHelmBinding).tokenSecretName(sa)))(serviceAccount) };
  }

  /** @internal */
  public _grant(principal: VectorPrincipal, access: VectorAccess, team: string, collection: CollectionSpec | undefined, method: string): void {
    const p = new ProblemCollector();
    this._checkPrincipal(p, principal, team, method, PLATFORM_OWNER);
    if (p.isEmpty) this.checkPlatformTeam(p, `${method}(team)`, team);
    p.throwIfAny(this);
    const grant: VectorGrant = { principal, access, team, collection };
    this._recordLogin(principal, PLATFORM_OWNER);
    this.grantList.push(grant);
    this.backendBinding.onGrant(grant);
  }

  /**
   * @internal Validates a collection's options and resolves its defaults; `existing` are the collections
   * it must not duplicate (the store's, or one team scope's).
   */
  public _collectionSpec(where: Construct, options: VectorCollectionOptions, existing: ReadonlyArray<VectorCollection>, method = ''): CollectionSpec {
    const parsed = validateProps(where, collectionSchema, options);
    const spec: CollectionSpec = {
      team: parsed.team,
      name: parsed.name,
      dimensions: parsed.dimensions,
      distance: parsed.distance ?? VectorDistance.COSINE,
      index: parsed.index ?? VectorIndex.hnsw(),
    };
    const at = (prop: string) => (method ? `${method}.${prop}` : prop);
    const p = new ProblemCollector();
    const b = this.backendBinding;
    if (spec.dimensions > b.maxDimensions) {
      p.add(at('dimensions'), spec.dimensions, `is above the ${this.backendKind} maximum of ${b.maxDimensions}`, `use at most ${b.maxDimensions} dimensions (or a model with smaller embeddings)`);
    } else if (spec.index.kind === 'hnsw' && spec.dimensions > b.maxIndexedDimensions) {
      p.add(at('dimensions'), spec.dimensions, `is above ${b.maxIndexedDimensions}, the most an HNSW index on pgvector's vector type supports`, 'use VectorIndex.none() (exact search) or reduce the dimensions (e.g. Matryoshka truncation to 1024)');
    }
    if (spec.index.kind === 'hnsw') {
      // pgvector: m 2-100, ef_construction 4-1000 and at least 2 × m (pgvector hnsw.c).
      if (!Number.isInteger(spec.index.m) || spec.index.m < 2 || spec.index.m > 100) p.add(at('index.m'), spec.index.m, 'must be an integer from 2 to 100', 'use the default 16, or 8-64');
      const ef = spec.index.efConstruction;
      if (!Number.isInteger(ef) || ef < 4 || ef > 1000 || ef < 2 * spec.index.m) {
        p.add(at('index.efConstruction'), spec.index.efConstruction, 'must be an integer from 4 to 1000 and at least 2 × m', `use at least ${2 * spec.index.m} (the default is 64)`);
      }
    }
    for (const other of existing) {
      if (other.team !== spec.team && sqlName(other.team) === sqlName(spec.team)) {
        p.add(at('team'), spec.team, `maps to the same schema as team '${other.team}' (- and _ are equivalent)`, 'use one spelling for the team');
      }
      if (other.team === spec.team && sqlName(other.name) === sqlName(spec.name)) {
        p.add(at('name'), spec.name, `duplicates collection '${other.name}' of team '${spec.team}'`, 'use a distinct name (- and _ are equivalent), or reuse the existing collection object');
      }
    }
    b.checkCollection(spec, p);
    p.throwIfAny(where);
    return spec;
  }

  /**
   * @internal Principal checks shared by the store's grants and the team scopes': the backend's kind,
   * the team name, one IAM role per database user, and (pgvector) one owner per database login.
   */
  public _checkPrincipal(p: ProblemCollector, principal: VectorPrincipal, team: string, method: string, owner: string): void {
    if (!(principal instanceof VectorPrincipal)) {
      p.add(`${method}(principal)`, principal, 'must be a VectorPrincipal', 'pass VectorPrincipal.iamRole(...), .gcpServiceAccount(...) or .kubernetesServiceAccount(...)');
      return;
    }
    if (!this.backendBinding.principalKinds.includes(principal.kind)) {
      p.add(`${method}(principal)`, principal.kind, `cannot be used with the ${this.backendKind} backend`, `use ${this.backendBinding.principalKinds.map(principalFactory).join(' or ')}`);
    }
    if (typeof team !== 'string' || !VECTOR_NAME_PATTERN.test(team)) p.add(`${method}(team)`, team, 'is not a valid team name', NAME_FIX);
    const known = this.loginOwners.get(principal.identity);
    // The backend kind, not `instanceof`: the Aurora module is loaded only when the store uses it.
    if (principal.kind === VectorPrincipalKind.AWS_IAM_ROLE && this.backendKind === VectorBackendKind.AURORA_PGVECTOR) {
      if (known?.roleName !== undefined && known.roleName !== principal.roleName) {
        p.add(`${method}(principal)`, principal.identity, 'is already the database user of another IAM role', 'give each IAM role its own dbUser');
      }
    }
    this.backendBinding.checkGrant?.(principal, owner, method, p);
    // Two bootstraps converging one login would revoke each other's grants on every apply.
    if (this.backendKind !== VectorBackendKind.QDRANT_HELM && known !== undefined && known.owner !== owner) {
      const by = known.owner === PLATFORM_OWNER ? "the store's own grants" : `team ${known.owner.slice('team:'.length)}'s stack`;
      p.add(`${method}(principal)`, principal.identity, `is a database login already granted by ${by}`, 'grant each database login from one place: give this principal its own database user (or service account)');
    }
  }

  /** @internal */
  public _recordLogin(principal: VectorPrincipal, owner: string): void {
    if (!this.loginOwners.has(principal.identity)) this.loginOwners.set(principal.identity, { owner, roleName: principal.roleName });
  }

  /** A team is the store's or one team stack's: the store's collections and grants refuse a team-scoped team, and vice versa. */
  private checkPlatformTeam(p: ProblemCollector, path: string, team: string, forTeamScope = false): void {
    if (forTeamScope) {
      const theirs = [...this.collectionList.map((c) => c.team), ...this.grantList.map((g) => g.team)].find((t) => sqlName(t) === sqlName(team));
      if (theirs !== undefined) p.add(path, team, `is already declared on the store itself (team '${theirs}')`, "declare a team's collections in one place: on the store (addCollection) or from its stack (addTeamCollection)");
    } else {
      const scope = this.teamScopes.get(sqlName(team));
      if (scope) p.add(path, team, `is declared from its own stack (${TerraformStack.of(scope).node.path})`, "declare a team's collections in one place: add this one with addTeamCollection from that stack");
    }
  }
}

function principalFactory(kind: VectorPrincipalKind): string {
  switch (kind) {
    case VectorPrincipalKind.AWS_IAM_ROLE:
      return 'VectorPrincipal.iamRole(...)';
    case VectorPrincipalKind.GCP_SERVICE_ACCOUNT:
      return 'VectorPrincipal.gcpServiceAccount(...)';
    default:
      return 'VectorPrincipal.kubernetesServiceAccount(...)';
  }
}
