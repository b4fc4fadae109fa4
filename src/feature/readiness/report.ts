import { statusCounts } from './evaluate';
import type { Evidence } from './facts';
import type { FeatureReadinessResult, ReadinessStatus } from './model';

/** File names beside a stack's `cdk.tf.json`. */
export const READINESS_JSON_FILE = 'readiness-report.json';
export const READINESS_MARKDOWN_FILE = 'readiness-report.md';

/** Identifies the JSON report's format; bump `READINESS_SCHEMA_VERSION` on any breaking change. */
export const READINESS_SCHEMA = 'cdktf-llm-platform/readiness-report';
export const READINESS_SCHEMA_VERSION = 1;

/** `readiness-report.json`: one per stack, every feature of the stack. */
export interface ReadinessReportJson {
  readonly schema: typeof READINESS_SCHEMA;
  readonly schemaVersion: typeof READINESS_SCHEMA_VERSION;
  readonly stack: string;
  /** No required item of any feature failed. */
  readonly ready: boolean;
  readonly summary: Record<ReadinessStatus, number>;
  readonly features: ReadonlyArray<FeatureReadinessResult & { readonly summary: Record<ReadinessStatus, number> }>;
}

function byFeature(a: FeatureReadinessResult, b: FeatureReadinessResult): number {
  const ka = `${a.team}\u0000${a.feature}`;
  const kb = `${b.team}\u0000${b.feature}`;
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

/** The JSON report (features sorted by team and name; no timestamps, so the same input gives the same bytes). */
export function renderReadinessJson(stack: string, results: ReadonlyArray<FeatureReadinessResult>): ReadinessReportJson {
  const features = [...results].sort(byFeature).map((r) => ({ ...r, summary: statusCounts(r.items) }));
  return {
    schema: READINESS_SCHEMA,
    schemaVersion: READINESS_SCHEMA_VERSION,
    stack,
    ready: features.every((f) => f.ready),
    summary: statusCounts(features.flatMap((f) => f.items)),
    features,
  };
}

const STATUS_LABEL: Readonly<Record<ReadinessStatus, string>> = {
  'passed': 'passed',
  'failed': '**FAILED**',
  'declared': 'declared',
  'not-applicable': 'n/a',
};

/** Escapes text for a Markdown table cell (pipes, line breaks). */
export function markdownTableCell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

function evidenceText(e: Evidence): string {
  const where = e.stack ? ` (${e.stack})` : '';
  return `\`${e.ref}\`${where}${e.detail ? `: ${e.detail}` : ''}`;
}

/** `readiness-report.md`: per feature, a table of the items and the evidence behind every check. */
export function renderReadinessMarkdown(stack: string, results: ReadonlyArray<FeatureReadinessResult>): string {
  const json = renderReadinessJson(stack, results);
  const lines: string[] = [
    `# Readiness report: ${stack}`,
    '',
    'Generated at synthesis from what the stacks synthesize (resources, the gateway\'s LiteLLM config, alert rules). ' +
      '*passed*: verified; *FAILED*: verified missing, with the fix; *declared*: stated by the team, not verifiable at synthesis (never counted as passed); *n/a*: does not apply.',
    '',
    `Overall: ${json.ready ? 'ready' : '**not ready**'} — ${json.summary.passed} passed, ${json.summary.failed} failed, ${json.summary.declared} declared, ${json.summary['not-applicable']} n/a.`,
  ];
  for (const f of json.features) {
    lines.push(
      '',
      `## ${f.team}/${f.feature}`,
      '',
      `Environment \`${f.environment}\`${f.production ? ' (production: a failing required item fails synthesis)' : ''}, data ${f.dataClassification}, key \`${f.keyAlias}\`, construct \`${f.constructPath}\`: ` +
        `${f.ready ? 'ready' : '**not ready**'}.`,
      '',
      '| Item | Required | Status | Checks |',
      '|---|---|---|---|',
    );
    for (const item of f.items) {
      const checks = item.checks.map((c) => `${c.name}: ${STATUS_LABEL[c.status]}`).join('; ');
      lines.push(`| \`${item.id}\` ${markdownTableCell(item.title)} | ${item.required ? 'yes' : 'no'} | ${STATUS_LABEL[item.status]} | ${markdownTableCell(checks)} |`);
    }
    lines.push('', '### Evidence', '');
    for (const item of f.items) {
      lines.push(`- **${item.id}** (${item.required ? 'required' : 'not required'}: ${item.requiredBecause})`);
      for (const c of item.checks) {
        lines.push(`  - ${c.name} — ${STATUS_LABEL[c.status]}: ${c.detail}${c.fix && c.status === 'failed' ? ` **Fix:** ${c.fix}` : ''}`);
        for (const e of c.evidence) lines.push(`    - ${evidenceText(e)}`);
      }
    }
  }
  return `${lines.join('\n')}\n`;
}
