/**
 * What `EcsFargateGateway` creates, one function per concern, in one module that its constructor loads on first use:
 * they import the provider bindings, which cost ~80 ms to import, which importing the package must not pay.
 * Every function creates into the scope it is given (the gateway construct), so the logical IDs are the gateway's.
 */
export { createGatewayConfig } from './gateway-config';
export { createGatewayRoles } from './gateway-iam';
export { createGatewayKeys } from './gateway-keys';
export { createGatewayNetwork } from './gateway-network';
export { createGatewayAutoscaling, createGatewayDnsRecord, createGatewayService, createTaskDefinition } from './gateway-service';
export { createGatewayStores } from './gateway-stores';
