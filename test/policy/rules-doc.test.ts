import * as fs from 'node:fs';
import * as path from 'node:path';
import { RULES_DOC_END, RULES_DOC_START, renderRulesMarkdown } from '../../src/policy/docs';
import { LLM_GOVERNANCE_RULES, SECURITY_BASELINE_RULES } from '../../src/policy/rules/registry';

const REGENERATE = 'Regenerate it: npx projen docs:policy';

function section(file: string): string | undefined {
  if (!fs.existsSync(file)) return undefined;
  const text = fs.readFileSync(file, 'utf8');
  const start = text.indexOf(RULES_DOC_START);
  const end = text.indexOf(RULES_DOC_END);
  if (start < 0 || end < 0) return undefined;
  return `${text.slice(start, end + RULES_DOC_END.length)}\n`;
}

describe('rules documentation', () => {
  test('the README rules section is generated from the rule files and up to date', () => {
    const current = section(path.join(__dirname, '../../README.md'));
    if (current !== `${renderRulesMarkdown().trimEnd()}\n`) {
      throw new Error(`The README policy rules section is missing or out of date with src/policy/rules. ${REGENERATE}`);
    }
  });

  test('every rule appears once with its level, fix and cross-references', () => {
    const md = renderRulesMarkdown();
    for (const rule of [...SECURITY_BASELINE_RULES, ...LLM_GOVERNANCE_RULES]) {
      const rows = md.split('\n').filter((l) => l.startsWith(`| [${rule.id}](`));
      expect(rows).toHaveLength(1);
      expect(rows[0]).toContain(`| ${rule.level} |`);
      for (const id of [...rule.anchors.cdkNag, ...rule.anchors.checkov]) expect(rows[0]).toContain(`\`${id}\``);
    }
    expect(md).toContain(`\`PolicyPack.securityBaseline()\` — ${SECURITY_BASELINE_RULES.length} rules`);
  });
});
