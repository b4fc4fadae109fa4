import type { FeatureGovernanceFacts, GatewayGovernanceFacts, TenantGovernanceFacts } from '../../governance-facts';
import { Compliance, type PolicyRule } from '../../rule';
import { findings } from '../helpers';
import { FEATURE, GATEWAY, TENANT } from './subject-types';

/**
 * Models are allowed by what they are (`provider/modelId`), never by the alias they are published under:
 * allowing alias `chat` must not let any provider model be deployed as `chat`. Aliases have their own list.
 */
export const rule: PolicyRule = {
  id: 'LLM-GOV-1',
  level: 'error',
  description: 'A gateway deploys a provider model that is not on the platform\'s model allow-list, or publishes (or a feature calls) an alias that is not on the alias allow-list.',
  fix: 'Deploy an allowed model, or get the model reviewed and add its `provider/modelId` to `PolicyPack.llmGovernance({ modelAllowList })` (aliases go in `aliasAllowList`).',
  resourceTypes: [GATEWAY, FEATURE, TENANT],
  anchors: { cdkNag: [], checkov: [] },
  check(config: GatewayGovernanceFacts | FeatureGovernanceFacts | TenantGovernanceFacts, context) {
    const models = context.options.modelAllowList;
    const aliases = context.options.aliasAllowList;
    if (!models && !aliases) return Compliance.NOT_APPLICABLE;
    const ids: string[] = [];
    if (config.kind === 'gateway') {
      for (const m of config.models) {
        const model = `${m.provider}/${m.modelId}`;
        if (models && !models.includes(model)) ids.push(`Model::${model}`);
        if (aliases && !aliases.includes(m.alias)) ids.push(`Alias::${m.alias}`);
      }
      return findings(ids);
    }
    // Features and teams name aliases; the models behind them are checked on the gateway that serves them.
    if (!aliases) return Compliance.NOT_APPLICABLE;
    const named = config.kind === 'tenant' ? [...config.models, ...config.keys.flatMap((k) => k.models)] : config.models;
    return findings(named.filter((m) => !aliases.includes(m)).map((m) => `Alias::${m}`));
  },
};
