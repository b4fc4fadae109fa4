import type { PolicyRule } from '../../rule';
import { findings, many, one } from '../helpers';

const BROAD_ROLES = ['cluster-admin', 'admin', 'edit'];
const EVERYONE = ['system:anonymous', 'system:unauthenticated', 'system:authenticated', 'system:serviceaccounts'];

export const rule: PolicyRule = {
  id: 'LLM-K8S-13',
  level: 'error',
  description: 'Kubernetes role binding grants cluster-admin/admin/edit, or binds a role to everyone (anonymous, all authenticated users, all service accounts).',
  fix: 'Bind a role listing the exact permissions to the one service account (or group) that needs it.',
  resourceTypes: ['kubernetes_role_binding_v1', 'kubernetes_cluster_role_binding_v1', 'kubernetes_role_binding', 'kubernetes_cluster_role_binding'],
  anchors: { cdkNag: [], checkov: [] },
  check(config) {
    const ref = one(config.role_ref) ?? {};
    const ids: string[] = [];
    if (ref.kind === 'ClusterRole' && BROAD_ROLES.includes(ref.name)) ids.push(`RoleRef::${ref.name}`);
    for (const s of many(config.subject)) if (EVERYONE.includes(s?.name)) ids.push(`Subject::${s.name}`);
    return findings(ids);
  },
};
