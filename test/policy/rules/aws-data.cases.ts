import type { RuleCase } from './harness';
import { rule as cacheAtRest } from '../../../src/policy/rules/cache/at-rest-encryption';
import { rule as cacheAuth } from '../../../src/policy/rules/cache/authentication';
import { rule as cacheMultiAz } from '../../../src/policy/rules/cache/multi-az';
import { rule as cacheTransit } from '../../../src/policy/rules/cache/transit-encryption';
import { rule as dbBackups } from '../../../src/policy/rules/database/backup-retention';
import { rule as dbCmk } from '../../../src/policy/rules/database/customer-managed-key';
import { rule as dbDeletion } from '../../../src/policy/rules/database/deletion-protection';
import { rule as dbSnapshot } from '../../../src/policy/rules/database/final-snapshot';
import { rule as dbIamAuth } from '../../../src/policy/rules/database/iam-authentication';
import { rule as dbLogs } from '../../../src/policy/rules/database/log-exports';
import { rule as dbMultiAz } from '../../../src/policy/rules/database/multi-az';
import { rule as dbPublic } from '../../../src/policy/rules/database/publicly-accessible';
import { rule as dbEncrypted } from '../../../src/policy/rules/database/storage-encrypted';
import { rule as logKms } from '../../../src/policy/rules/logs/kms-encryption';
import { rule as logRetention } from '../../../src/policy/rules/logs/retention';
import { rule as s3Kms } from '../../../src/policy/rules/s3/kms-encryption';
import { rule as s3Pab } from '../../../src/policy/rules/s3/public-access-block';
import { rule as s3Public } from '../../../src/policy/rules/s3/public-acl-or-policy';
import { rule as s3Ssl } from '../../../src/policy/rules/s3/ssl-only';
import { rule as s3Versioning } from '../../../src/policy/rules/s3/versioning';

const bucketRef = '${aws_s3_bucket.subject.id}';
const pab = { block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true };

export const cases: RuleCase[] = [
  // LLM-DB-1
  { rule: dbEncrypted, name: 'encrypted instance', config: { storage_encrypted: true }, expected: 'compliant' },
  { rule: dbEncrypted, name: 'unencrypted instance', config: { storage_encrypted: false }, expected: 'non-compliant' },
  { rule: dbEncrypted, name: 'Aurora cluster without storage_encrypted', type: 'aws_rds_cluster', config: { engine: 'aurora-postgresql' }, expected: 'non-compliant' },
  // LLM-DB-2
  { rule: dbPublic, name: 'private instance', config: { publicly_accessible: false }, expected: 'compliant' },
  { rule: dbPublic, name: 'public Aurora instance', type: 'aws_rds_cluster_instance', config: { publicly_accessible: true }, expected: 'non-compliant' },
  // LLM-DB-3
  { rule: dbDeletion, name: 'deletion protection on', config: { deletion_protection: true }, expected: 'compliant' },
  { rule: dbDeletion, name: 'deletion protection unset', type: 'aws_rds_cluster', config: {}, expected: 'non-compliant' },
  // LLM-DB-4
  { rule: dbBackups, name: '14 days', config: { backup_retention_period: 14 }, expected: 'compliant' },
  { rule: dbBackups, name: 'Aurora default (1 day)', type: 'aws_rds_cluster', config: { backup_retention_period: 1 }, expected: 'non-compliant' },
  { rule: dbBackups, name: 'backups off', config: { backup_retention_period: 0 }, expected: 'non-compliant' },
  { rule: dbBackups, name: 'read replica', config: { replicate_source_db: 'primary' }, expected: 'not-applicable' },
  { rule: dbBackups, name: 'retention from a variable', config: { backup_retention_period: '${var.days}' }, expected: 'unknown' },
  // LLM-DB-5
  { rule: dbSnapshot, name: 'final snapshot kept', config: { skip_final_snapshot: false, final_snapshot_identifier: 'final' }, expected: 'compliant' },
  { rule: dbSnapshot, name: 'final snapshot skipped', config: { skip_final_snapshot: true }, expected: 'non-compliant' },
  // LLM-DB-6
  { rule: dbMultiAz, name: 'Multi-AZ', config: { multi_az: true }, expected: 'compliant' },
  { rule: dbMultiAz, name: 'single AZ', config: {}, expected: 'non-compliant' },
  // LLM-DB-7
  { rule: dbIamAuth, name: 'IAM auth on', config: { iam_database_authentication_enabled: true }, expected: 'compliant' },
  { rule: dbIamAuth, name: 'IAM auth off', config: {}, expected: 'non-compliant' },
  // LLM-DB-8
  { rule: dbCmk, name: 'customer-managed key', config: { storage_encrypted: true, kms_key_id: '${aws_kms_key.db.arn}' }, expected: 'compliant' },
  { rule: dbCmk, name: 'AWS managed key', config: { storage_encrypted: true }, expected: 'non-compliant' },
  { rule: dbCmk, name: 'not encrypted at all (LLM-DB-1 reports it)', config: {}, expected: 'not-applicable' },
  // LLM-DB-9
  { rule: dbLogs, name: 'postgresql log export', config: { enabled_cloudwatch_logs_exports: ['postgresql'] }, expected: 'compliant' },
  { rule: dbLogs, name: 'no log export', config: {}, expected: 'non-compliant' },
  // LLM-CACHE-1
  { rule: cacheAtRest, name: 'encrypted at rest', config: { at_rest_encryption_enabled: true }, expected: 'compliant' },
  { rule: cacheAtRest, name: 'string "false"', config: { at_rest_encryption_enabled: 'false' }, expected: 'non-compliant' },
  // LLM-CACHE-2
  { rule: cacheTransit, name: 'TLS on', config: { transit_encryption_enabled: true }, expected: 'compliant' },
  { rule: cacheTransit, name: 'TLS off', config: {}, expected: 'non-compliant' },
  { rule: cacheTransit, name: 'member cluster of a replication group', type: 'aws_elasticache_cluster', config: { replication_group_id: 'rg' }, expected: 'not-applicable' },
  // LLM-CACHE-3
  { rule: cacheAuth, name: 'RBAC user group', config: { user_group_ids: ['g'] }, expected: 'compliant' },
  { rule: cacheAuth, name: 'no authentication', config: {}, expected: 'non-compliant' },
  // LLM-CACHE-4
  { rule: cacheMultiAz, name: 'failover and Multi-AZ', config: { automatic_failover_enabled: true, multi_az_enabled: true }, expected: 'compliant' },
  { rule: cacheMultiAz, name: 'failover without Multi-AZ', config: { automatic_failover_enabled: true }, expected: ['MultiAz'] },
  // LLM-S3-1
  { rule: s3Pab, name: 'bucket with a full block', config: { bucket: 'b' }, others: [{ type: 'aws_s3_bucket_public_access_block', address: 'aws_s3_bucket_public_access_block.b', config: { bucket: bucketRef, ...pab } }], expected: 'compliant' },
  { rule: s3Pab, name: 'bucket covered by the account-level block', config: { bucket: 'b' }, others: [{ type: 'aws_s3_account_public_access_block', address: 'aws_s3_account_public_access_block.a', config: pab }], expected: 'compliant' },
  { rule: s3Pab, name: 'bucket without a block', config: { bucket: 'b' }, others: [{ type: 'aws_s3_bucket_public_access_block', address: 'aws_s3_bucket_public_access_block.other', config: { bucket: '${aws_s3_bucket.subjectother.id}', ...pab } }], expected: 'non-compliant' },
  { rule: s3Pab, name: 'block with a flag off', type: 'aws_s3_bucket_public_access_block', config: { ...pab, restrict_public_buckets: false }, expected: ['restrict_public_buckets'] },
  // LLM-S3-2
  { rule: s3Public, name: 'private ACL', type: 'aws_s3_bucket_acl', config: { acl: 'private' }, expected: 'compliant' },
  { rule: s3Public, name: 'public-read ACL', type: 'aws_s3_bucket_acl', config: { acl: 'public-read' }, expected: ['Acl::public-read'] },
  { rule: s3Public, name: 'policy granting everyone', type: 'aws_s3_bucket_policy', config: { policy: JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }] }) }, expected: ['Policy::Principal:*'] },
  { rule: s3Public, name: 'policy for one role', type: 'aws_s3_bucket_policy', config: { policy: JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:role/r' }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }] }) }, expected: 'compliant' },
  // LLM-S3-3
  { rule: s3Kms, name: 'SSE-KMS configuration', config: {}, others: [{ type: 'aws_s3_bucket_server_side_encryption_configuration', address: 'aws_s3_bucket_server_side_encryption_configuration.e', config: { bucket: bucketRef, rule: [{ apply_server_side_encryption_by_default: { sse_algorithm: 'aws:kms', kms_master_key_id: 'k' } }] } }], expected: 'compliant' },
  { rule: s3Kms, name: 'SSE-S3 configuration', config: {}, others: [{ type: 'aws_s3_bucket_server_side_encryption_configuration', address: 'aws_s3_bucket_server_side_encryption_configuration.e', config: { bucket: bucketRef, rule: [{ apply_server_side_encryption_by_default: { sse_algorithm: 'AES256' } }] } }], expected: 'non-compliant' },
  { rule: s3Kms, name: 'SSE-S3 on the bucket receiving ALB access logs (the only option AWS supports there)', config: {}, others: [{ type: 'aws_s3_bucket_server_side_encryption_configuration', address: 'aws_s3_bucket_server_side_encryption_configuration.e', config: { bucket: bucketRef, rule: [{ apply_server_side_encryption_by_default: { sse_algorithm: 'AES256' } }] } }, { type: 'aws_lb', address: 'aws_lb.alb', config: { access_logs: { bucket: bucketRef, enabled: true } } }], expected: 'compliant' },
  { rule: s3Kms, name: 'ALB log bucket without any default encryption', config: {}, others: [{ type: 'aws_lb', address: 'aws_lb.alb', config: { access_logs: { bucket: bucketRef, enabled: true } } }], expected: 'non-compliant' },
  // LLM-S3-4
  { rule: s3Ssl, name: 'deny insecure transport', config: {}, others: [{ type: 'aws_s3_bucket_policy', address: 'aws_s3_bucket_policy.p', config: { bucket: bucketRef, policy: JSON.stringify({ Statement: [{ Effect: 'Deny', Principal: '*', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }] }) } }], expected: 'compliant' },
  { rule: s3Ssl, name: 'no bucket policy', config: {}, expected: 'non-compliant' },
  // LLM-S3-5
  { rule: s3Versioning, name: 'versioning enabled', config: {}, others: [{ type: 'aws_s3_bucket_versioning', address: 'aws_s3_bucket_versioning.v', config: { bucket: bucketRef, versioning_configuration: { status: 'Enabled' } } }], expected: 'compliant' },
  { rule: s3Versioning, name: 'versioning suspended', config: {}, others: [{ type: 'aws_s3_bucket_versioning', address: 'aws_s3_bucket_versioning.v', config: { bucket: bucketRef, versioning_configuration: { status: 'Suspended' } } }], expected: 'non-compliant' },
  // LLM-LOG-1
  { rule: logKms, name: 'log group with CMK', config: { kms_key_id: '${aws_kms_key.logs.arn}' }, expected: 'compliant' },
  { rule: logKms, name: 'log group without CMK', config: { name: 'x' }, expected: 'non-compliant' },
  // LLM-LOG-2
  { rule: logRetention, name: '30 days', config: { retention_in_days: 30 }, expected: 'compliant' },
  { rule: logRetention, name: 'never expire', config: { retention_in_days: 0 }, expected: 'non-compliant' },
];
