import type { PolicyRule } from '../../rule';
import { compliantIf, isTrue } from '../helpers';

export const rule: PolicyRule = {
  id: 'LLM-DB-2',
  level: 'error',
  description: 'Database instance is publicly accessible (it gets a public IP and DNS name).',
  fix: 'Set `publicly_accessible = false` and reach the database from private subnets (VPN, bastion via SSM, or the application\'s security group).',
  resourceTypes: ['aws_db_instance', 'aws_rds_cluster_instance'],
  anchors: { cdkNag: ['NIST.800.53.R5-RDSInstancePublicAccess'], checkov: ['CKV_AWS_17'] },
  check(config) {
    return compliantIf(!isTrue(config.publicly_accessible));
  },
};
