import { Construct } from 'constructs';
import { gcpObservabilityResources } from './platform';
import { makeName, NameTarget } from '../../../core';
import { AUDIT_COLUMNS, AUDIT_PREFIX, auditSchemaForBigQuery } from '../../audit-schema';

export interface GcsAuditTrailProps {
  readonly project: string;
  readonly region: string;
  readonly nameParts: ReadonlyArray<string>;
  readonly retentionDays: number;
  /** Lock the retention policy (irreversible). */
  readonly locked: boolean;
  readonly kmsKeyName?: string;
  readonly labels: Readonly<Record<string, string>>;
  /** The service account whose HMAC key writes the records (granted objectCreator on the bucket only). */
  readonly writerServiceAccountEmail: string;
}

/**
 * The audit trail of gateway calls on GCP: a GCS bucket whose retention policy keeps every record
 * undeletable for `retentionDays` (uniform access, public access prevention enforced, optional CMEK),
 * queryable through a BigQuery external table.
 *
 * **How records get there with the OSS LiteLLM image.** LiteLLM's GCS logger (`gcs_bucket`) and its
 * Pub/Sub logger are Enterprise-only (`_premium_user_check()` in `litellm/integrations/gcs_bucket/` and
 * `gcs_pubsub/pub_sub.py`). The OSS `s3_v2` logger signs its PUTs with SigV4 and takes an
 * `s3_endpoint_url` (path-style `<endpoint>/<bucket>/<key>`, `litellm/integrations/s3_v2.py@035381e6`
 * `_build_object_url`), which GCS's XML API accepts with an HMAC key. The key is yours, created outside
 * Terraform (`google_storage_hmac_key` would put its secret in state), for a service account that may only
 * create objects in this bucket; the gateway reads it from Secret Manager.
 */
export class GcsAuditTrail extends Construct {
  public readonly bucketName: string;

  constructor(scope: Construct, id: string, props: GcsAuditTrailProps) {
    super(scope, id);
    const r = gcpObservabilityResources();
    const name = makeName(NameTarget.S3_BUCKET, ...props.nameParts, 'audit');
    const bucket = new r.StorageBucket(this, 'Bucket', {
      project: props.project,
      name,
      location: props.region.toUpperCase(),
      storageClass: 'STANDARD',
      uniformBucketLevelAccess: true,
      publicAccessPrevention: 'enforced',
      forceDestroy: false,
      labels: { ...props.labels },
      // Object Versioning and retention policies are mutually exclusive on GCS; the retention policy is the lock.
      retentionPolicy: { retentionPeriod: props.retentionDays * 86_400, isLocked: props.locked },
      lifecycleRule: [{ condition: { age: props.retentionDays + 1 }, action: { type: 'Delete' } }],
      encryption: props.kmsKeyName ? { defaultKmsKeyName: props.kmsKeyName } : undefined,
    });
    this.bucketName = bucket.name;
    new r.StorageBucketIamMember(this, 'WriterCreatesObjects', { bucket: bucket.name, role: 'roles/storage.objectCreator', member: `serviceAccount:${props.writerServiceAccountEmail}` });

    // ---- BigQuery: an external table over the JSON records, partitioned by the date folder ----------
    const dataset = new r.BigqueryDataset(this, 'Dataset', {
      project: props.project,
      datasetId: makeName(NameTarget.GCP_RESOURCE, ...props.nameParts, 'audit').replace(/-/g, '_'),
      location: props.region,
      description: 'LLM gateway audit trail (one record per call; no message content)',
      deleteContentsOnDestroy: false,
      labels: { ...props.labels },
      defaultEncryptionConfiguration: props.kmsKeyName ? { kmsKeyName: props.kmsKeyName } : undefined,
    });
    new r.BigqueryTable(this, 'Table', {
      project: props.project,
      datasetId: dataset.datasetId,
      tableId: 'calls',
      description: 'LiteLLM StandardLoggingPayload records written by the s3_v2 callback',
      deletionProtection: true,
      labels: { ...props.labels },
      schema: JSON.stringify(auditSchemaForBigQuery(AUDIT_COLUMNS)),
      externalDataConfiguration: {
        autodetect: false,
        sourceFormat: 'NEWLINE_DELIMITED_JSON',
        // Payloads carry many more keys than the schema maps (content keys among them): they are ignored.
        ignoreUnknownValues: true,
        sourceUris: [`gs://${bucket.name}/${AUDIT_PREFIX}/*`],
        hivePartitioningOptions: { mode: 'CUSTOM', sourceUriPrefix: `gs://${bucket.name}/${AUDIT_PREFIX}/{dt:DATE}`, requirePartitionFilter: false },
      },
    });
  }
}
