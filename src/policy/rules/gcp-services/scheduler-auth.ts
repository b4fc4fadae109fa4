import { Compliance, type PolicyRule } from '../../rule';
import { compliantIf, one } from '../helpers';

export const rule: PolicyRule = {
  id: 'LLM-SCHED-1',
  level: 'error',
  description: 'Cloud Scheduler job calls an HTTP target without an OIDC or OAuth token, so the target must accept unauthenticated calls.',
  fix: 'Set `http_target { oidc_token { service_account_email } }` (Cloud Run, functions) or `oauth_token` (Google APIs, e.g. run.googleapis.com job runs).',
  resourceTypes: ['google_cloud_scheduler_job'],
  anchors: { cdkNag: [], checkov: [] },
  check(config) {
    const target = one(config.http_target);
    if (!target) return Compliance.NOT_APPLICABLE;
    return compliantIf(one(target.oidc_token) !== undefined || one(target.oauth_token) !== undefined);
  },
};
