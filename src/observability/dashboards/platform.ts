import { RowBuilder, type Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import type { IConstruct } from 'constructs';
import { z } from 'zod';
import { baseDashboard, datasourceContext, finish, stableUid } from './common';
import { bars, deploymentStates, graph, limitThresholds, link, single } from './panels';
import { PANEL_WINDOW, queries } from './queries';
import { schemaFor, validateProps } from '../../core/validation';
import {
  BURN_RATE_WINDOWS, LABELS, LATENCY_OBJECTIVE, gatewayNameSchema, promNumber, gatewayScope, runbookUrlSchema, sloSchema, type SloObjectives,
} from '../slo';

export interface PlatformDashboardInput {
  /** The gateway's name; every query selects `gateway="<name>"`. */
  readonly gateway: string;
  readonly slo: SloObjectives;
  /** uid of the Prometheus datasource. @default - a `datasource` variable the viewer picks */
  readonly datasourceUid?: string;
  /** Linked from the dashboard header. @default - no link */
  readonly runbookUrl?: string;
}

/** A ratio as a percentage for descriptions: 0.999 → `99.9%`. */
export function pct(ratio: number): string {
  return `${promNumber(ratio * 100)}%`;
}

export const datasourceUidSchema = z.string().regex(/^[A-Za-z0-9._-]{1,40}$/, 'is not a Grafana datasource uid');

const schema = schemaFor<PlatformDashboardInput>()(z.strictObject({
  gateway: gatewayNameSchema,
  slo: sloSchema,
  datasourceUid: datasourceUidSchema.optional(),
  runbookUrl: runbookUrlSchema.optional(),
}));

/**
 * The platform overview of one gateway: service levels, traffic and errors by provider and model, p95
 * latency against the SLO, time to first token, fallbacks and cooldowns, rate-limit hits, tokens and
 * spend by team. Deterministic; the uid is `llm-gw-<gateway>`.
 */
export function platformDashboard(input: PlatformDashboardInput, errorScope: IConstruct | string = 'platformDashboard'): Dashboard {
  const p = validateProps(errorScope, schema, input);
  const scope = gatewayScope(p.gateway);
  const ctx = datasourceContext(p.datasourceUid);
  const budget = 1 - p.slo.availability;
  const latencyS = p.slo.latencyP95Ms / 1000;
  const team = [LABELS.team];
  const b = baseDashboard(
    stableUid('llm-gw', [p.gateway]),
    `LLM gateway ${p.gateway} / overview`,
    ['llm-platform', 'llm-gateway', `gateway:${p.gateway}`],
    `LiteLLM gateway ${p.gateway}: SLO ${pct(p.slo.availability)} availability, p95 < ${p.slo.latencyP95Ms} ms.`,
    p.datasourceUid,
  );
  if (p.runbookUrl !== undefined) b.link(link('Runbook', p.runbookUrl));

  b.withRow(new RowBuilder('Service level'))
    .withPanel(single(ctx, 'Error ratio (1 h)', { expr: queries.errorRatio(scope, '1h') }, {
      unit: 'percentunit',
      decimals: 3,
      description: `Share of requests failing with 5xx, timeouts or provider 429s over the last hour. Budget: ${pct(budget)}.`,
      thresholds: limitThresholds(budget),
      span: 6,
    }))
    .withPanel(single(ctx, 'Availability burn rate (1 h)', { expr: queries.availabilityBurn(scope, '1h', budget) }, {
      unit: 'x',
      decimals: 1,
      description: 'How many times faster than sustainable the error budget is being spent. 14.4 pages (with the 5 m window).',
      thresholds: limitThresholds(BURN_RATE_WINDOWS[0].burnRate),
      span: 6,
    }))
    .withPanel(single(ctx, `Requests within ${p.slo.latencyP95Ms} ms (1 h)`, { expr: queries.withinLatencyThreshold(scope, '1h') }, {
      unit: 'percentunit',
      decimals: 2,
      description: `Successful requests faster than the latency SLO threshold. Objective: ${pct(LATENCY_OBJECTIVE)}.`,
      thresholds: limitThresholds(LATENCY_OBJECTIVE, 'bad'),
      span: 6,
    }))
    .withPanel(graph(ctx, 'Availability burn rate', BURN_RATE_WINDOWS.map((w) => ({ expr: queries.availabilityBurn(scope, w.longWindow, budget), legend: `${w.longWindow} window` })), {
      unit: 'x',
      description: 'Error ratio ÷ error budget per alert window. Alerts fire when both windows of a row exceed its burn rate (14.4, 6, 3, 1).',
      limit: 1,
      span: 6,
      height: 5,
    }));

  b.withRow(new RowBuilder('Traffic and errors'))
    .withPanel(graph(ctx, 'Requests per second by team', [{ expr: queries.requestsBy(scope, team), legend: '{{team_alias}}' }], {
      unit: 'reqps', description: 'All requests reaching LiteLLM, by team (`team_alias`).', stacked: true,
    }))
    .withPanel(graph(ctx, 'Error ratio against the SLO', [{ expr: queries.errorRatio(scope, PANEL_WINDOW), legend: 'error ratio' }], {
      unit: 'percentunit', description: `Errors ÷ requests over ${PANEL_WINDOW}; the dashed line is the error budget (${pct(budget)}).`, limit: budget, min: 0,
    }))
    .withPanel(graph(ctx, 'Errors by provider and model', [{ expr: queries.deploymentErrors(scope), legend: '{{api_provider}} {{litellm_model_name}}' }], {
      unit: 'reqps', description: 'Failed calls to provider deployments (5xx, timeouts, provider 429s), before retries and fallbacks.',
    }))
    .withPanel(graph(ctx, 'Failures by status and exception', [{ expr: queries.failuresByClass(scope), legend: '{{exception_status}} {{exception_class}}' }], {
      unit: 'reqps', description: 'Every failed response, errors or not (client 4xx and LiteLLM quota 429s included).', span: 12,
    }))
    .withPanel(graph(ctx, 'Rate-limit hits', [
      { expr: queries.limitHitsBy(scope, team), legend: 'LiteLLM quota {{team_alias}}' },
      { expr: queries.vendorThrottlesByProvider(scope), legend: 'provider 429 {{api_provider}}' },
    ], { unit: 'reqps', description: 'LiteLLM\'s own quota 429s by team (not errors) and throttling by the providers (errors).', span: 12 }));

  b.withRow(new RowBuilder('Latency'))
    .withPanel(graph(ctx, 'p95 latency against the SLO', [{ expr: queries.latencyP95(scope), legend: 'p95' }, { expr: queries.latencyP95(scope, team), legend: 'p95 {{team_alias}}' }], {
      unit: 's', description: `End-to-end p95 of successful requests; the dashed line is the SLO threshold (${p.slo.latencyP95Ms} ms).`, limit: latencyS, min: 0,
    }))
    .withPanel(graph(ctx, 'Time to first token (p95)', [{ expr: queries.ttftP95(scope), legend: '{{model}}' }], {
      unit: 's', description: 'Streaming requests only: time from the provider call to its first token, by deployment model.',
    }))
    .withPanel(graph(ctx, 'LiteLLM overhead (p95)', [{ expr: queries.overheadP95(scope), legend: 'overhead' }], {
      unit: 's', description: 'Time LiteLLM itself adds to a request (auth, routing, hooks).',
    }));

  b.withRow(new RowBuilder('Providers: fallbacks and cooldowns'))
    .withPanel(deploymentStates(ctx, 'Deployment state', { expr: queries.deploymentState(scope.matchers), legend: '{{api_provider}} {{litellm_model_name}}' },
      'LiteLLM\'s view of each provider deployment: healthy after a success, partial outage after a failure, cooling down while out of rotation.'))
    .withPanel(graph(ctx, 'Deployment failure ratio', [{ expr: queries.deploymentFailureRatio(scope), legend: '{{api_provider}} {{litellm_model_name}}' }], {
      unit: 'percentunit', description: 'Share of calls to each deployment failing; LlmDeploymentFailing fires above 50% for 5 minutes.', limit: 0.5, span: 12, min: 0,
    }))
    .withPanel(graph(ctx, 'Fallbacks', [
      { expr: queries.fallbacks(scope, true), legend: 'ok {{requested_model}} → {{fallback_model}}' },
      { expr: queries.fallbacks(scope, false), legend: 'failed {{requested_model}} → {{fallback_model}}' },
    ], { unit: 'reqps', description: 'Requests served by a fallback model after the primary failed, and fallbacks that failed too.', span: 12 }))
    .withPanel(bars(ctx, 'Cooldowns (15 min)', { expr: queries.cooldowns(scope.matchers), legend: '{{api_provider}} {{litellm_model_name}}' }, {
      unit: 'short',
      description: 'Times LiteLLM took each deployment out of rotation in the last 15 minutes; 3 or more raise LlmDeploymentCoolingDown.',
      thresholds: limitThresholds(3),
      span: 12,
    }));

  b.withRow(new RowBuilder('Usage and spend'))
    .withPanel(graph(ctx, 'Tokens per second by team', [{ expr: queries.tokensBy(scope, team), legend: '{{team_alias}}' }], {
      unit: 'short', description: 'Input + output tokens.', stacked: true,
    }))
    .withPanel(graph(ctx, 'Spend by team (USD per hour)', [{ expr: queries.spendPerHourBy(scope, team), legend: '{{team_alias}}' }], {
      unit: 'currencyUSD', description: 'Hourly average of LiteLLM\'s cost tracking.', stacked: true,
    }))
    .withPanel(bars(ctx, 'Spend in the last 24 h by team', { expr: queries.spendLastDayBy(scope, team), legend: '{{team_alias}}' }, {
      unit: 'currencyUSD', description: 'From `litellm_spend_metric`; LiteLLM\'s database keeps the authoritative spend.', thresholds: limitThresholds(Number.MAX_SAFE_INTEGER),
    }));

  return finish(b);
}
