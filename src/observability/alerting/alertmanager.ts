import type { IConstruct } from 'constructs';
import { Document } from 'yaml';
import { z } from 'zod';
import { isUnresolved } from '../../core/tokens';
import { schemaFor, validateProps, withFix } from '../../core/validation';

/**
 * Alertmanager configuration for the platform's alerts (the `severity`, `gateway`, `scope`, `team`,
 * `feature` and `slo` labels of src/observability/slo). Pure: no cdktf.
 *
 * Written for the Amazon Managed Service for Prometheus alert manager, and valid for any Alertmanager:
 * - SNS is the only receiver AMP supports; `sigv4` must name a region; `api_url` and `http_config`
 *   are not allowed (AWS docs, "Configure alert manager to send messages to your Amazon SNS topic").
 * - `repeat_interval` above 5 days is treated as 5 days (AWS docs, "Create an alert manager
 *   configuration"). The subject must be ASCII and at most 100 characters, or SNS rewrites it (AWS docs,
 *   "Understanding Amazon SNS message validation rules").
 * AMP wants this YAML under `alertmanager_config:` of its definition; `renderAmpAlertManagerDefinition`
 * does that.
 */

/** One SNS topic a receiver publishes to. */
export interface SnsTarget {
  /** ARN of a standard (not FIFO) SNS topic; may be an unresolved token. */
  readonly topicArn: string;
  /** Region to sign the publish request for (the topic's region); may be an unresolved token. */
  readonly region: string;
}

/** A receiver: a name and the SNS topics it publishes to. */
export interface AlertReceiver {
  /** Receiver name, e.g. `page` or `ticket`. */
  readonly name: string;
  readonly sns: ReadonlyArray<SnsTarget>;
}

export interface AlertmanagerConfigInput {
  /** Where `severity="page"` alerts go (the on-call rotation). */
  readonly page: AlertReceiver;
  /** Where `severity="ticket"` alerts go (a queue handled in working hours), and anything unlabelled. */
  readonly ticket: AlertReceiver;
  /**
   * Labels alerts are grouped by into one notification.
   * @default ['alertname', 'gateway', 'scope', 'team', 'feature']
   */
  readonly groupBy?: ReadonlyArray<string>;
}

/** Notification timings. Pages repeat hourly while firing; tickets daily (well under AMP's 5-day cap). */
export const ROUTE_TIMINGS = {
  groupWait: '30s',
  groupInterval: '5m',
  pageRepeat: '1h',
  ticketRepeat: '24h',
} as const;

export const DEFAULT_GROUP_BY: ReadonlyArray<string> = ['alertname', 'gateway', 'scope', 'team', 'feature'];

/**
 * A page silences the ticket of the same SLO on the same scope: both come from one burn, and the page
 * already has someone's attention.
 */
export const INHIBIT_EQUAL_LABELS: ReadonlyArray<string> = ['gateway', 'scope', 'team', 'feature', 'slo'];

const SNS_TOPIC_ARN = /^arn:aws[a-z-]*:sns:([a-z0-9-]+):\d{12}:[A-Za-z0-9_-]{1,256}$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;
const RECEIVER_NAME = /^[A-Za-z0-9_-]{1,64}$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

const snsSchema = schemaFor<SnsTarget>()(z.strictObject({
  topicArn: z.string().refine((v) => isUnresolved(v) || SNS_TOPIC_ARN.test(v), {
    message: withFix('is not the ARN of a standard SNS topic', 'pass aws_sns_topic.arn (AMP cannot publish to FIFO topics)'),
  }),
  region: z.string().refine((v) => isUnresolved(v) || REGION.test(v), { message: withFix('is not an AWS region', 'pass the topic\'s region, e.g. us-east-1') }),
}).superRefine((t, ctx) => {
  const arnRegion = SNS_TOPIC_ARN.exec(t.topicArn)?.[1];
  if (arnRegion !== undefined && !isUnresolved(t.region) && arnRegion !== t.region) {
    ctx.addIssue({ code: 'custom', path: ['region'], input: t.region, message: withFix(`differs from the topic's region ${arnRegion}`, 'sign for the region the topic lives in') });
  }
}));

const receiverSchema = schemaFor<AlertReceiver>()(z.strictObject({
  name: z.string().regex(RECEIVER_NAME, withFix('is not a valid receiver name', 'use letters, digits, - and _')),
  sns: z.array(snsSchema).min(1, withFix('needs at least one SNS topic', 'pass the topic alerts of this severity go to')),
}));

const inputSchema = schemaFor<AlertmanagerConfigInput>()(z.strictObject({
  page: receiverSchema,
  ticket: receiverSchema,
  groupBy: z.array(z.string().regex(LABEL_NAME, withFix('is not a label name', 'use Prometheus label names such as gateway, team'))).min(1).optional(),
}).superRefine((p, ctx) => {
  if (p.page.name === p.ticket.name) {
    ctx.addIssue({ code: 'custom', path: ['ticket', 'name'], input: p.ticket.name, message: withFix('is the page receiver\'s name too', 'give the two receivers different names') });
  }
}));

/** ASCII-only, ≤ 100 characters for the longest label values the platform allows (34 + 32 + fixed text). */
const SUBJECT = '[{{ .Status | toUpper }}] {{ .CommonLabels.severity }}: {{ .CommonLabels.alertname }} on {{ .CommonLabels.gateway }}';

function receiver(r: AlertReceiver, severity: 'page' | 'ticket'): Record<string, unknown> {
  return {
    name: r.name,
    sns_configs: r.sns.map((t) => ({
      topic_arn: t.topicArn,
      sigv4: { region: t.region },
      subject: SUBJECT,
      attributes: { severity },
      send_resolved: true,
    })),
  };
}

function quotedMatcher(label: string, op: '=' | '=~', value: string): string {
  return `${label}${op}${JSON.stringify(value)}`;
}

/** Renders the Alertmanager configuration YAML: same input, byte-identical output. */
export function renderAlertmanagerConfig(input: AlertmanagerConfigInput, errorScope: IConstruct | string = 'renderAlertmanagerConfig'): string {
  const p = validateProps(errorScope, inputSchema, input);
  const config = {
    route: {
      receiver: p.ticket.name,
      group_by: [...(p.groupBy ?? DEFAULT_GROUP_BY)],
      group_wait: ROUTE_TIMINGS.groupWait,
      group_interval: ROUTE_TIMINGS.groupInterval,
      repeat_interval: ROUTE_TIMINGS.ticketRepeat,
      routes: [
        { receiver: p.page.name, matchers: [quotedMatcher('severity', '=', 'page')], repeat_interval: ROUTE_TIMINGS.pageRepeat },
        { receiver: p.ticket.name, matchers: [quotedMatcher('severity', '=', 'ticket')], repeat_interval: ROUTE_TIMINGS.ticketRepeat },
      ],
    },
    inhibit_rules: [{
      source_matchers: [quotedMatcher('severity', '=', 'page'), quotedMatcher('slo', '=~', '.+')],
      target_matchers: [quotedMatcher('severity', '=', 'ticket')],
      equal: [...INHIBIT_EQUAL_LABELS],
    }],
    receivers: [receiver(p.page, 'page'), receiver(p.ticket, 'ticket')],
  };
  return new Document(config).toString({ lineWidth: 0, indentSeq: true });
}

/** The AMP alert manager definition document (`aws_prometheus_alert_manager_definition.definition`). */
export function renderAmpAlertManagerDefinition(alertmanagerConfigYaml: string): string {
  return new Document({ alertmanager_config: alertmanagerConfigYaml }).toString({ lineWidth: 0, blockQuote: 'literal' });
}
