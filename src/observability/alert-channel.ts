import { SecretRef } from '../core';

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
