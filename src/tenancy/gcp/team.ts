import { CloudRunV2ServiceIamMember } from '@cdktf/provider-google/lib/cloud-run-v2-service-iam-member';
import { SecretManagerSecret } from '@cdktf/provider-google/lib/secret-manager-secret';
import { SecretManagerSecretIamMember } from '@cdktf/provider-google/lib/secret-manager-secret-iam-member';
import { ServiceAccount } from '@cdktf/provider-google/lib/service-account';
import { ServiceAccountIamMember } from '@cdktf/provider-google/lib/service-account-iam-member';
import { StorageBucketObject } from '@cdktf/provider-google/lib/storage-bucket-object';
import { Construct } from 'constructs';
import { gcpTeamBudget } from './budget';
import { DESIRED_STATE_PREFIX, type GcpTenancyOutputs } from './control-plane';
import { gcpLabels, makeName, NameTarget, stableHash } from '../../core';
import { Lazy } from '../../core/cdktf';
import { SecretRef } from '../../core/secret-ref';
import type { BoundKey, TeamBinding, TeamBindingContext, TeamIdentityHandle } from '../binding';
import { renderDesiredState } from '../desired-state';
import { TeamKeyReaderKind, type TeamKeyReader } from '../tenant-key';

/**
 * A team's resources on a Cloud Run gateway, in the team's stack: its service account (`run.invoker` on the
 * gateway, `secretAccessor` on its own key secrets only), one Secret Manager secret per key (versions are added by
 * the tenancy jobs, never by Terraform), the team's desired state as an object in the tenancy bucket, and a
 * billing budget on the `team` label.
 */
export class GcpTeamResources extends Construct implements TeamBinding {
  public readonly identity: TeamIdentityHandle;
  private readonly secrets = new Map<string, SecretManagerSecret>();
  private readonly project: string;
  private readonly labels: Record<string, string>;
  private readonly member: string;

  constructor(scope: Construct, id: string, private readonly ctx: TeamBindingContext, private readonly platform: GcpTenancyOutputs) {
    super(scope, id);
    const o = ctx.identity._gcp;
    const team = ctx.team;
    this.project = o.project ?? platform.project;
    this.labels = gcpLabels(ctx.tags);
    const sa = new ServiceAccount(this, 'ServiceAccount', {
      project: this.project,
      accountId: makeName(NameTarget.GCP_SERVICE_ACCOUNT, 'team', team),
      displayName: `Team ${team} (LLM gateway ${ctx.gatewayName})`,
      description: `Workloads of team ${team}: call the gateway, read their own LiteLLM keys.`,
    });
    this.member = sa.member;
    this.identity = { serviceAccountEmail: sa.email };
    new CloudRunV2ServiceIamMember(this, 'GatewayInvoker', {
      project: platform.project,
      location: platform.region,
      name: platform.serviceName,
      role: 'roles/run.invoker',
      member: sa.member,
    });
    (o.actAsMembers ?? []).forEach((m) => new ServiceAccountIamMember(this, `ActAs${stableHash([m])}`, { serviceAccountId: sa.name, role: 'roles/iam.serviceAccountUser', member: m }));

    // The desired state, read by the gateway's reconcile job (hourly, and by the pipeline after an apply).
    new StorageBucketObject(this, 'DesiredState', {
      bucket: platform.bucket,
      name: `${DESIRED_STATE_PREFIX}${team}.json`,
      content: Lazy.stringValue({ produce: () => renderDesiredState(ctx.desiredState()) }),
      contentType: 'application/json',
    });

    if (ctx.cloudBudget) gcpTeamBudget(this, 'CloudBudget', ctx.cloudBudget, { gatewayName: ctx.gatewayName, team });
  }

  public addKey(feature: string, rotationDays: number, teamReads: boolean): BoundKey {
    const secretId = makeName(NameTarget.GCP_RESOURCE, 'llm', this.ctx.gatewayName, this.ctx.team, feature);
    const secret = new SecretManagerSecret(this, `Key-${feature}`, {
      project: this.project,
      secretId,
      labels: { ...this.labels, feature: feature.replace(/[^a-z0-9_-]/g, '_') },
      replication: { userManaged: { replicas: [{ location: this.platform.region }] } },
      // Versions are written by the tenancy jobs; keep destroyed ones restorable for a week.
      versionDestroyTtl: '604800s',
      annotations: { 'llm-platform.io/key-alias': `${this.ctx.team}/${feature}`, 'llm-platform.io/rotation-days': String(rotationDays) },
      deletionProtection: true,
    });
    this.secrets.set(feature, secret);
    // The jobs add and disable versions (rotation with a grace period) and read the current one.
    new SecretManagerSecretIamMember(this, `Key-${feature}-Writer`, { project: this.project, secretId: secret.secretId, role: 'roles/secretmanager.secretVersionManager', member: `serviceAccount:${this.platform.jobServiceAccountEmail}` });
    new SecretManagerSecretIamMember(this, `Key-${feature}-JobReader`, { project: this.project, secretId: secret.secretId, role: 'roles/secretmanager.secretAccessor', member: `serviceAccount:${this.platform.jobServiceAccountEmail}` });
    if (teamReads) this.grant(feature, this.member, 'Reader');
    return {
      location: { store: 'gcp-secret-manager', id: `projects/${this.project}/secrets/${secretId}` },
      ref: SecretRef.gcpSecretManager(`projects/${this.project}/secrets/${secretId}`, 'latest'),
    };
  }

  public grantRead(feature: string, reader: TeamKeyReader): void {
    if (reader.kind !== TeamKeyReaderKind.GCP_SERVICE_ACCOUNT) throw new Error(`unreachable: ${reader.kind} reader on GCP`);
    this.grant(feature, `serviceAccount:${reader.identity}`, `Reader${stableHash([reader.identity])}`);
  }

  private grant(feature: string, member: string, rid: string): void {
    const secret = this.secrets.get(feature)!;
    new SecretManagerSecretIamMember(this, `Key-${feature}-${rid}`, { project: this.project, secretId: secret.secretId, role: 'roles/secretmanager.secretAccessor', member });
  }
}
