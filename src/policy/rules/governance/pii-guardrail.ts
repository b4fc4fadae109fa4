import type { FeatureGovernanceFacts } from '../../governance-facts';
import { Compliance, type PolicyRule } from '../../rule';
import { compliantIf } from '../helpers';
import { FEATURE } from './subject-types';

export const rule: PolicyRule = {
  id: 'LLM-GOV-4',
  level: 'error',
  description: 'A feature that handles confidential data has no PII guardrail between it and the model providers.',
  fix: 'Run a PII guardrail (`litellm_pii` or Presidio) by default on the gateway serving it (PolicyBundle contributes one unless `runtimeGuardrails: false`), or on the feature\'s key.',
  resourceTypes: [FEATURE],
  anchors: { cdkNag: [], checkov: [] },
  check(config: FeatureGovernanceFacts, context) {
    if (config.dataClassification !== 'confidential' && config.dataClassification !== 'restricted') return Compliance.NOT_APPLICABLE;
    if ((config.guardrails ?? []).some((g) => g.purpose === 'pii')) return Compliance.COMPLIANT;
    const serving = context.governance.gateways.filter((g) => g.facts.models.some((m) => config.models.includes(m.alias)));
    return compliantIf(serving.length > 0 && serving.every((g) => g.facts.guardrails.some((r) => r.purpose === 'pii' && r.defaultOn)));
  },
};
