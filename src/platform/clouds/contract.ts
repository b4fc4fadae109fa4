import type { IConstruct } from 'constructs';
import type { TerraformStack } from '../../core/cdktf';
import type { ValidationProblem } from '../../core/errors';
import type { OwnershipTags } from '../../core/tags';
import type { LlmGateway } from '../../gateway/llm-gateway';
import type { GatewayRuntime } from '../../gateway/runtime';
import type { ObservabilityTarget } from '../../observability/target';
import type { GatewayTenancy, GatewayTenancyProps } from '../../tenancy/gateway-tenancy';
import type { TeamIdentity } from '../../tenancy/team-identity';
import type { VectorBackend } from '../../vector-store/backend';
import type { VectorStore } from '../../vector-store/vector-store';

/** Which kind of stack a cloud configures. */
export type PlatformStackRole = 'platform' | 'team';

/** What `LlmPlatform` tells a cloud when it builds one part. */
export interface PlatformContext {
  /** The platform stack. */
  readonly stack: TerraformStack;
  /** The platform's readable name (gateway name, base of resource names). */
  readonly name: string;
  readonly environment: string;
  readonly production: boolean;
  readonly tags: OwnershipTags;
}

/** The platform's parts, for `afterParts`. */
export interface PlatformParts {
  readonly gateway: LlmGateway;
  readonly tenancy: GatewayTenancy;
  readonly vectorStore?: VectorStore;
  readonly all: ReadonlyArray<IConstruct>;
}

/**
 * What one cloud contributes to an `LlmPlatform`. Internal: users pick a cloud with `PlatformCloud.aws|gcp|kubernetes`.
 * Every method is called once per platform (or once per team stack for `providers` and `teamIdentity`), so a
 * team stack costs the same whatever the number of teams.
 */
export interface PlatformCloudStrategy {
  /** `aws`, `gcp` or `kubernetes`. */
  readonly kind: 'aws' | 'gcp' | 'kubernetes';
  /** Kubernetes: how the cluster encrypts Secrets at rest, as declared by the platform team. */
  readonly secretsEncryptionAtRest?: string;
  /** Problems with the cloud's options, paths relative to `cloud` (e.g. `cloud.vpcId`). Checked before anything is created. */
  problems(production: boolean, vectorStore: boolean): ValidationProblem[];
  /** Creates the providers of a platform or team stack. */
  providers(stack: TerraformStack, role: PlatformStackRole): void;
  /** Anything the cloud must create in the platform stack before the gateway (e.g. a permissions boundary). */
  beforeGateway(ctx: PlatformContext): void;
  /** The gateway's runtime. */
  gatewayRuntime(ctx: PlatformContext): GatewayRuntime;
  /** Where metrics, traces, dashboards, alerts and the audit trail live. */
  observabilityTarget(ctx: PlatformContext): ObservabilityTarget;
  /** The vector store's backend. */
  vectorBackend(ctx: PlatformContext): VectorBackend;
  /** Tenancy control plane options besides the gateway. */
  tenancyProps(ctx: PlatformContext): Omit<GatewayTenancyProps, 'gateway'>;
  /** Wiring once every part exists (e.g. the vector store admitting the tenancy's caller security group once). */
  afterParts(ctx: PlatformContext, parts: PlatformParts): void;
  /** A team's identity when the team stack does not name one. */
  teamIdentity(team: string): TeamIdentity;
}
