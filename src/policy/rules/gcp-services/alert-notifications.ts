import type { PolicyRule } from '../../rule';
import { compliantIf, isFalse, many } from '../helpers';

export const rule: PolicyRule = {
  id: 'LLM-MON-1',
  level: 'warning',
  description: 'Cloud Monitoring alert policy notifies nobody, or is disabled.',
  fix: 'Set `notification_channels` (on-call, ticketing) and keep `enabled = true`.',
  resourceTypes: ['google_monitoring_alert_policy'],
  anchors: { cdkNag: [], checkov: [] },
  check(config) {
    return compliantIf(many(config.notification_channels).length > 0 && !isFalse(config.enabled));
  },
};
