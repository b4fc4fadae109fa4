import type { PolicyRule } from '../../rule';
import { isTrue, overEcsContainers } from '../helpers';

export const rule: PolicyRule = {
  id: 'LLM-ECS-2',
  level: 'error',
  description: 'ECS container runs privileged (root on the host).',
  fix: 'Remove `privileged: true` from the container definition; add only the Linux capabilities the process needs.',
  resourceTypes: ['aws_ecs_task_definition'],
  anchors: { cdkNag: [], checkov: ['CKV_AWS_334'] },
  check(config) {
    return overEcsContainers(config, (c, label) => (isTrue(c.privileged) ? [label] : []));
  },
};
