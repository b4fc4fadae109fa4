import type { PolicyRule } from './rule';
import { LLM_GOVERNANCE_RULES, RULE_FILES, SECURITY_BASELINE_RULES } from './rules/registry';

/** Markers delimiting the generated rules section in a Markdown file. */
export const RULES_DOC_START = '<!-- policy-rules:start -->';
export const RULES_DOC_END = '<!-- policy-rules:end -->';

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const codeList = (items: ReadonlyArray<string>): string => (items.length === 0 ? '—' : items.map((i) => `\`${i}\``).join(', '));

function table(rules: ReadonlyArray<PolicyRule>, linkBase: string): string[] {
  const rows = [
    '| Rule | Level | What it catches | Fix | Applies to | cdk-nag | checkov |',
    '|---|---|---|---|---|---|---|',
  ];
  for (const r of rules) {
    const file = RULE_FILES[r.id];
    const id = file ? `[${r.id}](${linkBase}src/policy/rules/${file})` : r.id;
    rows.push(`| ${id} | ${r.level} | ${cell(r.description)} | ${cell(r.fix)} | ${codeList(r.resourceTypes)} | ${codeList(r.anchors.cdkNag)} | ${codeList(r.anchors.checkov)} |`);
  }
  return rows;
}

/** Options of `renderRulesMarkdown`. */
export interface RulesMarkdownOptions {
  /**
   * Prefix of links to rule files, relative to the Markdown file (`../` for `docs/policy-rules.md`).
   * @default '' (a file at the repository root, e.g. README.md)
   */
  readonly linkBase?: string;
}

/**
 * The rules section for the README, generated from the rule files (between `RULES_DOC_START` and
 * `RULES_DOC_END`). Regenerate the README section with `npx projen docs:policy`.
 */
export function renderRulesMarkdown(options: RulesMarkdownOptions = {}): string {
  const linkBase = options.linkBase ?? '';
  const errors = (rules: ReadonlyArray<PolicyRule>): number => rules.filter((r) => r.level === 'error').length;
  return [
    RULES_DOC_START,
    '<!-- Generated from src/policy/rules/**; do not edit. Regenerate: npx projen docs:policy -->',
    '',
    `### \`PolicyPack.securityBaseline()\` — ${SECURITY_BASELINE_RULES.length} rules (${errors(SECURITY_BASELINE_RULES)} error, ${SECURITY_BASELINE_RULES.length - errors(SECURITY_BASELINE_RULES)} warning)`,
    '',
    ...table(SECURITY_BASELINE_RULES, linkBase),
    '',
    `### \`PolicyPack.llmGovernance()\` — ${LLM_GOVERNANCE_RULES.length} rules (${errors(LLM_GOVERNANCE_RULES)} error, ${LLM_GOVERNANCE_RULES.length - errors(LLM_GOVERNANCE_RULES)} warning)`,
    '',
    ...table(LLM_GOVERNANCE_RULES, linkBase),
    '',
    'Error-level findings fail `cdktf synth`; warnings are reported. Suppress with `PolicyBundle.suppress(construct, ruleId, reason, { appliesTo })`;',
    'suppressed findings stay in the reports (`policy-report.json`, `policy-report.sarif` beside each `cdk.tf.json`).',
    RULES_DOC_END,
    '',
  ].join('\n');
}
