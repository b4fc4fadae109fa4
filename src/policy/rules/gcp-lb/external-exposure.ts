import type { PolicyRule } from '../../rule';
import { findings } from '../helpers';

export const rule: PolicyRule = {
  id: 'LLM-GLB-4',
  level: 'warning',
  description: 'Forwarding rule is internet-facing (an EXTERNAL load balancing scheme): the LLM gateway is meant to be private.',
  fix: 'Use `load_balancing_scheme = "INTERNAL_MANAGED"` with a private address; if public access is intended, put Cloud Armor in front and suppress with the review reference.',
  resourceTypes: ['google_compute_forwarding_rule', 'google_compute_global_forwarding_rule'],
  anchors: { cdkNag: [], checkov: [] },
  check(config) {
    // The provider default scheme is EXTERNAL.
    const scheme = String(config.load_balancing_scheme ?? 'EXTERNAL');
    return findings(scheme.startsWith('EXTERNAL') ? [`Scheme::${scheme}`] : []);
  },
};
