import type { PolicyRule } from '../../rule';
import { K8S_WORKLOAD_TYPES, isTrue, one, overPodSpec, podContainers } from '../helpers';

export const rule: PolicyRule = {
  id: 'LLM-K8S-5',
  level: 'warning',
  description: 'Kubernetes container has a writable root filesystem.',
  fix: 'Set `security_context { read_only_root_filesystem = true }` and mount an `empty_dir` for paths that must be written.',
  resourceTypes: K8S_WORKLOAD_TYPES,
  anchors: { cdkNag: [], checkov: ['CKV_K8S_22'] },
  check(config, context) {
    return overPodSpec(context.subject.type, config, (pod) =>
      podContainers(pod).filter(({ container }) => !isTrue(one(container.security_context)?.read_only_root_filesystem)).map(({ label }) => label),
    );
  },
};
