import type { PolicyRule } from '../../rule';
import { findings, isOpenCidr, many, one } from '../helpers';

/** `{}`: a selector that selects everything. */
const isEmptySelector = (s: unknown): boolean => {
  const sel = one(s);
  return sel !== undefined && Object.keys(sel.match_labels ?? {}).length === 0 && many(sel.match_expressions).length === 0;
};

export const rule: PolicyRule = {
  id: 'LLM-K8S-15',
  level: 'error',
  description: 'Kubernetes NetworkPolicy admits everyone: an ingress rule without `from`, from every namespace (empty namespace selector) or from 0.0.0.0/0.',
  fix: 'Name the callers: `from { namespace_selector { match_labels } }` or pod selectors; use ip_block only for known ranges.',
  resourceTypes: ['kubernetes_network_policy_v1', 'kubernetes_network_policy'],
  anchors: { cdkNag: [], checkov: [] },
  check(config) {
    const ids: string[] = [];
    many(one(config.spec)?.ingress).forEach((ingress: any, i: number) => {
      const from = many(ingress?.from);
      if (from.length === 0) ids.push(`ingress[${i}]:from-anywhere`);
      for (const peer of from) {
        if (peer?.namespace_selector !== undefined && isEmptySelector(peer.namespace_selector) && (peer.pod_selector === undefined || isEmptySelector(peer.pod_selector))) ids.push(`ingress[${i}]:all-namespaces`);
        if (isOpenCidr(one(peer?.ip_block)?.cidr)) ids.push(`ingress[${i}]:0.0.0.0/0`);
      }
    });
    return findings(ids);
  },
};
