import type { GatewayGovernanceFacts } from '../../governance-facts';
import type { PolicyRule } from '../../rule';
import { compliantIf } from '../helpers';
import { GATEWAY } from './subject-types';

export const rule: PolicyRule = {
  id: 'LLM-GOV-3',
  level: 'error',
  description: 'Gateway logs prompt and response content without an explicit decision to allow it.',
  fix: 'Turn message logging off (LiteLLM `turn_off_message_logging: true`), or allow it explicitly on the gateway after a privacy review.',
  resourceTypes: [GATEWAY],
  anchors: { cdkNag: [], checkov: [] },
  check(config: GatewayGovernanceFacts) {
    return compliantIf(!config.messageLogging || config.messageLoggingAllowed);
  },
};
