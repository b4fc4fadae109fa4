import { Construct, type IConstruct } from 'constructs';
import { FeatureCaller, FeatureCallerKind } from './feature-caller';
import { evidence, fact, type AccessFacts, type Evidence } from './readiness/facts';
import { terraformBlocks, type TerraformBlock } from './readiness/terraform-blocks';
import type { TeamContext } from './team-context';
import { TerraformStack } from '../core/cdktf';
import { stableHash } from '../core/naming';
import { TeamKeyReader, type ITenantKey } from '../tenancy/tenant-key';

/** The gateway runtime a team's keys live on, as tenancy sees it. */
export type FeatureRuntime = 'aws' | 'gcp' | 'kubernetes';

/** The runtime of the context's gateway, from its management surface (`undefined` for a custom runtime). */
export function featureRuntime(ctx: TeamContext): FeatureRuntime | undefined {
  const m = ctx.gateway.management;
  return m?.aws ? 'aws' : m?.gcp ? 'gcp' : m?.kubernetes ? 'kubernetes' : undefined;
}

/** Which caller kind runs on which runtime. */
export const CALLER_RUNTIME: Readonly<Record<Exclude<FeatureCallerKind, FeatureCallerKind.TEAM_IDENTITY>, FeatureRuntime>> = {
  [FeatureCallerKind.AWS_ROLE]: 'aws',
  [FeatureCallerKind.GCP_SERVICE_ACCOUNT]: 'gcp',
  [FeatureCallerKind.KUBERNETES_SERVICE_ACCOUNT]: 'kubernetes',
};

/** The factory that fits a runtime, for messages. */
export const CALLER_FACTORY: Readonly<Record<FeatureRuntime, string>> = {
  aws: 'FeatureCaller.awsRole(roleName)',
  gcp: 'FeatureCaller.gcpServiceAccount(email)',
  kubernetes: 'FeatureCaller.kubernetesServiceAccount(teamNamespace, name)',
};

/**
 * One construct per team stack for grants several features share (a Cloud Run `run.invoker` member for a
 * service account that calls two features): one resource per member, so removing one feature never
 * revokes another's access.
 */
const SHARED = new WeakMap<TeamContext, { scope: Construct; members: Set<string> }>();

function shared(ctx: TeamContext, stack: TerraformStack): { scope: Construct; members: Set<string> } {
  let s = SHARED.get(ctx);
  if (!s) {
    s = { scope: new Construct(stack, `LlmFeatureCallers-${ctx.team}`), members: new Set() };
    SHARED.set(ctx, s);
  }
  return s;
}

/** What granting the callers did: who reads the key, and how each reaches the gateway. */
export interface CallerGrants {
  /** Reader names as reports show them, sorted. */
  readonly readers: ReadonlyArray<string>;
  /** How callers reach the gateway, one line each. */
  readonly networkPath: ReadonlyArray<string>;
}

/**
 * Grants each caller read on the feature's key (the tenancy binding creates the IAM policy, secret IAM member or
 * RBAC Role) and network access to the gateway's inference routes: on AWS by the tenancy's caller security
 * group (the caller attaches it), on Cloud Run by `roles/run.invoker` created in the team stack, on Kubernetes
 * by the team namespace the gateway's NetworkPolicy admits. Resources land in the team stack only.
 */
export function grantCallers(feature: IConstruct, ctx: TeamContext, key: ITenantKey, callers: ReadonlyArray<FeatureCaller>): CallerGrants {
  const runtime = featureRuntime(ctx)!;
  const readers: string[] = [];
  const network: string[] = [];
  const team = ctx.team;
  for (const caller of callers) {
    switch (caller.kind) {
      case FeatureCallerKind.TEAM_IDENTITY:
        // Granted by addKey(readByTeamIdentity: true); the team identity already reaches the gateway.
        readers.push(`team identity of ${team}`);
        break;
      case FeatureCallerKind.AWS_ROLE:
        key.grantRead(TeamKeyReader.awsRole(caller.identity));
        readers.push(`iam role ${caller.identity}`);
        break;
      case FeatureCallerKind.GCP_SERVICE_ACCOUNT: {
        key.grantRead(TeamKeyReader.gcpServiceAccount(caller.identity));
        readers.push(`serviceAccount:${caller.identity}`);
        const member = `serviceAccount:${caller.identity}`;
        const s = shared(ctx, TerraformStack.of(feature));
        if (!s.members.has(member)) {
          s.members.add(member);
          const o = ctx.tenant.tenancy.gcp!.outputs;
          // eslint-disable-next-line @typescript-eslint/no-require-imports
          const { CloudRunV2ServiceIamMember } = require('@cdktf/provider-google/lib/cloud-run-v2-service-iam-member') as typeof import('@cdktf/provider-google/lib/cloud-run-v2-service-iam-member');
          new CloudRunV2ServiceIamMember(s.scope, `Invoker${stableHash([member])}`, {
            project: o.project, location: o.region, name: o.serviceName, role: 'roles/run.invoker', member,
          });
        }
        break;
      }
      case FeatureCallerKind.KUBERNETES_SERVICE_ACCOUNT:
        key.grantRead(TeamKeyReader.kubernetesServiceAccount(caller.identity));
        readers.push(`serviceaccount ${caller.namespace}/${caller.identity}`);
        break;
    }
  }
  switch (runtime) {
    case 'aws':
      network.push(`gateway caller security group of ${ctx.gateway.gatewayName} (inference listener only; callers attach gatewayCallerSecurityGroupId)`);
      break;
    case 'gcp':
      for (const c of callers) {
        network.push(c.kind === FeatureCallerKind.TEAM_IDENTITY
          ? `roles/run.invoker on ${ctx.gateway.gatewayName} for the team service account (TenantQuota)`
          : `roles/run.invoker on ${ctx.gateway.gatewayName} for serviceAccount:${c.identity}`);
      }
      break;
    case 'kubernetes':
      network.push(`namespace ${ctx.tenant.identity.namespace} admitted by the gateway's NetworkPolicy (caller port, inference routes only)`);
      break;
  }
  return { readers: [...new Set(readers)].sort(), networkPath: [...new Set(network)].sort() };
}

/** Evidence of a key, by what it shows. */
export interface KeyEvidence {
  readonly secret: Evidence[];
  readonly rotation: Evidence[];
  readonly desiredState: Evidence[];
  readonly readers: Evidence[];
  readonly network: Evidence[];
}

/** The resources behind a feature's key in the team stack (its secret, rotation, grants, desired state). */
export function keyEvidence(ctx: TeamContext, feature: string, callers: ReadonlyArray<FeatureCaller>): KeyEvidence {
  const blocks = terraformBlocks(ctx.tenant);
  const byId = (...ids: string[]) => blocks.filter((b) => ids.includes(b.id));
  const res = (b: TerraformBlock, detail?: string) => evidence.resource(b.address, detail);
  const runtime = featureRuntime(ctx);
  const readerIds = (): string[] => {
    const ids: string[] = [];
    for (const c of callers) {
      if (runtime === 'aws') ids.push(c.kind === FeatureCallerKind.TEAM_IDENTITY ? 'ReadKeys' : `ReadKeys-${stableHash([c.identity])}`);
      else if (runtime === 'gcp') ids.push(c.kind === FeatureCallerKind.TEAM_IDENTITY ? `Key-${feature}-Reader` : `Key-${feature}-Reader${stableHash([c.identity])}`);
      else ids.push(`KeyReader${stableHash([c.kind === FeatureCallerKind.TEAM_IDENTITY ? ctx.tenant.identity.serviceAccountName! : c.identity])}Role`);
    }
    return ids;
  };
  const secret = byId(`Key-${feature}`).map((b) => res(b, 'the key\'s secret (value written by the reconciler, never in Terraform)'));
  const rotation = runtime === 'kubernetes'
    ? byId('KeyRotation').map((b) => res(b, 'daily CronJob rotating keys that are due'))
    : runtime === 'gcp'
      ? secret
      : byId(`Key-${feature}-Rotation`).map((b) => res(b, 'rotation schedule'));
  const desiredState = byId('Reconcile', 'DesiredState').map((b) => res(b, `desired state holding key ${ctx.team}/${feature}`));
  const readers = byId(...readerIds()).map((b) => res(b, 'read grant on the key'));
  let network: Evidence[] = [];
  if (runtime === 'aws') {
    const plane = ctx.tenant.tenancy.aws;
    const sg = plane ? terraformBlocks(plane).filter((b) => b.id === 'CallersSecurityGroup') : [];
    network = sg.length > 0
      ? sg.map((b) => evidence.resource(b.address, 'caller security group the gateway admits', b.stack))
      : [evidence.prop('GatewayTenancy.callerSecurityGroupId', 'the caller security group the gateway already admits')];
  } else if (runtime === 'gcp') {
    const s = [...(SHARED.get(ctx)?.scope ? terraformBlocks(SHARED.get(ctx)!.scope) : [])];
    const members = new Set(callers.filter((c) => c.kind === FeatureCallerKind.GCP_SERVICE_ACCOUNT).map((c) => `Invoker${stableHash([`serviceAccount:${c.identity}`])}`));
    network = [
      ...s.filter((b) => members.has(b.id)).map((b) => res(b, 'roles/run.invoker on the gateway')),
      ...(callers.some((c) => c.kind === FeatureCallerKind.TEAM_IDENTITY) ? byId('GatewayInvoker').map((b) => res(b, 'roles/run.invoker for the team service account')) : []),
    ];
  } else {
    network = byId('Namespace', 'NetworkPolicy').map((b) => res(b, b.id === 'Namespace' ? 'team namespace labelled for the gateway\'s NetworkPolicy' : 'team namespace default-deny ingress'));
    if (network.length === 0) network = [evidence.prop('TeamIdentity.kubernetesNamespace({ createNamespace: false })', 'namespace labelled by its owner')];
  }
  return { secret, rotation, desiredState, readers, network };
}

/** Encryption of the key at rest and of calls in transit, with what shows it. */
export function encryptionFacts(ctx: TeamContext, secretEvidence: ReadonlyArray<Evidence>): AccessFacts['encryption'] {
  const runtime = featureRuntime(ctx);
  const gateway = ctx.gateway;
  const kind = gateway.runtime.kind;
  // Cloud Run serves HTTPS only; elsewhere the scheme of the endpoint says it (an Ingress with TLS on Kubernetes).
  const inTransit = kind === 'cloud-run' || gateway.endpoint.startsWith('https://');
  const atRest = runtime === 'aws' || runtime === 'gcp' || ctx.secretsEncryptionAtRest !== undefined;
  const detail = runtime === 'aws' ? 'Secrets Manager secret encrypted with the tenancy\'s KMS key'
    : runtime === 'gcp' ? 'Secret Manager encrypts every version at rest'
      : ctx.secretsEncryptionAtRest !== undefined ? `Kubernetes Secret; cluster encryption declared: ${ctx.secretsEncryptionAtRest}`
        : 'Kubernetes Secret; how the cluster encrypts Secrets at rest was not declared (TeamContext secretsEncryptionAtRest)';
  return fact({ atRest, inTransit }, ...secretEvidence.map((e) => ({ ...e, detail })),
    evidence.prop('gateway.endpoint', inTransit ? `${kind}: TLS to the gateway` : `${kind}: plaintext endpoint (add an Ingress with TLS)`));
}
