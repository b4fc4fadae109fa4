import type { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { Construct } from 'constructs';
import { awsProviderResources } from './lazy-resources';
import { makeName, NameTarget } from '../core';
import { checkPropTypes } from '../core/validation';

export interface EncryptedLogGroupProps {
  /** Readable parts of the name (the group is `/llm-platform/<parts>-<hash>`). */
  readonly nameParts: ReadonlyArray<string>;
  /** KMS key ARN; CloudWatch Logs must be allowed to use it (PlatformKey `servicePrincipals: ['logs']`). */
  readonly kmsKeyArn: string;
  /** Retention. @default 365 (checkov CKV_AWS_338 asks for at least a year) */
  readonly retentionInDays?: number;
}

/** A CloudWatch log group encrypted with a customer-managed key, with retention. */
export class EncryptedLogGroup extends Construct {
  public readonly logGroup: CloudwatchLogGroup;
  public readonly name: string;
  public readonly arn: string;

  constructor(scope: Construct, id: string, props: EncryptedLogGroupProps) {
    super(scope, id);
    checkPropTypes(this, props, { nameParts: 'string[]', kmsKeyArn: 'string', retentionInDays: 'number?' });
    // Bindings load on first construction, not at import (import cost, see lazy-resources.ts).
    const { CloudwatchLogGroup } = awsProviderResources();
    this.logGroup = new CloudwatchLogGroup(this, 'Resource', {
      name: `/llm-platform/${makeName(NameTarget.LOG_GROUP, ...props.nameParts)}`,
      kmsKeyId: props.kmsKeyArn,
      retentionInDays: props.retentionInDays ?? 365,
    });
    this.name = this.logGroup.name;
    this.arn = this.logGroup.arn;
  }
}
