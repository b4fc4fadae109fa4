import { helmLeaves, overHelmValues } from './values';
import type { PolicyRule } from '../../rule';

// Keys whose value grants a pod host access or root, wherever a chart puts them (securityContext,
// podSecurityContext, <component>.securityContext ...). Values as Kubernetes spells them.
const RISKY: ReadonlyArray<[key: string, risky: (v: unknown) => boolean]> = [
  ['privileged', (v) => v === true || v === 'true'],
  ['allowPrivilegeEscalation', (v) => v === true || v === 'true'],
  ['hostNetwork', (v) => v === true || v === 'true'],
  ['hostPID', (v) => v === true || v === 'true'],
  ['hostIPC', (v) => v === true || v === 'true'],
  ['runAsNonRoot', (v) => v === false || v === 'false'],
  ['runAsUser', (v) => v === 0 || v === '0'],
];
const DANGEROUS_CAPABILITIES = new Set(['ALL', 'SYS_ADMIN', 'NET_ADMIN', 'SYS_PTRACE', 'SYS_MODULE', 'DAC_READ_SEARCH', 'BPF']);

export const rule: PolicyRule = {
  id: 'LLM-HELM-1',
  level: 'error',
  description: 'Helm release values run pods privileged, as root, with privilege escalation, on the host\'s network/PID/IPC namespaces, or with dangerous added capabilities.',
  fix: 'Set the chart\'s securityContext values to `privileged: false`, `allowPrivilegeEscalation: false`, `runAsNonRoot: true` with a non-zero `runAsUser`, no `hostNetwork`/`hostPID`/`hostIPC`, and drop capabilities instead of adding them.',
  resourceTypes: ['helm_release'],
  anchors: { cdkNag: [], checkov: ['CKV_K8S_16', 'CKV_K8S_20', 'CKV_K8S_19', 'CKV_K8S_17', 'CKV_K8S_18', 'CKV_K8S_23', 'CKV_K8S_39'] },
  check(_config, context) {
    return overHelmValues(context.subject, (values) =>
      helmLeaves(values).flatMap(({ path, key, value }) => {
        const ids: string[] = [];
        if (RISKY.some(([k, risky]) => k === key && risky(value))) ids.push(`Value::${path}`);
        if (/\.capabilities\.add\[\d+\]$/.test(path) && typeof value === 'string' && DANGEROUS_CAPABILITIES.has(value.replace(/^CAP_/, '').toUpperCase())) ids.push(`Value::${path}`);
        return ids;
      }),
    );
  },
};
