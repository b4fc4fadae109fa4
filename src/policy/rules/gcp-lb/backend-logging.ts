import type { PolicyRule } from '../../rule';
import { compliantIf, isTrue, one } from '../helpers';

export const rule: PolicyRule = {
  id: 'LLM-GLB-3',
  level: 'warning',
  description: 'Load balancer backend service does not log requests, so access to the gateway cannot be investigated.',
  fix: 'Set `log_config { enable = true, sample_rate = 1 }`.',
  resourceTypes: ['google_compute_backend_service', 'google_compute_region_backend_service'],
  anchors: { cdkNag: [], checkov: [] },
  check(config) {
    return compliantIf(isTrue(one(config.log_config)?.enable));
  },
};
