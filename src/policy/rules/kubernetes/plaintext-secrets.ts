import type { PolicyRule } from '../../rule';
import { K8S_WORKLOAD_TYPES, isPlaintextSecretEnv, many, overPodSpec, podContainers } from '../helpers';

export const rule: PolicyRule = {
  id: 'LLM-K8S-6',
  level: 'error',
  description: 'Kubernetes container passes a secret as a plain environment variable value.',
  fix: 'Use `env { name, value_from { secret_key_ref { name, key } } }` (SecretRef.kubernetes) or mount the secret as a file.',
  resourceTypes: K8S_WORKLOAD_TYPES,
  anchors: { cdkNag: [], checkov: ['CKV_K8S_35'] },
  check(config, context) {
    return overPodSpec(context.subject.type, config, (pod) =>
      podContainers(pod).flatMap(({ label, container }) =>
        many(container.env).filter((e: any) => isPlaintextSecretEnv(e?.name, e?.value)).map((e: any) => `${label}:env:${e.name}`),
      ),
    );
  },
};
