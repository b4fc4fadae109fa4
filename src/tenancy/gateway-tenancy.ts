import { Construct } from 'constructs';
import { z } from 'zod';
import type { AwsTenancyControlPlane } from './aws/control-plane';
import type { GcpTenancyControlPlane } from './gcp/control-plane';
import type { KubernetesTenancyControlPlane } from './kubernetes/control-plane';
import { GATEWAY_ADMIN_LAMBDA_RUNTIME } from './lambdas';
import { TerraformStack } from '../core/cdktf';
import { ProblemCollector } from '../core/errors';
import { schemaFor, tokenOr, validateProps, withFix } from '../core/validation';
import { LlmGateway } from '../gateway/llm-gateway';
import type { GatewayManagement } from '../gateway/runtime-contract';

/**
 * Node image the reconciler Jobs run (the handler code is mounted, not baked in), pinned to a release tag
 * (a Docker Hub official image tag; pin a digest from your own mirror with `jobImage`).
 */
export const DEFAULT_TENANCY_NODE_IMAGE = 'docker.io/library/node:22.12.0-alpine3.21';

/** Props of `GatewayTenancy`. */
export interface GatewayTenancyProps {
  /** The gateway whose teams and secrets this manages. */
  readonly gateway: LlmGateway;
  /**
   * Permissions boundary of the tenancy functions' roles (AWS).
   * @default - a boundary made from exactly the functions' own permissions
   */
  readonly permissionsBoundaryArn?: string;
  /** Retention of the tenancy functions' logs (AWS). @default 365 */
  readonly logRetentionDays?: number;
  /** Days between rotations of the LiteLLM master key and the Redis AUTH token. @default 30 */
  readonly platformSecretRotationDays?: number;
  /** How long a rotated feature key keeps working, so running callers pick up the new one. @default 24 */
  readonly keyGracePeriodHours?: number;
  /** Lambda runtime of the tenancy functions (AWS). @default 'nodejs22.x' */
  readonly lambdaRuntime?: string;
  /** Image of the reconciler Jobs and rotation CronJobs (Kubernetes, Cloud Run), pinned. @default DEFAULT_TENANCY_NODE_IMAGE */
  readonly jobImage?: string;
  /**
   * Security group (AWS) the gateway already admits as a caller (`connections.allowFrom`); team workloads attach it.
   * @default - one is created and admitted
   */
  readonly callerSecurityGroupId?: string;
}

const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];
const POLICY_ARN = /^arn:aws[a-z-]*:iam::(\d{12}|aws):policy\/[\w+=,.@/-]+$/;

const propsSchema = schemaFor<GatewayTenancyProps>()(z.strictObject({
  gateway: z.custom<LlmGateway>((v) => v instanceof LlmGateway, { message: withFix('is not an LlmGateway', 'pass the gateway the teams use') }),
  permissionsBoundaryArn: tokenOr(z.string().regex(POLICY_ARN, withFix('is not an IAM policy ARN', 'pass arn:aws:iam::<account>:policy/<name>'))).optional(),
  logRetentionDays: z.number().int().refine((d) => LOG_RETENTION_DAYS.includes(d), { message: withFix('is not a CloudWatch Logs retention value', `use one of ${LOG_RETENTION_DAYS.join(', ')}`) }).optional(),
  platformSecretRotationDays: z.number().int().min(1).max(90, withFix('is more than 90 days', 'rotate at least every 90 days (LLM-SEC-1)')).optional(),
  keyGracePeriodHours: z.number().int().min(1).max(168, withFix('is more than a week', 'keep retired keys at most 168 hours')).optional(),
  lambdaRuntime: z.string().regex(/^nodejs(2[0-9])\.x$/, withFix('is not a supported Node.js Lambda runtime', "use 'nodejs22.x'")).optional(),
  callerSecurityGroupId: tokenOr(z.string().regex(/^sg-[0-9a-f]{8,17}$/, withFix('is not a security group id', 'pass e.g. sg-0123456789abcdef0 (or a token)'))).optional(),
  jobImage: z.string().regex(/^\S+(:[\w.-]+|@sha256:[a-f0-9]{64})$/, withFix('is not pinned', 'pass name:tag or, better, name:tag@sha256:<digest>'))
    .refine((i) => !/:latest$/.test(i), { message: withFix('uses the floating tag latest', 'pin a release tag or a digest') }).optional(),
}));

const BY_GATEWAY = new WeakMap<LlmGateway, GatewayTenancy>();

/**
 * The tenancy control plane of one gateway, in the gateway's stack: what applies teams' desired state and
 * rotates secrets from inside the gateway's network. Created once per gateway (explicitly, or by the first
 * `TenantQuota` with default settings); every team stack references the same fixed set of its outputs, so
 * adding a team never changes the gateway's stack.
 *
 * - **ECS Fargate**: Lambda functions in the gateway's private subnets — the reconciler (invoked by each team's
 *   `aws_lambda_invocation`) and the rotation functions of feature keys, the master key and the Redis AUTH
 *   token (with rotation schedules for the latter two) — plus the KMS key of the team key secrets.
 * - **Kubernetes**: the handler code in a ConfigMap, a ServiceAccount with RBAC on the master key Secret and
 *   the Deployment (rolling restart), the master key rotation CronJob; each team runs its reconciler Job here.
 * - **Cloud Run**: a Cloud Run Job reading teams' desired state from a bucket, run by Cloud Scheduler (reconcile
 *   and rotate) and by the deployment pipeline (`reconcileCommand`).
 */
export class GatewayTenancy extends Construct {
  /** The gateway's control plane, created with defaults under the gateway if there is none yet. */
  public static of(gateway: LlmGateway): GatewayTenancy {
    return BY_GATEWAY.get(gateway) ?? new GatewayTenancy(gateway, 'Tenancy', { gateway });
  }

  public readonly gateway: LlmGateway;
  public readonly management: GatewayManagement;
  /** Set on ECS Fargate. */
  public readonly aws?: AwsTenancyControlPlane;
  /** Set on Kubernetes. */
  public readonly kubernetes?: KubernetesTenancyControlPlane;
  /** Set on Cloud Run. */
  public readonly gcp?: GcpTenancyControlPlane;
  /** Hours a rotated feature key keeps working. */
  public readonly keyGracePeriodHours: number;

  constructor(scope: Construct, id: string, props: GatewayTenancyProps) {
    super(scope, id);
    const extra = new ProblemCollector();
    const gateway = props?.gateway;
    if (gateway instanceof LlmGateway) {
      if (TerraformStack.of(scope) !== TerraformStack.of(gateway)) {
        extra.add('gateway', gateway.node.path, 'is in another stack', "create the GatewayTenancy in the gateway's (platform) stack");
      }
      if (BY_GATEWAY.has(gateway)) extra.add('gateway', gateway.node.path, 'already has a GatewayTenancy', 'create one per gateway (GatewayTenancy.of(gateway) returns it)');
      if (!gateway.management) extra.add('gateway', gateway.node.path, 'offers no management surface (custom runtime)', 'run the gateway on ECS Fargate, Cloud Run or Kubernetes');
    }
    const p = validateProps(this, propsSchema, props, extra);
    this.gateway = p.gateway;
    this.management = p.gateway.management!;
    this.keyGracePeriodHours = p.keyGracePeriodHours ?? 24;
    BY_GATEWAY.set(p.gateway, this);
    const m = this.management;
    const common = { gatewayName: p.gateway.gatewayName, management: m, gracePeriodSeconds: this.keyGracePeriodHours * 3600 };

    // Runtime-specific parts load on first use (their provider bindings are costly to import).
    if (m.aws) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { AwsTenancyControlPlane: Plane } = require('./aws/control-plane') as typeof import('./aws/control-plane');
      this.aws = new Plane(this, 'Aws', {
        ...common,
        gateway: p.gateway,
        aws: m.aws,
        permissionsBoundaryArn: p.permissionsBoundaryArn,
        callerSecurityGroupId: p.callerSecurityGroupId,
        logRetentionDays: p.logRetentionDays ?? 365,
        platformSecretRotationDays: p.platformSecretRotationDays ?? 30,
        runtime: p.lambdaRuntime ?? GATEWAY_ADMIN_LAMBDA_RUNTIME,
      });
    } else if (m.kubernetes) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { KubernetesTenancyControlPlane: Plane } = require('./kubernetes/control-plane') as typeof import('./kubernetes/control-plane');
      this.kubernetes = new Plane(this, 'Kubernetes', {
        ...common,
        kubernetes: m.kubernetes,
        gateway: p.gateway,
        image: p.jobImage ?? DEFAULT_TENANCY_NODE_IMAGE,
        platformSecretRotationDays: p.platformSecretRotationDays ?? 30,
      });
    } else if (m.gcp) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { GcpTenancyControlPlane: Plane } = require('./gcp/control-plane') as typeof import('./gcp/control-plane');
      this.gcp = new Plane(this, 'Gcp', {
        ...common,
        gcp: m.gcp,
        gateway: p.gateway,
        image: p.jobImage ?? DEFAULT_TENANCY_NODE_IMAGE,
      });
    }
  }
}
