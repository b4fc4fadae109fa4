import { FEATURE } from './subject-types';
import type { FeatureGovernanceFacts } from '../../governance-facts';
import { Compliance, type PolicyRule } from '../../rule';
import { findings } from '../helpers';

/** Function names as the OpenAI-compatible chat API takes them (what LiteLLM forwards to providers). */
const TOOL_NAME = /^[a-zA-Z0-9_-]{1,64}$/;

/**
 * An allow-list must name what it allows: an empty or unstated list reviews nothing. Unconstrained execution
 * is LLM-GOV-6's (production); this rule checks the list itself, in every environment.
 */
export const rule: PolicyRule = {
  id: 'LLM-GOV-10',
  level: 'error',
  description: 'A feature declares allow-listed tool execution but the allow-list is empty, unstated or holds something that is not a tool name.',
  fix: 'List each tool the feature executes (`ToolExecution.allowListed([\'lookup_order\', ...])`), or use `ToolExecution.none()`.',
  resourceTypes: [FEATURE],
  anchors: { cdkNag: [], checkov: [] },
  check(config: FeatureGovernanceFacts) {
    if (config.toolExecution !== 'allow-listed') return Compliance.NOT_APPLICABLE;
    const tools = config.tools;
    if (!Array.isArray(tools)) return findings(['AllowList::unstated']);
    if (tools.length === 0) return findings(['AllowList::empty']);
    return findings(tools.filter((t) => typeof t !== 'string' || !TOOL_NAME.test(t)).map((t) => `Tool::${String(t).slice(0, 64)}`));
  },
};
