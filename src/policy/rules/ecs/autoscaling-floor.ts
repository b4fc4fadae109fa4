import { Compliance, type PolicyRule } from '../../rule';
import { compliantIf } from '../helpers';

export const rule: PolicyRule = {
  id: 'LLM-ECS-7',
  level: 'warning',
  description: 'ECS service autoscaling may scale down to a single task, so one task failure or deployment takes the service down.',
  fix: 'Set `min_capacity` to at least 2 (one task per Availability Zone).',
  resourceTypes: ['aws_appautoscaling_target'],
  anchors: { cdkNag: [], checkov: [] },
  check(config) {
    if (config.service_namespace !== 'ecs') return Compliance.NOT_APPLICABLE;
    return compliantIf(Number(config.min_capacity) >= 2);
  },
};
