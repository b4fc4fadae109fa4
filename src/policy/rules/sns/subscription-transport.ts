import { Compliance, type PolicyRule } from '../../rule';
import { findings } from '../helpers';

export const rule: PolicyRule = {
  id: 'LLM-SNS-3',
  level: 'error',
  description: 'SNS subscription delivers alerts over plain HTTP.',
  fix: 'Use an `https` endpoint (or SQS, Lambda, e-mail).',
  resourceTypes: ['aws_sns_topic_subscription'],
  anchors: { cdkNag: [], checkov: [] },
  check(config) {
    if (config.protocol !== 'http' && !(typeof config.endpoint === 'string' && /^http:\/\//i.test(config.endpoint))) {
      return config.protocol ? findings([]) : Compliance.NOT_APPLICABLE;
    }
    return findings(['Protocol::http']);
  },
};
