import type { PolicyRule } from '../../rule';
import { findings, many } from '../helpers';

export const rule: PolicyRule = {
  id: 'LLM-BQ-1',
  level: 'error',
  description: 'BigQuery dataset is readable by anyone (`allUsers` / `allAuthenticatedUsers`), e.g. audit or spend exports.',
  fix: 'Grant dataset access to named groups or service accounts only.',
  resourceTypes: ['google_bigquery_dataset'],
  anchors: { cdkNag: [], checkov: ['CKV_GCP_15'] },
  check(config) {
    const ids = many(config.access)
      .filter((a: any) => a?.special_group === 'allAuthenticatedUsers' || a?.iam_member === 'allUsers' || a?.iam_member === 'allAuthenticatedUsers')
      .map((a: any) => `Access::${a.special_group ?? a.iam_member}`);
    return findings(ids);
  },
};
