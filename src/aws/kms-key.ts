import type { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { Construct } from 'constructs';
import { awsProviderResources } from './lazy-resources';
import { makeName, NameTarget } from '../core';
import { AwsEnvironment } from './environment';
import { Fn } from '../core/cdktf';
import { checkPropTypes } from '../core/validation';

export interface PlatformKeyProps {
  /** What the key protects, e.g. `gateway logs`. */
  readonly description: string;
  /** Readable parts of the alias name. */
  readonly nameParts: ReadonlyArray<string>;
  /**
   * AWS service principals (e.g. `logs`) allowed to use the key on the account's behalf, scoped by
   * encryption context or `aws:SourceAccount` in the key policy (`aps`: Amazon Managed Service for
   * Prometheus publishing alerts to an encrypted SNS topic).
   * @default - only IAM principals of the account (through IAM policies)
   */
  readonly servicePrincipals?: ReadonlyArray<'logs' | 'sns' | 'events' | 'aps'>;
  /** Days before a scheduled deletion completes. @default 30 */
  readonly deletionWindowInDays?: number;
}

/**
 * A customer-managed KMS key with yearly automatic rotation and a key policy that delegates to IAM in
 * the account (so per-role policies decide use), plus service statements where services need them.
 */
export class PlatformKey extends Construct {
  public readonly key: KmsKey;
  public readonly keyArn: string;
  public readonly keyId: string;

  constructor(scope: Construct, id: string, props: PlatformKeyProps) {
    super(scope, id);
    checkPropTypes(this, props, { description: 'string', nameParts: 'string[]', servicePrincipals: 'string[]?', deletionWindowInDays: 'number?' });
    // Bindings load on first construction, not at import (import cost, see lazy-resources.ts).
    const { KmsAlias, KmsKey } = awsProviderResources();
    const env = AwsEnvironment.of(this);
    const statements: unknown[] = [
      {
        Sid: 'AccountAdministersThroughIam',
        Effect: 'Allow',
        Principal: { AWS: `arn:${env.partition}:iam::${env.account}:root` },
        Action: 'kms:*',
        Resource: '*', // In a key policy, "*" means this key.
      },
    ];
    for (const service of props.servicePrincipals ?? []) {
      if (service === 'logs') {
        // CloudWatch Logs needs the key policy grant; scope it to this account's log groups.
        statements.push({
          Sid: 'CloudWatchLogsUse',
          Effect: 'Allow',
          Principal: { Service: `logs.${env.region}.${env.dnsSuffix}` },
          Action: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
          Resource: '*',
          Condition: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': `arn:${env.partition}:logs:${env.region}:${env.account}:log-group:*` } },
        });
      } else {
        statements.push({
          Sid: `${service.toUpperCase()}Use`,
          Effect: 'Allow',
          Principal: { Service: `${service}.${env.dnsSuffix}` },
          Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
          Resource: '*',
          Condition: { StringEquals: { 'aws:SourceAccount': env.account } },
        });
      }
    }
    this.key = new KmsKey(this, 'Resource', {
      description: props.description,
      enableKeyRotation: true,
      rotationPeriodInDays: 365,
      deletionWindowInDays: props.deletionWindowInDays ?? 30,
      policy: Fn.jsonencode({ Version: '2012-10-17', Statement: statements }),
    });
    new KmsAlias(this, 'Alias', { name: `alias/${makeName(NameTarget.KMS_ALIAS, ...props.nameParts)}`, targetKeyId: this.key.keyId });
    this.keyArn = this.key.arn;
    this.keyId = this.key.keyId;
  }
}
