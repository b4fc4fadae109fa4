import { Compliance, type PolicyRule } from '../../rule';
import { findings, many } from '../helpers';

// Verbs that let a subject grant itself more (RBAC escalation paths, Kubernetes RBAC good practices).
const ESCALATING_VERBS = ['escalate', 'bind', 'impersonate'];
const READ_VERBS = ['get', 'list', 'watch', '*'];

interface RbacRule {
  readonly apiGroups: string[];
  readonly resources: string[];
  readonly verbs: string[];
  readonly resourceNames: string[];
}

function rulesOf(type: string, config: any): RbacRule[] | undefined {
  if (type === 'kubernetes_manifest') {
    const manifest = config.manifest ?? {};
    if (manifest.kind !== 'Role' && manifest.kind !== 'ClusterRole') return undefined;
    return many(manifest.rules).map((r: any) => ({
      apiGroups: many(r?.apiGroups),
      resources: many(r?.resources),
      verbs: many(r?.verbs),
      resourceNames: many(r?.resourceNames),
    }));
  }
  return many(config.rule).map((r: any) => ({
    apiGroups: many(r?.api_groups),
    resources: many(r?.resources),
    verbs: many(r?.verbs),
    resourceNames: many(r?.resource_names),
  }));
}

export const rule: PolicyRule = {
  id: 'LLM-K8S-12',
  level: 'error',
  description: 'Kubernetes RBAC role uses wildcards, grants escalate/bind/impersonate, or reads every Secret in its scope.',
  fix: 'List exact API groups, resources and verbs; read Secrets only by `resource_names`; never grant escalate, bind or impersonate to workloads.',
  resourceTypes: ['kubernetes_role_v1', 'kubernetes_cluster_role_v1', 'kubernetes_role', 'kubernetes_cluster_role', 'kubernetes_manifest'],
  anchors: { cdkNag: [], checkov: ['CKV_K8S_49', 'CKV_K8S_155', 'CKV_K8S_156', 'CKV_K8S_157', 'CKV_K8S_158'] },
  check(config, context) {
    const rules = rulesOf(context.subject.type, config);
    if (!rules) return Compliance.NOT_APPLICABLE;
    const ids: string[] = [];
    rules.forEach((r, i) => {
      if (r.apiGroups.includes('*')) ids.push(`rule[${i}]:apiGroups:*`);
      if (r.resources.includes('*')) ids.push(`rule[${i}]:resources:*`);
      if (r.verbs.includes('*')) ids.push(`rule[${i}]:verbs:*`);
      for (const v of r.verbs) if (ESCALATING_VERBS.includes(v)) ids.push(`rule[${i}]:verbs:${v}`);
      if (r.resources.some((x) => x === 'secrets' || x === '*') && r.verbs.some((v) => READ_VERBS.includes(v)) && r.resourceNames.length === 0) ids.push(`rule[${i}]:read-all-secrets`);
    });
    return findings(ids);
  },
};
