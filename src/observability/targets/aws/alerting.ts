import { Construct } from 'constructs';
import { stringify } from 'yaml';
import { awsObservabilityResources } from './audit';
import { AwsEnvironment } from '../../../aws';
import { makeName, NameTarget, ProblemCollector, SecretStore } from '../../../core';
import type { AlertChannel } from '../../alert-channel';
import { renderers } from '../../renderers';

export interface AwsAlertingProps {
  readonly baseName: string;
  readonly kmsKeyArn: string;
  readonly workspaceId: string;
  readonly workspaceArn: string;
  readonly page: ReadonlyArray<AlertChannel>;
  readonly ticket: ReadonlyArray<AlertChannel>;
}

/** PagerDuty's Events API endpoint for the CloudWatch/SNS integration (PagerDuty "Amazon CloudWatch Integration Guide"). */
export function pagerDutySnsEndpoint(integrationKey: string): string {
  return `https://events.pagerduty.com/integration/${integrationKey}/enqueue`;
}

/**
 * Where the workspace's alert manager sends alerts: one KMS-encrypted SNS topic per severity, which only
 * this workspace may publish to (`aws:SourceAccount` and `aws:SourceArn`), with the channels subscribed;
 * `AlertChannel.snsTopic` topics receive the alerts directly.
 */
export class AwsAlerting extends Construct {
  public readonly pageTopicArn: string;
  public readonly ticketTopicArn: string;

  constructor(scope: Construct, id: string, props: AwsAlertingProps) {
    super(scope, id);
    const r = awsObservabilityResources();
    const env = AwsEnvironment.of(this);
    const problems = new ProblemCollector();
    const topics: Record<'page' | 'ticket', string[]> = { page: [], ticket: [] };

    for (const severity of ['page', 'ticket'] as const) {
      const Severity = severity === 'page' ? 'Page' : 'Ticket';
      const topic = new r.SnsTopic(this, `${Severity}Topic`, {
        name: makeName(NameTarget.ECS, props.baseName, 'llm-alerts', severity),
        displayName: `LLM platform ${severity} alerts`,
        kmsMasterKeyId: props.kmsKeyArn,
      });
      topics[severity].push(topic.arn);
      new r.SnsTopicPolicy(this, `${Severity}TopicPolicy`, {
        arn: topic.arn,
        policy: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Sid: 'PrometheusAlertManagerPublishes',
              Effect: 'Allow',
              Principal: { Service: 'aps.amazonaws.com' },
              Action: ['sns:Publish', 'sns:GetTopicAttributes'],
              Resource: topic.arn,
              // Confused-deputy protection: only this account's workspace.
              Condition: { StringEquals: { 'aws:SourceAccount': env.account }, ArnEquals: { 'aws:SourceArn': props.workspaceArn } },
            },
            {
              Sid: 'DenyInsecureTransport',
              Effect: 'Deny',
              Principal: '*',
              Action: 'sns:Publish',
              Resource: topic.arn,
              Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            },
          ],
        }),
      });
      const channels = severity === 'page' ? props.page : props.ticket;
      channels.forEach((channel, i) => {
        const spec = channel._spec;
        const sid = `${Severity}Channel${i}`;
        if (spec.kind === 'sns-topic') {
          topics[severity].push(spec.topicArn);
        } else if (spec.kind === 'email') {
          new r.SnsTopicSubscription(this, sid, { topicArn: topic.arn, protocol: 'email', endpoint: spec.address });
        } else if (spec.integrationKey.store !== SecretStore.AWS_SECRETS_MANAGER) {
          problems.add(`alerting.${severity}[${i}]`, String(spec.integrationKey), 'is not a Secrets Manager secret', 'pass SecretRef.awsSecretsManager(arn) holding the PagerDuty integration key');
        } else {
          // The key is read at plan time and becomes the subscription endpoint, so it is in state (see AlertChannel.pagerDuty).
          const key = new r.DataAwsSecretsmanagerSecretVersion(this, `${sid}Key`, { secretId: spec.integrationKey.awsSecretArn });
          new r.SnsTopicSubscription(this, sid, {
            topicArn: topic.arn,
            protocol: 'https',
            endpoint: pagerDutySnsEndpoint(key.secretString),
            endpointAutoConfirms: true,
          });
        }
      });
    }
    problems.throwIfAny(this);
    this.pageTopicArn = topics.page[0];
    this.ticketTopicArn = topics.ticket[0];

    const alertmanager = renderers().renderAlertmanagerConfig({
      page: { name: 'page', sns: topics.page.map((topicArn) => ({ topicArn, region: env.region })) },
      ticket: { name: 'ticket', sns: topics.ticket.map((topicArn) => ({ topicArn, region: env.region })) },
    });
    new r.PrometheusAlertManagerDefinition(this, 'AlertManager', {
      workspaceId: props.workspaceId,
      // AMP wraps the Alertmanager configuration in an `alertmanager_config` document (AMP user guide,
      // "Creating an alert manager configuration").
      definition: stringify({ alertmanager_config: alertmanager }, { lineWidth: 0 }),
    });
  }
}
