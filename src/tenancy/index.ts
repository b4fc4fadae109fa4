export * from './tenant-quota';
export * from './tenant-key';
export * from './team-identity';
export * from './cloud-budget';
export * from './gateway-tenancy';
export type { TeamIdentityHandle } from './binding';
export { AWS_KEY_SECRET_FIELD } from './aws/team';
export type { AwsTenancyOutputs } from './aws/control-plane';
export type { KubernetesTenancyOutputs } from './kubernetes/control-plane';
export type { GcpTenancyOutputs } from './gcp/control-plane';
// The desired-state document and the reconciler's code (MANAGED_BY is core's, not re-exported twice).
export {
  DESIRED_STATE_SCHEMA_VERSION, describeDesiredState, desiredStateProblems, desiredStateSha256, diffDesiredStates, renderDesiredState,
  teamDesiredState, type KeyDesiredStateInput, type KeySpec, type SecretLocation, type TeamDesiredState, type TeamDesiredStateInput, type TeamSpec,
} from './desired-state';
export * from './lambdas';
