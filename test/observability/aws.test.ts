import * as fs from 'node:fs';
import * as path from 'node:path';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { parse } from 'yaml';
import { ECS, awsPlatform, bedrock, platformDashboardUid, resources } from './helpers';
import { ValidationError } from '../../src/core';
import { TerraformStack, Testing } from '../../src/core/cdktf';
import { GatewayRuntime, LlmGateway, ModelDeployment } from '../../src/gateway';
import {
  ADOT, AlertChannel, ObservabilityStack, ObservabilityTarget, checkCollectorConfig, DASHBOARD_DIR,
} from '../../src/observability';
import { synthStack, synthToDirectory, terraformCheck } from '../../src/testing';

function containers(json: any): any[] {
  return JSON.parse(resources(json, 'aws_ecs_task_definition')[0].container_definitions);
}

/** The collector config as the sidecar receives it, with Terraform references replaced by placeholders. */
function collectorYaml(json: any): any {
  const env = containers(json).find((c) => c.name === 'otel-collector').environment;
  const text = env.find((e: any) => e.name === 'AOT_CONFIG_CONTENT').value as string;
  return parse(text.replace(/\$\{[^}]+\}/g, 'TF_REF'));
}

function litellmConfig(json: any): any {
  return parse(resources(json, 'aws_s3_object')[0].content);
}

function policyOf(json: any, name: string): any {
  return JSON.parse(resources(json, 'aws_iam_role_policy').find((p) => p.name === name).policy);
}

describe('ObservabilityTarget.aws', () => {
  const { stack } = awsPlatform();
  const json = synthStack(stack);

  it('keeps metrics in a KMS-encrypted Prometheus workspace that logs to an encrypted log group', () => {
    const [workspace] = resources(json, 'aws_prometheus_workspace');
    expect(workspace.kms_key_arn).toMatch(/^\$\{aws_kms_key\.obs_Aws_Key_.*\.arn\}$/);
    expect(workspace.logging_configuration.log_group_arn).toMatch(/^\$\{aws_cloudwatch_log_group\.obs_Aws_WorkspaceLogs.*\.arn\}:\*$/);
  });

  it('runs an ADOT sidecar that scrapes LiteLLM on localhost and fits the pinned image', () => {
    const collector = containers(json).find((c) => c.name === 'otel-collector');
    expect(collector.image).toBe(ADOT.image);
    expect(collector.essential).toBe(false);
    const config = collectorYaml(json);
    expect(checkCollectorConfig(config, ADOT)).toEqual([]);
    expect(config.receivers.prometheus.config.scrape_configs[0].static_configs[0]).toEqual({ targets: ['127.0.0.1:4000'], labels: { gateway: 'llm-gw' } });
    expect(config.exporters.prometheusremotewrite.endpoint).toBe('TF_REFapi/v1/remote_write');
    // LiteLLM starts after the collector, so its first spans and scrapes find it listening.
    expect(containers(json).find((c) => c.name === 'litellm').dependsOn).toContainEqual({ containerName: 'otel-collector', condition: 'START' });
    // ECS checks it with the image's own /healthcheck (no shell in the image) against the health_check extension.
    expect(collector.healthCheck).toEqual({ command: ['CMD', '/healthcheck', '--port=13133'], interval: 30, timeout: 5, retries: 3, startPeriod: 30 });
    expect(config.extensions.health_check.endpoint).toBe('0.0.0.0:13133');
  });

  it('lets the task role remote-write to exactly its workspace, write traces and append audit records', () => {
    const policy = policyOf(json, 'observability');
    expect(policy.Statement).toEqual(expect.arrayContaining([
      { Sid: 'RemoteWriteMetrics', Effect: 'Allow', Action: 'aps:RemoteWrite', Resource: expect.stringMatching(/^\$\{aws_prometheus_workspace\.obs_Aws_Workspace_[A-F0-9]+\.arn\}$/) },
      expect.objectContaining({ Sid: 'WriteTraces', Resource: '*' }),
      { Sid: 'AuditTrailWrite', Effect: 'Allow', Action: 's3:PutObject', Resource: expect.stringMatching(/\.arn\}\/litellm\/\*$/) },
    ]));
    const role = resources(json, 'aws_iam_role_policy').find((p) => p.name === 'observability').role;
    expect(role).toMatch(/aws_iam_role\.gateway_EcsFargate_TaskRole_/);
  });

  it('renders the LiteLLM callbacks: traces to the sidecar, audit records to the bucket, no message content', () => {
    const config = litellmConfig(json);
    expect(config.litellm_settings.callbacks).toEqual(expect.arrayContaining(['prometheus', 'otel', 's3_v2']));
    expect(config.litellm_settings.turn_off_message_logging).toBe(true);
    expect(config.litellm_settings.redact_user_api_key_info).toBe(false);
    expect(config.litellm_settings.s3_callback_params).toEqual({ s3_bucket_name: 'os.environ/AUDIT_S3_BUCKET', s3_region_name: 'os.environ/AUDIT_S3_REGION', s3_path: 'litellm' });
    expect(config.callback_settings).toEqual({ otel: { message_logging: false } });
    const env = Object.fromEntries(containers(json).find((c) => c.name === 'litellm').environment.map((e: any) => [e.name, e.value]));
    expect(env).toMatchObject({ OTEL_EXPORTER: 'otlp_http', OTEL_ENDPOINT: 'http://127.0.0.1:4318/v1/traces', OTEL_SERVICE_NAME: 'llm-gw', OTEL_ENVIRONMENT_NAME: 'prod' });
    expect(env.AUDIT_S3_BUCKET).toMatch(/^\$\{aws_s3_bucket\.obs_Aws_Audit_Bucket_.*\.bucket\}$/);
  });

  it('keeps multi-process metrics correct: PROMETHEUS_MULTIPROC_DIR on a writable task volume, config passed with --config', () => {
    const litellm = containers(json).find((c) => c.name === 'litellm');
    const env = Object.fromEntries(litellm.environment.map((e: any) => [e.name, e.value]));
    expect(litellm.mountPoints).toContainEqual({ sourceVolume: expect.any(String), containerPath: env.PROMETHEUS_MULTIPROC_DIR, readOnly: false });
    expect(litellm.readonlyRootFilesystem).toBe(true);
    // With prometheus in a --config file and several workers LiteLLM also creates and wipes the directory
    // (proxy_cli.py `_maybe_setup_prometheus_multiproc_dir`); the task volume starts empty either way.
    expect(litellm.command).toContain('--config');
    expect(litellmConfig(json).litellm_settings.callbacks).toContain('prometheus');
  });

  it('strips message content from spans in the collector', () => {
    expect(collectorYaml(json).service.pipelines.traces.processors).toEqual(['memory_limiter', 'filter/raw-requests', 'attributes/strip-message-content', 'batch']);
  });

  it('routes alerts to KMS-encrypted SNS topics only this workspace may publish to', () => {
    const topics = resources(json, 'aws_sns_topic');
    expect(topics).toHaveLength(2);
    for (const t of topics) expect(t.kms_master_key_id).toMatch(/aws_kms_key\.obs_Aws_Key_/);
    const policy = JSON.parse(resources(json, 'aws_sns_topic_policy')[0].policy);
    expect(policy.Statement[0]).toMatchObject({
      Principal: { Service: 'aps.amazonaws.com' },
      Action: ['sns:Publish', 'sns:GetTopicAttributes'],
      Condition: { StringEquals: { 'aws:SourceAccount': expect.stringContaining('data.aws_caller_identity') }, ArnEquals: { 'aws:SourceArn': expect.stringMatching(/aws_prometheus_workspace\..*\.arn/) } },
    });
    const definition = parse(resources(json, 'aws_prometheus_alert_manager_definition')[0].definition);
    expect(typeof definition.alertmanager_config).toBe('string');
    // The KMS key lets AMP encrypt what it publishes (aps service principal, this account only).
    const keyPolicy = JSON.stringify(resources(json, 'aws_kms_key').find((k) => k.description.startsWith('LLM observability')).policy);
    expect(keyPolicy).toContain('aps.');
  });

  it('provisions the gateway SLO rules into the workspace', () => {
    const [ns] = resources(json, 'aws_prometheus_rule_group_namespace');
    expect(ns.name).toBe('llm-gw-gateway');
    expect(ns.workspace_id).toMatch(/aws_prometheus_workspace\..*\.id/);
    expect(parse(ns.data).groups.length).toBeGreaterThan(0);
    expect(ns.data).toContain('gateway="llm-gw"');
  });

  it('creates a private Managed Grafana: IAM Identity Center, listed networks only, a role scoped to the workspace', () => {
    const [grafana] = resources(json, 'aws_grafana_workspace');
    expect(grafana).toMatchObject({ authentication_providers: ['AWS_SSO'], permission_type: 'CUSTOMER_MANAGED', account_access_type: 'CURRENT_ACCOUNT' });
    expect(grafana.network_access_control).toEqual({ vpce_ids: ['vpce-0123456789abcdef0'], prefix_list_ids: [] });
    expect(policyOf(json, 'query-prometheus').Statement[0].Resource).toMatch(/aws_prometheus_workspace\..*\.arn/);
    const [ds] = resources(json, 'grafana_data_source');
    expect(JSON.parse(ds.json_data_encoded)).toMatchObject({ sigV4Auth: true, sigV4AuthType: 'ec2' });
    expect(resources(json, 'grafana_dashboard')[0].folder).toBe('llm-platform');
  });

  it('keeps an immutable, encrypted, queryable audit trail', () => {
    const bucket = resources(json, 'aws_s3_bucket').find((b) => b.object_lock_enabled);
    expect(bucket).toBeDefined();
    expect(resources(json, 'aws_s3_bucket_object_lock_configuration')[0].rule.default_retention).toEqual({ mode: 'COMPLIANCE', days: 365 });
    const table = resources(json, 'aws_glue_catalog_table')[0];
    const columns = table.storage_descriptor.columns.map((c: any) => c.name);
    expect(columns).toEqual(expect.arrayContaining(['model', 'total_tokens', 'response_cost', 'response_time', 'status', 'metadata']));
    expect(columns).not.toEqual(expect.arrayContaining(['messages']));
    expect(columns).not.toContain('response');
    // Terraform reads `${dt}` literally (Athena's projection placeholder): the template is escaped.
    expect(table.parameters['storage.location.template']).toMatch(/\/litellm\/(\$\$|\$\{"\$"\})\{dt\}\/$/);
  });

  it('writes the dashboard JSON beside cdk.tf.json', () => {
    const dir = synthToDirectory(stack);
    const files = fs.readdirSync(path.join(dir, DASHBOARD_DIR));
    const uid = platformDashboardUid('llm-gw');
    expect(files).toEqual([`${uid}.json`]);
    expect(JSON.parse(fs.readFileSync(path.join(dir, DASHBOARD_DIR, files[0]), 'utf8')).uid).toBe(uid);
  });

  it('exports only the fixed platform values other stacks may read', () => {
    expect(Object.keys(json.output).sort()).toEqual([
      expect.stringMatching(/^cross-stack-output-aws_grafana_workspace_service_account_token.*key$/),
      expect.stringMatching(/^cross-stack-output-aws_grafana_workspaceobs.*endpoint$/),
      expect.stringMatching(/^cross-stack-output-aws_prometheus_workspace.*id$/),
    ]);
    for (const o of Object.values<any>(json.output)) expect(o.sensitive).toBe(true);
  });

  it('passes the real-Terraform check (grafana resources listed as not validated)', async () => {
    const result = await terraformCheck(synthToDirectory(stack));
    if (result.status === 'skipped' && process.env.CI !== 'true') return;
    expect(result.message).not.toMatch(/Error:/);
    expect(result.status).toBe('passed');
    expect(result.notValidated).toEqual(expect.arrayContaining(['provider:grafana', expect.stringMatching(/^grafana_dashboard\./), expect.stringMatching(/^grafana_data_source\./)]));
  }, 600_000);
});

describe('ObservabilityTarget.aws options', () => {
  it('keeps message content on spans only when the gateway allows message logging', () => {
    const { stack } = awsPlatform(undefined, {}, { allowMessageLogging: true });
    const json = synthStack(stack, { allowPolicyErrors: true });
    expect(collectorYaml(json).processors['attributes/strip-message-content']).toBeUndefined();
    expect(litellmConfig(json).callback_settings).toEqual({ otel: { message_logging: true } });
  });

  it('subscribes e-mail channels and routes an own topic directly', () => {
    const { stack } = awsPlatform(undefined, {
      alerting: { page: [AlertChannel.email('oncall@example.com'), AlertChannel.snsTopic('arn:aws:sns:us-east-1:123456789012:pager')], ticket: [AlertChannel.email('llm@example.com')] },
    });
    const json = synthStack(stack);
    expect(resources(json, 'aws_sns_topic_subscription').map((s) => [s.protocol, s.endpoint]).sort()).toEqual([['email', 'llm@example.com'], ['email', 'oncall@example.com']]);
  });

  it('with audit and tracing off, renders neither callback nor their permissions', () => {
    const app = Testing.app({ stubVersion: true });
    const stack = new TerraformStack(app, 's');
    new AwsProvider(stack, 'aws', { region: 'us-east-1' });
    const observability = new ObservabilityStack(stack, 'obs', {
      target: ObservabilityTarget.aws({ grafana: { enabled: false }, tracing: false, audit: { enabled: false } }),
    });
    new LlmGateway(stack, 'gateway', { name: 'gw', runtime: GatewayRuntime.ecsFargate(ECS), models: [bedrock()], observability });
    const json = synthStack(stack, { allowPolicyErrors: true });
    expect(litellmConfig(json).litellm_settings.callbacks).toEqual(['prometheus']);
    expect(policyOf(json, 'observability').Statement.map((s: any) => s.Sid)).toEqual(['RemoteWriteMetrics']);
    expect(resources(json, 'aws_grafana_workspace')).toEqual([]);
    expect(resources(json, 'aws_glue_catalog_table')).toEqual([]);
  });
});

describe('ObservabilityStack validation', () => {
  const stackOf = () => {
    const stack = new TerraformStack(Testing.app(), 's');
    new AwsProvider(stack, 'aws', { region: 'us-east-1' });
    return stack;
  };

  it('reports every problem at once, naming the construct, the prop and the fix', () => {
    const stack = stackOf();
    let error: unknown;
    try {
      new ObservabilityStack(stack, 'obs', {
        target: ObservabilityTarget.aws({ grafana: { tokenTtlDays: 90 } }),
        slo: { availability: 0.999, latencyP95Ms: 1100 },
        runbookUrl: 'http://wiki/runbook',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    const e = error as ValidationError;
    expect(e.constructPath).toBe('s/obs');
    expect(e.problems.map((p) => p.path).sort()).toEqual(['runbookUrl', 'slo.latencyP95Ms', 'target.grafana.tokenTtlDays']);
    expect(stack.node.tryFindChild('obs')?.node.children.length ?? 0).toBe(0);
  });

  it('refuses a Managed Grafana no network can reach', () => {
    expect(() => new ObservabilityStack(stackOf(), 'obs', { target: ObservabilityTarget.aws() })).toThrow(/grafana: allows no network to reach the Managed Grafana workspace.*Fix: pass grafana.allowedVpcEndpointIds/s);
  });

  it('refuses to instrument a gateway that does not run on ECS', () => {
    const stack = stackOf();
    const observability = new ObservabilityStack(stack, 'obs', { target: ObservabilityTarget.aws({ grafana: { enabled: false } }) });
    expect(() => new LlmGateway(stack, 'gateway', {
      runtime: GatewayRuntime.cloudRun({ project: 'acme-llm-prod', region: 'us-east5', network: 'n', subnetwork: 's' }),
      models: [ModelDeployment.vertexAi({ alias: 'chat', model: 'gemini-2.5-flash', project: 'acme-llm-prod', location: 'us-east5' })],
      observability,
    })).toThrow(/target: cannot instrument a cloud-run gateway.*Fix: use ObservabilityTarget.kubernetes for EKS, ObservabilityTarget.gcp for Cloud Run/s);
  });

  it('needs a watched gateway before a team dashboard, and rejects bad team and feature names', () => {
    const stack = stackOf();
    const observability = new ObservabilityStack(stack, 'obs', { target: ObservabilityTarget.aws({ grafana: { enabled: false } }) });
    expect(() => observability.addTeamDashboard('hiring')).toThrow(/names no gateway and the stack watches none/);
    new LlmGateway(stack, 'gateway', { name: 'gw', runtime: GatewayRuntime.ecsFargate(ECS), models: [bedrock()], observability });
    expect(() => observability.addTeamDashboard('Hiring Team')).toThrow(ValidationError);
    const team = observability.addTeamDashboard('hiring');
    expect(observability.addTeamDashboard('hiring')).toBe(team);
    team.addFeature({ name: 'summarize' });
    expect(() => team.addFeature({ name: 'summarize' })).toThrow(/feature.name: is already a feature of team hiring/);
    expect(() => team.addFeature({ name: 'x', slo: { availability: 2, latencyP95Ms: 1200 } })).toThrow(/feature.slo.availability/);
  });

  it('watching the same gateway twice changes nothing', () => {
    const { stack, observability, gateway } = awsPlatform();
    observability.watch(gateway);
    expect(resources(synthStack(stack), 'aws_prometheus_rule_group_namespace')).toHaveLength(1);
  });
});
