import { matchesOrToken, type NetworkPeer } from './shared';
import { ProblemCollector } from '../../../core';

const IAM_ROLE_ARN = /^arn:aws(?:-cn|-us-gov)?:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;
const GCP_SA_EMAIL = /^[a-z][a-z0-9-]{4,28}[a-z0-9]@[a-z][a-z0-9-]{4,28}[a-z0-9]\.iam\.gserviceaccount\.com$/;

enum Kind {
  EKS_IRSA = 'eks-irsa',
  EKS_POD_IDENTITY = 'eks-pod-identity',
  GKE = 'gke-workload-identity',
}

/**
 * How the gateway's Kubernetes ServiceAccount gets cloud credentials (for Bedrock, Vertex AI, RDS IAM
 * auth, ...). The cloud side (IAM role and its trust, or the GCP service account binding) is yours; this
 * sets the ServiceAccount annotation and opens the NetworkPolicy path the credential agent needs.
 *
 * ```ts
 * serviceAccount: { name: 'llm-gateway', workloadIdentity: KubernetesWorkloadIdentity.eksPodIdentity() }
 * ```
 */
export class KubernetesWorkloadIdentity {
  /**
   * EKS IAM Roles for Service Accounts: annotates the ServiceAccount with `eks.amazonaws.com/role-arn`.
   * The role's trust policy must name the cluster's OIDC provider and `system:serviceaccount:<ns>:<name>`.
   */
  public static eksIrsa(roleArn: string): KubernetesWorkloadIdentity {
    return new KubernetesWorkloadIdentity(Kind.EKS_IRSA, roleArn);
  }

  /**
   * EKS Pod Identity: no annotation; create an `aws_eks_pod_identity_association` for the namespace and
   * ServiceAccount name. Opens egress to the Pod Identity agent (169.254.170.23:80).
   */
  public static eksPodIdentity(): KubernetesWorkloadIdentity {
    return new KubernetesWorkloadIdentity(Kind.EKS_POD_IDENTITY, undefined);
  }

  /**
   * GKE Workload Identity: annotates the ServiceAccount with `iam.gke.io/gcp-service-account`. Grant
   * `roles/iam.workloadIdentityUser` to `serviceAccount:<project>.svc.id.goog[<ns>/<name>]` on the GSA.
   * Opens egress to the GKE metadata server.
   */
  public static gke(gcpServiceAccountEmail: string): KubernetesWorkloadIdentity {
    return new KubernetesWorkloadIdentity(Kind.GKE, gcpServiceAccountEmail);
  }

  private constructor(private readonly kind: Kind, private readonly value: string | undefined) {}

  /** @internal */
  public _validate(p: ProblemCollector, path: string): void {
    if (this.kind === Kind.EKS_IRSA && !matchesOrToken(this.value, IAM_ROLE_ARN)) {
      p.add(`${path}.roleArn`, this.value, 'is not an IAM role ARN', 'pass arn:aws:iam::<account>:role/<name>');
    }
    if (this.kind === Kind.GKE && !matchesOrToken(this.value, GCP_SA_EMAIL)) {
      p.add(`${path}.gcpServiceAccountEmail`, this.value, 'is not a Google service account email', 'pass <name>@<project>.iam.gserviceaccount.com');
    }
  }

  /** @internal ServiceAccount annotations. */
  public _annotations(): Record<string, string> {
    switch (this.kind) {
      case Kind.EKS_IRSA:
        return { 'eks.amazonaws.com/role-arn': this.value! };
      case Kind.GKE:
        return { 'iam.gke.io/gcp-service-account': this.value! };
      default:
        return {};
    }
  }

  /**
   * @internal Extra DNS resolvers the pods must reach on port 53 (UDP and TCP), besides kube-dns and NodeLocal
   * DNSCache. GKE clusters that use Cloud DNS for cluster DNS (the default on Autopilot and with Dataplane V2)
   * answer pods from the metadata server's resolver at 169.254.169.254:53, so a NetworkPolicy that allows only
   * kube-dns blocks every lookup (GKE docs, "Using Cloud DNS for GKE", network policy requirements).
   */
  public _dnsResolvers(): string[] {
    return this.kind === Kind.GKE ? ['169.254.169.254/32'] : [];
  }

  /** @internal Egress the credential agent needs (IRSA uses STS over HTTPS, already allowed). */
  public _egress(): NetworkPeer[] {
    switch (this.kind) {
      // EKS Pod Identity agent's link-local address (AWS docs, "EKS Pod Identity agent").
      case Kind.EKS_POD_IDENTITY:
        return [{ cidr: '169.254.170.23/32', port: 80 }];
      // GKE metadata server: 169.254.169.254:80, and 169.254.169.252:988 on Dataplane V2
      // (GKE docs, "Workload Identity Federation for GKE" / network policy requirements).
      case Kind.GKE:
        return [{ cidr: '169.254.169.254/32', port: 80 }, { cidr: '169.254.169.252/32', port: 988 }];
      default:
        return [];
    }
  }
}
