import type { PolicyRule } from '../../rule';
import { findings, many, one } from '../helpers';

export const rule: PolicyRule = {
  id: 'LLM-GRAF-1',
  level: 'error',
  description: 'Managed Grafana workspace is reachable from the internet: it has no network access control.',
  fix: 'Set `network_access_control { vpce_ids }` (interface VPC endpoints of your network) and sign in with IAM Identity Center or SAML.',
  resourceTypes: ['aws_grafana_workspace'],
  anchors: { cdkNag: [], checkov: [] },
  check(config) {
    const access = one(config.network_access_control);
    return findings(!access || (many(access.vpce_ids).length === 0 && many(access.prefix_list_ids).length === 0) ? ['NetworkAccessControl'] : []);
  },
};
