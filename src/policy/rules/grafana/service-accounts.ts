import type { PolicyRule } from '../../rule';
import { findings } from '../helpers';

// A token minted for one apply does not need to outlive the day; AWS caps tokens at 30 days.
const MAX_TOKEN_SECONDS = 24 * 3600;

export const rule: PolicyRule = {
  id: 'LLM-GRAF-2',
  level: 'warning',
  description: 'Managed Grafana service account has the Admin role, or Terraform mints a token for it that lives longer than a day (the token is in the state until it expires).',
  fix: 'Use the Editor role unless the account manages data sources or users, and set `seconds_to_live` to at most 86400 (re-mint per apply).',
  resourceTypes: ['aws_grafana_workspace_service_account', 'aws_grafana_workspace_service_account_token'],
  anchors: { cdkNag: [], checkov: [] },
  check(config, context) {
    if (context.subject.type === 'aws_grafana_workspace_service_account') return findings(config.grafana_role === 'ADMIN' ? ['Role::ADMIN'] : []);
    const ttl = Number(config.seconds_to_live);
    return findings(Number.isFinite(ttl) && ttl <= MAX_TOKEN_SECONDS ? [] : [`SecondsToLive::${config.seconds_to_live}`]);
  },
};
