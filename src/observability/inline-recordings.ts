import { isAlertingRule, type AlertingRule, type RuleGroup } from './slo/types';

/**
 * The alerting rules of `groups` with every recorded series they read replaced by the recording's own
 * expression, so an evaluator without recording rules (Cloud Monitoring alert policies with PromQL
 * conditions) computes the same thing. Pure.
 *
 * A reference is `record` optionally followed by a `{...}` selector. It is replaced by `(expr)`: the
 * recordings are built to select the same scope their readers filter on (each recording's expression
 * carries the scope's matchers), so the filter is implied. Recordings may read earlier recordings; they
 * are expanded in order. A reference with a range (`record[5m]`) cannot be inlined and is reported.
 */
export interface InlinedAlerts {
  /** Every alerting rule, with its group name and recordings expanded. */
  readonly alerts: ReadonlyArray<{ readonly group: string; readonly rule: AlertingRule }>;
  /** References that could not be inlined. */
  readonly problems: ReadonlyArray<string>;
}

export function inlineRecordings(groups: ReadonlyArray<RuleGroup>): InlinedAlerts {
  const recorded = new Map<string, string>();
  const problems: string[] = [];
  const alerts: Array<{ group: string; rule: AlertingRule }> = [];
  const expand = (expr: string, where: string): string => {
    let out = expr;
    // Longest names first, so `a:b:rate1h` is not matched inside `a:b:rate1h_x` (names are whole words below).
    for (const name of [...recorded.keys()].sort((a, b) => b.length - a.length)) {
      const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      const ref = new RegExp(`(?<![A-Za-z0-9_:])${escaped}(?![A-Za-z0-9_:])(\\{[^}]*\\})?(\\s*\\[)?`, 'g');
      out = out.replace(ref, (match: string, _selector: string | undefined, range: string | undefined) => {
        if (range) {
          problems.push(`${where}: ${name} is read with a range selector and cannot be inlined`);
          return match;
        }
        return `(${recorded.get(name)})`;
      });
    }
    return out;
  };
  for (const group of groups) {
    for (const rule of group.rules) {
      if (isAlertingRule(rule)) {
        alerts.push({ group: group.name, rule: { ...rule, expr: expand(rule.expr, `${group.name}/${rule.alert}`) } });
      } else {
        recorded.set(rule.record, expand(rule.expr, `${group.name}/${rule.record}`));
      }
    }
  }
  return { alerts, problems };
}
