import type { PolicyRule } from '../../rule';
import { findings } from '../helpers';

export const GCP_HIERARCHY_IAM_TYPES: ReadonlyArray<string> = [
  'google_project_iam_member',
  'google_project_iam_binding',
  'google_folder_iam_member',
  'google_folder_iam_binding',
  'google_organization_iam_member',
  'google_organization_iam_binding',
];

const PRIMITIVE = ['roles/owner', 'roles/editor', 'roles/viewer'];

export const rule: PolicyRule = {
  id: 'LLM-GIAM-1',
  level: 'error',
  description: 'A basic (primitive) role is granted: roles/owner, roles/editor or roles/viewer cover almost every service.',
  fix: 'Grant predefined or custom roles for the exact services used (e.g. `roles/aiplatform.user`, `roles/secretmanager.secretAccessor`).',
  resourceTypes: GCP_HIERARCHY_IAM_TYPES,
  anchors: { cdkNag: [], checkov: ['CKV_GCP_115', 'CKV_GCP_116', 'CKV_GCP_117'] },
  check(config) {
    return findings(PRIMITIVE.includes(config.role) ? [`Role::${config.role}`] : []);
  },
};
