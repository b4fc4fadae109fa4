import type { PolicyRule } from '../../rule';
import { PUBLIC_MEMBERS, findings, iamMembers } from '../helpers';
import { GCP_HIERARCHY_IAM_TYPES } from './primitive-roles';

export const rule: PolicyRule = {
  id: 'LLM-GIAM-4',
  level: 'error',
  description: 'A GCP resource is granted to `allUsers` or `allAuthenticatedUsers` (anyone on the internet / any Google account).',
  fix: 'Grant the role to named service accounts or groups.',
  resourceTypes: [
    ...GCP_HIERARCHY_IAM_TYPES,
    'google_storage_bucket_iam_member',
    'google_storage_bucket_iam_binding',
    'google_secret_manager_secret_iam_member',
    'google_secret_manager_secret_iam_binding',
    'google_kms_crypto_key_iam_member',
    'google_kms_crypto_key_iam_binding',
    'google_pubsub_topic_iam_member',
    'google_pubsub_topic_iam_binding',
    'google_artifact_registry_repository_iam_member',
    'google_artifact_registry_repository_iam_binding',
    'google_service_account_iam_member',
    'google_service_account_iam_binding',
  ],
  anchors: { cdkNag: [], checkov: ['CKV_GCP_112'] },
  check(config) {
    return findings(iamMembers(config).filter((m) => PUBLIC_MEMBERS.includes(m)).map((m) => `Member::${m}`));
  },
};
