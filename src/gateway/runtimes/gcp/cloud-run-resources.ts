/**
 * What `CloudRunRuntime.bind` creates: the provider bindings and the provider-backed helpers, in one module
 * that the runtime loads on first bind (importing them costs ~180 ms, which importing the package must not pay).
 */
export { ArtifactRegistryRepository } from '@cdktf/provider-google/lib/artifact-registry-repository';
export { CloudRunV2Job } from '@cdktf/provider-google/lib/cloud-run-v2-job';
export { CloudRunV2Service, cloudRunV2ServiceTemplateContainersToTerraform } from '@cdktf/provider-google/lib/cloud-run-v2-service';
export { CloudRunV2ServiceIamMember } from '@cdktf/provider-google/lib/cloud-run-v2-service-iam-member';
export { ProjectIamCustomRole } from '@cdktf/provider-google/lib/project-iam-custom-role';
export { ProjectIamMember } from '@cdktf/provider-google/lib/project-iam-member';
export { SecretManagerSecretIamMember } from '@cdktf/provider-google/lib/secret-manager-secret-iam-member';
export { SecretManagerSecretVersion } from '@cdktf/provider-google/lib/secret-manager-secret-version';
export { ServiceAccount } from '@cdktf/provider-google/lib/service-account';
export { createCloudSql, grantCloudSqlClient } from './cloud-sql';
export { GatewayLoadBalancer } from './load-balancer';
export { createMemorystore } from './memorystore';
export { GeneratedSecret, createSecret, randomHexExpression } from './secret-manager';
