import { ProblemCollector, type ValidationProblem } from '../core/errors';
import { isUnresolved } from '../core/tokens';

/**
 * A cloud budget on the team's own cloud spend: AWS Budgets filtered on the `team` cost-allocation tag, or a
 * GCP billing budget filtered on the `team` label. It watches what the team's tagged resources cost; the
 * team's LLM spend is limited by LiteLLM (`monthlyBudgetUsd`).
 */
export interface TeamCloudBudget {
  /** Monthly limit of the team's tagged cloud spend, in USD. */
  readonly monthlyLimitUsd: number;
  /** Percentages of actual spend that notify. @default [80, 100] */
  readonly actualThresholdPercents?: ReadonlyArray<number>;
  /** Percentages of forecast spend that notify. @default [100] */
  readonly forecastThresholdPercents?: ReadonlyArray<number>;
  /** E-mail addresses to notify (AWS: up to 10 per notification). @default [] */
  readonly emails?: ReadonlyArray<string>;
  /** AWS: SNS topics to notify (their policy must let `budgets.amazonaws.com` publish). @default [] */
  readonly snsTopicArns?: ReadonlyArray<string>;
  /** GCP: the billing account the budget belongs to (`012345-6789AB-CDEF01`). Required on GCP. @default - none */
  readonly billingAccount?: string;
  /** GCP: Cloud Monitoring notification channels (`projects/<p>/notificationChannels/<id>`). @default [] */
  readonly monitoringNotificationChannels?: ReadonlyArray<string>;
  /**
   * The cost-allocation tag (AWS) or label (GCP) key that carries the team name; activate it in the billing
   * console. @default 'team' (the key `OwnershipTagging` writes)
   */
  readonly tagKey?: string;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const SNS_ARN = /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[\w-]{1,256}$/;
const BILLING_ACCOUNT = /^[0-9A-F]{6}-[0-9A-F]{6}-[0-9A-F]{6}$/;
const CHANNEL = /^projects\/[a-z0-9-]+\/notificationChannels\/\d+$/;
const TAG_KEY = /^[A-Za-z0-9_.:/=+@-]{1,128}$/;

/** Resolved budget settings. */
export interface ResolvedCloudBudget {
  readonly monthlyLimitUsd: number;
  readonly actualThresholdPercents: ReadonlyArray<number>;
  readonly forecastThresholdPercents: ReadonlyArray<number>;
  readonly emails: ReadonlyArray<string>;
  readonly snsTopicArns: ReadonlyArray<string>;
  readonly billingAccount?: string;
  readonly monitoringNotificationChannels: ReadonlyArray<string>;
  readonly tagKey: string;
}

/** Defaults resolved once. */
export function resolveCloudBudget(b: TeamCloudBudget): ResolvedCloudBudget {
  return {
    monthlyLimitUsd: b.monthlyLimitUsd,
    actualThresholdPercents: [...new Set(b.actualThresholdPercents ?? [80, 100])].sort((x, y) => x - y),
    forecastThresholdPercents: [...new Set(b.forecastThresholdPercents ?? [100])].sort((x, y) => x - y),
    emails: [...new Set(b.emails ?? [])].sort(),
    snsTopicArns: [...new Set(b.snsTopicArns ?? [])],
    billingAccount: b.billingAccount,
    monitoringNotificationChannels: [...(b.monitoringNotificationChannels ?? [])],
    tagKey: b.tagKey ?? 'team',
  };
}

/** Problems with a budget for a cloud (`aws` or `gcp`), paths under `path`. */
export function cloudBudgetProblems(b: unknown, path: string, cloud: 'aws' | 'gcp' | 'none'): ValidationProblem[] {
  const p = new ProblemCollector();
  if (b === null || typeof b !== 'object' || Array.isArray(b)) {
    p.add(path, b, 'is not a budget', 'pass { monthlyLimitUsd, emails?, snsTopicArns?, ... }');
    return [...p.problems];
  }
  const o = b as Record<string, unknown>;
  const at = (prop: string) => `${path}.${prop}`;
  const known = ['monthlyLimitUsd', 'actualThresholdPercents', 'forecastThresholdPercents', 'emails', 'snsTopicArns', 'billingAccount', 'monitoringNotificationChannels', 'tagKey'];
  for (const k of Object.keys(o)) if (!known.includes(k)) p.add(at(k), k, 'is not a cloud budget option', `use one of ${known.join(', ')}`);
  const limit = o.monthlyLimitUsd;
  if (typeof limit !== 'number' || !Number.isFinite(limit) || limit <= 0) p.add(at('monthlyLimitUsd'), limit, 'must be a positive number of USD', 'pass e.g. 500');
  else if (limit > 1e9) p.add(at('monthlyLimitUsd'), limit, 'is implausibly large', 'pass the team\'s monthly cloud budget in USD');
  const percents = (prop: string) => {
    const v = o[prop];
    if (v === undefined) return;
    if (!Array.isArray(v) || v.length === 0) {
      p.add(at(prop), v, 'must be a non-empty list of percentages', 'pass e.g. [80, 100]');
      return;
    }
    v.forEach((n, i) => {
      if (typeof n !== 'number' || !Number.isFinite(n) || n <= 0 || n > 1000) p.add(at(`${prop}[${i}]`), n, 'is not a percentage from 1 to 1000', 'pass e.g. 80');
    });
  };
  percents('actualThresholdPercents');
  percents('forecastThresholdPercents');
  const strings = (prop: string, re: RegExp, message: string, fix: string): string[] => {
    const v = o[prop];
    if (v === undefined) return [];
    if (!Array.isArray(v)) {
      p.add(at(prop), v, 'is not a list', 'pass an array');
      return [];
    }
    v.forEach((s, i) => {
      if (typeof s !== 'string' || (!isUnresolved(s) && !re.test(s))) p.add(at(`${prop}[${i}]`), s, message, fix);
    });
    return v as string[];
  };
  const emails = strings('emails', EMAIL, 'is not an e-mail address', 'pass e.g. hiring-leads@example.com');
  if (emails.length > 10) p.add(at('emails'), emails.length, 'lists more than 10 addresses (the AWS Budgets limit per notification)', 'notify a distribution list or an SNS topic');
  const topics = strings('snsTopicArns', SNS_ARN, 'is not an SNS topic ARN', 'pass arn:aws:sns:<region>:<account>:<topic>');
  const channels = strings('monitoringNotificationChannels', CHANNEL, 'is not a notification channel', 'pass projects/<project>/notificationChannels/<id>');
  if (o.tagKey !== undefined && (typeof o.tagKey !== 'string' || !TAG_KEY.test(o.tagKey))) p.add(at('tagKey'), o.tagKey, 'is not a tag key', "pass e.g. 'team'");
  if (cloud === 'aws') {
    if (o.billingAccount !== undefined) p.add(at('billingAccount'), o.billingAccount, 'applies to GCP only', 'remove it (AWS Budgets belong to the account)');
    if (channels.length > 0) p.add(at('monitoringNotificationChannels'), channels, 'applies to GCP only', 'use emails or snsTopicArns');
    if (emails.length === 0 && topics.length === 0) p.add(at('emails'), undefined, 'and snsTopicArns are both empty: nobody would be notified', 'pass at least one e-mail address or SNS topic');
  } else if (cloud === 'gcp') {
    if (typeof o.billingAccount !== 'string' || (!isUnresolved(o.billingAccount) && !BILLING_ACCOUNT.test(o.billingAccount))) {
      p.add(at('billingAccount'), o.billingAccount, 'is required on GCP and must be a billing account id', 'pass e.g. 012345-6789AB-CDEF01');
    }
    if (topics.length > 0) p.add(at('snsTopicArns'), topics, 'applies to AWS only', 'use monitoringNotificationChannels');
    if (emails.length > 0) p.add(at('emails'), emails, 'cannot be notified directly by GCP billing budgets', 'create e-mail notification channels and pass them in monitoringNotificationChannels');
    if (channels.length === 0) p.add(at('monitoringNotificationChannels'), undefined, 'is empty: only billing admins would be notified', 'pass at least one notification channel');
  } else {
    p.add(path, '<budget>', 'is not supported on this gateway runtime (no AWS or GCP billing to attach it to)', 'remove cloudBudget, or run the gateway on ECS Fargate or Cloud Run');
  }
  return [...p.problems];
}
