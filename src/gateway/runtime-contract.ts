import type { Construct } from 'constructs';
import type { OwnershipTags, SecretRef, ValidationProblem } from '../core';
import type { GatewayPeer } from './peer';

/**
 * The contract between the runtime-independent `LlmGateway` and one runtime (ECS Fargate, Cloud Run,
 * Kubernetes). Runtime modules import only this file, so `runtime.ts` can hold the static factories
 * without an import cycle.
 */

/** An extra container that runs beside LiteLLM (e.g. the OpenTelemetry collector). */
export interface GatewaySidecar {
  /** Container name, unique within the task/pod. */
  readonly name: string;
  /** Pinned image (tag with version or digest). */
  readonly image: string;
  /** Plain environment values. @default {} */
  readonly environment?: Readonly<Record<string, string>>;
  /** Secret environment values, by reference. @default {} */
  readonly secrets?: Readonly<Record<string, SecretRef>>;
  /** Container ports it listens on (localhost within the task/pod). @default [] */
  readonly ports?: ReadonlyArray<number>;
  /** Command override. @default - the image's entrypoint */
  readonly command?: ReadonlyArray<string>;
  /** Whether the task/pod fails when it stops. @default false */
  readonly essential?: boolean;
  /** CPU units (ECS, 1024 = 1 vCPU) or millicores elsewhere. @default 256 */
  readonly cpu?: number;
  /** Memory in MiB. @default 512 */
  readonly memoryMiB?: number;
  /** Whether LiteLLM waits for this sidecar to start first. @default false */
  readonly startBeforeGateway?: boolean;
  /**
   * How to tell the sidecar is healthy. Cloud Run and Kubernetes probe `path`/`port` at startup, so with
   * `startBeforeGateway` LiteLLM starts once it answers (a Cloud Run container dependency waits only for a
   * dependency with a startup probe). ECS health checks run a command inside the image instead: `command`
   * (without it, ECS gives the sidecar no health check).
   * @default - none
   */
  readonly healthCheck?: GatewaySidecarHealthCheck;
}

/** An HTTP endpoint that answers 200 when a sidecar is healthy. */
export interface GatewaySidecarHealthCheck {
  /** Path, e.g. `/`. */
  readonly path: string;
  /** Port the sidecar serves it on. */
  readonly port: number;
  /**
   * ECS: the health check command, run in exec form inside the sidecar's image (exit 0 = healthy), e.g.
   * `['/healthcheck']`. Put the image's own checker here: many collector images have no shell or curl.
   * @default - no ECS health check
   */
  readonly command?: ReadonlyArray<string>;
}

/** Cloud permissions the gateway's workload identity needs for the configured models. */
export interface GatewayCloudAccess {
  /** Bedrock foundation models or inference profiles to invoke, by region. */
  readonly bedrock: ReadonlyArray<{ readonly region: string; readonly modelId: string }>;
  /** Vertex AI projects/locations to call. */
  readonly vertex: ReadonlyArray<{ readonly project: string; readonly location: string }>;
  /** Bedrock guardrails the gateway applies (`bedrock:ApplyGuardrail` on exactly these). @default [] */
  readonly bedrockGuardrails?: ReadonlyArray<{ readonly region?: string; readonly guardrailIdentifier: string; readonly guardrailVersion: string }>;
}

/** Everything a runtime needs from the gateway. Functions are evaluated at synth time (after `add*` calls). */
export interface GatewayRuntimeContext {
  /** Scope under which the runtime creates its resources (the `LlmGateway` construct). */
  readonly scope: Construct;
  /** Readable base for resource names, e.g. `llm-gateway`. */
  readonly baseName: string;
  /** The LiteLLM container image, pinned to a version or digest. */
  readonly image: string;
  /** Port LiteLLM listens on (4000). */
  readonly containerPort: number;
  /** The rendered LiteLLM `config.yaml` (deterministic). */
  readonly renderConfig: () => string;
  /** sha256 of the rendered config; put it in the workload's environment so a change rolls it. */
  readonly configHash: () => string;
  /** Plain (non-secret) environment LiteLLM needs (mode, log level, workers, ...). */
  readonly environment: () => Readonly<Record<string, string>>;
  /** Secret environment LiteLLM needs (provider API keys, ...), by reference. */
  readonly secretEnvironment: () => Readonly<Record<string, SecretRef>>;
  /** Cloud permissions for the configured models. */
  readonly cloudAccess: () => GatewayCloudAccess;
  /** Sidecars added with `LlmGateway.addSidecar`. */
  readonly sidecars: () => ReadonlyArray<GatewaySidecar>;
  /** Ownership tags/labels for the runtime's resources. */
  readonly tags: OwnershipTags;
  /**
   * Whether the gateway lets logging callbacks see prompts (`allowMessageLogging`). When it does not, the
   * runtime's edge refuses requests carrying LiteLLM's per-request redaction override (`REDACTION_OVERRIDE_HEADER`).
   */
  readonly allowMessageLogging: boolean;
}

/** The ElastiCache Redis of an ECS gateway, for rotating its AUTH token. */
export interface GatewayAwsRedis {
  readonly replicationGroupId: string;
  readonly replicationGroupArn: string;
  readonly primaryEndpoint: string;
  readonly port: number;
  readonly securityGroupId: string;
  readonly authTokenSecretArn: string;
  /** The AUTH token is rotated outside Terraform (ROTATE strategy): Terraform stops reconciling `auth_token`. */
  markExternallyRotated(): void;
}

/** Where an AWS gateway runs, for management jobs placed beside it (the tenancy reconciler, rotation functions). */
export interface GatewayAwsPlacement {
  readonly vpcId: string;
  /** Private subnets of the tasks (in-network jobs run here; they reach Secrets Manager the way the tasks do). */
  readonly subnetIds: ReadonlyArray<string>;
  /** KMS key that encrypts the gateway's generated secrets (master key, Redis AUTH token). */
  readonly secretsKmsKeyArn: string;
  /** ECS cluster and service of LiteLLM (a rolling restart is `ecs:UpdateService` with a forced deployment). */
  readonly clusterName: string;
  readonly clusterArn: string;
  readonly serviceName: string;
  readonly serviceArn: string;
  /** The ElastiCache Redis the runtime created, when it created one. */
  readonly redis?: GatewayAwsRedis;
  /** Lets workloads in a security group call the admin API (the load balancer's listener). */
  allowAdminFrom(securityGroupId: string, description: string): void;
}

/** Where a Kubernetes gateway runs, for management Jobs. */
export interface GatewayKubernetesPlacement {
  /** Namespace of the gateway (its Deployment, Service and master key Secret). */
  readonly namespace: string;
  readonly deploymentName: string;
  /** The master key Secret (`LITELLM_MASTER_KEY`), in `namespace`. */
  readonly masterKeySecret: { readonly name: string; readonly key: string };
  /**
   * Labels that admit a namespace's pods through the gateway's NetworkPolicy (`callerNamespaceLabels`).
   * Team namespaces carry them, so adding a team changes nothing in the gateway's stack.
   * `undefined` when the gateway admits namespaces by name only.
   */
  readonly callerNamespaceLabels?: Readonly<Record<string, string>>;
}

/** Where a Cloud Run gateway runs, for management jobs. */
export interface GatewayGcpPlacement {
  readonly project: string;
  readonly region: string;
  readonly network: string;
  readonly subnetwork: string;
  /** The Cloud Run service (for `run.invoker` grants and rolling restarts). */
  readonly serviceName: string;
  /** Secret Manager secret id of the master key (`projects/<p>/secrets/<id>` or a token). */
  readonly masterKeySecretId: string;
}

/**
 * What management code (the tenancy reconciler, secret rotation) needs to administer the gateway from inside
 * its network: the admin API, the master key by reference, and where the gateway runs. Values may be tokens
 * of the gateway's stack.
 */
export interface GatewayManagement {
  /** Base URL of LiteLLM's admin API as reached from inside the gateway's network. */
  readonly adminUrl: string;
  /**
   * TLS server name to verify when `adminUrl`'s host is not the certificate's name (e.g. an ALB DNS name
   * with a certificate for `llm.internal.example.com`). @default - the URL's host
   */
  readonly tlsServerName?: string;
  /** `LITELLM_MASTER_KEY`, by reference. */
  readonly masterKey: SecretRef;
  /** `LITELLM_SALT_KEY`, by reference (never rotated: it encrypts credentials stored in the database). */
  readonly saltKey: SecretRef;
  /** Set on ECS Fargate. */
  readonly aws?: GatewayAwsPlacement;
  /** Set on Kubernetes. */
  readonly kubernetes?: GatewayKubernetesPlacement;
  /** Set on Cloud Run. */
  readonly gcp?: GatewayGcpPlacement;
}

/** What a runtime hands back to the gateway after creating its resources. */
export interface GatewayRuntimeBinding {
  /** Base URL callers use, e.g. `https://internal-xyz.elb.amazonaws.com` (may be a token). */
  readonly endpoint: string;
  /**
   * Base URL of the admin entry point (every LiteLLM route: `/key/*`, `/team/*`, `/model/*`, `/spend/*`, the UI
   * when enabled), reachable only by peers granted with `allowAdminFrom`. Sidecars in the task/pod reach LiteLLM
   * directly on `http://127.0.0.1:<containerPort>` (e.g. `/metrics`) and need no grant.
   * @default - the runtime has no separate admin entry point (custom runtimes)
   */
  readonly adminEndpoint?: string;
  /** Admin API access for management jobs. @default - the runtime offers none (custom runtimes) */
  readonly management?: GatewayManagement;
  /**
   * Lets a caller reach the gateway's inference routes (`INFERENCE_ROUTES`); throws a ValidationError for peer
   * kinds the runtime does not support.
   */
  allowFrom(peer: GatewayPeer): void;
  /**
   * Lets an operations peer (a reconciler function or Job, a bastion) reach the admin entry point; a
   * ValidationError for peer kinds the runtime does not support.
   * @default - the runtime has no separate admin entry point (custom runtimes)
   */
  allowAdminFrom?(peer: GatewayPeer): void;
  /**
   * Lets a metrics scraper outside the task/pod (a cluster's Prometheus) reach a listener that serves LiteLLM's
   * `/metrics/` and nothing else; a ValidationError for peer kinds the runtime does not support.
   * @default - no such listener (ECS and Cloud Run scrape from a sidecar on localhost)
   */
  allowMetricsFrom?(peer: GatewayPeer): void;
}

/** A gateway runtime implementation. */
export interface IGatewayRuntime {
  /** `ecs-fargate`, `cloud-run` or `kubernetes`. */
  readonly kind: string;
  /** Replicas that always run; > 1 requires Redis coordination. */
  readonly minReplicas: number;
  /** The autoscaling ceiling (sizes the DB connection pool). */
  readonly maxReplicas: number;
  /** Uvicorn workers per replica (`NUM_WORKERS`). */
  readonly workersPerReplica: number;
  /**
   * `max_connections` of the gateway's database, to size LiteLLM's pool per worker so that
   * pool × workers × maxReplicas stays below it. `undefined` when the runtime uses no database.
   */
  readonly databaseMaxConnections: number | undefined;
  /** Whether the runtime supplies REDIS_HOST/REDIS_PORT/REDIS_PASSWORD (and REDIS_SSL) to LiteLLM. */
  readonly providesRedis: boolean;
  /** Problems with the runtime's own props (reported with the gateway's other problems). */
  validate(): ReadonlyArray<ValidationProblem>;
  /** Creates the runtime's resources. Called once, from the `LlmGateway` constructor. */
  bind(context: GatewayRuntimeContext): GatewayRuntimeBinding;
}
