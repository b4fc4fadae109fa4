import * as fs from 'node:fs';
import * as path from 'node:path';
import { cases as compute } from './aws-compute.cases';
import { cases as data } from './aws-data.cases';
import { cases as networkIam } from './aws-network-iam.cases';
import { cases as coverage } from './coverage.cases';
import { cases as featureGovernance } from './feature-governance.cases';
import { cases as gcpK8s } from './gcp-kubernetes.cases';
import { cases as governance } from './governance.cases';
import { isCompliantCase, isNonCompliantCase, verdict, type RuleCase } from './harness';
import { LLM_GOVERNANCE_RULES, RULE_FILES, SECURITY_BASELINE_RULES } from '../../../src/policy/rules/registry';

const ALL_RULES = [...SECURITY_BASELINE_RULES, ...LLM_GOVERNANCE_RULES];
const TABLES: Record<string, RuleCase[]> = {
  'AWS network and IAM': networkIam,
  'AWS databases, caches, buckets, logs': data,
  'AWS secrets, keys, load balancers, containers': compute,
  'GCP and Kubernetes': gcpK8s,
  'LLM governance': governance,
  'LLM governance of features': featureGovernance,
  'Coverage of emitted types (Helm, Lambda, ECR, VPC, GKE, GCS, Kubernetes RBAC...)': coverage,
};
const ALL_CASES = Object.values(TABLES).flat();

for (const [area, table] of Object.entries(TABLES)) {
  describe(area, () => {
    test.each(table.map((c) => [c.rule.id, c.name, c] as const))('%s: %s', (_id, _name, c) => {
      // GIVEN a resolved configuration, WHEN the rule runs, THEN it reaches the expected verdict
      expect(verdict(c)).toEqual(c.expected);
    });
  });
}

describe('rule catalogue', () => {
  test('securityBaseline has at least 40 rules', () => {
    expect(SECURITY_BASELINE_RULES.length).toBeGreaterThanOrEqual(40);
  });

  test.each(ALL_RULES.map((r) => [r.id, r] as const))('%s has a compliant and a non-compliant case', (_id, rule) => {
    const mine = ALL_CASES.filter((c) => c.rule === rule);
    expect(mine.filter(isCompliantCase).length).toBeGreaterThan(0);
    expect(mine.filter(isNonCompliantCase).length).toBeGreaterThan(0);
  });

  test('rule ids are unique, well-formed and documented', () => {
    const ids = ALL_RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of ALL_RULES) {
      expect(r.id).toMatch(/^LLM-[A-Z0-9]+-\d+$/);
      expect(['error', 'warning']).toContain(r.level);
      expect(r.description.length).toBeGreaterThan(20);
      expect(r.fix.length).toBeGreaterThan(10);
      expect(r.resourceTypes.length).toBeGreaterThan(0);
    }
  });

  test('every rule file under src/policy/rules is registered, one rule per file', () => {
    const root = path.join(__dirname, '../../../src/policy/rules');
    const files = fs
      .readdirSync(root, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .flatMap((d) => fs.readdirSync(path.join(root, d.name)).map((f) => `${d.name}/${f}`))
      .filter((f) => fs.readFileSync(path.join(root, f), 'utf8').includes('export const rule: PolicyRule'));
    expect(files.sort()).toEqual(Object.values(RULE_FILES).sort());
    expect(Object.keys(RULE_FILES).sort()).toEqual(ALL_RULES.map((r) => r.id).sort());
  });

  test('LLM-IAM-2 is the permissions-boundary rule (the id the docs use)', () => {
    expect(ALL_RULES.find((r) => r.id === 'LLM-IAM-2')?.resourceTypes).toEqual(['aws_iam_role']);
  });
});
