import { Compliance, type PolicyRule } from '../../rule';
import { compliantIf, many, one } from '../helpers';

export const rule: PolicyRule = {
  id: 'LLM-ALB-1',
  level: 'error',
  description: 'Load balancer listener serves plain HTTP instead of redirecting to HTTPS.',
  fix: 'Serve traffic on an HTTPS listener; keep port 80 only with a `redirect` default action to `HTTPS` (status `HTTP_301`).',
  resourceTypes: ['aws_lb_listener', 'aws_alb_listener'],
  anchors: { cdkNag: ['NIST.800.53.R5-ALBHttpToHttpsRedirection'], checkov: ['CKV_AWS_2', 'CKV2_AWS_20'] },
  check(config) {
    const protocol = config.protocol ?? (Number(config.port) === 80 ? 'HTTP' : undefined);
    if (protocol !== 'HTTP') return Compliance.NOT_APPLICABLE;
    const actions = many(config.default_action);
    return compliantIf(actions.length > 0 && actions.every((a: any) => a.type === 'redirect' && one(a.redirect)?.protocol === 'HTTPS'));
  },
};
