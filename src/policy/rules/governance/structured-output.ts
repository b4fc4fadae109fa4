import type { FeatureGovernanceFacts } from '../../governance-facts';
import { Compliance, type PolicyRule } from '../../rule';
import { compliantIf } from '../helpers';
import { FEATURE } from './subject-types';

export const rule: PolicyRule = {
  id: 'LLM-GOV-7',
  level: 'error',
  description: 'An automation path consumes model output without a structured output contract, so a malformed or injected answer flows into systems unchecked.',
  fix: 'Declare a structured output contract (JSON schema / `response_format`) and validate responses against it before acting on them.',
  resourceTypes: [FEATURE],
  anchors: { cdkNag: [], checkov: [] },
  check(config: FeatureGovernanceFacts) {
    if (config.automation !== true) return Compliance.NOT_APPLICABLE;
    return compliantIf(config.structuredOutput === true);
  },
};
