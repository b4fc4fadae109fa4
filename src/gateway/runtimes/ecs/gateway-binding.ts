import type { IConstruct } from 'constructs';
import { CONTAINER } from './containers';
import type { GatewayLoadBalancer } from './load-balancer';
import { ECS_DEFAULTS, GATEWAY_MIN_CPU, GATEWAY_MIN_MEMORY_MIB, type EcsFargateRuntimeProps } from './runtime-props';
import type { ElastiCacheRedis } from '../../../aws/redis';
import { ProblemCollector, type SecretRef, SecretStore, type ValidationProblem } from '../../../core';
import { GatewayPeerKind, type GatewayPeer } from '../../peer';
import type { GatewayRuntimeBinding, GatewayRuntimeContext } from '../../runtime-contract';

/** What the binding hands the gateway and its management jobs. */
export interface EcsBindingInput {
  readonly scope: IConstruct;
  readonly props: EcsFargateRuntimeProps;
  readonly loadBalancer: GatewayLoadBalancer;
  readonly masterKey: SecretRef;
  readonly saltKey: SecretRef;
  readonly secretsKmsKeyArn: string;
  readonly cluster: { readonly name: string; readonly arn: string };
  readonly service: { readonly name: string; readonly id: string };
  readonly ownRedis: ElastiCacheRedis | undefined;
}

/**
 * The ECS gateway's binding: the caller endpoint (HTTPS listener), the admin endpoint (admin listener), grants on
 * the load balancer's security group, and what management jobs need (cluster, service, keys, Redis).
 */
export function ecsGatewayBinding(input: EcsBindingInput): GatewayRuntimeBinding {
  const { props, loadBalancer: lb, scope, ownRedis } = input;
  const scheme = props.certificateArn !== undefined ? 'https' : 'http';
  const host = props.domainName ?? lb.loadBalancer.dnsName;
  const endpoint = `${scheme}://${host}`;
  const adminEndpoint = `${scheme}://${host}:${lb.adminListenerPort}`;
  /** Security groups and CIDR ranges go to the listener's rules; any other peer kind is a ValidationError. */
  const admit = (method: string, peer: GatewayPeer, bySecurityGroup: (sg: string) => void, byCidr: (cidr: string) => void): void => {
    if (peer.kind === GatewayPeerKind.AWS_SECURITY_GROUP) return bySecurityGroup(peer.value);
    if (peer.kind === GatewayPeerKind.CIDR) return byCidr(peer.value);
    new ProblemCollector()
      .add(`${method}(peer)`, peer.toString(), `is a ${peer.kind} peer, which an ECS gateway cannot admit`, 'pass GatewayPeer.securityGroup(sgId) or GatewayPeer.cidr(range)')
      .throwIfAny(scope);
  };
  return {
    endpoint,
    adminEndpoint,
    allowAdminFrom: (peer: GatewayPeer) => admit('allowAdminFrom', peer,
      (sg) => lb.allowAdminSecurityGroup(sg, 'Operations peer (security group): admin API'),
      (cidr) => lb.allowAdminCidr(cidr, 'Operations peer (CIDR): admin API')),
    // Management jobs (tenancy reconciler, rotation) call the admin API through the admin listener.
    management: {
      adminUrl: adminEndpoint,
      masterKey: input.masterKey,
      saltKey: input.saltKey,
      aws: {
        vpcId: props.vpcId,
        subnetIds: [...props.privateSubnetIds],
        secretsKmsKeyArn: input.secretsKmsKeyArn,
        clusterName: input.cluster.name,
        clusterArn: input.cluster.arn,
        serviceName: input.service.name,
        serviceArn: input.service.id,
        ...(ownRedis ? {
          redis: {
            replicationGroupId: ownRedis.replicationGroup.id,
            replicationGroupArn: ownRedis.replicationGroup.arn,
            primaryEndpoint: ownRedis.primaryEndpoint,
            port: ownRedis.port,
            securityGroupId: ownRedis.securityGroup.id,
            authTokenSecretArn: ownRedis.authTokenSecretArn,
            markExternallyRotated: () => ownRedis.markExternallyRotated(),
          },
        } : {}),
        allowAdminFrom: (securityGroupId: string, description: string) => lb.allowAdminSecurityGroup(securityGroupId, description),
      },
    },
    allowFrom: (peer: GatewayPeer) => admit('allowFrom', peer,
      (sg) => lb.allowSecurityGroup(sg, 'Granted caller (security group)'),
      (cidr) => lb.allowCidr(cidr, 'Granted caller (CIDR)')),
  };
}

/**
 * Checks that need the final tree (sidecars, environment and secrets are added after construction): LiteLLM keeps
 * its CPU and memory floor, sidecar names and environment names do not collide with the runtime's, and every
 * secret is one ECS can inject.
 */
export function ecsFinalTreeProblems(
  ctx: GatewayRuntimeContext, props: EcsFargateRuntimeProps, runtimeOwnedNames: () => ReadonlyArray<string>,
): ValidationProblem[] {
  const cpu = props.cpu ?? ECS_DEFAULTS.cpu;
  const memory = props.memoryMiB ?? ECS_DEFAULTS.memoryMiB;
  const p = new ProblemCollector();
  const sidecars = ctx.sidecars();
  const sidecarCpu = sidecars.reduce((sum, s) => sum + (s.cpu ?? ECS_DEFAULTS.sidecarCpu), 0);
  const sidecarMemory = sidecars.reduce((sum, s) => sum + (s.memoryMiB ?? ECS_DEFAULTS.sidecarMemoryMiB), 0);
  if (cpu - sidecarCpu < GATEWAY_MIN_CPU) p.add('runtime.cpu', cpu, `leaves less than ${GATEWAY_MIN_CPU} CPU units for LiteLLM after sidecars (${sidecarCpu})`, 'raise cpu (and memoryMiB) or give sidecars less');
  if (memory - sidecarMemory < GATEWAY_MIN_MEMORY_MIB) p.add('runtime.memoryMiB', memory, `leaves less than ${GATEWAY_MIN_MEMORY_MIB} MiB for LiteLLM after sidecars (${sidecarMemory})`, 'raise memoryMiB or give sidecars less');
  const reserved: string[] = Object.values(CONTAINER);
  for (const s of sidecars) {
    if (reserved.includes(s.name)) p.add(`sidecars.${s.name}`, s.name, 'is a container name the ECS runtime uses', 'rename the sidecar');
    for (const name of Object.keys(s.secrets ?? {})) {
      if (s.secrets![name].store !== SecretStore.AWS_SECRETS_MANAGER) p.add(`sidecars.${s.name}.secrets.${name}`, String(s.secrets![name]), 'is not a Secrets Manager secret', 'ECS injects secrets from Secrets Manager: pass SecretRef.awsSecretsManager(arn)');
    }
  }
  const owned = new Set(runtimeOwnedNames());
  for (const name of [...Object.keys(ctx.environment()), ...Object.keys(ctx.secretEnvironment())]) {
    if (owned.has(name)) p.add(`environment.${name}`, name, 'is set by the ECS runtime', 'remove it; the runtime supplies this value');
  }
  for (const [name, ref] of Object.entries(ctx.secretEnvironment())) {
    if (ref.store !== SecretStore.AWS_SECRETS_MANAGER) p.add(`secretEnvironment.${name}`, String(ref), 'is not a Secrets Manager secret', 'ECS injects secrets from Secrets Manager: pass SecretRef.awsSecretsManager(arn)');
  }
  return [...p.problems];
}
