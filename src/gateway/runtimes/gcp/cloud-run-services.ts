import { CloudRunV2Service, cloudRunV2ServiceTemplateContainersToTerraform } from '@cdktf/provider-google/lib/cloud-run-v2-service';
import type {
  CloudRunV2ServiceTemplateContainers, CloudRunV2ServiceTemplateVolumes,
} from '@cdktf/provider-google/lib/cloud-run-v2-service';
import type { SecretManagerSecret } from '@cdktf/provider-google/lib/secret-manager-secret';
import type { SecretManagerSecretVersion } from '@cdktf/provider-google/lib/secret-manager-secret-version';
import type { ServiceAccount } from '@cdktf/provider-google/lib/service-account';
import type { Construct } from 'constructs';
import {
  CONFIG_DIR,
  CONFIG_FILE,
  EDGE_CONTAINER,
  GATEWAY_CONTAINER,
  LIVENESS_PATH,
  READINESS_PATH,
  cloudSqlProxyContainer,
  dependsOnContainers,
  sidecarContainers,
  sortByName,
  toServiceEnv,
  trafficTargets,
  type EnvVar,
} from './cloud-run-containers';
import { CloudRunIngress, CloudRunIngressKind, CloudRunTraffic } from './cloud-run-options';
import { CLOUD_RUN_DEFAULTS, type CloudRunRuntimeProps, checkCloudRunContext } from './cloud-run-props';
import { makeName, NameTarget, ProblemCollector } from '../../../core';
import { Lazy, type ITerraformDependable, type Precondition } from '../../../core/cdktf';
import { EDGE_PROXY_COMMAND, EDGE_PROXY_CONFIG_DIR, EDGE_PROXY_HEALTH_PATH, EDGE_PROXY_IMAGE, EDGE_PROXY_PORT } from '../../edge-proxy';
import type { GatewayRuntimeContext } from '../../runtime-contract';

export interface GatewayServicesProps {
  readonly props: CloudRunRuntimeProps;
  readonly context: GatewayRuntimeContext;
  readonly baseName: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly serviceAccount: ServiceAccount;
  /** The image Cloud Run pulls, and how to map the sidecars' images. */
  readonly gatewayImage: string;
  readonly resolveImage: (image: string) => string;
  /** Environment the runtime provides (Redis, database, keys), merged with the gateway's at synth. */
  readonly runtimeEnv: EnvVar[];
  readonly volumes: CloudRunV2ServiceTemplateVolumes[];
  readonly mounts: Array<{ name: string; mountPath: string }>;
  readonly edgeConfigSecret: SecretManagerSecret;
  readonly edgeConfigVersion: SecretManagerSecretVersion;
  readonly sqlConnectionName: string | undefined;
  readonly vpcAccess: { networkInterfaces: Array<{ network: string; subnetwork: string }>; egress: string };
  readonly minInstances: number;
  readonly maxInstances: number;
  /** Neither service rolls before this image's migrations ran. */
  readonly migrated: Precondition;
  readonly dependsOn: ITerraformDependable[];
}

/** The callers' service and the admin service. */
export interface GatewayServices {
  readonly service: CloudRunV2Service;
  readonly adminService: CloudRunV2Service;
}

/**
 * Creates `Service` (callers reach the nginx edge, inference routes only) and `AdminService` (operators reach
 * LiteLLM directly; scales to zero between uses) in `scope`, both private and IAM-checked.
 */
export function createGatewayServices(scope: Construct, input: GatewayServicesProps): GatewayServices {
  const { props, context, labels, serviceAccount, gatewayImage, resolveImage, volumes, mounts } = input;
  const { edgeConfigSecret, edgeConfigVersion, sqlConnectionName, vpcAccess } = input;
  const { project, region } = props;
  const baseName = input.baseName;
  const deletionProtection = props.deletionProtection ?? CLOUD_RUN_DEFAULTS.deletionProtection;
  const ingress = props.ingress ?? CloudRunIngress.internal();
  const traffic = props.traffic ?? CloudRunTraffic.latest();
  // The services: callers reach the edge (inference routes only) of `Service`; operators (allowAdminFrom)
  // reach LiteLLM directly on `AdminService`, which scales to zero between uses.
  const litellmContainer = (isIngress: boolean): CloudRunV2ServiceTemplateContainers => ({
    name: GATEWAY_CONTAINER,
    image: gatewayImage,
    // Workers come from the gateway's NUM_WORKERS (= workersPerInstance).
    args: ['--config', `${CONFIG_DIR}/${CONFIG_FILE}`, '--port', String(context.containerPort)],
    // Only the ingress container has a port; behind the edge, LiteLLM listens on localhost:4000 for it.
    ...(isIngress ? { ports: { name: 'http1', containerPort: context.containerPort } } : {}),
    resources: {
      limits: { cpu: String(props.cpu ?? CLOUD_RUN_DEFAULTS.cpu), memory: `${props.memoryMiB ?? CLOUD_RUN_DEFAULTS.memoryMiB}Mi` },
      // CPU stays allocated between requests: LiteLLM batches spend logs, runs health checks
      // and refreshes budgets in the background.
      cpuIdle: false,
      startupCpuBoost: true,
    },
    env: toServiceEnv(gatewayEnv(props, context, input.runtimeEnv)),
    volumeMounts: mounts,
    startupProbe: {
      httpGet: { path: READINESS_PATH, port: context.containerPort },
      initialDelaySeconds: 0,
      periodSeconds: 10,
      timeoutSeconds: 5,
      // 24 × 10 s = Cloud Run's 240 s startup ceiling (Prisma client start + DB connect).
      failureThreshold: 24,
    },
    livenessProbe: {
      httpGet: { path: LIVENESS_PATH, port: context.containerPort },
      periodSeconds: 30,
      timeoutSeconds: 5,
      failureThreshold: 3,
    },
    dependsOn: dependsOnContainers(context.sidecars(), sqlConnectionName !== undefined),
  });
  const edgeContainer: CloudRunV2ServiceTemplateContainers = {
    name: EDGE_CONTAINER,
    image: EDGE_PROXY_IMAGE,
    command: [...EDGE_PROXY_COMMAND],
    ports: { name: 'http1', containerPort: EDGE_PROXY_PORT },
    resources: { limits: { cpu: '1', memory: '256Mi' }, cpuIdle: false },
    volumeMounts: [{ name: 'edge-config', mountPath: EDGE_PROXY_CONFIG_DIR }, { name: 'edge-tmp', mountPath: '/tmp' }],
    startupProbe: { httpGet: { path: EDGE_PROXY_HEALTH_PATH, port: EDGE_PROXY_PORT }, periodSeconds: 2, timeoutSeconds: 1, failureThreshold: 30 },
    // Starts once LiteLLM answers its readiness probe, so the edge never serves 502s at startup.
    dependsOn: [GATEWAY_CONTAINER],
  };
  const edgeVolumes: CloudRunV2ServiceTemplateVolumes[] = [
    { name: 'edge-config', secret: { secret: edgeConfigSecret.secretId, items: [{ path: 'nginx.conf', version: edgeConfigVersion.version }] } },
    { name: 'edge-tmp', emptyDir: { medium: 'MEMORY', sizeLimit: '64Mi' } },
  ];
  const serviceOf = (id: string, admin: boolean): CloudRunV2Service => new CloudRunV2Service(scope, id, {
    project,
    location: region,
    name: makeName(NameTarget.CLOUD_RUN_SERVICE, baseName, ...(admin ? ['admin'] : [])),
    description: admin ? 'LiteLLM gateway: admin API (operators only)' : 'LiteLLM gateway',
    ingress: admin || ingress.kind === CloudRunIngressKind.INTERNAL ? 'INGRESS_TRAFFIC_INTERNAL_ONLY' : 'INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER',
    // IAM stays on: callers need roles/run.invoker, granted one by one through allowFrom() / allowAdminFrom().
    invokerIamDisabled: false,
    deletionProtection,
    labels: { ...labels },
    template: {
      serviceAccount: serviceAccount.email,
      executionEnvironment: 'EXECUTION_ENVIRONMENT_GEN2',
      maxInstanceRequestConcurrency: props.concurrency ?? CLOUD_RUN_DEFAULTS.concurrency,
      timeout: `${props.requestTimeoutSeconds ?? CLOUD_RUN_DEFAULTS.requestTimeoutSeconds}s`,
      scaling: admin ? { minInstanceCount: 0, maxInstanceCount: 2 } : { minInstanceCount: input.minInstances, maxInstanceCount: input.maxInstances },
      encryptionKey: props.kmsKeyName,
      labels: { ...labels },
      vpcAccess,
      volumes: admin ? volumes : [...volumes, ...edgeVolumes],
      containers: Lazy.anyValue({
        produce: () => {
          const proxy = sqlConnectionName !== undefined ? [cloudSqlProxyContainer(sqlConnectionName, false)] : [];
          const containers: CloudRunV2ServiceTemplateContainers[] = admin
            ? [litellmContainer(true), ...sidecarContainers(context, resolveImage), ...proxy]
            : [litellmContainer(false), edgeContainer, ...sidecarContainers(context, resolveImage), ...proxy];
          return containers.map(cloudRunV2ServiceTemplateContainersToTerraform);
        },
      }),
    },
    traffic: admin ? undefined : trafficTargets(traffic),
    lifecycle: { precondition: [input.migrated] },
    dependsOn: input.dependsOn,
  });
  return { service: serviceOf('Service', false), adminService: serviceOf('AdminService', true) };
}

/** The gateway container's environment: the gateway's, plus what the runtime provides; sorted. */
function gatewayEnv(props: CloudRunRuntimeProps, context: GatewayRuntimeContext, runtimeEnv: EnvVar[]): EnvVar[] {
  const p = new ProblemCollector();
  checkCloudRunContext(props, context, p);
  p.throwIfAny(context.scope);
  const env: EnvVar[] = [
    ...Object.entries(context.environment()).map(([name, value]) => ({ name, value })),
    { name: 'LITELLM_CONFIG_SHA256', value: context.configHash() },
    ...Object.entries(context.secretEnvironment()).map(([name, ref]) => ({ name, secret: ref.gcpSecret })),
    ...runtimeEnv,
  ];
  return sortByName(env);
}
