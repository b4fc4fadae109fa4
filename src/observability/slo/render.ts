import { Document } from 'yaml';
import { isAlertingRule, type PrometheusRule, type RuleGroup } from './types';

function sorted(record: Readonly<Record<string, string>> | undefined): Record<string, string> | undefined {
  if (record === undefined || Object.keys(record).length === 0) return undefined;
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** A rule with Prometheus' conventional key order and sorted labels/annotations; no undefined members. */
function ruleObject(rule: PrometheusRule): Record<string, unknown> {
  const out: Record<string, unknown> = isAlertingRule(rule) ? { alert: rule.alert, expr: rule.expr } : { record: rule.record, expr: rule.expr };
  if (isAlertingRule(rule) && rule.for !== undefined) out.for = rule.for;
  const labels = sorted(rule.labels);
  if (labels) out.labels = labels;
  if (isAlertingRule(rule)) {
    const annotations = sorted(rule.annotations);
    if (annotations) out.annotations = annotations;
  }
  return out;
}

/** The rule groups as a Prometheus rule file (`groups:`), YAML: same input, byte-identical output. */
export function renderRuleGroupsYaml(groups: ReadonlyArray<RuleGroup>): string {
  const names = new Set<string>();
  for (const g of groups) {
    if (names.has(g.name)) throw new Error(`duplicate rule group name ${g.name}: Prometheus rejects the file`);
    names.add(g.name);
  }
  const model = {
    groups: groups.map((g) => ({
      name: g.name,
      ...(g.interval !== undefined ? { interval: g.interval } : {}),
      rules: g.rules.map(ruleObject),
    })),
  };
  return new Document(model).toString({ lineWidth: 0, indentSeq: true });
}
