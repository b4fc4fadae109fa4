import type { PolicyRule } from '../../rule';
import { isTrue, overEcsContainers } from '../helpers';

export const rule: PolicyRule = {
  id: 'LLM-ECS-3',
  level: 'error',
  description: 'ECS container has a writable root filesystem, so an attacker can persist tools in the container.',
  fix: 'Set `readonlyRootFilesystem: true` and mount a volume (or a tmpfs-like bind mount) for the paths that must be written, e.g. /tmp.',
  resourceTypes: ['aws_ecs_task_definition'],
  anchors: { cdkNag: [], checkov: ['CKV_AWS_336'] },
  check(config) {
    return overEcsContainers(config, (c, label) => (isTrue(c.readonlyRootFilesystem) ? [] : [label]));
  },
};
