import { FEATURE } from './subject-types';
import type { FeatureGovernanceFacts } from '../../governance-facts';
import { Compliance, type PolicyRule } from '../../rule';
import { compliantIf } from '../helpers';

/**
 * Confidential or restricted data must not reach logs or traces, even on a gateway whose owner allowed
 * message logging for other features (LLM-GOV-3 accepts that decision per gateway; this rule is per feature).
 */
export const rule: PolicyRule = {
  id: 'LLM-GOV-9',
  level: 'error',
  description: 'A feature that handles confidential or restricted data is served by a gateway that writes prompts and responses to logs or traces.',
  fix: 'Serve the feature from a gateway with message logging off (`allowMessageLogging: false`, LiteLLM `turn_off_message_logging: true`), or lower its `dataClassification` after review.',
  resourceTypes: [FEATURE],
  anchors: { cdkNag: [], checkov: [] },
  check(config: FeatureGovernanceFacts, context) {
    if (config.dataClassification !== 'confidential' && config.dataClassification !== 'restricted') return Compliance.NOT_APPLICABLE;
    if (config.messageLogging !== undefined) return compliantIf(!config.messageLogging);
    const serving = context.governance.gateways.filter((g) => g.facts.models.some((m) => config.models.includes(m.alias)));
    if (serving.length === 0) return Compliance.NOT_APPLICABLE;
    return compliantIf(serving.every((g) => !g.facts.messageLogging));
  },
};
