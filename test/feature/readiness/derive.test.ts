import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { GoogleProvider } from '@cdktf/provider-google/lib/provider';
import { TerraformStack, Testing } from '../../../src/core/cdktf';
import { VectorBackend, VectorStore } from '../../../src/vector-store';
import { observabilityReadinessFacts, vectorStoreNames } from '../api';

const rules = { gateway: 'llm-gateway', team: 'hiring', feature: 'jd-gen', keyAlias: 'hiring/jd-gen', slo: { availability: 0.999, latencyP95Ms: 1200 } };

describe('observabilityReadinessFacts', () => {
  test('lists the alerts the feature\'s rule group deploys, and the dashboard file', () => {
    const o = observabilityReadinessFacts({ dashboardUid: 'llm-team-llm-gateway-hiring', rules: { ...rules, monthlyBudgetUsd: 1000 } });
    expect(o.alerts.value).toEqual(['LlmAvailabilityBudgetBurn', 'LlmLatencyBudgetBurn', 'LlmSpendBudgetExhaustionProjected']);
    expect(o.ruleGroup).toBe('llm-feature-llm-gateway-hiring-jd-gen');
    expect(o.dashboard.value).toEqual({ uid: 'llm-team-llm-gateway-hiring', file: 'dashboards/llm-team-llm-gateway-hiring.json' });
    expect(o.monthlyBudgetUsd).toBe(1000);
  });
  test('without a budget there is no spend alert (and the limits item will say so)', () => {
    expect(observabilityReadinessFacts({ dashboardUid: 'x', rules }).alerts.value).not.toContain('LlmSpendBudgetExhaustionProjected');
  });
});

describe('vectorStoreNames', () => {
  test('Aurora: the cluster identifier and the provider region', () => {
    const stack = new TerraformStack(Testing.app(), 'platform');
    new AwsProvider(stack, 'aws', { region: 'us-east-1' });
    const store = new VectorStore(stack, 'vectors', { backend: VectorBackend.auroraPgvector({ vpcId: 'vpc-0123456789abcdef0', subnetIds: ['subnet-0123456789abcdef0', 'subnet-0123456789abcdef1'] }) });
    const names = vectorStoreNames(store);
    expect(names.aurora!.region).toBe('us-east-1');
    const json = JSON.parse(Testing.synth(stack, false));
    const clusters = Object.values(json.resource.aws_rds_cluster) as Array<{ cluster_identifier: string }>;
    expect(names.aurora!.clusterIdentifier).toBe(clusters[0].cluster_identifier);
  });
  test('Cloud SQL: project and instance', () => {
    const stack = new TerraformStack(Testing.app(), 'gcp');
    new GoogleProvider(stack, 'google', { project: 'llm-platform-prod', region: 'europe-west1' });
    const store = new VectorStore(stack, 'vectors', {
      backend: VectorBackend.cloudSqlPgvector({
        project: 'llm-platform-prod',
        region: 'europe-west1',
        network: 'projects/llm-platform-prod/global/networks/platform',
        bootstrapSubnetwork: 'projects/llm-platform-prod/regions/europe-west1/subnetworks/jobs',
      }),
    });
    const names = vectorStoreNames(store);
    expect(names.cloudSql!.project).toBe('llm-platform-prod');
    expect(names.cloudSql!.instance.length).toBeGreaterThan(3);
  });
});
