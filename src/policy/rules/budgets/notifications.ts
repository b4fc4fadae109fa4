import type { PolicyRule } from '../../rule';
import { compliantIf, isSet, many, one } from '../helpers';

export const rule: PolicyRule = {
  id: 'LLM-BUDGET-1',
  level: 'warning',
  description: 'A cloud budget notifies nobody, so overspending is noticed on the invoice.',
  fix: 'AWS: add a `notification` with `subscriber_email_addresses` or `subscriber_sns_topic_arns`. GCP: add `threshold_rules` and `all_updates_rule { monitoring_notification_channels | pubsub_topic }`.',
  resourceTypes: ['aws_budgets_budget', 'google_billing_budget'],
  anchors: { cdkNag: [], checkov: [] },
  check(config, context) {
    if (context.subject.type === 'aws_budgets_budget') {
      const notifies = (n: any): boolean => many(n?.subscriber_email_addresses).length > 0 || many(n?.subscriber_sns_topic_arns).length > 0;
      return compliantIf(many(config.notification).some(notifies));
    }
    const updates = one(config.all_updates_rule) ?? {};
    // Billing account admins are notified unless default recipients are turned off.
    const notifies = many(updates.monitoring_notification_channels).length > 0
      || isSet(updates.pubsub_topic)
      || updates.disable_default_iam_recipients !== true;
    return compliantIf(many(config.threshold_rules).length > 0 && notifies);
  },
};
