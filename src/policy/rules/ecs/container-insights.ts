import type { PolicyRule } from '../../rule';
import { compliantIf, many } from '../helpers';

export const rule: PolicyRule = {
  id: 'LLM-ECS-6',
  level: 'warning',
  description: 'ECS cluster has Container Insights off, so task-level CPU, memory and restarts are not measured.',
  fix: 'Add `setting { name = "containerInsights", value = "enabled" }` (or `enhanced`).',
  resourceTypes: ['aws_ecs_cluster'],
  anchors: { cdkNag: ['AwsSolutions-ECS4'], checkov: ['CKV_AWS_65'] },
  check(config) {
    return compliantIf(many(config.setting).some((s: any) => s.name === 'containerInsights' && ['enabled', 'enhanced'].includes(s.value)));
  },
};
