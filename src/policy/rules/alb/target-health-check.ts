import type { PolicyRule } from '../../rule';
import { findings, isFalse, one } from '../helpers';

export const rule: PolicyRule = {
  id: 'LLM-ALB-7',
  level: 'error',
  description: 'Load balancer target group has health checks off (or on the default `/`), so traffic keeps going to broken or not-ready tasks.',
  fix: 'Set `health_check { enabled = true, path = "/health/readiness", matcher = "200" }` (LiteLLM\'s readiness endpoint).',
  resourceTypes: ['aws_lb_target_group'],
  anchors: { cdkNag: [], checkov: ['CKV_AWS_261'] },
  check(config) {
    if (config.target_type === 'lambda') return findings([]);
    const hc = one(config.health_check);
    const ids: string[] = [];
    if (!hc || isFalse(hc.enabled)) ids.push('HealthCheck');
    else if ((config.protocol ?? 'HTTP').startsWith('HTTP') && (hc.path === undefined || hc.path === '/')) ids.push('HealthCheckPath');
    return findings(ids);
  },
};
