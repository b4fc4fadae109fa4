import { cannotEvaluate, type PolicyRule } from '../../rule';
import { PUBLIC_MEMBERS, findings, iamMembers, isTrue, many } from '../helpers';

export const CLOUD_RUN_IAM_TYPES: ReadonlyArray<string> = [
  'google_cloud_run_v2_service_iam_member',
  'google_cloud_run_v2_service_iam_binding',
  'google_cloud_run_v2_service_iam_policy',
  'google_cloud_run_service_iam_member',
  'google_cloud_run_service_iam_binding',
  'google_cloud_run_service_iam_policy',
  'google_cloud_run_v2_job_iam_member',
  'google_cloud_run_v2_job_iam_binding',
  'google_cloud_run_v2_job_iam_policy',
];

export const rule: PolicyRule = {
  id: 'LLM-RUN-2',
  level: 'error',
  description: 'Cloud Run service or job can be invoked (or run) by anyone (`allUsers` / `allAuthenticatedUsers`, or the invoker IAM check is disabled).',
  fix: 'Grant `roles/run.invoker` only to the callers\' service accounts (GatewayPeer.gcpPrincipal) and keep `invoker_iam_disabled = false`.',
  resourceTypes: ['google_cloud_run_v2_service', ...CLOUD_RUN_IAM_TYPES],
  anchors: { cdkNag: [], checkov: ['CKV_GCP_102'] },
  check(config, context) {
    const type = context.subject.type;
    if (type === 'google_cloud_run_v2_service') return findings(isTrue(config.invoker_iam_disabled) ? ['InvokerIamDisabled'] : []);
    if (type.endsWith('_iam_policy')) {
      let policy: any;
      try {
        policy = typeof config.policy_data === 'string' ? JSON.parse(config.policy_data) : config.policy_data;
      } catch {
        return cannotEvaluate('policy_data is an expression only known at plan time');
      }
      const members = many(policy?.bindings).flatMap((b: any) => many(b.members));
      return findings(members.filter((m: string) => PUBLIC_MEMBERS.includes(m)).map((m: string) => `Member::${m}`));
    }
    return findings(iamMembers(config).filter((m) => PUBLIC_MEMBERS.includes(m)).map((m) => `Member::${m}`));
  },
};
