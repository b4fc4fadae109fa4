export * from './platform-cloud';
export * from './platform-props';
export * from './llm-platform';
export * from './team-stack';
export { GATEWAY_ACCESS_LABEL, KubernetesFlavour, type KubernetesPlatformCloudOptions, type KubernetesPlatformRuntimeOptions, type KubernetesPlatformVectorStoreOptions } from './clouds/kubernetes';
export type { AwsPlatformCloudOptions, AwsPlatformRuntimeOptions, AwsPlatformVectorStoreOptions } from './clouds/aws';
export type { GcpPlatformCloudOptions, GcpPlatformRuntimeOptions, GcpPlatformVectorStoreOptions } from './clouds/gcp';
export type { PlatformStackRole } from './clouds/contract';
