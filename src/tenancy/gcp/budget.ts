import { BillingBudget } from '@cdktf/provider-google/lib/billing-budget';
import type { Construct } from 'constructs';
import type { ResolvedCloudBudget } from '../cloud-budget';

/**
 * A GCP billing budget on one team's labelled spend: monthly, filtered on the `team` label, with actual and
 * forecast threshold rules sent to Cloud Monitoring notification channels.
 */
export function gcpTeamBudget(scope: Construct, id: string, b: ResolvedCloudBudget, names: { gatewayName: string; team: string }): void {
  new BillingBudget(scope, id, {
    billingAccount: b.billingAccount!,
    displayName: `llm team ${names.team} (${names.gatewayName})`.slice(0, 60),
    amount: { specifiedAmount: { currencyCode: 'USD', units: String(Math.round(b.monthlyLimitUsd)) } },
    budgetFilter: { labels: { [b.tagKey]: names.team }, calendarPeriod: 'MONTH' },
    thresholdRules: [
      ...b.actualThresholdPercents.map((t) => ({ thresholdPercent: t / 100, spendBasis: 'CURRENT_SPEND' })),
      ...b.forecastThresholdPercents.map((t) => ({ thresholdPercent: t / 100, spendBasis: 'FORECASTED_SPEND' })),
    ],
    allUpdatesRule: { monitoringNotificationChannels: [...b.monitoringNotificationChannels], disableDefaultIamRecipients: false },
  });
}
