import type { ResolvedCloudBudget } from './cloud-budget';
import type { SecretLocation, TeamDesiredState } from './desired-state';
import type { TeamIdentity } from './team-identity';
import type { TeamKeyReader } from './tenant-key';
import type { SecretRef } from '../core/secret-ref';
import type { OwnershipTags } from '../core/tags';

/** What a runtime-specific team binding gets from `TenantQuota`. */
export interface TeamBindingContext {
  readonly team: string;
  readonly gatewayName: string;
  readonly identity: TeamIdentity;
  readonly cloudBudget?: ResolvedCloudBudget;
  /** The team's desired state as it is at synthesis (after every `addKey`). */
  readonly desiredState: () => TeamDesiredState;
  readonly tags: OwnershipTags;
}

/** Where a key lives: for the desired state (the reconciler writes there) and for the feature (it reads there). */
export interface BoundKey {
  readonly location: SecretLocation;
  readonly ref: SecretRef;
}

/** The team's resources on one runtime, created in the team's stack. */
export interface TeamBinding {
  /** The team identity's handle, for grants elsewhere (role name/ARN, service account e-mail, namespace). */
  readonly identity: TeamIdentityHandle;
  /** Creates the key's secret and its rotation schedule; the team's identity may read it when `teamReads`. */
  addKey(feature: string, rotationDays: number, teamReads: boolean): BoundKey;
  /** Lets `reader` read the key of `feature`. */
  grantRead(feature: string, reader: TeamKeyReader): void;
}

/** The team's identity as created. */
export interface TeamIdentityHandle {
  /** AWS: the role. */
  readonly roleName?: string;
  readonly roleArn?: string;
  /** AWS: the PostgreSQL login for the vector store (`VectorPrincipal.iamRole(roleName, vectorDbUser)`). */
  readonly vectorDbUser?: string;
  /** AWS: the security group the gateway admits; attach it to the team's workloads (ECS service, Lambda, pods). */
  readonly gatewayCallerSecurityGroupId?: string;
  /** GCP: the service account e-mail. */
  readonly serviceAccountEmail?: string;
  /** Kubernetes: namespace and ServiceAccount. */
  readonly namespace?: string;
  readonly serviceAccountName?: string;
}
