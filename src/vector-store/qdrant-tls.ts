import { ProblemCollector } from '../core/errors';

const K8S_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

function checkName(method: string, value: string): void {
  if (typeof value !== 'string' || !K8S_NAME.test(value) || value.length > 253) {
    new ProblemCollector().add(`QdrantTls.${method}`, value, 'is not a Kubernetes object name', 'use a DNS-1123 subdomain, e.g. platform-ca').throwIfAny('QdrantTls');
  }
}

/**
 * Where the Qdrant backend's TLS certificate comes from. Qdrant serves HTTPS and gRPC on 6333/6334 and
 * talks TLS to its peers on 6335 (`service.enable_tls`, `cluster.p2p.enable_tls`); the certificate
 * Secret must hold `tls.crt`, `tls.key` and `ca.crt` (clients and peers verify against `ca.crt`), and its
 * certificate must name every DNS name in `qdrantTlsDnsNames(release, namespace)`.
 *
 * ```ts
 * QdrantTls.privateCa()                                   // default: a per-store CA issued by cert-manager
 * QdrantTls.certManagerIssuer({ name: 'platform-ca', kind: 'ClusterIssuer' })
 * QdrantTls.existingSecret('qdrant-tls')                  // you issue and rotate it
 * ```
 */
export class QdrantTls {
  /**
   * A private CA per store, issued and renewed by cert-manager (which must be installed in the cluster):
   * a self-signed root (10 years) signs the Qdrant certificate (90 days, renewed 30 days before expiry).
   * Nothing leaves the namespace.
   */
  public static privateCa(): QdrantTls {
    return new QdrantTls('private-ca', undefined, undefined);
  }

  /**
   * A certificate from an existing cert-manager issuer that fills `ca.crt` in the Secrets it issues (a
   * CA or Vault issuer; public ACME issuers cannot name in-cluster services).
   */
  public static certManagerIssuer(issuer: { readonly name: string; readonly kind?: 'Issuer' | 'ClusterIssuer' }): QdrantTls {
    checkName('certManagerIssuer(name)', issuer?.name);
    if (issuer.kind !== undefined && issuer.kind !== 'Issuer' && issuer.kind !== 'ClusterIssuer') {
      new ProblemCollector().add('QdrantTls.certManagerIssuer(kind)', issuer.kind, 'is not a cert-manager issuer kind', "use 'Issuer' or 'ClusterIssuer'").throwIfAny('QdrantTls');
    }
    return new QdrantTls('issuer', { name: issuer.name, kind: issuer.kind ?? 'ClusterIssuer' }, undefined);
  }

  /** A Secret you provide (and rotate) in the store's namespace, with `tls.crt`, `tls.key` and `ca.crt`. */
  public static existingSecret(secretName: string): QdrantTls {
    checkName('existingSecret(secretName)', secretName);
    return new QdrantTls('secret', undefined, secretName);
  }

  private constructor(
    /** `private-ca`, `issuer` or `secret`. */
    public readonly kind: 'private-ca' | 'issuer' | 'secret',
    /** The cert-manager issuer (`issuer`). */
    public readonly issuer: { readonly name: string; readonly kind: 'Issuer' | 'ClusterIssuer' } | undefined,
    /** The Secret's name (`secret`). */
    public readonly secretName: string | undefined,
  ) {}
}

/**
 * DNS names the Qdrant certificate must carry: the client Service in every form a pod resolves it, and
 * the peers' addresses, which the chart builds as `<release>-<n>.<release>-headless` (qdrant-helm 1.15.1
 * templates/configmap.yaml, `--uri`/`--bootstrap`) and which each peer verifies when p2p TLS is on.
 */
export function qdrantTlsDnsNames(release: string, namespace: string): string[] {
  return [
    release,
    `${release}.${namespace}`,
    `${release}.${namespace}.svc`,
    `${release}.${namespace}.svc.cluster.local`,
    `*.${release}-headless`,
    `*.${release}-headless.${namespace}`,
    `*.${release}-headless.${namespace}.svc`,
    `*.${release}-headless.${namespace}.svc.cluster.local`,
  ];
}
