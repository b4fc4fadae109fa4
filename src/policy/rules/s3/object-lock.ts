import type { PolicyRule } from '../../rule';
import { findings, one } from '../helpers';

export const rule: PolicyRule = {
  id: 'LLM-S3-8',
  level: 'warning',
  description: 'S3 Object Lock has no default retention, or uses GOVERNANCE mode that privileged users can bypass, so audit records can be deleted.',
  fix: 'Set `rule { default_retention { mode = "COMPLIANCE", days = <retention> } }` for audit buckets.',
  resourceTypes: ['aws_s3_bucket_object_lock_configuration'],
  anchors: { cdkNag: [], checkov: [] },
  check(config) {
    const retention = one(one(config.rule)?.default_retention);
    if (!retention) return findings(['DefaultRetention']);
    const ids: string[] = [];
    if (retention.mode !== 'COMPLIANCE') ids.push(`Mode::${retention.mode ?? 'unset'}`);
    if (!(Number(retention.days) > 0 || Number(retention.years) > 0)) ids.push('DefaultRetention');
    return findings(ids);
  },
};
