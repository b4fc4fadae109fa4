import type { PolicyRule } from '../../rule';
import { compliantIf, many } from '../helpers';

export const rule: PolicyRule = {
  id: 'LLM-FIS-1',
  level: 'error',
  description: 'Fault-injection experiment has no stop condition, so a drill keeps breaking the service after it has started to hurt users.',
  fix: 'Add `stop_condition { source = "aws:cloudwatch:alarm", value = <alarm ARN> }` with an alarm on the service\'s availability or latency SLO.',
  resourceTypes: ['aws_fis_experiment_template'],
  anchors: { cdkNag: [], checkov: [] },
  check(config) {
    return compliantIf(many(config.stop_condition).some((s: any) => s?.source === 'aws:cloudwatch:alarm' && typeof s?.value === 'string' && s.value !== ''));
  },
};
