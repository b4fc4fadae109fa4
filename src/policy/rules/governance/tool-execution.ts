import { FEATURE, isProduction } from './subject-types';
import type { FeatureGovernanceFacts } from '../../governance-facts';
import { Compliance, type PolicyRule } from '../../rule';

export const rule: PolicyRule = {
  id: 'LLM-GOV-6',
  level: 'error',
  description: 'A production feature lets the model execute tools without an allow-list.',
  fix: 'Set `toolExecution` to `allow-listed` and list the tools (with their argument schemas), or `none`.',
  resourceTypes: [FEATURE],
  anchors: { cdkNag: [], checkov: [] },
  check(config: FeatureGovernanceFacts, context) {
    if (!isProduction(config.environment, context.options.productionEnvironments)) return Compliance.NOT_APPLICABLE;
    return config.toolExecution === 'unconstrained' ? Compliance.NON_COMPLIANT : Compliance.COMPLIANT;
  },
};
