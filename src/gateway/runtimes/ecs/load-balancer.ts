import { DataAwsElbServiceAccount } from '@cdktf/provider-aws/lib/data-aws-elb-service-account';
import { Lb } from '@cdktf/provider-aws/lib/lb';
import { LbListener } from '@cdktf/provider-aws/lib/lb-listener';
import { LbTargetGroup } from '@cdktf/provider-aws/lib/lb-target-group';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { Construct } from 'constructs';
import { AwsEnvironment } from '../../../aws/environment';
import { BucketEncryption, SecureBucket } from '../../../aws/secure-bucket';
import { makeName, NameTarget, stableHash } from '../../../core';
import { isUnresolved } from '../../../core/tokens';

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
}

/**
 * The gateway's Application Load Balancer: its security group, the ALB (invalid headers dropped,
 * desync mitigation, access logs to a private TLS-only bucket), the HTTPS listener and the target group
 * that probes LiteLLM's readiness endpoint.
 */
export class GatewayLoadBalancer extends Construct {
  public readonly securityGroup: SecurityGroup;
  public readonly loadBalancer: Lb;
  public readonly targetGroup: LbTargetGroup;
  public readonly listener: LbListener;
  public readonly listenerPort: number;
  public readonly accessLogsBucket: SecureBucket | undefined;
  private readonly peers = new Set<string>();

  constructor(scope: Construct, id: string, props: GatewayLoadBalancerProps) {
    super(scope, id);
    const https = props.certificateArn !== undefined;
    this.listenerPort = https ? 443 : 80;

    this.securityGroup = new SecurityGroup(this, 'SecurityGroup', {
      name: makeName(NameTarget.SECURITY_GROUP, ...props.nameParts, 'alb'),
      description: `Load balancer of ${props.nameParts.join('-')}: ${this.listenerPort} from granted callers only`,
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

    this.listener = new LbListener(this, https ? 'Https' : 'Http', {
      loadBalancerArn: this.loadBalancer.arn,
      port: this.listenerPort,
      protocol: https ? 'HTTPS' : 'HTTP',
      sslPolicy: https ? props.sslPolicy : undefined,
      certificateArn: props.certificateArn,
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

  /** Admits callers from a CIDR to the listener. */
  public allowCidr(cidr: string, description: string): void {
    this.ingress({ cidrIpv4: cidr }, cidr, description);
  }

  /** Admits callers in a security group to the listener. */
  public allowSecurityGroup(securityGroupId: string, description: string): void {
    this.ingress({ referencedSecurityGroupId: securityGroupId }, securityGroupId, description);
  }

  private ingress(source: { cidrIpv4?: string; referencedSecurityGroupId?: string }, value: string, description: string): void {
    // Stable ids for literal peers (order of allowFrom calls does not matter); a counter for tokens.
    const key = isUnresolved(value) ? `token-${this.peers.size}` : value;
    if (this.peers.has(key)) return;
    this.peers.add(key);
    new VpcSecurityGroupIngressRule(this, `Ingress${stableHash([key])}`, {
      securityGroupId: this.securityGroup.id,
      ipProtocol: 'tcp',
      fromPort: this.listenerPort,
      toPort: this.listenerPort,
      description,
      ...source,
    });
  }
}
