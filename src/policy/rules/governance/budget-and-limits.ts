import type { FeatureGovernanceFacts, TenantGovernanceFacts } from '../../governance-facts';
import type { PolicyRule } from '../../rule';
import { findings } from '../helpers';
import { FEATURE, TENANT } from './subject-types';

const positive = (n: number | undefined): boolean => typeof n === 'number' && Number.isFinite(n) && n > 0;

export const rule: PolicyRule = {
  id: 'LLM-GOV-5',
  level: 'error',
  description: 'A team has no monthly budget or no token/request rate limits, so one runaway loop can spend the platform\'s quota.',
  fix: 'Set `monthlyBudgetUsd`, `tokensPerMinute` and `requestsPerMinute` on the team (`TenantQuota`) or the feature (`quota: {...}`).',
  resourceTypes: [FEATURE, TENANT],
  anchors: { cdkNag: [], checkov: [] },
  check(config: FeatureGovernanceFacts | TenantGovernanceFacts) {
    const ids: string[] = [];
    if (!positive(config.monthlyBudgetUsd)) ids.push('MonthlyBudget');
    if (!positive(config.tokensPerMinute)) ids.push('TokensPerMinute');
    if (!positive(config.requestsPerMinute)) ids.push('RequestsPerMinute');
    return findings(ids);
  },
};
