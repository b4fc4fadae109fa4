import type { PolicyRule } from '../../rule';
import { compliantIf, isSet, one } from '../helpers';

const COMPUTE_DEFAULT = /-compute@developer\.gserviceaccount\.com$/;

export const rule: PolicyRule = {
  id: 'LLM-RUN-3',
  level: 'error',
  description: 'Cloud Run service or job runs as the Compute Engine default service account, which holds the Editor role in most projects.',
  fix: 'Create a dedicated service account with only the roles the service needs and set `template.service_account` to it.',
  resourceTypes: ['google_cloud_run_v2_service', 'google_cloud_run_service', 'google_cloud_run_v2_job'],
  anchors: { cdkNag: [], checkov: [] },
  check(config, context) {
    const template = one(config.template);
    const type = context.subject.type;
    // v2 jobs nest the task template: template { template { service_account } }.
    const account = type === 'google_cloud_run_v2_service'
      ? template?.service_account
      : type === 'google_cloud_run_v2_job' ? one(template?.template)?.service_account : one(template?.spec)?.service_account_name;
    return compliantIf(isSet(account) && !COMPUTE_DEFAULT.test(String(account)));
  },
};
