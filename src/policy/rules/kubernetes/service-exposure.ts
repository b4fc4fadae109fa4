import type { PolicyRule } from '../../rule';
import { findings, one } from '../helpers';

// Annotations that make a LoadBalancer Service internal, per cloud (AWS LB controller / in-tree, GKE, AKS).
const INTERNAL: ReadonlyArray<[string, RegExp]> = [
  ['service.beta.kubernetes.io/aws-load-balancer-scheme', /^internal$/],
  ['service.beta.kubernetes.io/aws-load-balancer-internal', /^(true|0\.0\.0\.0\/0)$/],
  ['networking.gke.io/load-balancer-type', /^Internal$/],
  ['cloud.google.com/load-balancer-type', /^Internal$/],
  ['service.beta.kubernetes.io/azure-load-balancer-internal', /^true$/],
];

export const rule: PolicyRule = {
  id: 'LLM-K8S-17',
  level: 'warning',
  description: 'Kubernetes Service is exposed outside the cluster: a NodePort, or a LoadBalancer without the cloud\'s internal annotation.',
  fix: 'Use `type = "ClusterIP"` behind an internal Ingress, or annotate the LoadBalancer as internal.',
  resourceTypes: ['kubernetes_service_v1', 'kubernetes_service'],
  anchors: { cdkNag: [], checkov: [] },
  check(config) {
    const type = one(config.spec)?.type ?? 'ClusterIP';
    if (type === 'NodePort') return findings(['Type::NodePort']);
    if (type !== 'LoadBalancer') return findings([]);
    const annotations = one(config.metadata)?.annotations ?? {};
    return findings(INTERNAL.some(([k, v]) => typeof annotations[k] === 'string' && v.test(annotations[k])) ? [] : ['Type::LoadBalancer']);
  },
};
