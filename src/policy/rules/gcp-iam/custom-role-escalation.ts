import type { PolicyRule } from '../../rule';
import { findings, many } from '../helpers';

// Permissions that let a holder act as, or mint credentials for, other identities, or rewrite IAM
// (CKV_GCP_41/49 cover the predefined roles carrying them).
const ESCALATION = new Set([
  'iam.serviceAccounts.actAs',
  'iam.serviceAccounts.getAccessToken',
  'iam.serviceAccounts.getOpenIdToken',
  'iam.serviceAccounts.implicitDelegation',
  'iam.serviceAccounts.signBlob',
  'iam.serviceAccounts.signJwt',
  'iam.serviceAccountKeys.create',
  'iam.roles.update',
  'iam.roles.create',
  'resourcemanager.projects.setIamPolicy',
  'resourcemanager.folders.setIamPolicy',
  'resourcemanager.organizations.setIamPolicy',
]);

export const rule: PolicyRule = {
  id: 'LLM-GIAM-5',
  level: 'error',
  description: 'Custom IAM role contains a wildcard or a permission that escalates privileges (act as or mint tokens for service accounts, create keys, set IAM policy, edit roles).',
  fix: 'List only the permissions the workload calls; grant `iam.serviceAccounts.actAs` on the one service account (a resource-level binding), never in a project-level custom role.',
  resourceTypes: ['google_project_iam_custom_role', 'google_organization_iam_custom_role'],
  anchors: { cdkNag: [], checkov: ['CKV_GCP_41', 'CKV_GCP_49'] },
  check(config) {
    return findings(many(config.permissions).filter((p: string) => typeof p === 'string' && (p.includes('*') || ESCALATION.has(p))).map((p: string) => `Permission::${p}`));
  },
};
