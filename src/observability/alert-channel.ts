import { SecretRef, isUnresolved, renderReceived, type ValidationProblem } from '../core';

/** Which alerts a channel receives. */
export enum AlertSeverity {
  /** Wakes someone: fast budget burn, provider outage. */
  PAGE = 'page',
  /** Handled in working hours: slow burn, fallback spikes, spend projections. */
  TICKET = 'ticket',
}

/** @internal What a channel is, for the targets that render it. */
export type AlertChannelSpec =
  | { readonly kind: 'email'; readonly address: string }
  | { readonly kind: 'sns-topic'; readonly topicArn: string }
  | { readonly kind: 'pagerduty'; readonly integrationKey: SecretRef };

/**
 * Where alerts go. AWS: every channel is reached through the SNS topic Amazon Managed Prometheus' alert
 * manager publishes to (an e-mail or HTTPS subscription), or is your own topic. GCP: a Cloud Monitoring
 * notification channel. Kubernetes: alerts carry `severity` and the cluster's Alertmanager routes them
 * (channels are not rendered there).
 *
 * ```ts
 * alerting: { page: [AlertChannel.pagerDuty(SecretRef.awsSecretsManager(arn))], ticket: [AlertChannel.email('llm-platform@example.com')] }
 * ```
 */
export class AlertChannel {
  /** An e-mail address (AWS: SNS e-mail subscription, confirmed by the recipient; GCP: e-mail channel). */
  public static email(address: string): AlertChannel {
    return new AlertChannel({ kind: 'email', address });
  }

  /** Your own SNS topic (AWS only). Its policy must let `aps.amazonaws.com` publish. */
  public static snsTopic(topicArn: string): AlertChannel {
    return new AlertChannel({ kind: 'sns-topic', topicArn });
  }

  /**
   * A PagerDuty Events API v2 integration key, by reference. It is read at plan time and lands in Terraform
   * state (an SNS HTTPS subscription endpoint on AWS, a notification channel's `service_key` on GCP): both
   * providers store these values in state. Restrict state access accordingly.
   */
  public static pagerDuty(integrationKey: SecretRef): AlertChannel {
    return new AlertChannel({ kind: 'pagerduty', integrationKey });
  }

  /** @internal */
  public readonly _spec: AlertChannelSpec;

  private constructor(spec: AlertChannelSpec) {
    this._spec = spec;
  }

  /** @internal Problems with the channel's value (reported by the stack that uses it). */
  public _problems(path: string): ValidationProblem[] {
    const s = this._spec;
    const bad = (received: unknown, message: string, fix: string): ValidationProblem[] => [
      { path, received: renderReceived(received), message, fix },
    ];
    if (s.kind === 'email') {
      if (typeof s.address !== 'string' || (!isUnresolved(s.address) && !/^[^\s@"'<>]+@[^\s@"'<>]+\.[A-Za-z]{2,}$/.test(s.address))) {
        return bad(s.address, 'is not an e-mail address', 'pass an address such as llm-oncall@example.com');
      }
    } else if (s.kind === 'sns-topic') {
      if (typeof s.topicArn !== 'string' || (!isUnresolved(s.topicArn) && !/^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}$/.test(s.topicArn))) {
        return bad(s.topicArn, 'is not an SNS topic ARN', 'pass arn:aws:sns:<region>:<account>:<topic>');
      }
    } else if (!(s.integrationKey instanceof SecretRef)) {
      return bad(s.integrationKey, 'is not a SecretRef', 'pass SecretRef.awsSecretsManager(arn) or SecretRef.gcpSecretManager(id) holding the PagerDuty integration key');
    }
    return [];
  }

  public toString(): string {
    const s = this._spec;
    return s.kind === 'email' ? `AlertChannel.email(${s.address})` : s.kind === 'sns-topic' ? `AlertChannel.snsTopic(${s.topicArn})` : `AlertChannel.pagerDuty(${s.integrationKey})`;
  }
}

/** Where pages and tickets go. */
export interface ObservabilityAlerting {
  /** Channels for `severity="page"` alerts. @default [] (alerts are evaluated and visible, but nobody is paged) */
  readonly page?: ReadonlyArray<AlertChannel>;
  /** Channels for `severity="ticket"` alerts. @default - the `page` channels */
  readonly ticket?: ReadonlyArray<AlertChannel>;
}
