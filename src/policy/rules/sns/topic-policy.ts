import { cannotEvaluate, type PolicyRule } from '../../rule';
import { findings, policyStatements } from '../helpers';

export const rule: PolicyRule = {
  id: 'LLM-SNS-2',
  level: 'error',
  description: 'SNS topic policy lets any principal publish or subscribe without a condition.',
  fix: 'Name the publishing service principals with an `aws:SourceAccount`/`aws:SourceArn` condition, and the subscribing accounts.',
  resourceTypes: ['aws_sns_topic_policy'],
  anchors: { cdkNag: [], checkov: [] },
  check(config, context) {
    const statements = policyStatements(config.policy, context);
    if (!statements) return cannotEvaluate('policy is an expression only known at plan time');
    return findings(statements.filter((s) => s.effect === 'Allow' && !s.hasCondition && s.principals.some((p) => p === '*' || p === 'AWS:*')).map(() => 'Principal::*'));
  },
};
