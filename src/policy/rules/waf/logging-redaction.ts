import type { PolicyRule } from '../../rule';
import { compliantIf, many, one } from '../helpers';

export const rule: PolicyRule = {
  id: 'LLM-WAF-2',
  level: 'error',
  description: 'WAF logs keep the `Authorization` header, so every gateway API key that passes the load balancer is written to the logs.',
  fix: 'Add `redacted_fields { single_header { name = "authorization" } }` to the logging configuration (and any other credential header, e.g. `x-api-key`).',
  resourceTypes: ['aws_wafv2_web_acl_logging_configuration'],
  anchors: { cdkNag: [], checkov: [] },
  check(config) {
    return compliantIf(many(config.redacted_fields).some((f: any) => String(one(f?.single_header)?.name ?? '').toLowerCase() === 'authorization'));
  },
};
