import type { PolicyRule } from '../../rule';
import { K8S_WORKLOAD_TYPES, findings, isFalse, isTrue, overPodSpec } from '../helpers';

export const rule: PolicyRule = {
  id: 'LLM-K8S-11',
  level: 'warning',
  description: 'A Kubernetes API token is mounted into pods by default: the service account does not turn automounting off, or the pod does not decide.',
  fix: 'Set `automount_service_account_token = false` on service accounts, and on each pod spec `false` (or `true` only for pods that call the Kubernetes API).',
  resourceTypes: ['kubernetes_service_account_v1', 'kubernetes_service_account', ...K8S_WORKLOAD_TYPES],
  anchors: { cdkNag: [], checkov: ['CKV_K8S_38'] },
  check(config, context) {
    const type = context.subject.type;
    if (type.startsWith('kubernetes_service_account')) return findings(isFalse(config.automount_service_account_token) ? [] : ['ServiceAccount:automount']);
    return overPodSpec(type, config, (pod) => (isFalse(pod.automount_service_account_token) || isTrue(pod.automount_service_account_token) ? [] : ['pod:automount']));
  },
};