import type { IConstruct } from 'constructs';
import { z } from 'zod';
import { PANEL_WINDOW, queries } from './queries';
import { schemaFor, validateProps } from '../../core/validation';
import {
  ALERT_NAMES, LABELS, featureNameSchema, featureScope, gatewayNameSchema, keyAliasSchema, sloSchema, teamNameSchema, type SloObjectives,
} from '../slo';

export interface FeatureQueriesInput {
  readonly gateway: string;
  readonly team: string;
  readonly feature: string;
  readonly keyAlias: string;
  readonly slo: SloObjectives;
}

/**
 * The PromQL a runbook or a readiness report points at for one feature — the same expressions the
 * team dashboard's feature row and the feature's alerts use, so they cannot drift apart.
 */
export interface FeatureQueries {
  /** Requests per second (the key and its rotation aliases). */
  readonly requestsPerSecond: string;
  /** Error ratio over 5 minutes (recording of `featureRuleGroups`). */
  readonly errorRatio: string;
  /** Availability burn rate over 1 hour (14.4 pages together with the 5 m window). */
  readonly burnRate1h: string;
  /** p95 end-to-end latency of successful requests, seconds. */
  readonly latencyP95Seconds: string;
  /** Failure ratio per provider deployment of the calls made for this feature. */
  readonly providerFailureRatio: string;
  /** Share of this feature's fallbacks that succeeded over the last hour. */
  readonly fallbackSuccessShare: string;
  /** Spend, USD per hour. */
  readonly spendPerHourUsd: string;
  /** Alert names and the labels that select this feature's alerts. */
  readonly alerts: {
    readonly names: ReadonlyArray<string>;
    readonly labels: Readonly<Record<string, string>>;
  };
}

const schema = schemaFor<FeatureQueriesInput>()(z.strictObject({
  gateway: gatewayNameSchema,
  team: teamNameSchema,
  feature: featureNameSchema,
  keyAlias: keyAliasSchema,
  slo: sloSchema,
}));

export function featureQueries(input: FeatureQueriesInput, errorScope: IConstruct | string = 'featureQueries'): FeatureQueries {
  const p = validateProps(errorScope, schema, input);
  const scope = featureScope(p.gateway, p.team, p.feature, p.keyAlias);
  return {
    requestsPerSecond: queries.requestsBy(scope, []),
    errorRatio: queries.errorRatio(scope, PANEL_WINDOW),
    burnRate1h: queries.availabilityBurn(scope, '1h', 1 - p.slo.availability),
    latencyP95Seconds: queries.latencyP95(scope),
    providerFailureRatio: queries.deploymentFailureRatioFor(scope),
    fallbackSuccessShare: queries.fallbackSuccessShare(scope),
    spendPerHourUsd: queries.spendPerHourBy(scope, []),
    alerts: {
      names: [ALERT_NAMES.availability, ALERT_NAMES.latency, ALERT_NAMES.spend],
      labels: { gateway: p.gateway, scope: 'feature', team: p.team, feature: p.feature, [LABELS.feature]: p.keyAlias },
    },
  };
}
