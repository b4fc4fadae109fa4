import type * as cog from '@grafana/grafana-foundation-sdk/cog';
import type * as common from '@grafana/grafana-foundation-sdk/common';
import { RowBuilder, type Dashboard, type Panel } from '@grafana/grafana-foundation-sdk/dashboard';
import type { IConstruct } from 'constructs';
import { z } from 'zod';
import { baseDashboard, datasourceContext, finish, stableUid } from './common';
import { bars, deploymentStates, graph, limitThresholds, link, markdown, single, type PanelContext } from './panels';
import { datasourceUidSchema, pct } from './platform';
import { PANEL_WINDOW, queries } from './queries';
import { ProblemCollector } from '../../core/errors';
import { schemaFor, validateProps, withFix } from '../../core/validation';
import {
  BURN_RATE_WINDOWS, LABELS, featureNameSchema, featureScope, gatewayNameSchema, gatewayScope, keyAliasSchema, runbookUrlSchema,
  sloSchema, teamNameSchema, teamScope, type SloObjectives, type SloScope,
} from '../slo';

/** One feature (virtual key) shown on the team dashboard. */
export interface TeamDashboardFeature {
  readonly name: string;
  /** The feature key's alias (`api_key_alias`), `<team>/<feature>` by convention. */
  readonly keyAlias: string;
  /** @default - the team's SLO */
  readonly slo?: SloObjectives;
  /** @default - the team's runbook */
  readonly runbookUrl?: string;
}

/** What an extension gets to build a feature's panels. */
export interface FeaturePanelContext {
  readonly gateway: string;
  readonly team: string;
  readonly feature: string;
  readonly keyAlias: string;
  readonly slo: SloObjectives;
  /** PromQL matchers selecting the feature's series: `gateway="…", api_key_alias="…"`. */
  readonly matchers: string;
  /** The dashboard's Prometheus datasource; set it on panels and queries. */
  readonly datasource: common.DataSourceRef;
}

/**
 * Extra panels in every feature's row — the extension point for issue 15's evaluation panels (pass rate,
 * latency and cost of golden-prompt probes). Panels are appended after the feature's own, in order.
 */
export interface FeatureDashboardExtension {
  /** Names the extension in errors and tests, e.g. `evaluation`. */
  readonly name: string;
  panels(feature: FeaturePanelContext): ReadonlyArray<cog.Builder<Panel>>;
}

export interface TeamDashboardInput {
  readonly gateway: string;
  /** The team name (`team_alias`). */
  readonly team: string;
  readonly slo: SloObjectives;
  /** One row per feature, in the order given. @default [] */
  readonly features?: ReadonlyArray<TeamDashboardFeature>;
  /** Linked from the header and the incident guide. @default - no link */
  readonly runbookUrl?: string;
  /** uid of the Prometheus datasource. @default - a `datasource` variable */
  readonly datasourceUid?: string;
  /** Panels added to every feature row (issue 15: evaluation). @default [] */
  readonly extensions?: ReadonlyArray<FeatureDashboardExtension>;
}

const featureSchema = schemaFor<TeamDashboardFeature>()(z.strictObject({
  name: featureNameSchema,
  keyAlias: keyAliasSchema,
  slo: sloSchema.optional(),
  runbookUrl: runbookUrlSchema.optional(),
}));

const extensionSchema = z.custom<FeatureDashboardExtension>(
  (v) => typeof v === 'object' && v !== null && typeof (v as { name?: unknown }).name === 'string' && typeof (v as { panels?: unknown }).panels === 'function',
  { message: withFix('is not a FeatureDashboardExtension', 'pass { name, panels(feature) => PanelBuilder[] }') },
);

const schema = schemaFor<TeamDashboardInput>()(z.strictObject({
  gateway: gatewayNameSchema,
  team: teamNameSchema,
  slo: sloSchema,
  features: z.array(featureSchema).max(50).optional(),
  runbookUrl: runbookUrlSchema.optional(),
  datasourceUid: datasourceUidSchema.optional(),
  extensions: z.array(extensionSchema).optional(),
}));

/** Checks that need the whole list, reported with the schema's problems (zod skips refinements of an invalid object). */
function duplicateFeatures(input: TeamDashboardInput): ProblemCollector {
  const problems = new ProblemCollector();
  const seen = new Set<unknown>();
  (Array.isArray(input?.features) ? input.features : []).forEach((f, i) => {
    const name = (f as { name?: unknown } | undefined)?.name;
    if (seen.has(name)) problems.add(`features[${i}].name`, name, 'appears twice', 'list each feature once');
    seen.add(name);
  });
  return problems;
}

const WINDOW_1H = BURN_RATE_WINDOWS[0].longWindow;

function incidentGuide(team: string, runbookUrl: string | undefined, features: ReadonlyArray<TeamDashboardFeature>): string {
  const runbooks = [
    ...(runbookUrl ? [`[Team runbook](${runbookUrl})`] : []),
    ...features.filter((f) => f.runbookUrl).map((f) => `[${f.name} runbook](${f.runbookUrl})`),
  ];
  return [
    `**Incident guide for team ${team}.** Rows 1-4 answer, in order: how many requests are failing, whether fallback is carrying them, when the provider recovers, and what to do.`,
    '',
    '- **Wait** when fallbacks succeed (row 2, 95 % or more) and the failing deployment is recovering (row 3: state back to healthy, cooldowns falling): users are being served.',
    '- **Switch model** when one model keeps failing while another serves this team well (row 4): point the feature at the healthy model alias, or add it as a fallback.',
    '- **Turn the feature off** when every model fails and fallbacks fail too, or a feature burns its error budget far beyond 14.4x: degrade gracefully instead of returning errors.',
    '',
    runbooks.length > 0 ? `Runbooks: ${runbooks.join(' · ')}` : 'No runbook linked: pass runbookUrl.',
  ].join('\n');
}

function featurePanels(
  ctx: PanelContext, scope: SloScope, f: TeamDashboardFeature, slo: SloObjectives, runbookUrl: string | undefined,
): Array<cog.Builder<Panel>> {
  const budget = 1 - slo.availability;
  const links = runbookUrl ? [link(`${f.name} runbook`, runbookUrl)] : [];
  return [
    graph(ctx, `${f.name}: requests per second`, [{ expr: queries.requestsBy(scope, []), legend: 'requests' }, { expr: queries.errorRate(scope), legend: 'errors' }], {
      unit: 'reqps', description: `Traffic of key ${f.keyAlias}, and the requests counting against its SLO.`, span: 6,
    }).links(links),
    graph(ctx, `${f.name}: error ratio against the SLO`, [{ expr: queries.errorRatio(scope, PANEL_WINDOW), legend: 'error ratio' }], {
      unit: 'percentunit', description: `Errors ÷ requests; dashed line: the error budget (${pct(budget)} for ${pct(slo.availability)} availability).`, limit: budget, span: 6, min: 0,
    }).links(links),
    graph(ctx, `${f.name}: p95 latency against the SLO`, [{ expr: queries.latencyP95(scope), legend: 'p95' }], {
      unit: 's', description: `Dashed line: the SLO threshold (${slo.latencyP95Ms} ms).`, limit: slo.latencyP95Ms / 1000, span: 6, min: 0,
    }).links(links),
    graph(ctx, `${f.name}: availability burn rate`, BURN_RATE_WINDOWS.map((w) => ({ expr: queries.availabilityBurn(scope, w.longWindow, budget), legend: `${w.longWindow} window` })), {
      unit: 'x', description: 'Error ratio ÷ error budget per alert window (pages at 14.4 over 1 h, 6 over 6 h).', limit: 1, span: 6,
    }).links(links),
  ];
}

/**
 * A team's dashboard, built to answer the four incident questions, then one row per feature (its
 * traffic, errors and latency against its SLO, burn rate, runbook link, and the extensions' panels).
 * Created in the team's stack; the uid is `llm-team-<gateway>-<team>` (hashed when over 40 characters).
 */
export function teamDashboard(input: TeamDashboardInput, errorScope: IConstruct | string = 'teamDashboard'): Dashboard {
  const p = validateProps(errorScope, schema, input, duplicateFeatures(input));
  const scope = teamScope(p.gateway, p.team);
  const gateway = gatewayScope(p.gateway);
  const ctx = datasourceContext(p.datasourceUid);
  const budget = 1 - p.slo.availability;
  const features = p.features ?? [];
  const b = baseDashboard(
    stableUid('llm-team', [p.gateway, p.team]),
    `LLM team ${p.team} on ${p.gateway}`,
    ['llm-platform', 'llm-team', `gateway:${p.gateway}`, `team:${p.team}`],
    `Team ${p.team} on gateway ${p.gateway}: SLO ${pct(p.slo.availability)} availability, p95 < ${p.slo.latencyP95Ms} ms.`,
    p.datasourceUid,
  );
  if (p.runbookUrl !== undefined) b.link(link('Team runbook', p.runbookUrl));
  for (const f of features) if (f.runbookUrl !== undefined) b.link(link(`${f.name} runbook`, f.runbookUrl));

  b.withPanel(markdown('What to do', incidentGuide(p.team, p.runbookUrl, features), 24, 6));

  b.withRow(new RowBuilder('1. How many requests are failing?'))
    .withPanel(single(ctx, 'Failing requests per second', { expr: queries.errorRate(scope) }, {
      unit: 'reqps', decimals: 2, description: `Requests failing with 5xx, timeouts or provider 429s over ${PANEL_WINDOW}.`, thresholds: limitThresholds(Number.MIN_VALUE), span: 4, height: 8, noValue: '0',
    }))
    .withPanel(single(ctx, `Error ratio (${PANEL_WINDOW})`, { expr: queries.errorRatio(scope, PANEL_WINDOW) }, {
      unit: 'percentunit', decimals: 2, description: `Budget: ${pct(budget)}.`, thresholds: limitThresholds(budget), span: 4, height: 8,
    }))
    .withPanel(single(ctx, `Burn rate (${WINDOW_1H})`, { expr: queries.availabilityBurn(scope, WINDOW_1H, budget) }, {
      unit: 'x', decimals: 1, description: 'Error budget spend rate; the page fires at 14.4 (with the 5 m window).', thresholds: limitThresholds(BURN_RATE_WINDOWS[0].burnRate), span: 4, height: 8,
    }))
    .withPanel(graph(ctx, 'Error ratio by feature', [{ expr: queries.errorRatioBy(scope, [LABELS.feature]), legend: '{{api_key_alias}}' }], {
      unit: 'percentunit', description: 'Per feature key; dashed line: the team\'s error budget.', limit: budget, span: 12, min: 0,
    }))
    .withPanel(graph(ctx, 'Failures by status and exception', [{ expr: queries.failuresByClass(scope), legend: '{{exception_status}} {{exception_class}}' }], {
      unit: 'reqps', description: 'Every failed response; LiteLLM quota 429s and client 4xx are shown but are not errors.', span: 24,
    }));

  b.withRow(new RowBuilder('2. Is fallback carrying them?'))
    .withPanel(single(ctx, 'Fallbacks that succeeded (1 h)', { expr: queries.fallbackSuccessShare(scope) }, {
      unit: 'percentunit',
      decimals: 1,
      description: 'Of the team\'s requests whose primary model failed, the share a fallback model served.',
      thresholds: limitThresholds(0.95, 'bad'),
      span: 6,
      height: 8,
      noValue: 'no fallbacks',
    }))
    .withPanel(graph(ctx, 'Fallbacks', [
      { expr: queries.fallbacks(scope, true), legend: 'ok {{requested_model}} → {{fallback_model}}' },
      { expr: queries.fallbacks(scope, false), legend: 'failed {{requested_model}} → {{fallback_model}}' },
    ], { unit: 'reqps', description: 'Fallbacks per second by original and fallback model.', span: 18 }));

  b.withRow(new RowBuilder('3. When does the provider recover?'))
    .withPanel(deploymentStates(ctx, 'Deployment state (whole gateway)', { expr: queries.deploymentState(gateway.matchers), legend: '{{api_provider}} {{litellm_model_name}}' },
      'LiteLLM marks a deployment healthy again after its first success; recovery shows as green.', 8))
    .withPanel(graph(ctx, 'Failure ratio of this team\'s provider calls', [{ expr: queries.deploymentFailureRatioFor(scope), legend: '{{api_provider}} {{litellm_model_name}}' }], {
      unit: 'percentunit', description: 'Per deployment, calls made for this team that failed (before fallback).', span: 8, min: 0,
    }))
    .withPanel(bars(ctx, 'Cooldowns (15 min, whole gateway)', { expr: queries.cooldowns(gateway.matchers), legend: '{{api_provider}} {{litellm_model_name}}' }, {
      unit: 'short', description: 'A deployment that keeps cooling down has not recovered.', thresholds: limitThresholds(3), span: 8,
    }));

  b.withRow(new RowBuilder('4. Wait, switch model, or turn the feature off?'))
    .withPanel(bars(ctx, `Error ratio by model (${PANEL_WINDOW})`, { expr: queries.errorRatioBy(scope, [LABELS.model]), legend: '{{requested_model}}' }, {
      unit: 'percentunit', description: 'A model with a low error ratio is a candidate to switch to.', thresholds: limitThresholds(budget), span: 12,
    }))
    .withPanel(graph(ctx, 'p95 latency by model', [{ expr: queries.latencyP95(scope, [LABELS.model]), legend: '{{requested_model}}' }], {
      unit: 's', description: 'Check the alternative is fast enough before switching.', limit: p.slo.latencyP95Ms / 1000, span: 12, min: 0,
    }));

  for (const f of features) {
    const fScope = featureScope(p.gateway, p.team, f.name, f.keyAlias);
    const slo = f.slo ?? p.slo;
    const runbookUrl = f.runbookUrl ?? p.runbookUrl;
    b.withRow(new RowBuilder(`Feature ${f.name} (${f.keyAlias})`));
    for (const panel of featurePanels(ctx, fScope, f, slo, runbookUrl)) b.withPanel(panel);
    const featureCtx: FeaturePanelContext = {
      gateway: p.gateway, team: p.team, feature: f.name, keyAlias: f.keyAlias, slo, matchers: fScope.matchers, datasource: ctx.datasource,
    };
    for (const extension of p.extensions ?? []) for (const panel of extension.panels(featureCtx)) b.withPanel(panel);
  }

  return finish(b);
}
