import { SLO_PERIOD_DAYS, promNumber } from './burn-rate';
import { LITELLM_METRICS } from './litellm-metrics';
import { scopedRate } from './recording-rules';
import { templateLiteral, type SloScope } from './scope';
import { ALERT_NAMES } from './slo-alerts';
import type { AlertingRule } from './types';

/** Seconds in the budget period (30 days, the period the budget is planned for). */
export const BUDGET_PERIOD_SECONDS = SLO_PERIOD_DAYS * 86400;

/**
 * The windows of the spend projection. The budget is treated like an error budget: spending faster than
 * budget ÷ 30 days is a burn rate above 1. The long window (a day) smooths office hours and batch jobs;
 * the short one (2 h) makes the alert stop soon after the spending does. Same logic as the ticket rows
 * of the SLO burn-rate table (Google SRE Workbook, "Alerting on SLOs").
 */
export const SPEND_WINDOWS = { long: '1d', short: '2h' } as const;

/**
 * Ticket when, at the spending rate of the last day (confirmed over the last two hours), the scope would
 * spend more than its monthly budget in 30 days — i.e. the budget runs out before the month does.
 * Value: the projected 30-day spend in USD.
 */
export function spendProjectionAlert(scope: SloScope, monthlyBudgetUsd: number, runbookUrl?: string): AlertingRule {
  const budget = promNumber(monthlyBudgetUsd);
  const projected = (w: string) => `${scopedRate(scope, LITELLM_METRICS.spend, w)} * ${BUDGET_PERIOD_SECONDS}`;
  const annotations: Record<string, string> = {
    summary: `Spend of ${scope.title} is on course to exhaust its monthly budget of ${budget} USD`,
    description:
      `At the spending rate of the last day, ${scope.title} would spend {{ $value | humanize }} USD in ${SLO_PERIOD_DAYS} days, ` +
      `over its budget of ${budget} USD: the budget runs out before the month ends. Check for a runaway loop or a model change, ` +
      'or raise the budget before LiteLLM starts rejecting requests.',
  };
  if (runbookUrl !== undefined) annotations.runbook_url = templateLiteral(runbookUrl);
  return {
    alert: ALERT_NAMES.spend,
    expr: `${projected(SPEND_WINDOWS.long)} > ${budget}\nand ${projected(SPEND_WINDOWS.short)} > ${budget}`,
    labels: { ...scope.alertLabels, severity: 'ticket', budget_usd: budget },
    annotations,
  };
}
