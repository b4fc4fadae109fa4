import { adminAccess, blockKey, moveAlias, rollbackGateway, vectorStoreCommands, type RunbookCommand } from './commands';
import { runbookQueries, runbookThresholds, type RunbookQuery } from './queries';
import { ALERT_NAMES } from '../../observability/slo/slo-alerts';
import type { FeatureReadinessFacts } from '../readiness/facts';
import { markdownTableCell } from '../readiness/report';

/** Where a feature's runbook is written, relative to the stack's folder. */
export function runbookPath(feature: string): string {
  return `runbooks/${feature}.md`;
}

function queryBlock(q: RunbookQuery): string[] {
  return [`**${q.title}** — ${q.read}`, '', '```promql', q.expr, '```', ''];
}

function commandBlock(c: RunbookCommand): string[] {
  return [`**${c.title}**`, '', '```bash', ...c.lines, '```', ...(c.notes ?? []).map((n) => `> ${n}`), ''];
}

function pct(ratio: number): string {
  return `${Number((ratio * 100).toPrecision(4))} %`;
}

/**
 * The feature's runbook (Markdown): dashboard and queries to look at, the decision with its thresholds, and
 * one command per action on the feature's runtime, for a model outage, a provider timeout spike, a cost surge
 * and a vector store degradation. Pure and deterministic.
 */
export function renderRunbook(f: FeatureReadinessFacts): string {
  const q = runbookQueries(f);
  const t = runbookThresholds(f);
  const o = f.observability;
  const primary = f.models[0];
  const chain = primary?.fallbacks.value ?? [];
  const fallbackText = f.businessFallback.value ?? '(none stated: state `businessFallback` before turning the feature off)';
  const block = blockKey(f);
  const move = moveAlias(f, primary?.alias ?? '<alias>', chain);
  const rollback = rollbackGateway(f);
  const slo = o?.slo.value;
  const lines: string[] = [
    `# Runbook: ${f.feature.team}/${f.feature.name}`,
    '',
    'Generated at synthesis from the feature\'s stack; regenerate rather than edit. The queries are the ones the dashboard and the alerts use.',
    '',
    '| | |',
    '|---|---|',
    `| Owner | ${markdownTableCell(f.feature.owner.value ?? '(not set)')} |`,
    `| On-call | ${markdownTableCell(f.feature.oncall.value ?? '(not set)')} |`,
    `| Environment | ${markdownTableCell(f.feature.environment.value)} |`,
    `| Virtual key | \`${f.feature.keyAlias}\` (metrics label \`api_key_alias\`) |`,
    `| Gateway | \`${f.gateway.name}\` on ${f.gateway.kind.value} (stack \`${f.gateway.stack}\`) |`,
    `| Models | ${markdownTableCell(f.models.map((m) => `${m.alias}${m.fallbacks.value.length > 0 ? ` → ${m.fallbacks.value.join(' → ')}` : ' (no fallback)'}`).join('; ') || '(none)')} |`,
    `| Circuit breaker | cooldown ${f.gateway.routing.cooldownSeconds.value} s after ${f.gateway.routing.allowedFails.value} failures/min; ${f.gateway.routing.numRetries.value} retries; timeout ${f.gateway.routing.timeoutSeconds.value} s |`,
    `| SLO | ${slo ? `availability ${pct(slo.availability)}, p95 ≤ ${slo.latencyP95Ms} ms` : '(no observability)'} |`,
    `| Budget | ${f.quota.monthlyBudgetUsd.value !== undefined ? `${f.quota.monthlyBudgetUsd.value} USD / month (LiteLLM rejects requests once spent)` : '(none)'} |`,
    `| Business fallback | ${markdownTableCell(fallbackText)} |`,
    `| Dashboard | ${o ? `uid \`${o.dashboard.value.uid}\`${o.dashboard.value.url ? ` — ${o.dashboard.value.url}` : ''}${o.dashboard.value.file ? ` (JSON: \`${o.dashboard.value.file}\`)` : ''}, row "${f.feature.name}"` : '(none)'} |`,
    `| Alerts | ${o ? o.alerts.value.map((a) => `\`${a}\``).join(', ') : '(none)'} |`,
    '',
    '## Decisions at a glance',
    '',
    '| Incident | Wait | Switch model | Turn the feature off |',
    '|---|---|---|---|',
    `| Model outage | fallbacks succeed (share ≈ 1) and the error ratio stays below ${t.pageErrorRatio} | a deployment fails above ${pct(t.deploymentFailureRatio)} for 15 min with no working fallback | error ratio above ${t.pageErrorRatio} for 30 min and no alias left to switch to |`,
    `| Provider timeout spike | timeout share below ${t.pageErrorRatio}, p95 within the SLO | timeout share above ${t.pageErrorRatio} for 15 min on one model | timeouts on every model for 30 min |`,
    '| Cost surge | projected spend ≤ budget on the 2 h window (it has stopped) | spend rises with price per token (a model change) | projected spend above 2× budget, or a runaway loop |',
    '| Vector store degradation | a failover in progress (a minute or two) | — | retrieval errors for 15 min: answer without retrieval or turn off |',
    '',
    '## Before you act: admin access',
    '',
    ...commandBlock(adminAccess(f)),
    '## 1. Model outage',
    '',
    `Signals: \`${ALERT_NAMES.deploymentFailing}\`, \`${ALERT_NAMES.deploymentCoolingDown}\`, \`${ALERT_NAMES.fallbackRate}\` (gateway), \`${ALERT_NAMES.availability}\` (scope feature).`,
    '',
    ...q['model-outage'].flatMap(queryBlock),
    'Decide:',
    '',
    `- **Wait** while the fallback share stays near 1 and the feature's error ratio stays below ${t.pageErrorRatio}: LiteLLM cools a deployment down after ${f.gateway.routing.allowedFails.value} failures per minute for ${f.gateway.routing.cooldownSeconds.value} s and retries it; the alert resolves when the provider recovers.`,
    `- **Switch model** when one deployment fails above ${pct(t.deploymentFailureRatio)} for 15 minutes and fallbacks fail too (or there is none): move the alias (below).`,
    `- **Turn the feature off** when the error ratio stays above ${t.pageErrorRatio} for 30 minutes and no alias is left: block the key; users get the business fallback.`,
    '',
    '## 2. Provider timeout spike',
    '',
    `Signals: \`${ALERT_NAMES.latency}\` and \`${ALERT_NAMES.availability}\` (timeouts count as errors), \`${ALERT_NAMES.deploymentFailing}\`.`,
    '',
    ...q['provider-timeouts'].flatMap(queryBlock),
    'Decide:',
    '',
    `- **Wait** while the timeout share stays below ${t.pageErrorRatio} and p95 within the SLO: retries (${f.gateway.routing.numRetries.value}) and the ${f.gateway.routing.timeoutSeconds.value} s timeout absorb it.`,
    `- **Switch model** when one model's timeout share stays above ${t.pageErrorRatio} for 15 minutes: move the alias to a model on another provider.`,
    '- **Turn the feature off** when every model of the feature times out for 30 minutes.',
    '',
    '## 3. Cost surge',
    '',
    `Signals: \`${ALERT_NAMES.spend}\` (scope feature), LiteLLM budget errors (400, budget exceeded) once the budget is spent.`,
    '',
    ...q['cost-surge'].flatMap(queryBlock),
    'Decide:',
    '',
    '- **Wait** when the 2 h projection is back under the budget (a burst that has stopped).',
    '- **Switch model** when tokens are flat but spend per hour rose (a pricier model behind the alias): move the alias back.',
    `- **Turn the feature off** when the projection exceeds twice the budget${t.monthlyBudgetUsd !== undefined ? ` (${2 * t.monthlyBudgetUsd} USD)` : ''} or requests grew without users (a loop): block the key, then find the caller.`,
    '',
    '## 4. Vector store degradation',
    '',
  ];
  if (f.vectorCollection) {
    const commands = vectorStoreCommands(f);
    lines.push(
      `The feature reads collection \`${f.vectorCollection.collection.value.name}\` (${f.vectorCollection.backend.value}). The store's own metrics live in the cloud's monitoring; the feature's side shows here:`,
      '',
      ...q['vector-store'].flatMap(queryBlock),
      ...commands.flatMap(commandBlock),
      'Decide:',
      '',
      '- **Wait** during a failover (Aurora and regional Cloud SQL promote a standby in a minute or two).',
      '- **Fail over** when the writer is unhealthy and the cluster has a reader (command above).',
      '- **Turn the feature off** when retrieval keeps failing for 15 minutes and answers without retrieval would mislead: block the key.',
      '',
    );
  } else {
    lines.push('Not applicable: the feature has no vector collection.', '');
  }
  lines.push(
    '## Actions',
    '',
    ...commandBlock(block),
    ...commandBlock(blockKey(f, true)),
    ...commandBlock(move),
    ...commandBlock(rollback),
  );
  return `${lines.join('\n').replace(/\n{3,}/g, '\n\n')}\n`;
}

/** The PromQL code blocks of a rendered runbook (for checks). */
export function promqlBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/```promql\n([\s\S]*?)\n```/g)].map((m) => m[1]);
}
