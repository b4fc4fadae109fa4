import type { PolicyRule } from '../../rule';
import { K8S_WORKLOAD_TYPES, isTrue, one, overPodSpec, podContainers } from '../helpers';

export const rule: PolicyRule = {
  id: 'LLM-K8S-1',
  level: 'error',
  description: 'Kubernetes container may run as root (no `run_as_non_root = true` and no non-zero `run_as_user`).',
  fix: 'Set `security_context { run_as_non_root = true, run_as_user = "10001" }` on the pod or the container.',
  resourceTypes: K8S_WORKLOAD_TYPES,
  anchors: { cdkNag: [], checkov: ['CKV_K8S_23'] },
  check(config, context) {
    return overPodSpec(context.subject.type, config, (pod) => {
      const podContext = one(pod.security_context) ?? {};
      return podContainers(pod)
        .filter(({ container }) => {
          const own = one(container.security_context) ?? {};
          const user = own.run_as_user ?? podContext.run_as_user;
          const nonRoot = own.run_as_non_root ?? podContext.run_as_non_root;
          if (user !== undefined && String(user) === '0') return true;
          return !isTrue(nonRoot) && user === undefined;
        })
        .map(({ label }) => label);
    });
  },
};
