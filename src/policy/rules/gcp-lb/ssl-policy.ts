import type { PolicyRule } from '../../rule';
import { findings } from '../helpers';

export const rule: PolicyRule = {
  id: 'LLM-GLB-1',
  level: 'error',
  description: 'Load balancer SSL policy allows TLS below 1.2, or the COMPATIBLE profile with weak ciphers.',
  fix: 'Set `min_tls_version = "TLS_1_2"` and `profile = "MODERN"` (or `RESTRICTED`).',
  resourceTypes: ['google_compute_ssl_policy', 'google_compute_region_ssl_policy'],
  anchors: { cdkNag: [], checkov: ['CKV_GCP_63'] },
  check(config) {
    const ids: string[] = [];
    if (!['TLS_1_2', 'TLS_1_3'].includes(config.min_tls_version)) ids.push(`MinTlsVersion::${config.min_tls_version ?? 'TLS_1_0'}`);
    if (!['MODERN', 'RESTRICTED', 'CUSTOM'].includes(config.profile)) ids.push(`Profile::${config.profile ?? 'COMPATIBLE'}`);
    return findings(ids);
  },
};
