import type { PolicyRule } from '../../rule';
import { findings, isSet } from '../helpers';

export const rule: PolicyRule = {
  id: 'LLM-HELM-3',
  level: 'error',
  description: 'A Helm release does not pin its chart version, or installs from a plain-HTTP repository, so what runs can change (or be swapped in transit) without a code change.',
  fix: 'Set `version` to an exact chart version and use an `https://` or `oci://` repository.',
  resourceTypes: ['helm_release'],
  anchors: { cdkNag: [], checkov: [] },
  check(config) {
    const ids: string[] = [];
    // A chart from a local path (no repository) is versioned with the code that synthesizes it.
    const local = !isSet(config.repository) && typeof config.chart === 'string' && /^(\.{1,2}\/|\/)/.test(config.chart);
    if (!local && (!isSet(config.version) || /[*^~><x]|latest/i.test(String(config.version)))) ids.push('Version');
    if (typeof config.repository === 'string' && /^http:\/\//i.test(config.repository)) ids.push('Repository::http');
    return findings(ids);
  },
};
