import type { PolicyRule } from '../../rule';
import { findings, isPlaintextSecretEnv, many, one } from '../helpers';

export const rule: PolicyRule = {
  id: 'LLM-RUN-4',
  level: 'error',
  description: 'Cloud Run service or job container passes a secret as a plain environment variable.',
  fix: 'Use `env { name, value_source { secret_key_ref { secret, version } } }` pointing at Secret Manager (SecretRef.gcpSecretManager).',
  resourceTypes: ['google_cloud_run_v2_service', 'google_cloud_run_service', 'google_cloud_run_v2_job'],
  anchors: { cdkNag: [], checkov: [] },
  check(config, context) {
    const template = one(config.template);
    const type = context.subject.type;
    const containers = type === 'google_cloud_run_v2_service'
      ? many(template?.containers)
      : type === 'google_cloud_run_v2_job' ? many(one(template?.template)?.containers) : many(one(template?.spec)?.containers);
    const ids: string[] = [];
    containers.forEach((c: any, i: number) => {
      for (const e of many(c.env)) if (isPlaintextSecretEnv(e?.name, e?.value)) ids.push(`container:${c.name ?? i}:env:${e.name}`);
    });
    return findings(ids);
  },
};
