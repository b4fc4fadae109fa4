import type { PolicyRule } from '../../rule';
import { findings, isSet, isTrue, one } from '../helpers';

export const rule: PolicyRule = {
  id: 'LLM-GKE-2',
  level: 'error',
  description: 'GKE cluster is missing a baseline control: network policy enforcement, Workload Identity, shielded nodes, or has legacy ABAC on.',
  fix: 'Use `datapath_provider = "ADVANCED_DATAPATH"` (or `network_policy { enabled = true }`), `workload_identity_config { workload_pool }`, `enable_shielded_nodes = true`, and keep `enable_legacy_abac = false`.',
  resourceTypes: ['google_container_cluster'],
  anchors: { cdkNag: [], checkov: ['CKV_GCP_12', 'CKV_GCP_66', 'CKV_GCP_71', 'CKV_GCP_7'] },
  check(config) {
    const ids: string[] = [];
    const dataplaneV2 = config.datapath_provider === 'ADVANCED_DATAPATH';
    if (!dataplaneV2 && !isTrue(one(config.network_policy)?.enabled)) ids.push('NetworkPolicy');
    if (!isSet(one(config.workload_identity_config)?.workload_pool)) ids.push('WorkloadIdentity');
    // Shielded nodes are on by default since GKE 1.18; only an explicit false is a finding.
    if (config.enable_shielded_nodes === false) ids.push('ShieldedNodes');
    if (isTrue(config.enable_legacy_abac)) ids.push('LegacyAbac');
    return findings(ids);
  },
};
