import type { PolicyRule } from '../../rule';
import { isPlaintextSecretEnv, many, overEcsContainers } from '../helpers';

export const rule: PolicyRule = {
  id: 'LLM-ECS-4',
  level: 'error',
  description: 'ECS container passes a secret as a plain environment variable (visible in the task definition, the console and the state).',
  fix: 'Move it to `secrets: [{ name, valueFrom: <Secrets Manager ARN or SSM parameter> }]` (SecretRef.toEcsValueFrom()).',
  resourceTypes: ['aws_ecs_task_definition'],
  anchors: { cdkNag: ['AwsSolutions-ECS2'], checkov: ['CKV_K8S_35'] },
  check(config) {
    return overEcsContainers(config, (c, label) =>
      many(c.environment).filter((e: any) => isPlaintextSecretEnv(e?.name, e?.value)).map((e: any) => `${label}:env:${e.name}`),
    );
  },
};
