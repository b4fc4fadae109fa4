import { DataAwsElbServiceAccount } from '@cdktf/provider-aws/lib/data-aws-elb-service-account';
import { Lb } from '@cdktf/provider-aws/lib/lb';
import { LbListener } from '@cdktf/provider-aws/lib/lb-listener';
import { LbListenerRule } from '@cdktf/provider-aws/lib/lb-listener-rule';
import { LbTargetGroup } from '@cdktf/provider-aws/lib/lb-target-group';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { Construct } from 'constructs';
import { AwsEnvironment } from '../../../aws/environment';
import { BucketEncryption, SecureBucket } from '../../../aws/secure-bucket';
import { makeName, NameTarget, stableHash } from '../../../core';
import { isUnresolved } from '../../../core/tokens';
import { INFERENCE_ROUTES, NOT_AN_INFERENCE_ROUTE_BODY, REDACTION_OVERRIDE_HEADER, REDACTION_OVERRIDE_REFUSED_BODY } from '../../routes';

// Defined with the other light ECS defaults (no provider import); re-exported for this module's importers.
export { DEFAULT_SSL_POLICY } from './options';

export interface GatewayLoadBalancerProps {
  readonly vpcId: string;
  /** Subnets of the load balancer (private for internal, public for internet-facing). */
  readonly subnetIds: ReadonlyArray<string>;
  readonly nameParts: ReadonlyArray<string>;
  readonly internetFacing: boolean;
  /** Undefined means plaintext HTTP on port 80 (explicit opt-in, validated by the runtime). */
  readonly certificateArn: string | undefined;
  readonly sslPolicy: string;
  readonly containerPort: number;
  readonly idleTimeoutSeconds: number;
  readonly deletionProtection: boolean;
  readonly accessLogs: boolean;
  readonly accessLogRetentionDays: number;
  /** Refuse requests carrying LiteLLM's redaction override header on the caller listener. */
  readonly refuseRedactionOverride: boolean;
}

/** Port of the admin listener: HTTPS 8443, or HTTP 8080 for a plaintext test gateway. */
export function adminListenerPort(https: boolean): number {
  return https ? 8443 : 8080;
}

/**
 * The gateway's Application Load Balancer: its security group, the ALB (invalid headers dropped,
 * desync mitigation, access logs to a private TLS-only bucket), the target group that probes LiteLLM's
 * readiness endpoint, and two listeners on it:
 *
 * - the **caller listener** (443, or 80 for a plaintext test gateway) forwards only the inference routes
 *   (`INFERENCE_ROUTES`), answers 404 for everything else (admin API, UI, `/metrics`) and 400 for requests that
 *   carry LiteLLM's redaction override header; callers are admitted with `allowCidr`/`allowSecurityGroup`;
 * - the **admin listener** (8443, or 8080) forwards every route; only peers admitted with `allowAdmin*` reach it.
 */
export class GatewayLoadBalancer extends Construct {
  public readonly securityGroup: SecurityGroup;
  public readonly loadBalancer: Lb;
  public readonly targetGroup: LbTargetGroup;
  /** The caller listener (inference routes only). */
  public readonly listener: LbListener;
  public readonly listenerPort: number;
  /** The admin listener (every route, for operations peers). */
  public readonly adminListener: LbListener;
  public readonly adminListenerPort: number;
  public readonly accessLogsBucket: SecureBucket | undefined;
  private readonly peers = new Set<string>();
  private readonly adminPeers = new Set<string>();

  constructor(scope: Construct, id: string, props: GatewayLoadBalancerProps) {
    super(scope, id);
    const https = props.certificateArn !== undefined;
    this.listenerPort = https ? 443 : 80;
    this.adminListenerPort = adminListenerPort(https);

    this.securityGroup = new SecurityGroup(this, 'SecurityGroup', {
      name: makeName(NameTarget.SECURITY_GROUP, ...props.nameParts, 'alb'),
      description: `Load balancer of ${props.nameParts.join('-')}: ${this.listenerPort} from callers, ${this.adminListenerPort} from operators`,
      vpcId: props.vpcId,
    });

    if (props.accessLogs) {
      const env = AwsEnvironment.of(this);
      const elbAccount = new DataAwsElbServiceAccount(this, 'ElbAccount', {});
      this.accessLogsBucket = new SecureBucket(this, 'AccessLogs', {
        nameParts: [...props.nameParts, 'alb-logs'],
        encryption: BucketEncryption.s3Managed(),
        expireAfterDays: props.accessLogRetentionDays,
        noncurrentVersionExpirationDays: 30,
        extraPolicyStatements: (bucketArn) => [{
          Sid: 'ElbLogDelivery',
          Effect: 'Allow',
          // Regions launched before August 2022 deliver as the regional ELB account; newer ones as the
          // log-delivery service principal (ELB user guide, "Attach a policy to your S3 bucket").
          Principal: { AWS: elbAccount.arn, Service: 'logdelivery.elasticloadbalancing.amazonaws.com' },
          Action: 's3:PutObject',
          Resource: `${bucketArn}/alb/AWSLogs/${env.account}/*`,
        }],
      });
    }

    this.loadBalancer = new Lb(this, 'Resource', {
      name: makeName(NameTarget.ALB, ...props.nameParts),
      loadBalancerType: 'application',
      internal: !props.internetFacing,
      subnets: [...props.subnetIds],
      securityGroups: [this.securityGroup.id],
      dropInvalidHeaderFields: true,
      desyncMitigationMode: 'defensive',
      enableDeletionProtection: props.deletionProtection,
      enableWafFailOpen: false,
      // Above LiteLLM's per-call timeouts, so a long non-streaming completion is not cut off by the LB.
      idleTimeout: props.idleTimeoutSeconds,
      accessLogs: this.accessLogsBucket ? { bucket: this.accessLogsBucket.bucketName, enabled: true, prefix: 'alb' } : undefined,
      dependsOn: this.accessLogsBucket ? [this.accessLogsBucket.policy] : undefined,
    });

    this.targetGroup = new LbTargetGroup(this, 'TargetGroup', {
      name: makeName(NameTarget.TARGET_GROUP, ...props.nameParts),
      port: props.containerPort,
      protocol: 'HTTP',
      protocolVersion: 'HTTP1',
      targetType: 'ip',
      vpcId: props.vpcId,
      // Long enough for most in-flight streams to finish when a task is replaced (stopTimeout is 120 s).
      deregistrationDelay: '120',
      healthCheck: {
        enabled: true,
        // Readiness: DB and cache reachable (litellm.md §7). Never `/health`, which calls every model.
        path: '/health/readiness',
        protocol: 'HTTP',
        port: 'traffic-port',
        matcher: '200',
        interval: 15,
        timeout: 5,
        healthyThreshold: 2,
        unhealthyThreshold: 3,
      },
    });

    const tls = { protocol: https ? 'HTTPS' : 'HTTP', sslPolicy: https ? props.sslPolicy : undefined, certificateArn: props.certificateArn };
    this.listener = new LbListener(this, https ? 'Https' : 'Http', {
      loadBalancerArn: this.loadBalancer.arn,
      port: this.listenerPort,
      ...tls,
      // Anything that is not an inference route (the rules below) never reaches LiteLLM from a caller.
      defaultAction: [{ type: 'fixed-response', fixedResponse: { statusCode: '404', contentType: 'application/json', messageBody: NOT_AN_INFERENCE_ROUTE_BODY } }],
    });
    if (props.refuseRedactionOverride) {
      new LbListenerRule(this, 'RefuseRedactionOverride', {
        listenerArn: this.listener.arn,
        // Before any forward rule: ALB cannot remove a request header, so the request is refused.
        priority: 1,
        condition: [{ httpHeader: { httpHeaderName: REDACTION_OVERRIDE_HEADER, values: ['*'] } }],
        action: [{ type: 'fixed-response', fixedResponse: { statusCode: '400', contentType: 'application/json', messageBody: REDACTION_OVERRIDE_REFUSED_BODY } }],
      });
    }
    // ALB allows at most five condition values (and five wildcards) per rule.
    chunk(INFERENCE_ROUTES, 5).forEach((paths, i) => {
      new LbListenerRule(this, `Inference${i + 1}`, {
        listenerArn: this.listener.arn,
        priority: 10 + i,
        condition: [{ pathPattern: { values: paths } }],
        action: [{ type: 'forward', targetGroupArn: this.targetGroup.arn }],
      });
    });

    this.adminListener = new LbListener(this, https ? 'AdminHttps' : 'AdminHttp', {
      loadBalancerArn: this.loadBalancer.arn,
      port: this.adminListenerPort,
      ...tls,
      defaultAction: [{ type: 'forward', targetGroupArn: this.targetGroup.arn }],
    });
  }

  /** Lets the load balancer reach the tasks (and nothing else). */
  public allowToTasks(taskSecurityGroupId: string, port: number): void {
    new VpcSecurityGroupEgressRule(this, 'EgressToTasks', {
      securityGroupId: this.securityGroup.id,
      referencedSecurityGroupId: taskSecurityGroupId,
      ipProtocol: 'tcp',
      fromPort: port,
      toPort: port,
      description: 'Forward to the LiteLLM tasks',
    });
  }

  /** Admits callers from a CIDR to the caller listener. */
  public allowCidr(cidr: string, description: string): void {
    this.ingress(this.peers, 'Ingress', this.listenerPort, { cidrIpv4: cidr }, cidr, description);
  }

  /** Admits callers in a security group to the caller listener. */
  public allowSecurityGroup(securityGroupId: string, description: string): void {
    this.ingress(this.peers, 'Ingress', this.listenerPort, { referencedSecurityGroupId: securityGroupId }, securityGroupId, description);
  }

  /** Admits operators from a CIDR to the admin listener. */
  public allowAdminCidr(cidr: string, description: string): void {
    this.ingress(this.adminPeers, 'AdminIngress', this.adminListenerPort, { cidrIpv4: cidr }, cidr, description);
  }

  /** Admits operators in a security group (a reconciler function, a bastion) to the admin listener. */
  public allowAdminSecurityGroup(securityGroupId: string, description: string): void {
    this.ingress(this.adminPeers, 'AdminIngress', this.adminListenerPort, { referencedSecurityGroupId: securityGroupId }, securityGroupId, description);
  }

  private ingress(
    peers: Set<string>,
    prefix: string,
    port: number,
    source: { cidrIpv4?: string; referencedSecurityGroupId?: string },
    value: string,
    description: string,
  ): void {
    // Stable ids for literal peers (order of allowFrom calls does not matter); a counter for tokens.
    const key = isUnresolved(value) ? `token-${peers.size}` : value;
    if (peers.has(key)) return;
    peers.add(key);
    new VpcSecurityGroupIngressRule(this, `${prefix}${stableHash([key])}`, {
      securityGroupId: this.securityGroup.id,
      ipProtocol: 'tcp',
      fromPort: port,
      toPort: port,
      description,
      ...source,
    });
  }
}

/** Splits `items` into chunks of at most `size`. */
function chunk<T>(items: ReadonlyArray<T>, size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
