import type { PolicyRule } from '../../rule';
import { K8S_WORKLOAD_TYPES, isTrue, overPodSpec } from '../helpers';

export const rule: PolicyRule = {
  id: 'LLM-K8S-8',
  level: 'error',
  description: 'Kubernetes pod shares the node\'s network, process or IPC namespace, so it can sniff traffic and see or signal the node\'s processes.',
  fix: 'Remove `host_network`, `host_pid` and `host_ipc` from the pod spec (they default to false).',
  resourceTypes: K8S_WORKLOAD_TYPES,
  anchors: { cdkNag: [], checkov: ['CKV_K8S_17', 'CKV_K8S_18', 'CKV_K8S_19'] },
  check(config, context) {
    return overPodSpec(context.subject.type, config, (pod) =>
      (['host_network', 'host_pid', 'host_ipc'] as const).filter((k) => isTrue(pod[k])).map((k) => `pod:${k}`),
    );
  },
};
