import { Compliance, type PolicyRule } from '../../rule';
import { findings, isSet, isTrue, one } from '../helpers';

export const rule: PolicyRule = {
  id: 'LLM-GAR-1',
  level: 'warning',
  description: 'Artifact Registry Docker repository allows overwriting tags, or is not encrypted with a customer-managed key.',
  fix: 'Set `docker_config { immutable_tags = true }` and `kms_key_name` to the platform key.',
  resourceTypes: ['google_artifact_registry_repository'],
  anchors: { cdkNag: [], checkov: ['CKV_GCP_84'] },
  check(config) {
    // Remote and virtual repositories cache or aggregate other registries: tags are the upstream's.
    if (config.mode && config.mode !== 'STANDARD_REPOSITORY') return isSet(config.kms_key_name) ? findings([]) : findings(['KmsKey']);
    if (config.format !== undefined && String(config.format).toUpperCase() !== 'DOCKER') return Compliance.NOT_APPLICABLE;
    const ids: string[] = [];
    if (!isTrue(one(config.docker_config)?.immutable_tags)) ids.push('ImmutableTags');
    if (!isSet(config.kms_key_name)) ids.push('KmsKey');
    return findings(ids);
  },
};
