import type { PolicyRule } from '../../rule';
import { findings, isOpenCidr, many } from '../helpers';

// Administrative and data ports whose exposure to the internet is an incident (CKV_GCP_2, 3, 88, 106).
const SENSITIVE_PORTS = [22, 3389, 5432, 6379, 6333, 6334, 4000, 8080];

function covers(ports: string[], port: number): boolean {
  if (ports.length === 0) return true;
  return ports.some((p) => {
    const [from, to] = p.split('-').map(Number);
    return port >= from && port <= (to ?? from);
  });
}

export const rule: PolicyRule = {
  id: 'LLM-NET-7',
  level: 'error',
  description: 'GCP firewall rule admits traffic from the whole internet to every port or to an administrative or data port.',
  fix: 'Restrict `source_ranges` to the callers\' ranges (or use IAP / an internal load balancer), and allow only the ports the service listens on.',
  resourceTypes: ['google_compute_firewall'],
  anchors: { cdkNag: [], checkov: ['CKV_GCP_2', 'CKV_GCP_3', 'CKV_GCP_88', 'CKV_GCP_106'] },
  check(config) {
    if ((config.direction ?? 'INGRESS') !== 'INGRESS' || config.disabled === true) return findings([]);
    if (!many(config.source_ranges).some(isOpenCidr)) return findings([]);
    const ids: string[] = [];
    for (const allow of many(config.allow)) {
      const protocol = String(allow?.protocol ?? 'all');
      const ports = many(allow?.ports).map(String);
      if (protocol === 'all' || ((protocol === 'tcp' || protocol === 'udp') && ports.length === 0)) ids.push(`${protocol}:all:0.0.0.0/0`);
      else for (const port of SENSITIVE_PORTS) if (covers(ports, port)) ids.push(`${protocol}:${port}:0.0.0.0/0`);
    }
    return findings(ids);
  },
};
