import type { PolicyRule } from '../../rule';
import { findings, isOpenCidr, isTrue, many, one } from '../helpers';

export const rule: PolicyRule = {
  id: 'LLM-GKE-1',
  level: 'error',
  description: 'GKE cluster nodes have public IPs, or its control plane is reachable from anywhere (no private endpoint and no authorized networks, or 0.0.0.0/0 authorized).',
  fix: 'Set `private_cluster_config { enable_private_nodes = true, enable_private_endpoint = true }` or `master_authorized_networks_config` with your admin ranges only.',
  resourceTypes: ['google_container_cluster'],
  anchors: { cdkNag: [], checkov: ['CKV_GCP_25', 'CKV_GCP_64', 'CKV_GCP_20'] },
  check(config) {
    const priv = one(config.private_cluster_config) ?? {};
    const authorized = one(config.master_authorized_networks_config);
    const cidrs = many(authorized?.cidr_blocks).map((c: any) => c?.cidr_block);
    const ids: string[] = [];
    if (!isTrue(priv.enable_private_nodes)) ids.push('PrivateNodes');
    if (!isTrue(priv.enable_private_endpoint) && (!authorized || cidrs.length === 0 || cidrs.some(isOpenCidr))) ids.push('ControlPlaneEndpoint');
    return findings(ids);
  },
};
