import type { PolicyRule } from '../../rule';
import { compliantIf, isTrue } from '../helpers';

export const rule: PolicyRule = {
  id: 'LLM-DB-5',
  level: 'error',
  description: 'Database skips its final snapshot, so deleting it loses the data.',
  fix: 'Set `skip_final_snapshot = false` and a `final_snapshot_identifier`.',
  resourceTypes: ['aws_db_instance', 'aws_rds_cluster'],
  anchors: { cdkNag: [], checkov: [] },
  check(config) {
    return compliantIf(!isTrue(config.skip_final_snapshot));
  },
};
