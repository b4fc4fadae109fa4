import { AppautoscalingPolicy } from '@cdktf/provider-aws/lib/appautoscaling-policy';
import { AppautoscalingTarget } from '@cdktf/provider-aws/lib/appautoscaling-target';
import { EcsCluster } from '@cdktf/provider-aws/lib/ecs-cluster';
import { EcsService } from '@cdktf/provider-aws/lib/ecs-service';
import { EcsTaskDefinition } from '@cdktf/provider-aws/lib/ecs-task-definition';
import { Route53Record } from '@cdktf/provider-aws/lib/route53-record';
import type { Construct } from 'constructs';
import { CONFIG_OBJECT_KEY, CONTAINER, gatewayContainerDefinitions, type InitContainerSpec, litellmArgsForBucketConfig, VOLUMES } from './containers';
import { jsonText } from './json';
import type { GatewayLoadBalancer } from './load-balancer';
import { ContainerInsights, ECS_DEFAULTS, type EcsFargateRuntimeProps, FargateCpuArchitecture } from './runtime-props';
import { makeName, NameTarget } from '../../../core';
import { Lazy, type ITerraformDependable } from '../../../core/cdktf';
import type { GatewaySidecar } from '../../runtime-contract';

/** Fargate platform version, pinned: `LATEST` moves under a running service. */
const PLATFORM_VERSION = '1.4.0';

export interface TaskDefinitionProps {
  readonly props: EcsFargateRuntimeProps;
  readonly base: string;
  readonly image: string;
  readonly port: number;
  readonly executionRoleArn: string;
  readonly taskRoleArn: string;
  readonly configBucketName: string;
  readonly logGroup: string;
  readonly region: string;
  readonly init: ReadonlyArray<InitContainerSpec>;
  /** Read at synth (the gateway's add* calls come after construction). */
  readonly environment: () => Record<string, string>;
  readonly secrets: () => Record<string, string>;
  readonly sidecars: () => ReadonlyArray<GatewaySidecar>;
  readonly sidecarSecret: (sidecar: string, name: string) => string;
}

/** Creates `TaskDefinition` in `scope`: the LiteLLM container, the migrations init container and the sidecars. */
export function createTaskDefinition(scope: Construct, input: TaskDefinitionProps): EcsTaskDefinition {
  const { props, port } = input;
  return new EcsTaskDefinition(scope, 'TaskDefinition', {
    family: makeName(NameTarget.ECS, input.base, 'litellm'),
    requiresCompatibilities: ['FARGATE'],
    networkMode: 'awsvpc',
    cpu: String(props.cpu ?? ECS_DEFAULTS.cpu),
    memory: String(props.memoryMiB ?? ECS_DEFAULTS.memoryMiB),
    runtimePlatform: { operatingSystemFamily: 'LINUX', cpuArchitecture: props.cpuArchitecture ?? FargateCpuArchitecture.X86_64 },
    executionRoleArn: input.executionRoleArn,
    taskRoleArn: input.taskRoleArn,
    volume: [{ name: VOLUMES.PROMETHEUS.name }, { name: VOLUMES.TMP.name }],
    // JSON text, not jsonencode(): values may hold quotes (commands, user environment), which cdktf's
    // HCL rendering of function arguments does not escape.
    containerDefinitions: Lazy.stringValue({
      produce: () => jsonText(gatewayContainerDefinitions({
        image: input.image,
        port,
        command: litellmArgsForBucketConfig(port, input.configBucketName, CONFIG_OBJECT_KEY),
        environment: input.environment(),
        secrets: input.secrets(),
        log: { group: input.logGroup, region: input.region },
        readonlyRootFilesystem: props.readonlyRootFilesystem ?? true,
        init: [...input.init],
        sidecars: input.sidecars(),
        sidecarSecret: input.sidecarSecret,
      })),
    }),
  });
}

export interface GatewayServiceProps {
  readonly props: EcsFargateRuntimeProps;
  readonly base: string;
  readonly port: number;
  readonly taskDefinition: EcsTaskDefinition;
  readonly taskSecurityGroupId: string;
  readonly loadBalancer: GatewayLoadBalancer;
  /** What must exist before the first task starts. */
  readonly dependsOn: ITerraformDependable[];
}

/** The cluster and the service that runs the task behind the load balancer. */
export interface GatewayService {
  readonly cluster: EcsCluster;
  readonly service: EcsService;
}

/**
 * Creates `Cluster` and `Service` in `scope`: rolling deployments that never go below the running capacity, rolled
 * back by the circuit breaker; the running count belongs to the autoscaler after creation.
 */
export function createGatewayService(scope: Construct, input: GatewayServiceProps): GatewayService {
  const { props, base, port } = input;
  const cluster = new EcsCluster(scope, 'Cluster', {
    name: makeName(NameTarget.ECS, base),
    setting: [{ name: 'containerInsights', value: props.containerInsights ?? ContainerInsights.ENABLED }],
  });
  const service = new EcsService(scope, 'Service', {
    name: makeName(NameTarget.ECS, base, 'litellm'),
    cluster: cluster.id,
    taskDefinition: input.taskDefinition.arn,
    desiredCount: props.minTasks ?? ECS_DEFAULTS.minTasks,
    launchType: 'FARGATE',
    platformVersion: PLATFORM_VERSION,
    networkConfiguration: { subnets: [...props.privateSubnetIds], securityGroups: [input.taskSecurityGroupId], assignPublicIp: false },
    loadBalancer: [{ targetGroupArn: input.loadBalancer.targetGroup.arn, containerName: CONTAINER.GATEWAY, containerPort: port }],
    deploymentCircuitBreaker: { enable: true, rollback: true },
    // Never below the current capacity during a deployment; new tasks start before old ones stop.
    deploymentMinimumHealthyPercent: 100,
    deploymentMaximumPercent: 200,
    // Init containers (DB bootstrap, migrations) run before LiteLLM is even started.
    healthCheckGracePeriodSeconds: 300,
    availabilityZoneRebalancing: 'ENABLED',
    enableExecuteCommand: false,
    enableEcsManagedTags: true,
    propagateTags: 'SERVICE',
    // The autoscaler owns the running count after creation.
    lifecycle: { ignoreChanges: ['desired_count'] },
    // The target group must be attached to a listener, IAM must allow secret reads, and the stores
    // must be available before the first task starts (or the first deployment trips the breaker).
    dependsOn: input.dependsOn,
  });
  return { cluster, service };
}

/**
 * Creates `ScalingTarget` and two target-tracking policies (`ScaleOnCpu`, `ScaleOnRequests` per target) in `scope`:
 * out fast, in slowly, between minTasks and maxTasks.
 */
export function createGatewayAutoscaling(
  scope: Construct, props: EcsFargateRuntimeProps, base: string, running: GatewayService, loadBalancer: GatewayLoadBalancer,
): void {
  const target = new AppautoscalingTarget(scope, 'ScalingTarget', {
    serviceNamespace: 'ecs',
    scalableDimension: 'ecs:service:DesiredCount',
    resourceId: `service/${running.cluster.name}/${running.service.name}`,
    minCapacity: props.minTasks ?? ECS_DEFAULTS.minTasks,
    maxCapacity: props.maxTasks ?? ECS_DEFAULTS.maxTasks,
  });
  const scaling = props.autoscaling ?? {};
  const tracking = (rid: string, metric: string, targetValue: number, resourceLabel?: string): void => {
    new AppautoscalingPolicy(scope, rid, {
      name: makeName(NameTarget.ECS, base, rid),
      policyType: 'TargetTrackingScaling',
      serviceNamespace: target.serviceNamespace,
      scalableDimension: target.scalableDimension,
      resourceId: target.resourceId,
      targetTrackingScalingPolicyConfiguration: {
        targetValue,
        predefinedMetricSpecification: { predefinedMetricType: metric, resourceLabel },
        scaleInCooldown: scaling.scaleInCooldownSeconds ?? 300,
        scaleOutCooldown: scaling.scaleOutCooldownSeconds ?? 60,
      },
    });
  };
  tracking('ScaleOnCpu', 'ECSServiceAverageCPUUtilization', scaling.cpuTargetPercent ?? 60);
  tracking('ScaleOnRequests', 'ALBRequestCountPerTarget', scaling.requestsPerTargetPerMinute ?? 500,
    `${loadBalancer.loadBalancer.arnSuffix}/${loadBalancer.targetGroup.arnSuffix}`);
}

/** Creates `DnsRecord` (an alias to the load balancer) in `scope` when a hosted zone and a domain name are given. */
export function createGatewayDnsRecord(scope: Construct, props: EcsFargateRuntimeProps, loadBalancer: GatewayLoadBalancer): void {
  if (props.hostedZoneId === undefined || props.domainName === undefined) return;
  new Route53Record(scope, 'DnsRecord', {
    zoneId: props.hostedZoneId,
    name: props.domainName,
    type: 'A',
    alias: { name: loadBalancer.loadBalancer.dnsName, zoneId: loadBalancer.loadBalancer.zoneId, evaluateTargetHealth: true },
  });
}
