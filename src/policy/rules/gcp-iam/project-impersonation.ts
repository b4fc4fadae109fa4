import type { PolicyRule } from '../../rule';
import { findings } from '../helpers';
import { GCP_HIERARCHY_IAM_TYPES } from './primitive-roles';

const IMPERSONATION = ['roles/iam.serviceAccountUser', 'roles/iam.serviceAccountTokenCreator'];

export const rule: PolicyRule = {
  id: 'LLM-GIAM-2',
  level: 'error',
  description: 'Service Account User or Token Creator is granted on a project, folder or organisation, letting the member act as every service account in it.',
  fix: 'Grant the role on the one service account to impersonate (`google_service_account_iam_member`).',
  resourceTypes: GCP_HIERARCHY_IAM_TYPES,
  anchors: { cdkNag: [], checkov: ['CKV_GCP_41', 'CKV_GCP_49'] },
  check(config) {
    return findings(IMPERSONATION.includes(config.role) ? [`Role::${config.role}`] : []);
  },
};
