import { Compliance, type PolicyRule } from '../../rule';
import { compliantIf, one } from '../helpers';

export const rule: PolicyRule = {
  id: 'LLM-K8S-19',
  level: 'warning',
  description: 'Kubernetes autoscaling may go down to one replica, or a PodDisruptionBudget allows every pod to be evicted at once.',
  fix: 'Set HPA `min_replicas` to at least 2, and the PDB to `min_available >= 1` (or `max_unavailable` below 100 %).',
  resourceTypes: ['kubernetes_horizontal_pod_autoscaler_v2', 'kubernetes_horizontal_pod_autoscaler_v1', 'kubernetes_horizontal_pod_autoscaler', 'kubernetes_pod_disruption_budget_v1'],
  anchors: { cdkNag: [], checkov: [] },
  check(config, context) {
    const spec = one(config.spec) ?? {};
    if (context.subject.type.startsWith('kubernetes_horizontal_pod_autoscaler')) return compliantIf(Number(spec.min_replicas ?? 1) >= 2);
    if (spec.min_available !== undefined) return compliantIf(String(spec.min_available) !== '0' && String(spec.min_available) !== '0%');
    if (spec.max_unavailable !== undefined) return compliantIf(String(spec.max_unavailable) !== '100%');
    return Compliance.NOT_APPLICABLE;
  },
};
