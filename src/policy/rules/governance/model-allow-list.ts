import type { FeatureGovernanceFacts, GatewayGovernanceFacts } from '../../governance-facts';
import { Compliance, type PolicyRule } from '../../rule';
import { findings } from '../helpers';
import { FEATURE, GATEWAY } from './subject-types';

export const rule: PolicyRule = {
  id: 'LLM-GOV-1',
  level: 'error',
  description: 'A gateway serves, or a feature uses, a model that is not on the platform\'s model allow-list.',
  fix: 'Use an allowed model alias, or get the model reviewed and add it to `PolicyPack.llmGovernance({ modelAllowList })`.',
  resourceTypes: [GATEWAY, FEATURE],
  anchors: { cdkNag: [], checkov: [] },
  check(config: GatewayGovernanceFacts | FeatureGovernanceFacts, context) {
    const allow = context.options.modelAllowList;
    if (!allow) return Compliance.NOT_APPLICABLE;
    if (config.kind === 'gateway') {
      return findings(
        config.models
          .filter((m) => !allow.includes(m.alias) && !allow.includes(`${m.provider}/${m.modelId}`))
          .map((m) => `Model::${m.alias}`),
      );
    }
    return findings(config.models.filter((m) => !allow.includes(m)).map((m) => `Model::${m}`));
  },
};
