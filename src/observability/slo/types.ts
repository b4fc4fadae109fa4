/** Prometheus rule-file model (the `groups:` document promtool and Amazon Managed Prometheus read). */

/** A recording rule: `record` is the new series name. */
export interface RecordingRule {
  readonly record: string;
  readonly expr: string;
  readonly labels?: Readonly<Record<string, string>>;
}

/** An alerting rule. */
export interface AlertingRule {
  readonly alert: string;
  readonly expr: string;
  /** Prometheus duration; omitted means the alert fires at the first evaluation that matches. */
  readonly for?: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
}

export type PrometheusRule = RecordingRule | AlertingRule;

/** One rule group. Rules in a group run in order, so later rules may use earlier recordings. */
export interface RuleGroup {
  readonly name: string;
  /** Evaluation interval; omitted means the server's global interval. */
  readonly interval?: string;
  readonly rules: ReadonlyArray<PrometheusRule>;
}

export function isAlertingRule(rule: PrometheusRule): rule is AlertingRule {
  return 'alert' in rule;
}

/** Service level objectives of a gateway, team or feature. */
export interface SloObjectives {
  /**
   * Share of requests that must not fail with a server-side error over 30 days, in (0, 1), e.g. 0.999.
   * Errors are 5xx, timeouts and vendor 429s; LiteLLM's own quota 429s and other 4xx are not errors.
   */
  readonly availability: number;
  /**
   * 95 % of successful requests must complete within this many milliseconds (end to end, as LiteLLM
   * measures `litellm_request_total_latency_metric`). Must be one of `LATENCY_THRESHOLDS_MS`.
   */
  readonly latencyP95Ms: number;
}

/** Alert severities: `page` wakes someone; `ticket` is handled in working hours. */
export type Severity = 'page' | 'ticket';
