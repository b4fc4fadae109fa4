import * as fs from 'node:fs';
import * as path from 'node:path';
import { RULES_DOC_END, RULES_DOC_START, renderRulesMarkdown } from '../../src/policy/docs';
import { LLM_GOVERNANCE_RULES, SECURITY_BASELINE_RULES } from '../../src/policy/rules/registry';

const REGENERATE = 'Regenerate it: npx ts-node --swc src/policy/docs-cli.ts';

function section(file: string): string | undefined {
  if (!fs.existsSync(file)) return undefined;
  const text = fs.readFileSync(file, 'utf8');
  const start = text.indexOf(RULES_DOC_START);
  const end = text.indexOf(RULES_DOC_END);
  if (start < 0 || end < 0) return undefined;
  return `${text.slice(start, end + RULES_DOC_END.length)}\n`;
}

describe('rules documentation', () => {
  test('docs/policy-rules.md is generated from the rule files and up to date', () => {
    const file = path.join(__dirname, '../../docs/policy-rules.md');
    const current = section(file);
    if (current !== renderRulesMarkdown({ linkBase: '../' })) {
      throw new Error(`docs/policy-rules.md is missing or out of date with src/policy/rules. ${REGENERATE}`);
    }
  });

  test('the README rules section, when present, is up to date too', () => {
    const current = section(path.join(__dirname, '../../README.md'));
    if (current === undefined) return; // the coordinator adds the section; until then docs/policy-rules.md is the source
    expect(current).toBe(renderRulesMarkdown());
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
