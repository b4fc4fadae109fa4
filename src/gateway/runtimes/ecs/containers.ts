/**
 * ECS container definitions for the gateway task. Pure: no cdktf (values may hold tokens, which pass
 * through as strings). Keys follow the ECS `ContainerDefinition` API shape.
 */
import { ECS_DEFAULTS } from './runtime-props';
import type { GatewaySidecar } from '../../runtime-contract';
import { PYTHON } from '../litellm-image';

/** Where LiteLLM's `config.yaml` lives in the config bucket. */
export const CONFIG_OBJECT_KEY = 'litellm/config.yaml';

/** Container names the runtime owns. */
export const CONTAINER = {
  GATEWAY: 'litellm',
  MIGRATIONS: 'migrations',
} as const;

/** Task volumes (Fargate task storage) mounted where LiteLLM writes; the root filesystem stays read-only. */
export const VOLUMES = {
  TMP: { name: 'tmp', path: '/tmp' },
  /** Must match the gateway's `PROMETHEUS_MULTIPROC_DIR`. */
  PROMETHEUS: { name: 'prometheus-multiproc', path: '/tmp/prometheus_multiproc' },
} as const;

/** Where the awslogs driver ships a container's output. */
export interface LogTarget {
  readonly group: string;
  readonly region: string;
}

/**
 * The gateway's container health check. The LiteLLM runtime image (Chainguard/wolfi Python) has no curl
 * (litellm.md §2), but it always has Python, so the check is a Python one-liner against the liveness
 * endpoint; `/health` is never probed (it calls every model). Readiness (DB + cache) is the ALB's job.
 */
export function gatewayHealthCheck(port: number): Record<string, unknown> {
  const probe = `import sys,urllib.request; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:${port}/health/liveliness', timeout=4).status == 200 else 1)`;
  return {
    command: ['CMD', PYTHON, '-c', probe],
    interval: 30,
    timeout: 5,
    retries: 3,
    // Prisma client start-up and the first config load from S3 take tens of seconds.
    startPeriod: 90,
  };
}

/**
 * A sidecar's container health check: its own command in exec form (`CMD`: images such as ADOT are `FROM scratch`,
 * with no shell). The task keeps serving while a non-essential sidecar is unhealthy (ECS counts only essential
 * containers toward task health); the status shows in the task's container health and events.
 */
export function sidecarHealthCheck(command: ReadonlyArray<string>): Record<string, unknown> {
  return {
    command: ['CMD', ...command],
    interval: 30,
    timeout: 5,
    retries: 3,
    startPeriod: 30,
  };
}

function logConfiguration(log: LogTarget, prefix: string): Record<string, unknown> {
  return {
    logDriver: 'awslogs',
    options: {
      'awslogs-group': log.group,
      'awslogs-region': log.region,
      'awslogs-stream-prefix': prefix,
      // A CloudWatch Logs hiccup must not block the event loop of a serving process.
      'mode': 'non-blocking',
      'max-buffer-size': '25m',
    },
  };
}

function optionalList<T>(key: string, list: T[]): Record<string, T[]> {
  return list.length > 0 ? { [key]: list } : {};
}

function envList(env: Readonly<Record<string, string>>): Array<{ name: string; value: string }> {
  return Object.keys(env).sort().map((name) => ({ name, value: env[name] }));
}

function secretList(secrets: Readonly<Record<string, string>>): Array<{ name: string; valueFrom: string }> {
  return Object.keys(secrets).sort().map((name) => ({ name, valueFrom: secrets[name] }));
}

export interface InitContainerSpec {
  readonly name: string;
  readonly image: string;
  readonly entryPoint?: ReadonlyArray<string>;
  readonly command: ReadonlyArray<string>;
  readonly environment: Readonly<Record<string, string>>;
  /** Env name → ECS `valueFrom`. */
  readonly secrets: Readonly<Record<string, string>>;
  /** Whether the root filesystem is read-only (writes go to /tmp). */
  readonly readonlyRootFilesystem: boolean;
  /** Containers that must have exited 0 first. */
  readonly after: ReadonlyArray<string>;
}

export interface GatewayContainersInput {
  readonly image: string;
  readonly port: number;
  /** Arguments of LiteLLM (the image's entrypoint runs `litellm "$@"`). */
  readonly command: ReadonlyArray<string>;
  readonly environment: Readonly<Record<string, string>>;
  /** Env name → ECS `valueFrom` (secret ARN, or `arn:json-key::`). */
  readonly secrets: Readonly<Record<string, string>>;
  readonly log: LogTarget;
  readonly readonlyRootFilesystem: boolean;
  /** One-shot containers that run, in order, before LiteLLM starts (each must exit 0). */
  readonly init: ReadonlyArray<InitContainerSpec>;
  readonly sidecars: ReadonlyArray<GatewaySidecar>;
  /** Resolves a sidecar's secret to an ECS `valueFrom`. */
  readonly sidecarSecret: (sidecar: string, env: string) => string;
}

const TMP_MOUNT = { sourceVolume: VOLUMES.TMP.name, containerPath: VOLUMES.TMP.path, readOnly: false };

/**
 * LiteLLM's arguments when its config comes from S3 (`LITELLM_CONFIG_BUCKET_*`). `--config` makes the CLI read
 * `general_settings` before it builds `DATABASE_URL`, so `database_connection_pool_limit` (and the pool timeout)
 * take effect; without it the CLI uses its defaults (BerriAI/litellm `litellm/proxy/proxy_cli.py`, `run_server`:
 * the pool settings are read only `if config is not None`). The path is never opened: `ProxyConfig.get_config`
 * reads the bucket first whenever `LITELLM_CONFIG_BUCKET_NAME` is set (`proxy_server.py`, `BaseProxyConfig.get_config`),
 * and the server's startup loads the same bucket object (`proxy_startup_event`: bucket branch for a string
 * worker config). It names the object, for whoever reads the task definition.
 */
export function litellmArgsForBucketConfig(port: number, bucket: string, key: string): string[] {
  return ['--port', String(port), '--config', `s3://${bucket}/${key}`];
}

/** The task's container definitions: init containers, then LiteLLM, then sidecars. */
export function gatewayContainerDefinitions(input: GatewayContainersInput): Array<Record<string, unknown>> {
  const defs: Array<Record<string, unknown>> = [];
  for (const init of input.init) {
    defs.push({
      name: init.name,
      image: init.image,
      // One-shot: it exits when done; `essential: false` keeps the task alive after it succeeds.
      essential: false,
      ...(init.entryPoint ? { entryPoint: [...init.entryPoint] } : {}),
      command: [...init.command],
      environment: envList(init.environment),
      // Empty lists are left out: ECS returns them absent, and a difference would show as drift.
      ...optionalList('secrets', secretList(init.secrets)),
      readonlyRootFilesystem: init.readonlyRootFilesystem,
      mountPoints: [TMP_MOUNT],
      ...optionalList('dependsOn', init.after.map((c) => ({ containerName: c, condition: 'SUCCESS' }))),
      logConfiguration: logConfiguration(input.log, init.name),
      portMappings: [],
      volumesFrom: [],
      systemControls: [],
    });
  }

  const before = input.sidecars.filter((s) => s.startBeforeGateway).map((s) => s.name).sort();
  defs.push({
    name: CONTAINER.GATEWAY,
    image: input.image,
    essential: true,
    command: [...input.command],
    portMappings: [{ containerPort: input.port, hostPort: input.port, protocol: 'tcp', name: 'http' }],
    environment: envList(input.environment),
    secrets: secretList(input.secrets),
    healthCheck: gatewayHealthCheck(input.port),
    readonlyRootFilesystem: input.readonlyRootFilesystem,
    mountPoints: [
      TMP_MOUNT,
      { sourceVolume: VOLUMES.PROMETHEUS.name, containerPath: VOLUMES.PROMETHEUS.path, readOnly: false },
    ],
    ...optionalList('dependsOn', [
      ...input.init.map((c) => ({ containerName: c.name, condition: 'SUCCESS' })),
      ...before.map((c) => ({ containerName: c, condition: 'START' })),
    ]),
    // Streaming completions can run for minutes; give in-flight requests the Fargate maximum to finish.
    stopTimeout: 120,
    // One async worker holds many concurrent upstream connections.
    ulimits: [{ name: 'nofile', softLimit: 65536, hardLimit: 65536 }],
    logConfiguration: logConfiguration(input.log, CONTAINER.GATEWAY),
    volumesFrom: [],
    systemControls: [],
  });

  for (const s of [...input.sidecars].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    defs.push({
      name: s.name,
      image: s.image,
      essential: s.essential ?? false,
      ...(s.command ? { command: [...s.command] } : {}),
      cpu: s.cpu ?? ECS_DEFAULTS.sidecarCpu,
      memoryReservation: s.memoryMiB ?? ECS_DEFAULTS.sidecarMemoryMiB,
      portMappings: [...(s.ports ?? [])].sort((a, b) => a - b).map((port) => ({ containerPort: port, hostPort: port, protocol: 'tcp' })),
      environment: envList(s.environment ?? {}),
      ...optionalList('secrets', secretList(Object.fromEntries(Object.keys(s.secrets ?? {}).map((env) => [env, input.sidecarSecret(s.name, env)])))),
      ...(s.healthCheck?.command ? { healthCheck: sidecarHealthCheck(s.healthCheck.command) } : {}),
      readonlyRootFilesystem: true,
      mountPoints: [TMP_MOUNT],
      logConfiguration: logConfiguration(input.log, s.name),
      volumesFrom: [],
      systemControls: [],
    });
  }
  return defs;
}
