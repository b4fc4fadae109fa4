import { HelmProvider } from '@cdktf/provider-helm/lib/provider';
import { NamespaceV1 } from '@cdktf/provider-kubernetes/lib/namespace-v1';
import { NetworkPolicyV1 } from '@cdktf/provider-kubernetes/lib/network-policy-v1';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { ServiceAccountV1 } from '@cdktf/provider-kubernetes/lib/service-account-v1';
import { OwnershipTagging, QdrantTls, VectorBackend, VectorDistance, VectorPrincipal, VectorStore } from '../../src';
import { App, TerraformOutput, TerraformResource, TerraformStack } from '../../src/core/cdktf';

/** The cluster this example deploys to: the current context of a kubeconfig (any conformant cluster). */
const KUBECONFIG = '~/.kube/config';
const CONTEXT = 'platform-staging';

/**
 * Qdrant on an existing Kubernetes cluster (cert-manager and a NetworkPolicy-enforcing CNI installed) for
 * two teams: a 3-node cluster with TLS on the API and between peers, a NetworkPolicy that admits only the
 * teams' namespaces, and per-service JWTs (scoped to their collections) that an in-cluster Job writes into
 * each service's namespace at `terraform apply`.
 */
export function build(app: App): void {
  const stack = new TerraformStack(app, 'qdrant-helm');
  new KubernetesProvider(stack, 'kubernetes', { configPath: KUBECONFIG, configContext: CONTEXT });
  new HelmProvider(stack, 'helm', { kubernetes: { configPath: KUBECONFIG, configContext: CONTEXT } });
  OwnershipTagging.apply(stack, { team: 'platform', environment: 'staging', costCenter: 'cc-1234' });

  // Namespaces enforce the restricted Pod Security Standard; every workload here runs as non-root with
  // a read-only root filesystem and no capabilities.
  const namespace = (id: string, name: string) =>
    new NamespaceV1(stack, id, {
      metadata: {
        name,
        labels: { 'pod-security.kubernetes.io/enforce': 'restricted', 'pod-security.kubernetes.io/enforce-version': 'latest' },
      },
    });
  const vectors = namespace('VectorsNamespace', 'vectors');
  const support = namespace('SupportNamespace', 'support');
  const hiring = namespace('HiringNamespace', 'hiring');
  // The teams' namespaces admit nothing until their own services open a port (the store's namespace gets
  // its policy from the store).
  for (const [id, ns] of [['SupportDenyIngress', support], ['HiringDenyIngress', hiring]] as const) {
    new NetworkPolicyV1(stack, id, { metadata: { name: 'deny-ingress', namespace: ns.metadata.name }, spec: { podSelector: {}, policyTypes: ['Ingress'] } });
  }

  // The teams' service identities (their Deployments mount the token Secret the store writes).
  const account = (id: string, ns: NamespaceV1, name: string) =>
    new ServiceAccountV1(stack, id, { metadata: { name, namespace: ns.metadata.name }, automountServiceAccountToken: false });
  account('SupportApp', support, 'kb-api');
  account('HiringApp', hiring, 'matcher');

  const store = new VectorStore(stack, 'vectors', {
    backend: VectorBackend.qdrantHelm({
      namespace: 'vectors',
      // A per-store private CA issued by cert-manager (the default, spelled out).
      tls: QdrantTls.privateCa(),
      storageClassName: 'gp3-encrypted',
    }),
  });

  const kbApi = VectorPrincipal.kubernetesServiceAccount('support', 'kb-api');
  const matcher = VectorPrincipal.kubernetesServiceAccount('hiring', 'matcher');
  const kb = store.addCollection({ team: 'support', name: 'kb-articles', dimensions: 1536 });
  const resumes = store.addCollection({ team: 'hiring', name: 'resumes', dimensions: 1024, distance: VectorDistance.DOT_PRODUCT });
  kb.grantReadWrite(kbApi);
  kb.grantRead(matcher);
  resumes.grantReadWrite(matcher);
  // The store's resources (and the token writers' Roles in the teams' namespaces) wait for the namespaces.
  const namespacesFirst = [vectors, support, hiring].map((n) => `${n.terraformResourceType}.${n.friendlyUniqueId}`);
  for (const c of store.node.findAll()) {
    if (TerraformResource.isTerraformResource(c)) c.dependsOn = [...(c.dependsOn ?? []), ...namespacesFirst];
  }

  new TerraformOutput(stack, 'qdrant_url', { value: `${store.connectionInfo.protocol}://${store.connectionInfo.endpoint}:${store.connectionInfo.port}` });
  new TerraformOutput(stack, 'support_token_secret', { value: store.tokenSecretOf(kbApi) });
  new TerraformOutput(stack, 'hiring_token_secret', { value: store.tokenSecretOf(matcher) });
}

if (require.main === module) {
  const app = new App();
  build(app);
  app.synth();
}
