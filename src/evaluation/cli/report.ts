import type { RunResult } from '../probe/lib/run';
import type { GateCriterion } from '../probe/lib/scorer';

/** The audit record of one gate run (written as `<name>.json`; `<name>.md` renders the same facts). */
export interface GateReport {
  readonly schemaVersion: 1;
  readonly kind: 'llm-evaluation-gate';
  readonly verdict: 'passed' | 'failed';
  readonly stack: string;
  readonly gateway: string;
  readonly team: string;
  readonly feature: string;
  readonly keyAlias: string;
  /** The alias the feature calls. */
  readonly model: string;
  /** The candidate deployment id (`model_info.id`), or null when the alias itself was evaluated. */
  readonly against: string | null;
  /** Scheme, host and port of the gateway (never a credential). */
  readonly gatewayUrl: string;
  readonly commit: string;
  readonly approver: string;
  readonly dataset: { readonly file: string; readonly sha256: string; readonly cases: number };
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly durationMs: number;
  readonly criteria: ReadonlyArray<GateCriterion | { readonly name: 'deployment'; readonly passed: boolean; readonly actual: number | null; readonly limit: number; readonly detail: string }>;
  readonly summary: RunResult['summary'];
  /** Per case: outcome, failed checks with reasons, latency, cost, serving deployment — no prompt, no response. */
  readonly cases: RunResult['cases'];
}

const fmt = (x: number | null, digits = 3): string => (x === null ? 'n/a' : x.toFixed(digits));
const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

function criterionText(c: GateReport['criteria'][number]): { actual: string; limit: string } {
  switch (c.name) {
    case 'pass-rate':
      return { actual: fmt(c.actual), limit: `>= ${fmt(c.limit)}` };
    case 'p95-latency':
      return { actual: c.actual === null ? 'n/a' : `${c.actual} ms`, limit: `<= ${c.limit} ms` };
    case 'cost':
      return { actual: c.actual === null ? 'n/a' : `${c.actual} USD`, limit: `<= ${c.limit} USD` };
    default:
      return { actual: c.actual === null ? 'n/a' : `${c.actual} responses elsewhere`, limit: `${c.limit}` };
  }
}

/** Why a case did not pass, in one line (check ids and reasons, or the error kind). */
export function caseFailure(c: RunResult['cases'][number]): string {
  if (c.outcome === 'error') return `error: ${c.error?.kind ?? 'unknown'}${c.error?.status ? ` (HTTP ${c.error.status}${c.error.type ? `, ${c.error.type}` : ''})` : ''}`;
  return c.checks.filter((x) => x.passed === false).map((x) => `${x.id}: ${x.reason ?? 'failed'}`).join('; ');
}

/** The Markdown audit record. */
export function renderGateMarkdown(r: GateReport): string {
  const s = r.summary;
  const lines: string[] = [];
  const failedNames = r.criteria.filter((c) => !c.passed).map((c) => c.name);
  lines.push(`# Evaluation gate: ${r.team}/${r.feature} ${r.against ? `against deployment \`${r.against}\`` : `on alias \`${r.model}\``} — ${r.verdict.toUpperCase()}`);
  lines.push('');
  lines.push('| | |', '|---|---|');
  lines.push(`| Verdict | **${r.verdict.toUpperCase()}**${failedNames.length ? ` (${failedNames.join(', ')})` : ''} |`);
  lines.push(`| Stack | \`${cell(r.stack)}\` |`);
  lines.push(`| Feature | \`${cell(r.feature)}\` (key alias \`${cell(r.keyAlias)}\`) |`);
  lines.push(`| Candidate | ${r.against ? `deployment \`${cell(r.against)}\` of alias \`${cell(r.model)}\`` : `alias \`${cell(r.model)}\` (all its deployments)`} |`);
  lines.push(`| Gateway | \`${cell(r.gateway)}\` at ${cell(r.gatewayUrl)} |`);
  lines.push(`| Commit | \`${cell(r.commit)}\` |`);
  lines.push(`| Approver | ${cell(r.approver)} |`);
  lines.push(`| Golden set | ${r.dataset.cases} cases, \`${cell(r.dataset.file)}\`, sha256 \`${r.dataset.sha256}\` |`);
  lines.push(`| Run | ${r.startedAt} to ${r.finishedAt} (${(r.durationMs / 1000).toFixed(1)} s) |`);
  lines.push('');
  lines.push('## Criteria', '', '| Criterion | Result | Actual | Limit | Detail |', '|---|---|---|---|---|');
  for (const c of r.criteria) {
    const t = criterionText(c);
    lines.push(`| ${c.name} | ${c.passed ? 'pass' : '**FAIL**'} | ${t.actual} | ${t.limit} | ${cell(c.detail)} |`);
  }
  lines.push('');
  lines.push('## Results', '');
  lines.push(`${s.passed} passed, ${s.failed} failed, ${s.errors} errors of ${s.cases} cases. Latency p50 ${s.latency.p50Ms === null ? 'n/a' : `${Math.round(s.latency.p50Ms)} ms`}, p95 ${s.latency.p95Ms === null ? 'n/a' : `${Math.round(s.latency.p95Ms)} ms`}. Cost ${s.cost.totalUsd} USD (responses ${s.cost.responsesUsd}, judge ${s.cost.judgeUsd}${s.cost.unknownCases ? `; ${s.cost.unknownCases} responses without a reported cost` : ''}). Tokens: ${s.tokens.prompt} prompt, ${s.tokens.completion} completion.`);
  lines.push('');
  lines.push('| Check | Kind | Scope | Passed | Evaluated | Pass rate |', '|---|---|---|---|---|---|');
  for (const c of s.checks) lines.push(`| ${cell(c.id)} | ${c.kind} | ${c.scope} | ${c.passed} | ${c.evaluated} | ${fmt(c.passRatio)} |`);
  lines.push('');
  lines.push('| Serving deployment | Cases | Passed | Pass rate | p95 latency | Cost (USD) |', '|---|---|---|---|---|---|');
  for (const d of s.deployments) lines.push(`| \`${cell(d.deployment)}\` | ${d.cases} | ${d.passed} | ${fmt(d.passRatio)} | ${d.latencyP95Ms === null ? 'n/a' : `${Math.round(d.latencyP95Ms)} ms`} | ${d.costUsd} |`);
  const notPassed = r.cases.filter((c) => c.outcome !== 'pass');
  lines.push('');
  lines.push('## Cases that did not pass', '');
  if (notPassed.length === 0) {lines.push('None.');} else {
    lines.push('| Case | Outcome | Why |', '|---|---|---|');
    for (const c of notPassed) lines.push(`| \`${cell(c.id)}\` | ${c.outcome} | ${cell(caseFailure(c))} |`);
  }
  lines.push('', 'Prompts and responses are not part of this record; the golden set is identified by its sha256.', '');
  return lines.join('\n');
}

/** The console summary (what a pipeline log shows). */
export function renderGateSummary(r: GateReport, files: { json: string; markdown: string }): string {
  const s = r.summary;
  const out: string[] = [];
  out.push(`cdktf-llm-platform eval: ${r.team}/${r.feature} ${r.against ? `against deployment ${r.against} (alias ${r.model})` : `on alias ${r.model}`}`);
  out.push(`  golden set   ${r.dataset.cases} cases, sha256 ${r.dataset.sha256.slice(0, 12)}...`);
  for (const c of r.criteria) {
    const t = criterionText(c);
    out.push(`  ${c.name.padEnd(12)} ${t.actual.padEnd(22)} limit ${t.limit.padEnd(14)} ${c.passed ? 'ok' : 'FAIL'}  (${c.detail})`);
  }
  const notPassed = r.cases.filter((c) => c.outcome !== 'pass');
  if (notPassed.length > 0) {
    out.push(`  cases that did not pass (${notPassed.length}/${s.cases}):`);
    for (const c of notPassed.slice(0, 10)) out.push(`    - ${c.id}: ${caseFailure(c)}`);
    if (notPassed.length > 10) out.push(`    ... ${notPassed.length - 10} more in the report`);
  }
  const failed = r.criteria.filter((c) => !c.passed).map((c) => c.name);
  out.push(r.verdict === 'passed' ? 'Gate PASSED.' : `Gate FAILED: ${failed.join(', ')}. The deployment must not take traffic.`);
  out.push(`Report: ${files.json}`);
  out.push(`        ${files.markdown}`);
  return `${out.join('\n')}\n`;
}
