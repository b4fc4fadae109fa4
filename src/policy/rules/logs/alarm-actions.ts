import type { PolicyRule } from '../../rule';
import { compliantIf, isFalse, many } from '../helpers';

export const rule: PolicyRule = {
  id: 'LLM-LOG-3',
  level: 'warning',
  description: 'CloudWatch alarm notifies nobody and triggers nothing (no alarm actions), or its actions are disabled.',
  fix: 'Set `alarm_actions` (an SNS topic of the on-call channel) and keep `actions_enabled = true`; an alarm used only as a stop condition (FIS) may say so by acting on `ok_actions`/`insufficient_data_actions` too.',
  resourceTypes: ['aws_cloudwatch_metric_alarm', 'aws_cloudwatch_composite_alarm'],
  anchors: { cdkNag: ['NIST.800.53.R5-CloudWatchAlarmAction'], checkov: ['CKV_AWS_319'] },
  check(config, context) {
    // An alarm that stops a fault-injection experiment acts through that experiment.
    const stopsExperiment = context.referencing(context.subject.address, 'aws_fis_experiment_template').length > 0;
    const actions = [...many(config.alarm_actions), ...many(config.ok_actions), ...many(config.insufficient_data_actions)];
    return compliantIf(!isFalse(config.actions_enabled) && (actions.length > 0 || stopsExperiment));
  },
};
