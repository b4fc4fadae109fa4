import type { PolicyRule } from '../../rule';
import { findings, isSet, one } from '../helpers';

export const rule: PolicyRule = {
  id: 'LLM-ASYNC-1',
  level: 'warning',
  description: 'Asynchronous invocations have nowhere to go when they fail (no dead-letter queue or on-failure destination), so a failed scheduled run or Lambda event disappears silently.',
  fix: 'Lambda: `destination_config { on_failure { destination } }` on the event invoke config. EventBridge Scheduler: `target { dead_letter_config { arn }, retry_policy { ... } }`.',
  resourceTypes: ['aws_lambda_function_event_invoke_config', 'aws_scheduler_schedule'],
  anchors: { cdkNag: [], checkov: ['CKV_AWS_116'] },
  check(config, context) {
    if (context.subject.type === 'aws_scheduler_schedule') {
      const target = one(config.target) ?? {};
      return findings(isSet(one(target.dead_letter_config)?.arn) ? [] : ['DeadLetterQueue']);
    }
    const onFailure = one(one(config.destination_config)?.on_failure);
    return findings(isSet(onFailure?.destination) ? [] : ['OnFailureDestination']);
  },
};
