import { Wafv2WebAcl, type Wafv2WebAclRule, type Wafv2WebAclRuleVisibilityConfig } from '@cdktf/provider-aws/lib/wafv2-web-acl';
import { Wafv2WebAclLoggingConfiguration } from '@cdktf/provider-aws/lib/wafv2-web-acl-logging-configuration';
import { Construct } from 'constructs';
import { makeName, NameTarget } from '../../../core';

export interface GatewayWebAclProps {
  readonly nameParts: ReadonlyArray<string>;
  /** Requests per 5 minutes from one client IP before the rate-based rule blocks it. */
  readonly rateLimitPerFiveMinutes: number;
  /** Where WAF logs go (a CloudWatch log group named `aws-waf-logs-*`, a Firehose stream or an S3 bucket). @default - no logging */
  readonly logDestinationArn?: string;
}

function visibility(metric: string): Wafv2WebAclRuleVisibilityConfig {
  return { cloudwatchMetricsEnabled: true, metricName: metric, sampledRequestsEnabled: true };
}

function managed(name: string, priority: number, overrides: ReadonlyArray<string> = []): Wafv2WebAclRule {
  return {
    name,
    priority,
    overrideAction: { none: {} },
    statement: {
      managed_rule_group_statement: {
        vendor_name: 'AWS',
        name,
        rule_action_override: overrides.map((rule) => ({ name: rule, action_to_use: { count: {} } })),
      },
    },
    visibilityConfig: visibility(name),
  };
}

/**
 * A regional WAFv2 web ACL for the gateway's load balancer: Amazon IP reputation list, the common rule
 * set, known bad inputs (Log4j and friends, cdk-nag/checkov CKV2_AWS_76), and a per-IP rate limit.
 *
 * Long prompts: the common rule set's `SizeRestrictions_BODY` blocks bodies over 8 KB and
 * `NoUserAgent_HEADER` blocks SDK clients without a User-Agent; both are set to count, as the AWS
 * multi-provider GenAI gateway guidance does. WAF on an ALB inspects only the first 8 KB of a body, so
 * the real body-size limit is LiteLLM's `max_request_size_mb`, not WAF.
 */
export class GatewayWebAcl extends Construct {
  public readonly webAcl: Wafv2WebAcl;
  public readonly arn: string;

  constructor(scope: Construct, id: string, props: GatewayWebAclProps) {
    super(scope, id);
    const name = makeName(NameTarget.WAF, ...props.nameParts);
    this.webAcl = new Wafv2WebAcl(this, 'Resource', {
      name,
      description: `LiteLLM gateway ${props.nameParts.join('-')}`,
      scope: 'REGIONAL',
      defaultAction: { allow: {} },
      visibilityConfig: visibility(name.replace(/-/g, '_')),
      rule: [
        managed('AWSManagedRulesAmazonIpReputationList', 10),
        managed('AWSManagedRulesCommonRuleSet', 20, ['NoUserAgent_HEADER', 'SizeRestrictions_BODY']),
        managed('AWSManagedRulesKnownBadInputsRuleSet', 30),
        {
          name: 'RateLimitPerClientIp',
          priority: 40,
          action: { block: {} },
          statement: {
            rate_based_statement: {
              limit: props.rateLimitPerFiveMinutes,
              aggregate_key_type: 'IP',
              evaluation_window_sec: 300,
            },
          },
          visibilityConfig: visibility('RateLimitPerClientIp'),
        },
      ],
    });
    this.arn = this.webAcl.arn;

    if (props.logDestinationArn !== undefined) {
      new Wafv2WebAclLoggingConfiguration(this, 'Logging', {
        resourceArn: this.webAcl.arn,
        logDestinationConfigs: [props.logDestinationArn],
        // Bearer tokens are LiteLLM virtual keys: never write them to logs.
        redactedFields: [{ singleHeader: { name: 'authorization' } }, { singleHeader: { name: 'x-api-key' } }],
      });
    }
  }
}
