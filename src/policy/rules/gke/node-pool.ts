import type { PolicyRule } from '../../rule';
import { findings, isFalse, one } from '../helpers';

export const rule: PolicyRule = {
  id: 'LLM-GKE-3',
  level: 'error',
  description: 'GKE nodes expose the node metadata server to pods (credentials of the node service account), or are not auto-repaired and auto-upgraded.',
  fix: 'Set `node_config { workload_metadata_config { mode = "GKE_METADATA" }, shielded_instance_config { enable_secure_boot = true } }` and `management { auto_repair = true, auto_upgrade = true }`.',
  resourceTypes: ['google_container_node_pool', 'google_container_cluster'],
  anchors: { cdkNag: [], checkov: ['CKV_GCP_69', 'CKV_GCP_9', 'CKV_GCP_10', 'CKV_GCP_68'] },
  check(config, context) {
    const node = one(config.node_config);
    // Autopilot clusters and clusters whose default pool is removed manage nodes elsewhere.
    if (context.subject.type === 'google_container_cluster' && (config.enable_autopilot === true || config.remove_default_node_pool === true || !node)) return findings([]);
    const ids: string[] = [];
    if (one(node?.workload_metadata_config)?.mode !== 'GKE_METADATA') ids.push('WorkloadMetadata');
    if (context.subject.type === 'google_container_node_pool') {
      const management = one(config.management) ?? {};
      if (isFalse(management.auto_repair)) ids.push('AutoRepair');
      if (isFalse(management.auto_upgrade)) ids.push('AutoUpgrade');
    }
    if (isFalse(one(node?.shielded_instance_config)?.enable_secure_boot) || !one(node?.shielded_instance_config)) ids.push('SecureBoot');
    return findings(ids);
  },
};
