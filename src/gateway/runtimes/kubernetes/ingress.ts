import { DNS_LABEL, DNS_SUBDOMAIN, checkAnnotations, checkCidrs, matchesOrToken, sortedRecord, type NetworkPeer } from './shared';
import { ProblemCollector } from '../../../core';
import { isUnresolved } from '../../../core/tokens';

const ACM_CERT_ARN = /^arn:aws(?:-cn|-us-gov)?:acm:[a-z0-9-]+:\d{12}:certificate\/[A-Za-z0-9-]+$/;
const WAF_ACL_ARN = /^arn:aws(?:-cn|-us-gov)?:wafv2:[a-z0-9-]+:\d{12}:regional\/webacl\/.+$/;
const HOSTNAME = /^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)+$/;
const GCE_CERT_NAME = /^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/;

/** Options for `KubernetesIngress.awsLoadBalancer`. */
export interface KubernetesAwsLoadBalancerIngressOptions {
  /** DNS name callers use; must be covered by the certificate. The gateway endpoint is `https://<host>`. */
  readonly host: string;
  /** ACM certificate for the HTTPS listener (the only listener). */
  readonly certificateArn: string;
  /**
   * Ranges the ALB reaches the pods from (its subnets' CIDRs, or the VPC CIDR). With `target-type: ip` the
   * ALB talks to pod IPs directly, so the NetworkPolicy admits these ranges on the gateway port.
   */
  readonly loadBalancerSourceCidrs: ReadonlyArray<string>;
  /** An internet-facing ALB. Requires `wafAclArn`. @default false (scheme `internal`) */
  readonly internetFacing?: boolean;
  /** WAFv2 regional web ACL attached to the ALB. @default - none (required when `internetFacing`) */
  readonly wafAclArn?: string;
  /** Client ranges allowed by the ALB's security group (`inbound-cidrs`). @default - the controller's default */
  readonly inboundCidrs?: ReadonlyArray<string>;
  /** TLS policy of the HTTPS listener. @default 'ELBSecurityPolicy-TLS13-1-2-2021-06' (TLS 1.2 and 1.3) */
  readonly sslPolicy?: string;
  /** S3 bucket for ALB access logs. @default - no access logs */
  readonly accessLogsBucket?: string;
  /** ALB deletion protection. Turn off before deleting the Ingress. @default true */
  readonly deletionProtection?: boolean;
  /** Extra Ingress annotations (not the ones set from the options above). @default {} */
  readonly annotations?: Readonly<Record<string, string>>;
}

/** Options for `KubernetesIngress.gkeInternal`. */
export interface KubernetesGkeInternalIngressOptions {
  /** DNS name callers use; must be covered by the certificate. The gateway endpoint is `https://<host>`. */
  readonly host: string;
  /**
   * CIDR of the region's proxy-only subnet (`purpose = REGIONAL_MANAGED_PROXY`). The internal Application
   * Load Balancer reaches the pods from it, so the NetworkPolicy admits it (plus Google's health-check ranges).
   */
  readonly proxyOnlySubnetCidr: string;
  /** A `kubernetes.io/tls` Secret in the gateway namespace (e.g. from cert-manager). @default - none; then `preSharedCertificates` is required */
  readonly tlsSecretName?: string;
  /** Names of regional Compute Engine SSL certificates. @default - none; then `tlsSecretName` is required */
  readonly preSharedCertificates?: ReadonlyArray<string>;
  /** Extra Ingress annotations (not the ones set from the options above). @default {} */
  readonly annotations?: Readonly<Record<string, string>>;
}

/** Options for `KubernetesIngress.ingressClass`. */
export interface KubernetesIngressClassOptions {
  /** The IngressClass name, e.g. `nginx-internal`. */
  readonly className: string;
  /** DNS name callers use. The gateway endpoint is `https://<host>`. */
  readonly host: string;
  /** A `kubernetes.io/tls` Secret in the gateway namespace. */
  readonly tlsSecretName: string;
  /** Namespace of the ingress controller pods; the NetworkPolicy admits them on the gateway port. */
  readonly controllerNamespace: string;
  /** Extra Ingress annotations. @default {} */
  readonly annotations?: Readonly<Record<string, string>>;
}

enum Kind {
  ALB = 'aws-load-balancer',
  GCE_INTERNAL = 'gke-internal',
  CLASS = 'ingress-class',
}

/** What the runtime renders for an ingress. @internal */
export interface RenderedIngress {
  readonly host: string;
  readonly className?: string;
  readonly annotations: Record<string, string>;
  readonly tls: { readonly hosts: string[]; readonly secretName?: string };
  readonly serviceAnnotations: Record<string, string>;
  readonly sources: NetworkPeer[];
}

const ALB = 'alb.ingress.kubernetes.io/';
const ALB_MANAGED = ['scheme', 'target-type', 'listen-ports', 'certificate-arn', 'ssl-policy', 'backend-protocol', 'healthcheck-path', 'success-codes', 'load-balancer-attributes', 'target-group-attributes', 'wafv2-acl-arn', 'inbound-cidrs', 'ssl-redirect'].map((k) => ALB + k);
const GCE_MANAGED = ['kubernetes.io/ingress.class', 'kubernetes.io/ingress.allow-http', 'ingress.gcp.kubernetes.io/pre-shared-cert', 'kubernetes.io/ingress.regional-static-ip-name'];

/**
 * How callers outside the cluster reach the gateway. None by default: the gateway is a ClusterIP Service
 * reachable only from the namespaces you allow. Every option terminates TLS and is private unless you
 * opt into an internet-facing ALB, which then requires WAF.
 */
export class KubernetesIngress {
  /**
   * An Application Load Balancer from the AWS Load Balancer Controller (class `alb`): internal scheme,
   * HTTPS only with a TLS 1.2/1.3 policy, `target-type: ip`, invalid headers dropped, deletion protection,
   * a 600 s idle timeout (LiteLLM's default request timeout, for long streaming responses) and health
   * checks on `/health/liveliness`.
   */
  public static awsLoadBalancer(options: KubernetesAwsLoadBalancerIngressOptions): KubernetesIngress {
    return new KubernetesIngress(Kind.ALB, options);
  }

  /**
   * A GKE internal Application Load Balancer (`gce-internal`): HTTPS only, container-native load
   * balancing (NEG), health checks derived from the readiness probe.
   */
  public static gkeInternal(options: KubernetesGkeInternalIngressOptions): KubernetesIngress {
    return new KubernetesIngress(Kind.GCE_INTERNAL, options);
  }

  /** Any other controller (ingress-nginx, Traefik, ...) by IngressClass, with TLS from a Secret. */
  public static ingressClass(options: KubernetesIngressClassOptions): KubernetesIngress {
    return new KubernetesIngress(Kind.CLASS, options);
  }

  private constructor(private readonly kind: Kind, private readonly options: any) {}

  /** @internal */
  public _validate(p: ProblemCollector, path: string): void {
    const o = this.options ?? {};
    if (!matchesOrToken(o.host, HOSTNAME)) p.add(`${path}.host`, o.host, 'is not a DNS name', 'pass the name callers use, e.g. llm.internal.example.com');
    switch (this.kind) {
      case Kind.ALB: {
        if (!matchesOrToken(o.certificateArn, ACM_CERT_ARN)) p.add(`${path}.certificateArn`, o.certificateArn, 'is not an ACM certificate ARN', 'pass arn:aws:acm:<region>:<account>:certificate/<id>');
        if (!Array.isArray(o.loadBalancerSourceCidrs) || o.loadBalancerSourceCidrs.length === 0) {
          p.add(`${path}.loadBalancerSourceCidrs`, o.loadBalancerSourceCidrs, 'is required: the NetworkPolicy must admit the ALB', "pass the ALB subnets' CIDRs or the VPC CIDR, e.g. ['10.0.0.0/16']");
        } else {
          checkCidrs(p, `${path}.loadBalancerSourceCidrs`, o.loadBalancerSourceCidrs);
        }
        checkCidrs(p, `${path}.inboundCidrs`, o.inboundCidrs, o.internetFacing === true);
        if (o.internetFacing === true && o.wafAclArn === undefined) {
          p.add(`${path}.wafAclArn`, undefined, 'is required for an internet-facing ALB', 'attach a WAFv2 regional web ACL, or keep the ALB internal');
        }
        if (o.wafAclArn !== undefined && !matchesOrToken(o.wafAclArn, WAF_ACL_ARN)) p.add(`${path}.wafAclArn`, o.wafAclArn, 'is not a WAFv2 regional web ACL ARN', 'pass arn:aws:wafv2:<region>:<account>:regional/webacl/<name>/<id>');
        if (o.sslPolicy !== undefined && !/^ELBSecurityPolicy-(TLS13-1-[23]-|FS-1-2-|TLS-1-2-)/.test(o.sslPolicy) && !isUnresolved(o.sslPolicy)) {
          p.add(`${path}.sslPolicy`, o.sslPolicy, 'allows TLS older than 1.2', "use 'ELBSecurityPolicy-TLS13-1-2-2021-06' or another TLS 1.2+ policy");
        }
        if (o.accessLogsBucket !== undefined && !matchesOrToken(o.accessLogsBucket, /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/)) p.add(`${path}.accessLogsBucket`, o.accessLogsBucket, 'is not an S3 bucket name', 'pass the bucket name (not its ARN)');
        checkAnnotations(p, `${path}.annotations`, o.annotations, ALB_MANAGED);
        break;
      }
      case Kind.GCE_INTERNAL: {
        if (!matchesOrToken(o.proxyOnlySubnetCidr, /^[\d./]+$/)) p.add(`${path}.proxyOnlySubnetCidr`, o.proxyOnlySubnetCidr, 'is not an IPv4 CIDR', 'pass the proxy-only subnet range, e.g. 10.129.0.0/23');
        else checkCidrs(p, `${path}.proxyOnlySubnetCidr`, [o.proxyOnlySubnetCidr]);
        const certs: unknown[] = o.preSharedCertificates ?? [];
        if (o.tlsSecretName === undefined && certs.length === 0) {
          p.add(`${path}.tlsSecretName`, undefined, 'TLS is required: neither tlsSecretName nor preSharedCertificates is set', 'pass a kubernetes.io/tls Secret name or regional SSL certificate names');
        }
        if (o.tlsSecretName !== undefined && !matchesOrToken(o.tlsSecretName, DNS_SUBDOMAIN)) p.add(`${path}.tlsSecretName`, o.tlsSecretName, 'is not a Secret name', 'use lowercase letters, digits, - and .');
        certs.forEach((c, i) => {
          if (!matchesOrToken(c, GCE_CERT_NAME)) p.add(`${path}.preSharedCertificates[${i}]`, c, 'is not a Compute Engine certificate name', 'pass the certificate resource name');
        });
        checkAnnotations(p, `${path}.annotations`, o.annotations, GCE_MANAGED);
        break;
      }
      case Kind.CLASS: {
        if (!matchesOrToken(o.className, DNS_SUBDOMAIN)) p.add(`${path}.className`, o.className, 'is not an IngressClass name', 'pass the class name, e.g. nginx-internal');
        if (!matchesOrToken(o.tlsSecretName, DNS_SUBDOMAIN)) p.add(`${path}.tlsSecretName`, o.tlsSecretName, 'is required and must be a Secret name', 'pass a kubernetes.io/tls Secret in the gateway namespace');
        if (!matchesOrToken(o.controllerNamespace, DNS_LABEL)) p.add(`${path}.controllerNamespace`, o.controllerNamespace, 'is not a namespace name', 'pass the namespace of the ingress controller, e.g. ingress-nginx');
        checkAnnotations(p, `${path}.annotations`, o.annotations, []);
        break;
      }
    }
  }

  /** @internal */
  public _render(): RenderedIngress {
    const o = this.options;
    switch (this.kind) {
      case Kind.ALB: {
        const lbAttributes = [
          `deletion_protection.enabled=${o.deletionProtection === false ? 'false' : 'true'}`,
          // LiteLLM's default request_timeout is 600 s; the ALB default (60 s) would cut long streams.
          'idle_timeout.timeout_seconds=600',
          'routing.http.drop_invalid_header_fields.enabled=true',
        ];
        if (o.accessLogsBucket) lbAttributes.unshift('access_logs.s3.enabled=true', `access_logs.s3.bucket=${o.accessLogsBucket}`);
        const annotations: Record<string, string> = {
          ...(o.annotations ?? {}),
          [`${ALB}scheme`]: o.internetFacing ? 'internet-facing' : 'internal',
          [`${ALB}target-type`]: 'ip',
          [`${ALB}listen-ports`]: '[{"HTTPS":443}]',
          [`${ALB}certificate-arn`]: o.certificateArn,
          [`${ALB}ssl-policy`]: o.sslPolicy ?? 'ELBSecurityPolicy-TLS13-1-2-2021-06',
          [`${ALB}backend-protocol`]: 'HTTP',
          [`${ALB}healthcheck-path`]: '/health/liveliness',
          [`${ALB}success-codes`]: '200',
          [`${ALB}load-balancer-attributes`]: lbAttributes.join(','),
          // Shorter than the pods' preStop pause + grace period, so in-flight requests finish first.
          [`${ALB}target-group-attributes`]: 'deregistration_delay.timeout_seconds=30',
        };
        if (o.wafAclArn) annotations[`${ALB}wafv2-acl-arn`] = o.wafAclArn;
        if (o.inboundCidrs?.length) annotations[`${ALB}inbound-cidrs`] = [...o.inboundCidrs].join(',');
        return {
          host: o.host,
          className: 'alb',
          annotations: sortedRecord(annotations),
          tls: { hosts: [o.host] },
          serviceAnnotations: {},
          sources: [...o.loadBalancerSourceCidrs].sort().map((cidr: string) => ({ cidr })),
        };
      }
      case Kind.GCE_INTERNAL: {
        const annotations: Record<string, string> = {
          ...(o.annotations ?? {}),
          // GKE reads the class from this annotation; it does not support spec.ingressClassName for gce classes.
          'kubernetes.io/ingress.class': 'gce-internal',
          'kubernetes.io/ingress.allow-http': 'false',
        };
        if (o.preSharedCertificates?.length) annotations['ingress.gcp.kubernetes.io/pre-shared-cert'] = [...o.preSharedCertificates].join(',');
        return {
          host: o.host,
          annotations: sortedRecord(annotations),
          tls: { hosts: [o.host], secretName: o.tlsSecretName },
          serviceAnnotations: { 'cloud.google.com/neg': '{"ingress": true}' },
          sources: [
            { cidr: o.proxyOnlySubnetCidr },
            // Google Cloud health-check probers (GCP docs, "Health checks overview", probe IP ranges).
            { cidr: '130.211.0.0/22' },
            { cidr: '35.191.0.0/16' },
          ],
        };
      }
      default:
        return {
          host: o.host,
          className: o.className,
          annotations: sortedRecord({ ...(o.annotations ?? {}) }),
          tls: { hosts: [o.host], secretName: o.tlsSecretName },
          serviceAnnotations: {},
          sources: [{ namespace: o.controllerNamespace }],
        };
    }
  }
}
