import type { PolicyRule } from '../../rule';
import { K8S_WORKLOAD_TYPES, one, overPodSpec, podContainers } from '../helpers';

export const rule: PolicyRule = {
  id: 'LLM-K8S-3',
  level: 'warning',
  description: 'Kubernetes container has no liveness or readiness probe, so a hung process keeps receiving traffic.',
  fix: 'Add `readiness_probe` and `liveness_probe` (LiteLLM: HTTP GET /health/readiness and /health/liveliness on port 4000).',
  resourceTypes: K8S_WORKLOAD_TYPES.filter((t) => !t.includes('job')),
  anchors: { cdkNag: [], checkov: ['CKV_K8S_8', 'CKV_K8S_9'] },
  check(config, context) {
    return overPodSpec(context.subject.type, config, (pod) =>
      podContainers(pod, false).flatMap(({ label, container }) =>
        ['liveness_probe', 'readiness_probe'].filter((p) => one(container[p]) === undefined).map((p) => `${label}:${p}`),
      ),
    );
  },
};
