import type { PolicyRule } from '../../rule';
import { K8S_WORKLOAD_TYPES, isFalse, isTrue, one, overPodSpec, podContainers } from '../helpers';

export const rule: PolicyRule = {
  id: 'LLM-K8S-4',
  level: 'error',
  description: 'Kubernetes container is privileged or may escalate privileges (`allow_privilege_escalation` defaults to true).',
  fix: 'Set `security_context { privileged = false, allow_privilege_escalation = false, capabilities { drop = ["ALL"] } }`.',
  resourceTypes: K8S_WORKLOAD_TYPES,
  anchors: { cdkNag: [], checkov: ['CKV_K8S_16', 'CKV_K8S_20'] },
  check(config, context) {
    return overPodSpec(context.subject.type, config, (pod) =>
      podContainers(pod).flatMap(({ label, container }) => {
        const sc = one(container.security_context) ?? {};
        const ids: string[] = [];
        if (isTrue(sc.privileged)) ids.push(`${label}:privileged`);
        if (!isFalse(sc.allow_privilege_escalation)) ids.push(`${label}:allowPrivilegeEscalation`);
        return ids;
      }),
    );
  },
};
