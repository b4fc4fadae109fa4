import type { PolicyRule } from '../../rule';
import { overEcsContainers } from '../helpers';

export const rule: PolicyRule = {
  id: 'LLM-ECS-5',
  level: 'warning',
  description: 'ECS container has no log configuration, so its output is lost.',
  fix: 'Set `logConfiguration` (awslogs to a KMS-encrypted log group with retention, or FireLens).',
  resourceTypes: ['aws_ecs_task_definition'],
  anchors: { cdkNag: ['AwsSolutions-ECS7'], checkov: [] },
  check(config) {
    return overEcsContainers(config, (c, label) => (c.logConfiguration ? [] : [label]));
  },
};
