import { S3Object } from '@cdktf/provider-aws/lib/s3-object';
import type { Construct } from 'constructs';
import { CONFIG_OBJECT_KEY } from './containers';
import type { PlatformKey } from '../../../aws/kms-key';
import { BucketEncryption, SecureBucket } from '../../../aws/secure-bucket';
import { Lazy } from '../../../core/cdktf';


/** LiteLLM's config, delivered as an SSE-KMS object that the tasks read at start. */
export interface GatewayConfigDelivery {
  readonly bucket: SecureBucket;
  readonly object: S3Object;
  /** `s3:GetObject` resource of the config object. */
  readonly objectArn: string;
}

/** Creates the bucket (`ConfigBucket`) and the object (`Config`, rendered at synth) in `scope`. */
export function createGatewayConfig(scope: Construct, base: string, key: PlatformKey, renderConfig: () => string): GatewayConfigDelivery {
  const bucket = new SecureBucket(scope, 'ConfigBucket', {
    nameParts: [base, 'config'],
    encryption: BucketEncryption.kms(key.keyArn),
  });
  const object = new S3Object(scope, 'Config', {
    bucket: bucket.bucket.id,
    key: CONFIG_OBJECT_KEY,
    // Literal text: TerraformLiterals (src/core) escapes Terraform template sequences at synth.
    content: Lazy.stringValue({ produce: renderConfig }),
    contentType: 'application/yaml',
    serverSideEncryption: 'aws:kms',
    kmsKeyId: key.keyArn,
  });
  return { bucket, object, objectArn: `${bucket.bucketArn}/${CONFIG_OBJECT_KEY}` };
}
