import { Compliance, type PolicyRule } from '../../rule';
import { compliantIf, many } from '../helpers';

export const rule: PolicyRule = {
  id: 'LLM-DB-10',
  level: 'error',
  description: 'PostgreSQL parameter group does not force TLS (`rds.force_ssl = 1`), so clients may connect in plain text.',
  fix: 'Add `parameter { name = "rds.force_ssl", value = "1" }` to the (cluster) parameter group.',
  resourceTypes: ['aws_rds_cluster_parameter_group', 'aws_db_parameter_group'],
  anchors: { cdkNag: [], checkov: ['CKV2_AWS_69'] },
  check(config) {
    if (typeof config.family === 'string' && !/postgres/i.test(config.family)) return Compliance.NOT_APPLICABLE;
    return compliantIf(many(config.parameter).some((p: any) => p?.name === 'rds.force_ssl' && String(p?.value) === '1'));
  },
};
