import type { PolicyRule } from '../../rule';
import { compliantIf, many, one } from '../helpers';

const POLICY_TYPES = ['kubernetes_network_policy_v1', 'kubernetes_network_policy'];

export const rule: PolicyRule = {
  id: 'LLM-K8S-14',
  level: 'warning',
  description: 'Kubernetes namespace has no NetworkPolicy in this stack, so every pod in the cluster can reach its pods.',
  fix: 'Add a `kubernetes_network_policy_v1` in the namespace: deny by default, then admit the callers\' namespaces on the service ports.',
  resourceTypes: ['kubernetes_namespace_v1', 'kubernetes_namespace'],
  anchors: { cdkNag: [], checkov: [] },
  check(config, context) {
    const name = one(config.metadata)?.name;
    const address = context.subject.address;
    // A policy names the namespace literally or through a reference to this namespace resource.
    const policies = POLICY_TYPES.flatMap((t) => context.ofType(t));
    return compliantIf(
      policies.some((p) => {
        const ns = one(p.config.metadata)?.namespace;
        return (typeof name === 'string' && ns === name) || (typeof ns === 'string' && ns.includes(`${address}.`));
      }) || many(context.referencing(address)).some((r) => POLICY_TYPES.includes(r.type)),
    );
  },
};
