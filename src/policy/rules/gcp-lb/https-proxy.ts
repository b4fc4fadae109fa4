import type { PolicyRule } from '../../rule';
import { compliantIf, isSet } from '../helpers';

export const rule: PolicyRule = {
  id: 'LLM-GLB-2',
  level: 'error',
  description: 'HTTPS proxy has no SSL policy, so it accepts TLS 1.0 and the COMPATIBLE cipher set.',
  fix: 'Set `ssl_policy` to a policy with `min_tls_version = "TLS_1_2"` and profile MODERN or RESTRICTED.',
  resourceTypes: ['google_compute_target_https_proxy', 'google_compute_region_target_https_proxy'],
  anchors: { cdkNag: [], checkov: [] },
  check(config) {
    return compliantIf(isSet(config.ssl_policy));
  },
};
