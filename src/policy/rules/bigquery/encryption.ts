import type { PolicyRule } from '../../rule';
import { compliantIf, isSet, one } from '../helpers';

export const rule: PolicyRule = {
  id: 'LLM-BQ-2',
  level: 'warning',
  description: 'BigQuery dataset or table is encrypted with a Google-managed key instead of a customer-managed key.',
  fix: 'Set `default_encryption_configuration { kms_key_name }` on the dataset (tables inherit it) or `encryption_configuration { kms_key_name }` on the table.',
  resourceTypes: ['google_bigquery_dataset', 'google_bigquery_table'],
  anchors: { cdkNag: [], checkov: ['CKV_GCP_81', 'CKV_GCP_80'] },
  check(config, context) {
    if (context.subject.type === 'google_bigquery_dataset') return compliantIf(isSet(one(config.default_encryption_configuration)?.kms_key_name));
    // A table without its own key inherits the dataset's default: judge it through its dataset.
    if (isSet(one(config.encryption_configuration)?.kms_key_name)) return compliantIf(true);
    const dataset = /^\$\{(google_bigquery_dataset\.[A-Za-z0-9_-]+)\.dataset_id\}$/.exec(String(config.dataset_id ?? ''))?.[1];
    const parent = dataset ? context.atAddress(dataset) : undefined;
    return compliantIf(parent !== undefined && isSet(one(parent.config.default_encryption_configuration)?.kms_key_name));
  },
};
