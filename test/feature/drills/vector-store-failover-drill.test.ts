import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { ValidationError } from '../../../src/core';
import { TerraformStack, Testing } from '../../../src/core/cdktf';
import { renderStackFile, stackFilePaths } from '../../../src/core/stack-files';
import { GatewayRuntime, LlmGateway, ModelDeployment } from '../../../src/gateway';
import { Compliance, PolicyBundle, PolicyPack } from '../../../src/policy';
import { synthStack, synthToDirectory } from '../../../src/testing/synth';
import { terraformCheck } from '../../../src/testing/terraform';
import { VectorBackend, VectorStore } from '../../../src/vector-store';
import { STOP_CONDITION, VectorStoreFailoverDrill, type VectorStoreFailoverDrillProps } from '../api';

const PROPS: VectorStoreFailoverDrillProps = {
  auroraClusterIdentifier: 'llm-vectors-1a2b3c4d',
  loadBalancerName: 'llm-gateway-f7051705',
  slo: { availability: 0.999, latencyP95Ms: 1200 },
};

function build(props: Partial<VectorStoreFailoverDrillProps> = {}, policy = false) {
  const stack = new TerraformStack(Testing.app(), 'hiring');
  new AwsProvider(stack, 'aws', { region: 'us-east-1' });
  if (policy) new PolicyBundle(stack, 'Policy', { packs: [PolicyPack.securityBaseline(), PolicyPack.llmGovernance()] });
  const drill = new VectorStoreFailoverDrill(stack, 'VectorDrill', { ...PROPS, ...props });
  return { stack, drill };
}

const only = (json: any, type: string): any => {
  const all = Object.values(json.resource[type] ?? {});
  expect(all).toHaveLength(1);
  return all[0];
};

describe('VectorStoreFailoverDrill', () => {
  const { stack } = build();
  const json = synthStack(stack);

  test('fails over exactly the cluster, by ARN built from the identifier in this stack', () => {
    const t = only(json, 'aws_fis_experiment_template');
    expect(t.action).toEqual([{ action_id: 'aws:rds:failover-db-cluster', name: 'FailOverCluster', target: { key: 'Clusters', value: 'VectorStoreCluster' } }]);
    expect(t.target).toEqual([{
      name: 'VectorStoreCluster',
      resource_type: 'aws:rds:cluster',
      selection_mode: 'ALL',
      resource_arns: [expect.stringMatching(/^arn:\$\{data\.aws_partition\.[^}]+\.partition\}:rds:\$\{data\.aws_region\.[^}]+\.name\}:\$\{data\.aws_caller_identity\.[^}]+\.account_id\}:cluster:llm-vectors-1a2b3c4d$/)],
    }]);
    expect(t.log_configuration).toEqual({ log_schema_version: 2, cloudwatch_logs_configuration: { log_group_arn: expect.stringMatching(/^\$\{aws_cloudwatch_log_group\.VectorDrill_Logs_[0-9A-F]+\.arn\}:\*$/) } });
  });

  test('stops on two CloudWatch alarms mirroring the SLO on the gateway load balancer', () => {
    const t = only(json, 'aws_fis_experiment_template');
    expect(t.stop_condition).toHaveLength(2);
    for (const c of t.stop_condition) expect(c).toEqual({ source: 'aws:cloudwatch:alarm', value: expect.stringMatching(/^\$\{aws_cloudwatch_metric_alarm\.VectorDrill_(Availability|Latency)Alarm_[0-9A-F]+\.arn\}$/) });
    const alarms = Object.values<any>(json.resource.aws_cloudwatch_metric_alarm);
    const availability = alarms.find((a) => a.metric_query);
    // 14.4 × (1 − 0.999): the fast-burn page threshold
    expect(availability.threshold).toBe(0.0144);
    expect(availability.metric_query.find((q: any) => q.return_data).expression).toBe('IF(FILL(requests, 0) > 0, (FILL(targetErrors, 0) + FILL(lbErrors, 0)) / FILL(requests, 0), 0)');
    expect(availability.metric_query.filter((q: any) => q.metric).map((q: any) => q.metric.metric_name).sort()).toEqual(['HTTPCode_ELB_5XX_Count', 'HTTPCode_Target_5XX_Count', 'RequestCount']);
    const latency = alarms.find((a) => a.extended_statistic);
    expect(latency).toMatchObject({ metric_name: 'TargetResponseTime', namespace: 'AWS/ApplicationELB', extended_statistic: 'p95', threshold: 1.2 });
    for (const a of alarms) {
      expect(a).toMatchObject({ evaluation_periods: STOP_CONDITION.evaluationPeriods, datapoints_to_alarm: STOP_CONDITION.datapointsToAlarm, treat_missing_data: 'notBreaching' });
    }
    expect(Object.values<any>(json.data.aws_lb)[0].name).toBe('llm-gateway-f7051705');
  });

  test('the FIS role can only fail over this cluster and deliver its log; trust is FIS in this account', () => {
    // jsonencode({...}) in HCL: read the statements as text
    const policy: string = only(json, 'aws_iam_role_policy').policy.replace(/\s+/g, ' ');
    expect(policy).toMatch(/\{"Sid" = "FailOverThisCluster", "Effect" = "Allow", "Action" = \["rds:FailoverDBCluster", "rds:DescribeDBClusters"\], "Resource" = "arn:[^"]+:rds:[^"]+:cluster:llm-vectors-1a2b3c4d"\}/);
    expect(policy).toContain('{"Sid" = "DeliverExperimentLog", "Effect" = "Allow", "Action" = "logs:CreateLogDelivery", "Resource" = "*"}');
    expect(policy).toMatch(/\{"Sid" = "LogGroupResourcePolicy", "Effect" = "Allow", "Action" = \["logs:PutResourcePolicy", "logs:DescribeResourcePolicies", "logs:DescribeLogGroups"\], "Resource" = "arn:[^"]+:logs:[^"]+:log-group:\*"\}/);
    expect((policy.match(/"Sid" =/g) ?? []).length).toBe(3);
    const role = only(json, 'aws_iam_role');
    expect(role.assume_role_policy).toContain('fis.amazonaws.com');
    expect(role.assume_role_policy).toContain('aws:SourceAccount');
    expect(role.permissions_boundary).toMatch(/aws_iam_policy\.VectorDrill_Boundary/);
  });

  test('writes the drill page beside the stack', () => {
    expect(stackFilePaths(stack)).toContain('drills/vectordrill-vector-store-failover.md');
    const page = renderStackFile(stack, 'drills/vectordrill-vector-store-failover.md')!;
    expect(page).toContain('aws fis start-experiment --experiment-template-id "$TEMPLATE"');
    expect(page).toContain('5xx ratio above 0.0144');
  });

  test('rejects bad input with every problem at once', () => {
    const e = (() => {
      try {
        build({ auroraClusterIdentifier: 'arn:aws:rds:…', slo: { availability: 1, latencyP95Ms: -1 }, additionalStopAlarmArns: ['not-an-arn'] });
      } catch (err) {
        return err;
      }
      return undefined;
    })() as ValidationError;
    expect(e).toBeInstanceOf(ValidationError);
    expect(e.problems.map((p) => p.path).sort()).toEqual(['additionalStopAlarmArns[0]', 'auroraClusterIdentifier', 'slo.availability', 'slo.latencyP95Ms']);
  });

  test('passes both policy packs with no suppression', () => {
    const governed = build({}, true);
    expect(() => synthStack(governed.stack)).not.toThrow();
    const bundle = PolicyBundle.governing(governed.stack)[0];
    const findings = bundle.findings(governed.stack);
    expect(findings.length).toBeGreaterThan(10);
    // warnings included, and nothing suppressed
    expect(findings.filter((f) => f.compliance !== Compliance.COMPLIANT && f.compliance !== Compliance.NOT_APPLICABLE).map((f) => `${f.ruleId} ${f.resourcePath} ${f.compliance}`)).toEqual([]);
  });

  test('passes the real-Terraform check', async () => {
    const result = await terraformCheck(synthToDirectory(build().stack));
    if (result.status === 'skipped' && process.env.CI !== 'true') return;
    expect(result.message).not.toMatch(/Error:/);
    expect(result.status).toBe('passed');
  }, 600_000);
});

describe('VectorStoreFailoverDrill.forStack', () => {
  const slo = { availability: 0.999, latencyP95Ms: 1200 };

  function platformAndTeam() {
    const app = Testing.app();
    const platform = new TerraformStack(app, 'platform');
    new AwsProvider(platform, 'aws', { region: 'us-east-1' });
    const gateway = new LlmGateway(platform, 'gateway', {
      name: 'llm-gateway',
      runtime: GatewayRuntime.ecsFargate({ vpcId: 'vpc-0123456789abcdef0', privateSubnetIds: ['subnet-0123456789abcdef0', 'subnet-0123456789abcdef1'], certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/00000000-0000-0000-0000-000000000000' }),
      models: [ModelDeployment.bedrock({ alias: 'chat', modelId: 'amazon.nova-lite-v1:0', region: 'us-east-1' })],
    });
    const store = new VectorStore(platform, 'vectors', { backend: VectorBackend.auroraPgvector({ vpcId: 'vpc-0123456789abcdef0', subnetIds: ['subnet-0123456789abcdef0', 'subnet-0123456789abcdef1'] }) });
    const team = new TerraformStack(app, 'hiring');
    new AwsProvider(team, 'aws', { region: 'us-east-1' });
    return { app, platform, team, gateway, store };
  }

  test('one drill per team stack, from the literal names of the platform\'s cluster and load balancer, with no cross-stack reference', () => {
    const { team, gateway, store, platform } = platformAndTeam();
    const a = VectorStoreFailoverDrill.forStack(team, { gateway, vectorStore: store, slo })!;
    const b = VectorStoreFailoverDrill.forStack(team, { gateway, vectorStore: store, slo });
    expect(b).toBe(a);
    expect(a.pagePath).toBe('drills/hiring-vectors-vector-store-failover.md');
    const json = JSON.parse(Testing.synth(team, false));
    const platformJson = JSON.parse(Testing.synth(platform, false));
    // the platform has two Aurora clusters (the gateway's database and the vector store): the drill takes the store's
    const clusters = Object.entries<any>(platformJson.resource.aws_rds_cluster);
    expect(clusters).toHaveLength(2);
    const cluster = clusters.find(([id]) => id.startsWith('vectors_'))![1].cluster_identifier;
    const lb = Object.values<any>(platformJson.resource.aws_lb)[0].name;
    expect(Object.values<any>(json.resource.aws_fis_experiment_template)[0].target[0].resource_arns[0]).toMatch(new RegExp(`:cluster:${cluster}$`));
    expect(Object.values<any>(json.data.aws_lb)[0].name).toBe(lb);
    expect(json.data.terraform_remote_state).toBeUndefined();
  });

  test('does not apply without an Aurora store', () => {
    const { team, gateway } = platformAndTeam();
    expect(VectorStoreFailoverDrill.forStack(team, { gateway, slo })).toBeUndefined();
    expect(team.node.tryFindChild('VectorStoreFailoverDrill')).toBeUndefined();
  });
});
