import type { PolicyRule } from '../../rule';
import { compliantIf, isSet, many, one } from '../helpers';

export const rule: PolicyRule = {
  id: 'LLM-GSM-3',
  level: 'warning',
  description: 'Secret Manager secret has no rotation schedule.',
  fix: 'Set `rotation { rotation_period, next_rotation_time }` and `topics` (a Pub/Sub topic your rotation job subscribes to).',
  resourceTypes: ['google_secret_manager_secret'],
  anchors: { cdkNag: [], checkov: [] },
  check(config) {
    return compliantIf(isSet(one(config.rotation)?.rotation_period) && many(config.topics).length > 0);
  },
};
