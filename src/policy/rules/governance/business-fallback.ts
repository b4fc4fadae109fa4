import { FEATURE } from './subject-types';
import type { FeatureGovernanceFacts } from '../../governance-facts';
import type { PolicyRule } from '../../rule';
import { compliantIf } from '../helpers';

/**
 * Model fallbacks cover a provider outage; nothing covers the gateway, the key's budget or a bad prompt
 * release but the product's own fallback. Turning the feature off is the runbook's last resort, so what users
 * get then must be decided before it is needed.
 */
export const rule: PolicyRule = {
  id: 'LLM-GOV-11',
  level: 'error',
  description: 'A feature declares no business fallback: nobody has decided what users get when the feature is turned off or failing.',
  fix: 'State `businessFallback` on the feature (e.g. "Show the manual form; the posting is saved as a draft").',
  resourceTypes: [FEATURE],
  anchors: { cdkNag: [], checkov: [] },
  check(config: FeatureGovernanceFacts) {
    return compliantIf(typeof config.businessFallback === 'string' && config.businessFallback.trim().length > 0);
  },
};
