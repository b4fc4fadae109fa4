import { ProblemCollector } from '../core';
import { isUnresolved } from '../core/tokens';

/** What kind of caller a `GatewayPeer` describes. */
export enum GatewayPeerKind {
  AWS_SECURITY_GROUP = 'aws-security-group',
  CIDR = 'cidr',
  GCP_PRINCIPAL = 'gcp-principal',
  KUBERNETES_NAMESPACE = 'kubernetes-namespace',
}

/**
 * A caller that may reach the gateway: `gateway.connections.allowFrom(GatewayPeer.securityGroup(sg.id))`.
 * Each runtime supports the kinds that make sense for it and rejects the others with a ValidationError.
 */
export class GatewayPeer {
  /** Workloads in an AWS security group (ECS, EKS with security groups for pods, Lambda in a VPC). */
  public static securityGroup(securityGroupId: string): GatewayPeer {
    GatewayPeer.check('securityGroupId', securityGroupId, /^sg-[0-9a-f]{8,17}$/, 'pass a security group id such as sg-0123456789abcdef0 (or a token)');
    return new GatewayPeer(GatewayPeerKind.AWS_SECURITY_GROUP, securityGroupId);
  }

  /** An IPv4 range inside your network. `0.0.0.0/0` is rejected: a public gateway is opted into on the runtime. */
  public static cidr(cidr: string): GatewayPeer {
    GatewayPeer.check('cidr', cidr, /^(\d{1,3}\.){3}\d{1,3}\/\d{1,2}$/, 'pass an IPv4 CIDR such as 10.0.0.0/16');
    if (cidr === '0.0.0.0/0') {
      const p = new ProblemCollector();
      p.add('GatewayPeer.cidr', cidr, 'opens the gateway to every address', 'use your VPC or corporate ranges; for a public gateway set the runtime\'s public option, which also requires WAF');
      p.throwIfAny('GatewayPeer');
    }
    return new GatewayPeer(GatewayPeerKind.CIDR, cidr);
  }

  /** A Google principal (`serviceAccount:x@p.iam.gserviceaccount.com`, `group:...`), granted `run.invoker`. */
  public static gcpPrincipal(member: string): GatewayPeer {
    GatewayPeer.check('member', member, /^(serviceAccount|group|user|principal|principalSet):.+$/, 'pass an IAM member such as serviceAccount:app@project.iam.gserviceaccount.com');
    return new GatewayPeer(GatewayPeerKind.GCP_PRINCIPAL, member);
  }

  /** Pods in a Kubernetes namespace (NetworkPolicy namespaceSelector on `kubernetes.io/metadata.name`). */
  public static kubernetesNamespace(namespace: string): GatewayPeer {
    GatewayPeer.check('namespace', namespace, /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'pass a namespace name (DNS-1123 label)');
    return new GatewayPeer(GatewayPeerKind.KUBERNETES_NAMESPACE, namespace);
  }

  private static check(prop: string, value: string, re: RegExp, fix: string): void {
    if (isUnresolved(value) || re.test(value)) return;
    const p = new ProblemCollector();
    p.add(`GatewayPeer.${prop}`, value, 'is not valid', fix);
    p.throwIfAny('GatewayPeer');
  }

  private constructor(
    public readonly kind: GatewayPeerKind,
    /** Security group id, CIDR, IAM member or namespace name. */
    public readonly value: string,
  ) {}

  public toString(): string {
    return `${this.kind}:${this.value}`;
  }
}
