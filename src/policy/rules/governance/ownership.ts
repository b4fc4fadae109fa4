import { FEATURE } from './subject-types';
import type { FeatureGovernanceFacts } from '../../governance-facts';
import type { PolicyRule } from '../../rule';
import { findings } from '../helpers';

const named = (v: string | undefined): boolean => typeof v === 'string' && v.trim().length > 0;

export const rule: PolicyRule = {
  id: 'LLM-GOV-12',
  level: 'warning',
  description: 'A feature names no owning squad or no on-call: its alerts and budget warnings reach nobody accountable.',
  fix: 'Set `owner` (the squad) and `oncall` (the rotation, alias or channel that is paged) on the feature.',
  resourceTypes: [FEATURE],
  anchors: { cdkNag: [], checkov: [] },
  check(config: FeatureGovernanceFacts) {
    return findings([...(named(config.owner) ? [] : ['Owner']), ...(named(config.oncall) ? [] : ['Oncall'])]);
  },
};
