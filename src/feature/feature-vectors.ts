import type { Construct } from 'constructs';
import { FeatureCallerKind, type FeatureCaller } from './feature-caller';
import type { FeatureVectorCollection } from './feature-props';
import { vectorStoreNames } from './readiness/derive';
import { evidence, fact, type VectorCollectionFacts } from './readiness/facts';
import { terraformBlocks } from './readiness/terraform-blocks';
import type { TeamContext } from './team-context';
import { renderReceived, type ValidationProblem } from '../core/errors';
import { isUnresolved } from '../core/tokens';
import { VECTOR_NAME_PATTERN, VectorAccess } from '../vector-store/model';
import { VectorPrincipal } from '../vector-store/principal';
import type { VectorCollection } from '../vector-store/vector-store';

/** A PostgreSQL login for a caller role: lowercase letters, digits and `_` (at most 63). */
function dbUserOf(team: string, roleName: string): string {
  return `${team}_${roleName}`.toLowerCase().replace(/[^a-z0-9_]/g, '_').replace(/^[^a-z_]/, '_').slice(0, 63);
}

/** The collection name a feature's `vectorCollection` gets. */
export function collectionName(feature: string, v: FeatureVectorCollection): string {
  return v.name ?? feature;
}

/** Problems with a feature's `vectorCollection` that the props schema cannot see. */
export function vectorProblems(
  ctx: TeamContext, feature: string, v: FeatureVectorCollection, callers: ReadonlyArray<FeatureCaller>,
): ValidationProblem[] {
  const out: ValidationProblem[] = [];
  const add = (path: string, received: unknown, message: string, fix: string) => out.push({ path, received: renderReceived(received), message, fix });
  if (!ctx.vectorStore) {
    add('vectorCollection', 'no vector store', 'has no vector store to live in', 'register the platform\'s VectorStore with the team (TeamContext.register(teamStack, { vectorStore, ... }); LlmPlatform does it when vectorStore is on)');
    return out;
  }
  const name = collectionName(feature, v);
  if (typeof name !== 'string' || !VECTOR_NAME_PATTERN.test(name)) {
    add('vectorCollection.name', name, 'is not a valid collection name', 'use a lowercase letter, then letters, digits and single - or _ separators (at most 40); name it when the feature name does not fit');
  }
  callers.forEach((c, i) => {
    const literal = (x: string) => typeof x === 'string' && !isUnresolved(x);
    if (c.kind === FeatureCallerKind.AWS_ROLE && !literal(c.identity)) add(`callers[${i}]`, c.identity, 'is a role name known only at apply time, but a vector collection grant names a database login after it', 'pass the literal role name');
    if (c.kind === FeatureCallerKind.GCP_SERVICE_ACCOUNT && !literal(c.identity)) add(`callers[${i}]`, c.identity, 'is an e-mail known only at apply time, but Cloud SQL names the database role after it', 'pass the literal service account e-mail');
  });
  return out;
}

/** The callers as vector-store principals (the team identity as the tenancy created it). */
function principals(ctx: TeamContext, callers: ReadonlyArray<FeatureCaller>): VectorPrincipal[] {
  const id = ctx.tenant.identity;
  const out: VectorPrincipal[] = [];
  for (const c of callers) {
    switch (c.kind) {
      case FeatureCallerKind.AWS_ROLE:
        out.push(VectorPrincipal.iamRole(c.identity, dbUserOf(ctx.team, c.identity), { securityGroupId: id.gatewayCallerSecurityGroupId }));
        break;
      case FeatureCallerKind.GCP_SERVICE_ACCOUNT:
        out.push(VectorPrincipal.gcpServiceAccount(c.identity));
        break;
      case FeatureCallerKind.KUBERNETES_SERVICE_ACCOUNT:
        out.push(VectorPrincipal.kubernetesServiceAccount(c.namespace!, c.identity));
        break;
      case FeatureCallerKind.TEAM_IDENTITY:
        if (id.roleName && id.vectorDbUser) {
          out.push(VectorPrincipal.iamRole(id.roleName, id.vectorDbUser, { securityGroupId: id.gatewayCallerSecurityGroupId }));
        } else if (id.namespace && id.serviceAccountName) {
          out.push(VectorPrincipal.kubernetesServiceAccount(id.namespace, id.serviceAccountName));
        } else if (id.serviceAccountEmail && !isUnresolved(id.serviceAccountEmail)) {
          out.push(VectorPrincipal.gcpServiceAccount(id.serviceAccountEmail));
        }
        break;
    }
  }
  return out;
}

/** Creates the feature's collection from the team stack and grants the callers; returns its readiness facts. */
export function addFeatureCollection(
  scope: Construct, ctx: TeamContext, feature: string, v: FeatureVectorCollection, callers: ReadonlyArray<FeatureCaller>,
): {
    readonly collection: VectorCollection; readonly facts: () => VectorCollectionFacts;
  } {
  const store = ctx.vectorStore!;
  const granted = principals(ctx, callers);
  const write = (v.access ?? VectorAccess.READ_WRITE) === VectorAccess.READ_WRITE;
  const collection = store.addTeamCollection(scope, {
    team: ctx.team,
    name: collectionName(feature, v),
    dimensions: v.dimensions,
    ...(v.distance ? { distance: v.distance } : {}),
    ...(v.index ? { index: v.index } : {}),
    ...(write ? { writers: granted } : { readers: granted }),
  });
  const facts = (): VectorCollectionFacts => {
    const blocks = terraformBlocks(scope);
    return {
      backend: fact(String(store.backendKind), evidence.prop(`VectorStore ${store.node.path}`)),
      collection: fact({ name: collection.name, dimensions: collection.dimensions }, evidence.prop('props.vectorCollection'), ...blocks.map((b) => evidence.resource(b.address))),
      grants: fact(granted.map((g) => `${write ? 'read-write' : 'read'}: ${g.identity}`).sort(), evidence.prop('props.callers')),
      names: vectorStoreNames(store),
    };
  };
  return { collection, facts };
}
