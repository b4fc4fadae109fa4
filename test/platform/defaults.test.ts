import * as fs from 'node:fs';
import * as path from 'node:path';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { CERT, CLOUDS, SUBNETS, VPC, addresses, modelsOf, platformOn, teamWithFeatures } from './helpers';
import { PermissionsBoundary } from '../../src/aws';
import { AwsEnvironment } from '../../src/aws/environment';
import { OwnershipTagging } from '../../src/core';
import { Testing, TerraformStack } from '../../src/core/cdktf';
import { GatewayRuntime, LlmGateway } from '../../src/gateway';
import { DEFAULT_SLO, ObservabilityStack, ObservabilityTarget } from '../../src/observability';
import { PolicyBundle, PolicyPack } from '../../src/policy';
import { GatewayTenancy } from '../../src/tenancy';
import { VectorBackend, VectorStore } from '../../src/vector-store';

/** Resource and data source types with their counts, outputs and providers of a synthesized stack. */
function summary(json: any): Record<string, unknown> {
  const count = (block: Record<string, Record<string, unknown>> = {}) =>
    Object.fromEntries(Object.entries(block).map(([t, byName]) => [t, Object.keys(byName).length]).sort());
  return {
    providers: Object.keys(json.provider ?? {}).sort(),
    resources: count(json.resource),
    data: count(json.data),
    outputs: Object.keys(json.output ?? {}).length,
  };
}

/** Every stack of an app with the platform and one team with one feature, synthesized together. */
function synthesized(cloud: (typeof CLOUDS)[number]): Record<string, any> {
  const app = Testing.app({ stackTraces: false });
  const platform = platformOn(cloud, app);
  teamWithFeatures(platform, app, cloud, 'hiring', 1);
  app.synth();
  const read = (id: string) => JSON.parse(fs.readFileSync(path.join(app.outdir, 'stacks', id, 'cdk.tf.json'), 'utf8'));
  return { platform: read('llm'), team: read('llm-hiring') };
}

// Stateful resources: a change of their logical id destroys data. The list is pinned (snapshot) per cloud.
const STATEFUL = /^(aws_rds_cluster|aws_rds_cluster_instance|aws_elasticache_replication_group|aws_kms_key|aws_secretsmanager_secret|aws_s3_bucket|aws_prometheus_workspace|aws_grafana_workspace|aws_cloudwatch_log_group|google_sql_database_instance|google_redis_instance|google_secret_manager_secret|google_storage_bucket|google_bigquery_dataset|google_artifact_registry_repository|kubernetes_secret_v1|kubernetes_persistent_volume_claim_v1|helm_release)\./;

describe.each(CLOUDS)('LlmPlatform defaults on %s', (cloud) => {
  const stacks = synthesized(cloud);

  it('platform stack: providers, resource types and counts (snapshot)', () => {
    expect(summary(stacks.platform)).toMatchSnapshot();
  });

  it('team stack with one feature: providers, resource types and counts (snapshot)', () => {
    expect(summary(stacks.team)).toMatchSnapshot();
  });

  it('stateful resources keep their logical ids (snapshot)', () => {
    const stateful = [...addresses(stacks.platform), ...addresses(stacks.team).map((a) => `team:${a}`)].filter((a) => STATEFUL.test(a.replace(/^team:/, '')));
    expect(stateful.length).toBeGreaterThan(0);
    expect(stateful).toMatchSnapshot();
  });
});

describe('LlmPlatform composes the parts as you would by hand', () => {
  it('AWS: every resource has the logical id it has when the same parts are composed by hand in a stack', () => {
    // GIVEN the platform
    const viaPlatform = platformOn('aws');

    // AND the same parts, with the same ids and props, in a plain stack
    const app = Testing.app({ stackTraces: false });
    const stack = new TerraformStack(app, 'llm');
    new AwsProvider(stack, 'aws', { region: 'us-east-1' });
    const tags = { team: 'platform', environment: 'production' };
    OwnershipTagging.apply(stack, tags);
    const { models, fallbacks, modelAllowList } = modelsOf('aws');
    new PolicyBundle(stack, 'Policy', { packs: [PolicyPack.securityBaseline({ strict: true }), PolicyPack.llmGovernance({ strict: true, modelAllowList: [...modelAllowList!] })] });
    const env = AwsEnvironment.of(stack);
    const inAccount = (service: string, resource: string) => `arn:${env.partition}:${service}:*:${env.account}:${resource}`;
    const boundary = new PermissionsBoundary(stack, 'GatewayBoundary', {
      nameParts: ['llm', 'gateway'],
      description: 'Ceiling of the llm LLM gateway roles',
      // The statements do not change logical ids; one suffices for the comparison.
      allow: [{ Sid: 'Models', Action: 'bedrock:InvokeModel', Resource: inAccount('bedrock', 'inference-profile/*') }],
    });
    const observability = new ObservabilityStack(stack, 'Observability', {
      target: ObservabilityTarget.aws({ grafana: { allowedVpcEndpointIds: ['vpce-0123456789abcdef0'] } }),
      slo: DEFAULT_SLO,
      name: 'llm-obs',
      tags,
    });
    const gateway = new LlmGateway(stack, 'gateway', {
      name: 'llm',
      runtime: GatewayRuntime.ecsFargate({ vpcId: VPC, privateSubnetIds: SUBNETS, certificateArn: CERT, domainName: 'llm.internal.example.com', permissionsBoundaryArn: boundary.arn }),
      models,
      fallbacks,
      tags,
      observability,
    });
    const store = new VectorStore(stack, 'vectors', { backend: VectorBackend.auroraPgvector({ vpcId: VPC, subnetIds: SUBNETS }), nameParts: ['llm', 'vectors'] });
    const tenancy = new GatewayTenancy(stack, 'Tenancy', { gateway });
    store.allowConnectionsFrom('gateway-callers', tenancy.aws!.outputs.callerSecurityGroupId);

    // WHEN both are synthesized, THEN the resource addresses are the same
    expect(addresses(JSON.parse(Testing.synth(viaPlatform)))).toEqual(addresses(JSON.parse(Testing.synth(stack))));
  });
});
