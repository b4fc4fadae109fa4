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
    GatewayPeer.check('cidr', cidr, /^((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\/(3[0-2]|[12]?\d)$/, 'pass an IPv4 CIDR such as 10.0.0.0/16');
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
    GatewayPeer.check('namespace', namespace, /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, 'pass a namespace name (DNS-1123 label, at most 63 characters)');
    return new GatewayPeer(GatewayPeerKind.KUBERNETES_NAMESPACE, namespace);
  }

  private static check(prop: string, value: string, re: RegExp, fix: string): void {
    // `re.test(null)` tests the text "null": check the type first.
    if (typeof value === 'string' && (isUnresolved(value) || (re.test(value) && value.length <= 253))) return;
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
