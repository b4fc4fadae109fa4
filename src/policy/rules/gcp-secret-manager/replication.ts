import type { PolicyRule } from '../../rule';
import { compliantIf, many, one } from '../helpers';

export const rule: PolicyRule = {
  id: 'LLM-GSM-1',
  level: 'error',
  description: 'Secret Manager secret has no replication policy (neither automatic nor user-managed replicas), so where the secret lives is not decided.',
  fix: 'Set `replication { user_managed { replicas { location = "<region>" } } }` for data residency, or `replication { auto {} }` with a CMEK.',
  resourceTypes: ['google_secret_manager_secret'],
  anchors: { cdkNag: [], checkov: [] },
  check(config) {
    // Regional secrets (`location` set) are replicated by their region.
    if (config.location !== undefined) return compliantIf(true);
    const replication = one(config.replication);
    const auto = replication?.auto !== undefined;
    const userManaged = many(one(replication?.user_managed)?.replicas).length > 0;
    return compliantIf(auto || userManaged);
  },
};
