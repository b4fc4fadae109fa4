import type { PolicyRule } from './rule';
import { INERT_RESOURCE_TYPES } from './rules/inert-types';
import { LLM_GOVERNANCE_RULES, RULE_FILES, SECURITY_BASELINE_RULES } from './rules/registry';

/** Markers delimiting the generated coverage section in a Markdown file. */
export const COVERAGE_DOC_START = '<!-- policy-coverage:start -->';
export const COVERAGE_DOC_END = '<!-- policy-coverage:end -->';

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

/** How the emitted resource types are covered: rule ids per type, inert types, and uncovered ones. */
export interface PolicyCoverage {
  readonly covered: ReadonlyArray<{ readonly type: string; readonly rules: ReadonlyArray<string>; readonly emittedBy: ReadonlyArray<string> }>;
  readonly inert: ReadonlyArray<{ readonly type: string; readonly reason: string; readonly emittedBy: ReadonlyArray<string> }>;
  readonly uncovered: ReadonlyArray<{ readonly type: string; readonly emittedBy: ReadonlyArray<string> }>;
}

/** Coverage of `emitted` (resource type → files that emit it) by the built-in packs. Pure. */
export function policyCoverage(
  emitted: ReadonlyMap<string, ReadonlyArray<string>>,
  rules: ReadonlyArray<PolicyRule> = [...SECURITY_BASELINE_RULES, ...LLM_GOVERNANCE_RULES],
  inert: Readonly<Record<string, string>> = INERT_RESOURCE_TYPES,
): PolicyCoverage {
  const covered: Array<PolicyCoverage['covered'][number]> = [];
  const inertOut: Array<PolicyCoverage['inert'][number]> = [];
  const uncovered: Array<PolicyCoverage['uncovered'][number]> = [];
  for (const [type, emittedBy] of [...emitted.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const ids = rules.filter((r) => r.resourceTypes.includes(type)).map((r) => r.id);
    if (ids.length > 0) covered.push({ type, rules: ids, emittedBy });
    else if (inert[type]) inertOut.push({ type, reason: inert[type], emittedBy });
    else uncovered.push({ type, emittedBy });
  }
  return { covered, inert: inertOut, uncovered };
}

/**
 * The README coverage section (between `COVERAGE_DOC_START` and `COVERAGE_DOC_END`). It lists types and rules,
 * not the emitting files, so moving code around does not make the README stale.
 */
export function renderCoverageMarkdown(coverage: PolicyCoverage): string {
  const total = coverage.covered.length + coverage.inert.length + coverage.uncovered.length;
  const rows = [
    '| Resource type | Rules |',
    '|---|---|',
    ...coverage.covered.map((c) => `| \`${c.type}\` | ${c.rules.join(', ')} |`),
    ...coverage.inert.map((c) => `| \`${c.type}\` | none needed: ${cell(c.reason)} |`),
    ...coverage.uncovered.map((c) => `| \`${c.type}\` | **none** |`),
  ];
  return [
    COVERAGE_DOC_START,
    '<!-- Generated from src/ and src/policy/rules/**; do not edit. Regenerate: npx projen docs:policy -->',
    '',
    `**Coverage:** src/ emits ${total} Terraform resource types; ${coverage.covered.length} are checked by at least one rule, ` +
      `${coverage.inert.length} have no security-relevant setting of their own (reason given), ${coverage.uncovered.length} are not covered. ` +
      'A test fails when a type is added without a rule (or a reason).',
    '',
    '<details><summary>Resource types and the rules that apply</summary>',
    '',
    ...rows,
    '',
    '</details>',
    COVERAGE_DOC_END,
    '',
  ].join('\n');
}
