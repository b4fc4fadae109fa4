import { Construct } from 'constructs';
import { tenancyAwsResources } from './lazy';
import { makeName, NameTarget } from '../../core/naming';
import type { ResolvedCloudBudget } from '../cloud-budget';

/**
 * An AWS Budgets cost budget on one team's tagged spend: monthly, filtered on the cost-allocation tag
 * (`user:<key>$<team>`, AWS Budgets API CostFilters `TagKeyValue`), with actual and forecast notifications.
 * The tag key must be activated as a cost-allocation tag in the billing console.
 */
export function awsTeamBudget(scope: Construct, id: string, b: ResolvedCloudBudget, names: { gatewayName: string; team: string }): void {
  const { BudgetsBudget } = tenancyAwsResources();
  const notify = {
    subscriberEmailAddresses: b.emails.length > 0 ? [...b.emails] : undefined,
    subscriberSnsTopicArns: b.snsTopicArns.length > 0 ? [...b.snsTopicArns] : undefined,
  };
  new BudgetsBudget(scope, id, {
    name: makeName(NameTarget.IAM_POLICY, 'llm-team', names.gatewayName, names.team),
    budgetType: 'COST',
    limitAmount: b.monthlyLimitUsd.toFixed(2),
    limitUnit: 'USD',
    timeUnit: 'MONTHLY',
    costFilter: [{ name: 'TagKeyValue', values: [`user:${b.tagKey}$${names.team}`] }],
    notification: [
      ...b.actualThresholdPercents.map((t) => ({ comparisonOperator: 'GREATER_THAN', notificationType: 'ACTUAL', threshold: t, thresholdType: 'PERCENTAGE', ...notify })),
      ...b.forecastThresholdPercents.map((t) => ({ comparisonOperator: 'GREATER_THAN', notificationType: 'FORECASTED', threshold: t, thresholdType: 'PERCENTAGE', ...notify })),
    ],
  });
}
