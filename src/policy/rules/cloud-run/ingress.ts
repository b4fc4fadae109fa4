import type { PolicyRule } from '../../rule';
import { compliantIf, one } from '../helpers';

const INTERNAL_V2 = ['INGRESS_TRAFFIC_INTERNAL_ONLY', 'INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER'];
const INTERNAL_V1 = ['internal', 'internal-and-cloud-load-balancing'];

export const rule: PolicyRule = {
  id: 'LLM-RUN-1',
  level: 'error',
  description: 'Cloud Run service accepts traffic from the internet directly (ingress defaults to all traffic).',
  fix: 'Set `ingress = "INGRESS_TRAFFIC_INTERNAL_ONLY"`, or `INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER` behind an external HTTPS load balancer with Cloud Armor.',
  resourceTypes: ['google_cloud_run_v2_service', 'google_cloud_run_service'],
  anchors: { cdkNag: [], checkov: [] },
  check(config, context) {
    if (context.subject.type === 'google_cloud_run_v2_service') return compliantIf(INTERNAL_V2.includes(config.ingress));
    const annotations = one(config.metadata)?.annotations ?? {};
    return compliantIf(INTERNAL_V1.includes(annotations['run.googleapis.com/ingress']));
  },
};
