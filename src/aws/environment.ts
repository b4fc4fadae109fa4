import { Construct, type IConstruct } from 'constructs';
import { awsProviderResources } from './lazy-resources';
import { TerraformStack } from '../core/cdktf';

const ID = 'LlmPlatformAwsEnvironment';

/**
 * Account, region and partition of the stack's AWS provider, looked up once per stack and shared by
 * every construct that builds ARNs (`AwsEnvironment.of(this).account`).
 */
export class AwsEnvironment extends Construct {
  public static of(scope: IConstruct): AwsEnvironment {
    const stack = TerraformStack.of(scope);
    return (stack.node.tryFindChild(ID) as AwsEnvironment | undefined) ?? new AwsEnvironment(stack, ID);
  }

  public readonly account: string;
  public readonly region: string;
  public readonly partition: string;
  /** DNS suffix of the partition, e.g. `amazonaws.com`. */
  public readonly dnsSuffix: string;

  private constructor(scope: Construct, id: string) {
    super(scope, id);
    // Bindings load on first construction, not at import (import cost, see lazy-resources.ts).
    const { DataAwsCallerIdentity, DataAwsPartition, DataAwsRegion } = awsProviderResources();
    this.account = new DataAwsCallerIdentity(this, 'Account').accountId;
    this.region = new DataAwsRegion(this, 'Region').name;
    const partition = new DataAwsPartition(this, 'Partition');
    this.partition = partition.partition;
    this.dnsSuffix = partition.dnsSuffix;
  }

  /** `arn:<partition>:<service>:<region>:<account>:<resource>`; pass `''` for region/account where the ARN has none. */
  public arn(service: string, resource: string, opts: { region?: string; account?: string } = {}): string {
    return `arn:${this.partition}:${service}:${opts.region ?? this.region}:${opts.account ?? this.account}:${resource}`;
  }
}
