import { Compliance, type PolicyRule } from '../../rule';
import { findings, isReference } from '../helpers';

function literalKeys(data: unknown, label: string): string[] {
  if (!data || typeof data !== 'object') return [];
  // A reference (`${random_password.p.result}`) keeps the value out of cdk.tf.json (it is still in state).
  return Object.entries(data as Record<string, unknown>).filter(([, v]) => typeof v === 'string' && v !== '' && !isReference(v)).map(([k]) => `${label}.${k}`);
}

export const rule: PolicyRule = {
  id: 'LLM-K8S-16',
  level: 'error',
  description: 'Kubernetes Secret carries literal values in the configuration, so the secret is in cdk.tf.json, the plan and the state.',
  fix: 'Write secrets with `data_wo` (+ `data_wo_revision`) from an ephemeral value, or create them outside Terraform (External Secrets, CSI driver) and reference them.',
  resourceTypes: ['kubernetes_secret_v1', 'kubernetes_secret', 'kubernetes_manifest'],
  anchors: { cdkNag: [], checkov: [] },
  check(config, context) {
    if (context.subject.type === 'kubernetes_manifest') {
      const manifest = config.manifest ?? {};
      if (manifest.kind !== 'Secret') return Compliance.NOT_APPLICABLE;
      return findings([...literalKeys(manifest.data, 'data'), ...literalKeys(manifest.stringData, 'stringData')]);
    }
    return findings([...literalKeys(config.data, 'data'), ...literalKeys(config.binary_data, 'binary_data')]);
  },
};
