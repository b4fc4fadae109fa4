import type { PolicyRule } from '../../rule';
import { findings, isFalse, isOpenCidr, many, one } from '../helpers';

export const rule: PolicyRule = {
  id: 'LLM-GSQL-1',
  level: 'error',
  description: 'Cloud SQL instance has a public IPv4 address (on by default) or authorizes 0.0.0.0/0.',
  fix: 'Set `settings.ip_configuration.ipv4_enabled = false` with `private_network` (Private Service Access or PSC) and remove open authorized networks.',
  resourceTypes: ['google_sql_database_instance'],
  anchors: { cdkNag: [], checkov: ['CKV_GCP_60', 'CKV_GCP_11'] },
  check(config) {
    const ip = one(one(config.settings)?.ip_configuration) ?? {};
    const ids: string[] = [];
    if (!isFalse(ip.ipv4_enabled)) ids.push('PublicIp');
    for (const net of many(ip.authorized_networks)) if (isOpenCidr(net?.value)) ids.push(`AuthorizedNetwork::${net.value}`);
    return findings(ids);
  },
};
