import { Construct } from 'constructs';
import { makeName, NameTarget } from '../../../core';
import { AUDIT_COLUMNS, AUDIT_PREFIX, auditColumnsForGlue } from '../../audit-schema';

/** `awsObservabilityResources()`: the bindings, loaded on first construction (see resources.ts). */
export function awsObservabilityResources(): typeof import('./resources') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('./resources');
}

export interface AwsAuditTrailProps {
  readonly nameParts: ReadonlyArray<string>;
  readonly kmsKeyArn: string;
  /** Days every record is locked against deletion and overwrite. */
  readonly retentionDays: number;
  /** COMPLIANCE mode (nobody, not even the account root, can shorten the lock) instead of GOVERNANCE. */
  readonly compliance: boolean;
  readonly region: string;
}

/**
 * The audit trail of gateway calls on AWS: an S3 bucket with Object Lock (every record is immutable for
 * `retentionDays`), SSE-KMS, TLS only and no public access, written by LiteLLM's `s3_v2` logging callback
 * (one JSON `StandardLoggingPayload` per call, message content redacted by `turn_off_message_logging`),
 * and queryable with Athena through a Glue table with date partition projection.
 *
 * Object layout (BerriAI/litellm `litellm/integrations/s3.py` `get_s3_object_key`, commit 019c5cd6):
 * `<s3_path>/<YYYY-MM-DD>/<file>.json`. Object Lock needs `Content-MD5` on every PUT; `s3_v2` sends it
 * (`litellm/integrations/s3_v2.py` `async_upload_data_to_s3`, commit 035381e6).
 */
export class AwsAuditTrail extends Construct {
  public readonly bucketName: string;
  public readonly bucketArn: string;
  /** The prefix LiteLLM writes under (`s3_path`). */
  public readonly prefix = AUDIT_PREFIX;
  public readonly databaseName: string;
  public readonly tableName: string;
  public readonly workgroupName: string;

  constructor(scope: Construct, id: string, props: AwsAuditTrailProps) {
    super(scope, id);
    const r = awsObservabilityResources();
    const bucket = new r.S3Bucket(this, 'Bucket', {
      bucket: makeName(NameTarget.S3_BUCKET, ...props.nameParts, 'audit'),
      // Object Lock can only be enabled when the bucket is created.
      objectLockEnabled: true,
      forceDestroy: false,
    });
    this.bucketName = bucket.bucket;
    this.bucketArn = bucket.arn;
    const bpa = new r.S3BucketPublicAccessBlock(this, 'PublicAccessBlock', {
      bucket: bucket.id, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true,
    });
    new r.S3BucketOwnershipControls(this, 'Ownership', { bucket: bucket.id, rule: { objectOwnership: 'BucketOwnerEnforced' } });
    new r.S3BucketServerSideEncryptionConfigurationA(this, 'Encryption', {
      bucket: bucket.id,
      rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: props.kmsKeyArn }, bucketKeyEnabled: true }],
    });
    const versioning = new r.S3BucketVersioningA(this, 'Versioning', { bucket: bucket.id, versioningConfiguration: { status: 'Enabled' } });
    new r.S3BucketObjectLockConfigurationA(this, 'ObjectLock', {
      bucket: bucket.id,
      rule: { defaultRetention: { mode: props.compliance ? 'COMPLIANCE' : 'GOVERNANCE', days: props.retentionDays } },
      dependsOn: [versioning],
    });
    new r.S3BucketLifecycleConfiguration(this, 'Lifecycle', {
      bucket: bucket.id,
      rule: [{
        id: 'retention',
        status: 'Enabled',
        filter: [{ prefix: '' }],
        abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
        // Records are locked for `retentionDays`; they expire the day after the lock lapses.
        expiration: [{ days: props.retentionDays + 1 }],
        noncurrentVersionExpiration: [{ noncurrentDays: 1 }],
      }],
      dependsOn: [versioning],
    });
    new r.S3BucketPolicy(this, 'Policy', {
      bucket: bucket.id,
      policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'DenyInsecureTransport',
            Effect: 'Deny',
            Principal: '*',
            Action: 's3:*',
            Resource: [bucket.arn, `${bucket.arn}/*`],
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          },
          {
            // GOVERNANCE mode lets principals with this permission shorten a lock; nobody gets it here.
            Sid: 'DenyRetentionBypass',
            Effect: 'Deny',
            Principal: '*',
            Action: ['s3:BypassGovernanceRetention', 's3:PutBucketObjectLockConfiguration'],
            Resource: [bucket.arn, `${bucket.arn}/*`],
          },
        ],
      }),
      dependsOn: [bpa],
    });

    // ---- Athena: a Glue table over the JSON records, partitioned by day through projection ----------
    const database = new r.GlueCatalogDatabase(this, 'Database', {
      name: makeName(NameTarget.S3_BUCKET, ...props.nameParts, 'audit').replace(/-/g, '_'),
      description: 'LLM gateway audit trail (one record per call; no message content)',
    });
    this.databaseName = database.name;
    const location = `s3://${bucket.bucket}/${AUDIT_PREFIX}/`;
    const table = new r.GlueCatalogTable(this, 'Table', {
      name: 'calls',
      databaseName: database.name,
      tableType: 'EXTERNAL_TABLE',
      description: 'LiteLLM StandardLoggingPayload records written by the s3_v2 callback',
      parameters: {
        'classification': 'json',
        'projection.enabled': 'true',
        'projection.dt.type': 'date',
        'projection.dt.format': 'yyyy-MM-dd',
        'projection.dt.range': '2024-01-01,NOW',
        'projection.dt.interval': '1',
        'projection.dt.interval.unit': 'DAYS',
        'storage.location.template': `${location}\${dt}/`,
      },
      partitionKeys: [{ name: 'dt', type: 'string' }],
      storageDescriptor: {
        location,
        inputFormat: 'org.apache.hadoop.mapred.TextInputFormat',
        outputFormat: 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat',
        serDeInfo: {
          serializationLibrary: 'org.openx.data.jsonserde.JsonSerDe',
          parameters: { 'ignore.malformed.json': 'true', 'case.insensitive': 'true' },
        },
        columns: auditColumnsForGlue(AUDIT_COLUMNS),
      },
    });
    this.tableName = table.name;
    const workgroup = new r.AthenaWorkgroup(this, 'Workgroup', {
      name: makeName(NameTarget.S3_BUCKET, ...props.nameParts, 'audit'),
      description: 'Queries over the LLM gateway audit trail',
      forceDestroy: false,
      configuration: {
        enforceWorkgroupConfiguration: true,
        publishCloudwatchMetricsEnabled: true,
        resultConfiguration: {
          outputLocation: `s3://${bucket.bucket}/athena-results/`,
          encryptionConfiguration: { encryptionOption: 'SSE_KMS', kmsKeyArn: props.kmsKeyArn },
        },
      },
    });
    this.workgroupName = workgroup.name;
  }

  /** IAM statements that let a workload append records (and nothing else). */
  public writeStatements(kmsKeyArn: string, region: string, dnsSuffix: string): Array<Record<string, unknown>> {
    return [
      { Sid: 'AuditTrailWrite', Effect: 'Allow', Action: 's3:PutObject', Resource: `${this.bucketArn}/${AUDIT_PREFIX}/*` },
      {
        Sid: 'AuditTrailEncrypt',
        Effect: 'Allow',
        Action: 'kms:GenerateDataKey',
        Resource: kmsKeyArn,
        Condition: { StringEquals: { 'kms:ViaService': `s3.${region}.${dnsSuffix}` } },
      },
    ];
  }
}
