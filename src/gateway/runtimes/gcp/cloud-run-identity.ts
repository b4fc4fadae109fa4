import { ProjectIamCustomRole } from '@cdktf/provider-google/lib/project-iam-custom-role';
import { ProjectIamMember } from '@cdktf/provider-google/lib/project-iam-member';
import { SecretManagerSecretIamMember } from '@cdktf/provider-google/lib/secret-manager-secret-iam-member';
import { ServiceAccount } from '@cdktf/provider-google/lib/service-account';
import type { Construct } from 'constructs';
import { VERTEX_PERMISSIONS } from './cloud-run-containers';
import { userSecret } from './cloud-run-props';
import { makeName, NameTarget, type SecretRef, SecretStore, stableHash } from '../../../core';
import { Lazy, TerraformIterator } from '../../../core/cdktf';
import { isUnresolved } from '../../../core/tokens';
import type { GatewayRuntimeContext } from '../../runtime-contract';

/** The gateway's two identities: one for the services, one for the migrations job. */
export interface GatewayServiceAccounts {
  readonly serviceAccount: ServiceAccount;
  readonly migrationsAccount: ServiceAccount;
}

/** Creates `ServiceAccount` and `MigrationsServiceAccount` in `scope`: never the default compute service account. */
export function createServiceAccounts(scope: Construct, project: string, baseName: string): GatewayServiceAccounts {
  const serviceAccount = new ServiceAccount(scope, 'ServiceAccount', {
    project,
    accountId: makeName(NameTarget.GCP_SERVICE_ACCOUNT, baseName, 'run'),
    displayName: `${baseName} LiteLLM gateway (Cloud Run)`,
    description: 'Runs the LiteLLM gateway: reads its own secrets and calls the configured Vertex AI models.',
  });
  const migrationsAccount = new ServiceAccount(scope, 'MigrationsServiceAccount', {
    project,
    accountId: makeName(NameTarget.GCP_SERVICE_ACCOUNT, baseName, 'migrate'),
    displayName: `${baseName} LiteLLM migrations (Cloud Run job)`,
    description: 'Runs LiteLLM database migrations: reads the DATABASE_URL secret only.',
  });
  return { serviceAccount, migrationsAccount };
}

/** A secret the gateway's identity reads (`id` is the grant's construct id). */
export interface SecretRead {
  readonly id: string;
  readonly secretId: string;
  readonly project?: string;
}

export interface SecretReadGrantsProps {
  readonly context: GatewayRuntimeContext;
  readonly project: string;
  /** The secrets the runtime itself mounts or injects, granted one by one. */
  readonly reads: ReadonlyArray<SecretRead>;
  readonly member: string;
  /** The one secret the migrations job reads (DATABASE_URL). */
  readonly migrations: { readonly member: string; readonly secretId: string; readonly project?: string };
}

/** The grants the services and the job must wait for. */
export interface SecretReadGrants {
  readonly grants: SecretManagerSecretIamMember[];
  readonly contextGrants: SecretManagerSecretIamMember;
  readonly migrationGrant: SecretManagerSecretIamMember;
}

const ACCESSOR = 'roles/secretmanager.secretAccessor';

/**
 * `secretAccessor` on exactly the secrets each identity reads: one grant per runtime secret, one `for_each` grant
 * (`ContextSecretAccess`) for the secrets of models and sidecars (known only at synth), and the migrations job's
 * grant on DATABASE_URL (`MigrationsDatabaseUrlAccess`).
 */
export function grantSecretReads(scope: Construct, input: SecretReadGrantsProps): SecretReadGrants {
  const grants = input.reads.map((g) => new SecretManagerSecretIamMember(scope, g.id, {
    project: g.project,
    secretId: g.secretId,
    role: ACCESSOR,
    member: input.member,
  }));
  const granted = new Set(input.reads.map((g) => g.secretId));
  // Secrets of models and sidecars are known only at synth (after add* calls): one for_each.
  const contextSecrets = TerraformIterator.fromMap(lazyMap(() => contextSecretMap(input.context, input.project, granted)));
  const contextGrants = new SecretManagerSecretIamMember(scope, 'ContextSecretAccess', {
    forEach: contextSecrets,
    project: contextSecrets.getString('project'),
    secretId: contextSecrets.getString('secret'),
    role: ACCESSOR,
    member: input.member,
  });
  const migrationGrant = new SecretManagerSecretIamMember(scope, 'MigrationsDatabaseUrlAccess', {
    project: input.migrations.project,
    secretId: input.migrations.secretId,
    role: ACCESSOR,
    member: input.migrations.member,
  });
  return { grants, contextGrants, migrationGrant };
}

/**
 * Vertex AI: a custom role with the predict permission only (`VertexPredictRole`), granted in each project the
 * models use (`VertexPredictAccess`); both `for_each` over the projects, read at synth.
 */
export function grantVertexPredict(scope: Construct, context: GatewayRuntimeContext, baseName: string, member: string): ProjectIamMember {
  const vertexProjects = TerraformIterator.fromMap(lazyMap(() => vertexProjectMap(context)));
  const roleId = `llmGatewayVertexPredict_${stableHash([baseName])}`;
  const vertexRole = new ProjectIamCustomRole(scope, 'VertexPredictRole', {
    forEach: vertexProjects,
    project: vertexProjects.getString('project'),
    roleId,
    title: `${baseName} LiteLLM Vertex AI predict`,
    description: 'Calls Vertex AI models (publisher models and endpoints); nothing else.',
    permissions: VERTEX_PERMISSIONS,
  });
  return new ProjectIamMember(scope, 'VertexPredictAccess', {
    forEach: vertexProjects,
    project: vertexProjects.getString('project'),
    role: `projects/${vertexProjects.getString('project')}/roles/${roleId}`,
    member,
    dependsOn: [vertexRole],
  });
}

/** A `for_each` map computed at synth (a token standing in for the map until then). */
function lazyMap(produce: () => Record<string, Record<string, string>>): Record<string, Record<string, string>> {
  return Lazy.anyValue({ produce }) as unknown as Record<string, Record<string, string>>;
}

/** `for_each` map of the secrets models and sidecars read, minus those granted explicitly. */
function contextSecretMap(
  context: GatewayRuntimeContext, project: string, granted: ReadonlySet<string>,
): Record<string, { project: string; secret: string }> {
  const refs: Array<[string, SecretRef]> = [
    ...Object.entries(context.secretEnvironment()),
    ...context.sidecars().flatMap((s) => Object.entries(s.secrets ?? {}).map(([n, r]) => [`${s.name}-${n}`, r] as [string, SecretRef])),
  ];
  const out: Record<string, { project: string; secret: string }> = {};
  const seen = new Set<string>(granted);
  for (const [name, ref] of refs.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (ref.store !== SecretStore.GCP_SECRET_MANAGER) continue;
    const s = userSecret(ref, project);
    if (seen.has(s.iamSecretId)) continue;
    seen.add(s.iamSecretId);
    // for_each keys must be known at plan time: the secret id when it is a literal, else the env name.
    const key = isUnresolved(ref.id) ? `env-${name}` : ref.id.replace(/^projects\/([^/]+)\/secrets\//, '$1/');
    out[key] = { project: s.iamProject ?? project, secret: s.iamSecretId };
  }
  return out;
}

function vertexProjectMap(context: GatewayRuntimeContext): Record<string, { project: string }> {
  const out: Record<string, { project: string }> = {};
  const projects = [...new Set(context.cloudAccess().vertex.map((v) => v.project))].sort();
  projects.forEach((project, i) => {
    out[isUnresolved(project) ? `project-${i}` : project] = { project };
  });
  return out;
}
