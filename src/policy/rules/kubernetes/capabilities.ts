import type { PolicyRule } from '../../rule';
import { K8S_WORKLOAD_TYPES, many, one, overPodSpec, podContainers } from '../helpers';

export const rule: PolicyRule = {
  id: 'LLM-K8S-9',
  level: 'error',
  description: 'Kubernetes container keeps the default Linux capabilities (NET_RAW among them) or adds capabilities.',
  fix: 'Set `security_context { capabilities { drop = ["ALL"] } }` and add back only what the process needs (usually nothing).',
  resourceTypes: K8S_WORKLOAD_TYPES,
  anchors: { cdkNag: [], checkov: ['CKV_K8S_28', 'CKV_K8S_37', 'CKV_K8S_39'] },
  check(config, context) {
    return overPodSpec(context.subject.type, config, (pod) =>
      podContainers(pod).flatMap(({ label, container }) => {
        const caps = one(one(container.security_context)?.capabilities) ?? {};
        const ids: string[] = [];
        if (!many(caps.drop).some((c: string) => String(c).toUpperCase() === 'ALL')) ids.push(`${label}:drop-ALL`);
        for (const c of many(caps.add)) ids.push(`${label}:add-${c}`);
        return ids;
      }),
    );
  },
};
