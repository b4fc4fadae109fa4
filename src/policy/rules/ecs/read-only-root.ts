import type { PolicyRule } from '../../rule';
import { ecsContainers, isFalse, isTrue, many, overEcsContainers } from '../helpers';

/**
 * Names of init containers: not essential, and another container waits for them to finish (`dependsOn`
 * with condition SUCCESS or COMPLETE). Such a container runs once before the service starts; its writable
 * layer goes away when it exits, so nothing can persist in it (the finding's threat does not apply).
 */
function initContainers(containers: any[]): Set<string> {
  const awaited = new Set<string>();
  for (const c of containers) {
    for (const d of many(c?.dependsOn)) if (d?.condition === 'SUCCESS' || d?.condition === 'COMPLETE') awaited.add(String(d.containerName));
  }
  return new Set(containers.filter((c) => isFalse(c?.essential) && awaited.has(String(c?.name))).map((c) => String(c.name)));
}

export const rule: PolicyRule = {
  id: 'LLM-ECS-3',
  level: 'error',
  description: 'ECS container has a writable root filesystem, so an attacker can persist tools in the container. (One-shot init containers that the task waits for are exempt: their writable layer ends with them.)',
  fix: 'Set `readonlyRootFilesystem: true` and mount a volume (or a tmpfs-like bind mount) for the paths that must be written, e.g. /tmp.',
  resourceTypes: ['aws_ecs_task_definition'],
  anchors: { cdkNag: [], checkov: ['CKV_AWS_336'] },
  check(config) {
    const init = initContainers(ecsContainers(config) ?? []);
    return overEcsContainers(config, (c, label) => (isTrue(c.readonlyRootFilesystem) || init.has(String(c?.name)) ? [] : [label]));
  },
};
