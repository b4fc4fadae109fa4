import type { FeatureGovernanceFacts, GatewayGovernanceFacts } from '../../governance-facts';
import { Compliance, type PolicyRule } from '../../rule';
import { findings } from '../helpers';
import { FEATURE, GATEWAY } from './subject-types';

/**
 * An alias is protected when a `general` fallback starts from it, or when its model group has two or more
 * deployments (LiteLLM retries and routes around a failing deployment inside the group; for embeddings that
 * is the only safe fallback, since another model changes the vector space).
 */
export function protectedAliases(gateway: GatewayGovernanceFacts): Set<string> {
  const out = new Set<string>();
  for (const f of gateway.fallbacks) if (f.kind === 'general' && f.to.length > 0) out.add(f.from);
  const counts = new Map<string, number>();
  for (const m of gateway.models) counts.set(m.alias, (counts.get(m.alias) ?? 0) + 1);
  for (const [alias, n] of counts) if (n >= 2) out.add(alias);
  return out;
}

export const rule: PolicyRule = {
  id: 'LLM-GOV-2',
  level: 'error',
  description: 'A model alias in use has no fallback: one provider outage takes every caller of the alias down.',
  fix: 'Add a fallback for the alias (`fallbacks: [{ from, to: [...] }]`) or a second deployment of the same model in another region/provider.',
  resourceTypes: [GATEWAY, FEATURE],
  anchors: { cdkNag: [], checkov: [] },
  check(config: GatewayGovernanceFacts | FeatureGovernanceFacts, context) {
    if (config.kind === 'gateway') {
      const protectedSet = protectedAliases(config);
      const targets = new Set(config.fallbacks.flatMap((f) => f.to));
      const aliases = [...new Set(config.models.map((m) => m.alias))];
      // Aliases that only serve as fallback targets end a chain; features using them directly are checked below.
      return findings(aliases.filter((a) => !protectedSet.has(a) && !targets.has(a)).map((a) => `Alias::${a}`));
    }
    const serving = context.governance.gateways.filter((g) => g.facts.models.some((m) => config.models.includes(m.alias)));
    if (serving.length === 0) return Compliance.NOT_APPLICABLE;
    const protectedSet = new Set(serving.flatMap((g) => [...protectedAliases(g.facts)]));
    const served = new Set(serving.flatMap((g) => g.facts.models.map((m) => m.alias)));
    return findings(config.models.filter((a) => served.has(a) && !protectedSet.has(a)).map((a) => `Alias::${a}`));
  },
};
