import type { GatewayGovernanceFacts } from '../../governance-facts';
import type { PolicyRule } from '../../rule';
import { compliantIf } from '../helpers';
import { GATEWAY } from './subject-types';

export const rule: PolicyRule = {
  id: 'LLM-GOV-8',
  level: 'warning',
  description: 'Gateway runs no prompt-injection check by default.',
  fix: 'Keep the PolicyBundle runtime guardrails on (LiteLLM `detect_prompt_injection`), or configure a prompt-injection guardrail (e.g. `lakera_v2`, Bedrock Guardrails) with `default_on: true`.',
  resourceTypes: [GATEWAY],
  anchors: { cdkNag: [], checkov: [] },
  check(config: GatewayGovernanceFacts) {
    return compliantIf(config.guardrails.some((g) => g.purpose === 'prompt-injection' && g.defaultOn));
  },
};
