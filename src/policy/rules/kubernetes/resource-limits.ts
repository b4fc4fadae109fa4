import type { PolicyRule } from '../../rule';
import { K8S_WORKLOAD_TYPES, isSet, one, overPodSpec, podContainers } from '../helpers';

export const rule: PolicyRule = {
  id: 'LLM-K8S-2',
  level: 'error',
  description: 'Kubernetes container has no CPU or memory limit, so one pod can starve its node.',
  fix: 'Set `resources { limits = { cpu, memory }, requests = { cpu, memory } }` on every container.',
  resourceTypes: K8S_WORKLOAD_TYPES,
  anchors: { cdkNag: [], checkov: ['CKV_K8S_11', 'CKV_K8S_13'] },
  check(config, context) {
    return overPodSpec(context.subject.type, config, (pod) =>
      podContainers(pod).flatMap(({ label, container }) => {
        const limits = one(container.resources)?.limits ?? {};
        return ['cpu', 'memory'].filter((k) => !isSet(limits[k])).map((k) => `${label}:limits.${k}`);
      }),
    );
  },
};
