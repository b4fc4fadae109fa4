import type { PolicyRule } from '../../rule';
import { K8S_WORKLOAD_TYPES, one, overPodSpec, podContainers } from '../helpers';

const CONFINED = ['RuntimeDefault', 'Localhost'];

export const rule: PolicyRule = {
  id: 'LLM-K8S-10',
  level: 'warning',
  description: 'Kubernetes pod runs without a seccomp profile (Unconfined), so every system call is available to an attacker in the container.',
  fix: 'Set `security_context { seccomp_profile { type = "RuntimeDefault" } }` on the pod (or on each container).',
  resourceTypes: K8S_WORKLOAD_TYPES,
  anchors: { cdkNag: [], checkov: ['CKV_K8S_31'] },
  check(config, context) {
    return overPodSpec(context.subject.type, config, (pod) => {
      const podProfile = one(one(pod.security_context)?.seccomp_profile)?.type;
      return podContainers(pod)
        .filter(({ container }) => !CONFINED.includes(one(one(container.security_context)?.seccomp_profile)?.type ?? podProfile))
        .map(({ label }) => `${label}:seccomp`);
    });
  },
};
