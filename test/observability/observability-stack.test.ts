import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import * as fc from 'fast-check';
import { awsPlatform, resources } from './helpers';
import { ValidationError } from '../../src/core';
import { TerraformStack, Testing } from '../../src/core/cdktf';
import { AlertChannel, ObservabilityStack, ObservabilityTarget } from '../../src/observability';
import { normalizeForSnapshot, synthStack } from '../../src/testing';

/** Anything a caller could pass where a prop is expected. */
const anyValue = fc.oneof(
  fc.string(), fc.integer(), fc.double(), fc.boolean(), fc.constant(undefined), fc.constant(null),
  fc.array(fc.string(), { maxLength: 3 }), fc.object({ maxDepth: 1 }),
);

function outcome(fn: () => unknown): 'ok' | 'validation' {
  try {
    fn();
    return 'ok';
  } catch (e) {
    if (e instanceof ValidationError) return 'validation';
    throw e;
  }
}

describe('ObservabilityStack input', () => {
  it('answers any props with a ValidationError or a stack, never a TypeError', () => {
    fc.assert(fc.property(
      fc.record({
        target: fc.oneof(anyValue, fc.constant(ObservabilityTarget.kubernetes())),
        slo: fc.oneof(anyValue, fc.record({ availability: fc.double(), latencyP95Ms: fc.oneof(fc.integer(), fc.constantFrom(1200, 1000)) })),
        alerting: fc.oneof(anyValue, fc.record({ page: fc.oneof(anyValue, fc.constant([AlertChannel.email('a@example.com')])) })),
        runbookUrl: anyValue,
        name: anyValue,
        extra: anyValue,
      }, { requiredKeys: [] }),
      (props) => {
        const stack = new TerraformStack(Testing.app(), 's');
        outcome(() => new ObservabilityStack(stack, 'obs', props as never));
      },
    ), { numRuns: 150 });
  });

  it('answers any team or feature input with a ValidationError or a handle, never a TypeError', () => {
    const { observability } = awsPlatform();
    fc.assert(fc.property(anyValue, anyValue, anyValue, (team, options, feature) => {
      outcome(() => observability.watch(team as never));
      const r = outcome(() => observability.addTeamDashboard(team as never, options as never));
      if (r === 'ok') outcome(() => observability.addTeamDashboard(team as string).addFeature(feature as never));
    }), { numRuns: 100 });
  });
});

describe('ObservabilityStack defaults (AWS)', () => {
  const { stack } = awsPlatform();
  const json = synthStack(stack);

  it('keep the logical ids of the stateful resources (renaming one replaces it)', () => {
    const ids = (type: string) => Object.keys(json.resource[type] ?? {});
    expect(ids('aws_prometheus_workspace')).toEqual([expect.stringMatching(/^obs_Aws_Workspace_[A-F0-9]{8}$/)]);
    expect(ids('aws_grafana_workspace')).toEqual([expect.stringMatching(/^obs_Aws_Grafana_Workspace_[A-F0-9]{8}$/)]);
    expect(ids('aws_s3_bucket').filter((id) => id.startsWith('obs_'))).toEqual([expect.stringMatching(/^obs_Aws_Audit_Bucket_[A-F0-9]{8}$/)]);
    expect(ids('aws_glue_catalog_table')).toEqual([expect.stringMatching(/^obs_Aws_Audit_Table_[A-F0-9]{8}$/)]);
    expect(ids('aws_sns_topic').sort()).toEqual([expect.stringMatching(/^obs_Aws_Alerting_PageTopic_/), expect.stringMatching(/^obs_Aws_Alerting_TicketTopic_/)]);
  });

  it('matches the snapshot', () => {
    const mine = Object.fromEntries(Object.entries<Record<string, unknown>>(json.resource).map(([type, byId]) => [
      type,
      Object.fromEntries(Object.entries(byId).filter(([id]) => id.startsWith('obs_'))),
    ]).filter(([, byId]) => Object.keys(byId as object).length > 0));
    expect(normalizeForSnapshot({ resource: mine, output: json.output })).toMatchSnapshot();
  });

  it('name their resources after the stack (name prop) and stay within provider limits', () => {
    const app = Testing.app({ stubVersion: true });
    const s = new TerraformStack(app, 's');
    new AwsProvider(s, 'aws', { region: 'us-east-1' });
    new ObservabilityStack(s, 'Observability', { name: 'prod-llm', target: ObservabilityTarget.aws({ grafana: { enabled: false } }) });
    const j = synthStack(s, { allowPolicyErrors: true });
    expect(resources(j, 'aws_prometheus_workspace')[0].alias).toMatch(/^prod-llm-llm-[a-f0-9]{8}$/);
    for (const t of resources(j, 'aws_sns_topic')) expect(t.name.length).toBeLessThanOrEqual(256);
  });
});
