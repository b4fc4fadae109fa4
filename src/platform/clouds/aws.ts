import type { AwsProviderConfig } from '@cdktf/provider-aws/lib/provider';
import { z } from 'zod';
import { gatewayBoundary } from './aws-gateway-boundary';
import type { PlatformCloudStrategy, PlatformContext, PlatformParts, PlatformStackRole } from './contract';
import { optionProblems, optionsBag, runtimeProblems } from './options';
import type { TerraformStack } from '../../core/cdktf';
import type { ValidationProblem } from '../../core/errors';
import { isAwsRegion } from '../../core/regions';
import { schemaFor, tokenOr, withFix } from '../../core/validation';
import { GatewayRuntime } from '../../gateway/runtime';
import type { EcsFargateRuntimeProps } from '../../gateway/runtimes/ecs-fargate';
import type { AuditTrailOptions } from '../../observability/audit-options';
import { ObservabilityTarget } from '../../observability/target';
import type { AwsManagedGrafanaOptions } from '../../observability/targets/aws';
import { TeamIdentity } from '../../tenancy/team-identity';
import { VectorBackend, type AuroraPgvectorOptions } from '../../vector-store/backend';

/** ECS Fargate runtime options besides the ones `PlatformCloud.aws` names. */
export type AwsPlatformRuntimeOptions = Omit<EcsFargateRuntimeProps, 'vpcId' | 'privateSubnetIds' | 'certificateArn' | 'domainName' | 'hostedZoneId' | 'permissionsBoundaryArn'>;

/** Aurora pgvector options besides the network and the boundary. */
export type AwsPlatformVectorStoreOptions = Omit<AuroraPgvectorOptions, 'vpcId' | 'subnetIds' | 'permissionsBoundaryArn'>;

/** Options of `PlatformCloud.aws`. */
export interface AwsPlatformCloudOptions {
  /** Region of the platform and every team stack (provider `region`). */
  readonly region: string;
  /** VPC of the gateway, its Redis and databases, the tenancy functions and the vector store. */
  readonly vpcId: string;
  /** Private subnets in at least two availability zones. */
  readonly privateSubnetIds: ReadonlyArray<string>;
  /** ACM certificate of the gateway's HTTPS listeners (its name is what callers use). */
  readonly certificateArn: string;
  /** The name the certificate carries; the endpoint becomes `https://<domainName>`. @default - the load balancer's DNS name */
  readonly domainName?: string;
  /** Route 53 zone (often private) where `domainName` gets an alias to the load balancer. @default - no record */
  readonly hostedZoneId?: string;
  /**
   * Your organisation's permissions boundary for every role the platform creates.
   * @default - the gateway's roles get a boundary made for them (`<name>-gateway`); the tenancy functions, the
   * Grafana role and the vector store's bootstrap function each get one of exactly their own permissions
   */
  readonly permissionsBoundaryArn?: string;
  /**
   * Security group the gateway admits as a caller; feature workloads attach it (`feature.gatewayCallerSecurityGroupId`).
   * @default - one is created and admitted
   */
  readonly callerSecurityGroupId?: string;
  /**
   * Amazon Managed Grafana: who may reach it (VPC endpoints, prefix lists) and who may sign in. Without network
   * access it is unreachable, which is safe but useless.
   * @default - a workspace reachable from no network (set allowedVpcEndpointIds)
   */
  readonly grafana?: AwsManagedGrafanaOptions;
  /** The audit trail (S3 Object Lock, Athena). @default - on, COMPLIANCE mode, 365 days */
  readonly audit?: AuditTrailOptions;
  /** More of the ECS Fargate runtime (sizes, autoscaling, Redis, database, WAF, ...). @default {} */
  readonly runtime?: AwsPlatformRuntimeOptions;
  /** More of the Aurora pgvector store (capacity, engine version, backups, ...). @default {} */
  readonly vectorStore?: AwsPlatformVectorStoreOptions;
  /** More AWS provider settings for every stack of the platform (e.g. `allowedAccountIds`, `assumeRole`). @default {} */
  readonly provider?: Omit<AwsProviderConfig, 'region'>;
}

const ACM_ARN = /^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[A-Za-z0-9-]+$/;
const POLICY_ARN = /^arn:aws[a-z-]*:iam::(\d{12}|aws):policy\/[\w+=,.@/-]+$/;
const HOSTNAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

const schema = schemaFor<AwsPlatformCloudOptions>()(z.strictObject({
  region: z.string().refine(isAwsRegion, withFix('is not an AWS Region', "pass e.g. 'us-east-1'")),
  vpcId: tokenOr(z.string().regex(/^vpc-[0-9a-f]{8,17}$/, withFix('is not a VPC id', "pass e.g. 'vpc-0123456789abcdef0' (or a token)"))),
  privateSubnetIds: z.array(tokenOr(z.string().regex(/^subnet-[0-9a-f]{8,17}$/, withFix('is not a subnet id', "pass e.g. 'subnet-0123456789abcdef0' (or a token)"))))
    .min(2, withFix('has fewer than two subnets', 'pass private subnets in at least two availability zones')),
  certificateArn: tokenOr(z.string().regex(ACM_ARN, withFix('is not an ACM certificate ARN', 'pass arn:aws:acm:<region>:<account>:certificate/<id>'))),
  domainName: tokenOr(z.string().regex(HOSTNAME, withFix('is not a DNS name', "pass the certificate's name, e.g. 'llm.internal.example.com'"))).optional(),
  hostedZoneId: tokenOr(z.string().regex(/^Z[0-9A-Z]{1,31}$/, withFix('is not a Route 53 zone id', "pass e.g. 'Z0123456789ABCDEFGHIJ'"))).optional(),
  permissionsBoundaryArn: tokenOr(z.string().regex(POLICY_ARN, withFix('is not an IAM policy ARN', 'pass arn:aws:iam::<account>:policy/<name>'))).optional(),
  callerSecurityGroupId: tokenOr(z.string().regex(/^sg-[0-9a-f]{8,17}$/, withFix('is not a security group id', "pass e.g. 'sg-0123456789abcdef0' (or a token)"))).optional(),
  grafana: optionsBag('Amazon Managed Grafana').optional(),
  audit: optionsBag('the audit trail').optional(),
  runtime: optionsBag('the ECS Fargate runtime').optional(),
  vectorStore: optionsBag('the Aurora pgvector store').optional(),
  provider: optionsBag('the AWS provider').optional(),
}));

/** Options named by `PlatformCloud.aws` that the runtime also takes (so its problems point at `cloud.<name>`). */
const NAMED_RUNTIME_OPTIONS = new Set(['vpcId', 'privateSubnetIds', 'certificateArn', 'domainName', 'hostedZoneId', 'permissionsBoundaryArn']);

/** ECS Fargate gateway, AMP/Managed Grafana/X-Ray/S3 observability, Aurora pgvector, Lambda tenancy, IAM-role teams. */
export class AwsPlatformCloud implements PlatformCloudStrategy {
  public readonly kind = 'aws';
  private boundaryArn?: string;

  constructor(private readonly options: AwsPlatformCloudOptions) {}

  public problems(production: boolean): ValidationProblem[] {
    const out = optionProblems(schema, this.options);
    if (out.length > 0) return out;
    if (production && this.options.runtime?.allowSingleTask) {
      out.push({ path: 'cloud.runtime.allowSingleTask', received: 'true', message: 'runs one task in production: a task replacement is an outage', fix: 'remove allowSingleTask (the gateway runs at least 2 tasks over 2 zones)' });
    }
    // The parts' own checks, so every problem is reported at once, before anything is created.
    const target = this.target()._impl.validate().map((p) => ({ ...p, path: `cloud.${p.path}` }));
    return [...out, ...runtimeProblems(this.runtime(), NAMED_RUNTIME_OPTIONS), ...target];
  }

  public providers(stack: TerraformStack, _role: PlatformStackRole): void {
    // Loaded on first use: importing the package must not pay for provider bindings.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { AwsProvider } = require('@cdktf/provider-aws/lib/provider') as typeof import('@cdktf/provider-aws/lib/provider');
    new AwsProvider(stack, 'aws', { ...(this.options.provider ?? {}), region: this.options.region });
  }

  public beforeGateway(ctx: PlatformContext): void {
    this.boundaryArn = this.options.permissionsBoundaryArn ?? gatewayBoundary(ctx.stack, 'GatewayBoundary', ctx.name).arn;
  }

  public gatewayRuntime(_ctx: PlatformContext): GatewayRuntime {
    return this.runtime(this.boundaryArn);
  }

  public observabilityTarget(_ctx: PlatformContext): ObservabilityTarget {
    return this.target();
  }

  private target(): ObservabilityTarget {
    const o = this.options;
    return ObservabilityTarget.aws({
      ...(o.grafana ? { grafana: o.grafana } : {}),
      ...(o.audit ? { audit: o.audit } : {}),
      ...(o.permissionsBoundaryArn ? { permissionsBoundaryArn: o.permissionsBoundaryArn } : {}),
    });
  }

  public vectorBackend(_ctx: PlatformContext): VectorBackend {
    const o = this.options;
    return VectorBackend.auroraPgvector({
      ...(o.vectorStore ?? {}),
      vpcId: o.vpcId,
      subnetIds: o.privateSubnetIds,
      ...(o.permissionsBoundaryArn ? { permissionsBoundaryArn: o.permissionsBoundaryArn } : {}),
    });
  }

  public tenancyProps(_ctx: PlatformContext) {
    const o = this.options;
    return {
      ...(o.callerSecurityGroupId ? { callerSecurityGroupId: o.callerSecurityGroupId } : {}),
      ...(o.permissionsBoundaryArn ? { permissionsBoundaryArn: o.permissionsBoundaryArn } : {}),
    };
  }

  public afterParts(_ctx: PlatformContext, parts: PlatformParts): void {
    // Every team's vector grants carry the tenancy's caller security group: admit it to the Aurora cluster once, here.
    // A rule per team stack would collide (AWS refuses a duplicate rule), and this keeps team stacks off the cluster's group.
    const callers = parts.tenancy.aws?.outputs.callerSecurityGroupId;
    if (parts.vectorStore && callers) parts.vectorStore.allowConnectionsFrom('gateway-callers', callers);
  }

  public teamIdentity(_team: string): TeamIdentity {
    return TeamIdentity.awsRole();
  }

  private runtime(boundaryArn?: string): GatewayRuntime {
    const o = this.options;
    return GatewayRuntime.ecsFargate({
      ...(o.runtime ?? {}),
      vpcId: o.vpcId,
      privateSubnetIds: o.privateSubnetIds,
      certificateArn: o.certificateArn,
      ...(o.domainName !== undefined ? { domainName: o.domainName } : {}),
      ...(o.hostedZoneId !== undefined ? { hostedZoneId: o.hostedZoneId } : {}),
      ...(boundaryArn !== undefined ? { permissionsBoundaryArn: boundaryArn } : {}),
    });
  }
}
