/** Public renderers under fuzzed input: a ValidationError or output, never a TypeError or a hang. */
import * as fc from 'fast-check';
import { ValidationError } from '../../../src/core/errors';
import { renderAlertmanagerConfig } from '../../../src/observability/alerting';
import { platformDashboard, teamDashboard } from '../../../src/observability/dashboards';
import { featureRuleGroups, gatewayRuleGroups, renderRuleGroupsYaml } from '../../../src/observability/slo';

function only(error: unknown): void {
  if (!(error instanceof ValidationError)) throw error;
}

const name = fc.oneof(fc.constantFrom('prod', 'hiring', 'jd-gen'), fc.string(), fc.anything());
const slo = fc.oneof(
  fc.record({ availability: fc.double(), latencyP95Ms: fc.oneof(fc.integer(), fc.constantFrom(1200, 1000, 250)) }),
  fc.anything(),
);

describe('fuzzed observability renderers', () => {
  test('rule groups', () => {
    const args = [name, name, name, fc.string(), slo, fc.option(fc.double()), fc.option(fc.string())] as const;
    fc.assert(fc.property(...args, (gateway, team, feature, keyAlias, s, budget, runbookUrl) => {
      try {
        const input = { gateway, team, feature, keyAlias, slo: s, monthlyBudgetUsd: budget ?? undefined, runbookUrl: runbookUrl ?? undefined };
        const groups = featureRuleGroups(input as never);
        expect(renderRuleGroupsYaml(groups)).toContain('groups:');
      } catch (e) { only(e); }
      try {
        gatewayRuleGroups({ gateway, slo: s } as never);
      } catch (e) { only(e); }
    }), { numRuns: 300 });
  });

  test('dashboards', () => {
    const feature = fc.record({ name, keyAlias: fc.string(), slo: fc.option(slo, { nil: undefined }) });
    const args = [name, name, slo, fc.array(feature, { maxLength: 3 }), fc.option(fc.string(), { nil: undefined })] as const;
    fc.assert(fc.property(...args, (gateway, team, s, features, datasourceUid) => {
      try {
        expect(teamDashboard({ gateway, team, slo: s, features, datasourceUid } as never).uid).toEqual(expect.any(String));
      } catch (e) { only(e); }
      try {
        platformDashboard({ gateway, slo: s, datasourceUid } as never);
      } catch (e) { only(e); }
    }), { numRuns: 200 });
  });

  test('Alertmanager config', () => {
    const sns = fc.array(fc.record({ topicArn: fc.string(), region: fc.string() }));
    const receiver = fc.oneof(fc.record({ name: fc.string(), sns }), fc.anything());
    fc.assert(fc.property(receiver, receiver, fc.anything(), (page, ticket, groupBy) => {
      try {
        renderAlertmanagerConfig({ page, ticket, groupBy } as never);
      } catch (e) { only(e); }
    }), { numRuns: 300 });
  });
});
