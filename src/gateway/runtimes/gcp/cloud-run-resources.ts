/**
 * What `CloudRunRuntime.bind` creates, one function per concern, in one module that the runtime loads on first bind:
 * they import the provider bindings, which cost ~180 ms to import, which importing the package must not pay. Every
 * function creates into the scope it is given (the `CloudRun` construct), so the logical IDs are that construct's.
 */
export { CloudRunV2ServiceIamMember } from '@cdktf/provider-google/lib/cloud-run-v2-service-iam-member';
export { createConfigFiles } from './cloud-run-config';
export { createServiceAccounts, grantSecretReads, grantVertexPredict } from './cloud-run-identity';
export { createImageSource } from './cloud-run-image';
export { createMigrationJob, migrationPrecondition } from './cloud-run-migrations';
export { createGatewayServices } from './cloud-run-services';
export { connectDatabase, connectRedis, createGatewayKeys } from './cloud-run-stores';
export { GatewayLoadBalancer } from './load-balancer';
