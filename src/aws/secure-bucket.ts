import type { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import type { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { Construct } from 'constructs';
import { awsProviderResources } from './lazy-resources';
import { makeName, NameTarget, ProblemCollector } from '../core';
import { isUnresolved } from '../core/tokens';
import { checkPropTypes } from '../core/validation';

/** How a `SecureBucket` encrypts objects at rest. */
export class BucketEncryption {
  /** SSE-KMS with a customer-managed key (and S3 Bucket Keys, to keep KMS request costs down). */
  public static kms(keyArn: string): BucketEncryption {
    // A key ARN, a key id or an alias ARN (or a token resolving to one of them).
    if (typeof keyArn !== 'string' || !(isUnresolved(keyArn) || /^(arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:(key|alias)\/[A-Za-z0-9/_-]+|[0-9a-f-]{36})$/.test(keyArn))) {
      new ProblemCollector().add('BucketEncryption.kms(keyArn)', keyArn, 'is not a KMS key ARN', 'pass the key ARN, e.g. PlatformKey.keyArn').throwIfAny('BucketEncryption');
    }
    return new BucketEncryption('aws:kms', keyArn);
  }

  /**
   * SSE-S3 (AES-256, S3-managed keys). Only for buckets that an AWS service writes to and that cannot use
   * SSE-KMS: Elastic Load Balancing access logs support SSE-S3 only (ELB user guide, "Access logs for your
   * Application Load Balancer": "the only server-side encryption option that's supported is SSE-S3").
   */
  public static s3Managed(): BucketEncryption {
    return new BucketEncryption('AES256', undefined);
  }

  private constructor(
    public readonly algorithm: 'aws:kms' | 'AES256',
    public readonly keyArn: string | undefined,
  ) {}
}

export interface SecureBucketProps {
  /** Readable parts of the bucket name (a stable hash is appended). */
  readonly nameParts: ReadonlyArray<string>;
  readonly encryption: BucketEncryption;
  /**
   * Extra bucket policy statements (IAM JSON objects), given the bucket's ARN.
   * @default - only the TLS-only statement
   */
  readonly extraPolicyStatements?: (bucketArn: string) => ReadonlyArray<Record<string, unknown>>;
  /** Days after which current objects expire. @default - never */
  readonly expireAfterDays?: number;
  /** Days after which non-current versions expire. @default 90 */
  readonly noncurrentVersionExpirationDays?: number;
  /** Allow `terraform destroy` to delete a bucket that still holds objects. @default false */
  readonly forceDestroy?: boolean;
}

/**
 * A private S3 bucket with production defaults: all four Block Public Access flags, bucket-owner-enforced
 * object ownership (no ACLs), default encryption, versioning, a lifecycle for old versions and aborted
 * uploads, and a bucket policy that denies every request not made over TLS (cdk-nag S10).
 */
export class SecureBucket extends Construct {
  public readonly bucket: S3Bucket;
  public readonly bucketName: string;
  public readonly bucketArn: string;
  /** The bucket policy; resources that need it in place (ELB access logs) depend on it. */
  public readonly policy: S3BucketPolicy;

  constructor(scope: Construct, id: string, props: SecureBucketProps) {
    super(scope, id);
    checkPropTypes(this, props, { nameParts: 'string[]', encryption: 'object', extraPolicyStatements: 'function?', expireAfterDays: 'number?', noncurrentVersionExpirationDays: 'number?', forceDestroy: 'boolean?' });
    // Bindings load on first construction, not at import (import cost, see lazy-resources.ts).
    const {
      S3Bucket, S3BucketLifecycleConfiguration, S3BucketOwnershipControls, S3BucketPolicy,
      S3BucketPublicAccessBlock, S3BucketServerSideEncryptionConfigurationA, S3BucketVersioningA,
    } = awsProviderResources();
    const p = new ProblemCollector();
    if (props.expireAfterDays !== undefined && (!Number.isInteger(props.expireAfterDays) || props.expireAfterDays < 1)) {
      p.add('expireAfterDays', props.expireAfterDays, 'must be a positive integer', 'use e.g. 365');
    }
    const noncurrentDays = props.noncurrentVersionExpirationDays ?? 90;
    if (!Number.isInteger(noncurrentDays) || noncurrentDays < 1) p.add('noncurrentVersionExpirationDays', noncurrentDays, 'must be a positive integer', 'use e.g. 90');
    p.throwIfAny(this);

    this.bucket = new S3Bucket(this, 'Resource', {
      bucket: makeName(NameTarget.S3_BUCKET, ...props.nameParts),
      forceDestroy: props.forceDestroy ?? false,
    });
    this.bucketName = this.bucket.bucket;
    this.bucketArn = this.bucket.arn;

    const bpa = new S3BucketPublicAccessBlock(this, 'PublicAccessBlock', {
      bucket: this.bucket.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    new S3BucketOwnershipControls(this, 'Ownership', {
      bucket: this.bucket.id,
      rule: { objectOwnership: 'BucketOwnerEnforced' },
    });
    new S3BucketServerSideEncryptionConfigurationA(this, 'Encryption', {
      bucket: this.bucket.id,
      rule: [{
        applyServerSideEncryptionByDefault: {
          sseAlgorithm: props.encryption.algorithm,
          kmsMasterKeyId: props.encryption.keyArn,
        },
        bucketKeyEnabled: props.encryption.algorithm === 'aws:kms' ? true : undefined,
      }],
    });
    new S3BucketVersioningA(this, 'Versioning', {
      bucket: this.bucket.id,
      versioningConfiguration: { status: 'Enabled' },
    });
    new S3BucketLifecycleConfiguration(this, 'Lifecycle', {
      bucket: this.bucket.id,
      rule: [{
        id: 'retention',
        status: 'Enabled',
        filter: [{ prefix: '' }],
        abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
        noncurrentVersionExpiration: [{ noncurrentDays }],
        expiration: props.expireAfterDays !== undefined ? [{ days: props.expireAfterDays }] : undefined,
      }],
    });
    this.policy = new S3BucketPolicy(this, 'Policy', {
      bucket: this.bucket.id,
      // JSON text rendered at synth (tokens become interpolations), so policy rules can read it.
      policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'DenyInsecureTransport',
            Effect: 'Deny',
            Principal: '*',
            Action: 's3:*',
            Resource: [this.bucket.arn, `${this.bucket.arn}/*`],
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          },
          ...(props.extraPolicyStatements?.(this.bucket.arn) ?? []),
        ],
      }),
      // S3 rejects policy writes racing the public access block update.
      dependsOn: [bpa],
    });
  }
}
