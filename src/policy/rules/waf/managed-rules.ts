import type { PolicyRule } from '../../rule';
import { findings, many, one } from '../helpers';

// AWS managed rule groups every internet- or VPC-facing API should run (CKV_AWS_192: Log4j via KnownBadInputs).
const REQUIRED = ['AWSManagedRulesCommonRuleSet', 'AWSManagedRulesKnownBadInputsRuleSet'];

export const rule: PolicyRule = {
  id: 'LLM-WAF-1',
  level: 'error',
  description: 'WAF web ACL lacks the AWS managed common and known-bad-inputs rule groups (including the Log4j rule), or has no rate limit.',
  fix: 'Add `AWSManagedRulesCommonRuleSet`, `AWSManagedRulesKnownBadInputsRuleSet` and a `rate_based_statement` rule.',
  resourceTypes: ['aws_wafv2_web_acl'],
  anchors: { cdkNag: [], checkov: ['CKV_AWS_192'] },
  check(config) {
    const statements = many(config.rule).map((r: any) => one(r?.statement) ?? {});
    const managed = statements.map((s: any) => one(s.managed_rule_group_statement)?.name).filter((n: unknown) => typeof n === 'string');
    const ids = REQUIRED.filter((n) => !managed.includes(n)).map((n) => `ManagedRuleGroup::${n}`);
    if (!statements.some((s: any) => one(s.rate_based_statement))) ids.push('RateLimit');
    return findings(ids);
  },
};
