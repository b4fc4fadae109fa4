import type { PolicyRule } from '../../rule';
import { compliantIf, many, one } from '../helpers';

export const rule: PolicyRule = {
  id: 'LLM-K8S-18',
  level: 'error',
  description: 'Kubernetes Ingress serves plain HTTP (no `tls` block), so prompts and API keys cross the network unencrypted.',
  fix: 'Add `spec { tls { hosts, secret_name } }` (cert-manager or the cloud\'s managed certificate) and redirect HTTP to HTTPS in the controller.',
  resourceTypes: ['kubernetes_ingress_v1', 'kubernetes_ingress'],
  anchors: { cdkNag: [], checkov: [] },
  check(config) {
    return compliantIf(many(one(config.spec)?.tls).length > 0);
  },
};
