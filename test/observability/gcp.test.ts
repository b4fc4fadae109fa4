import { GoogleProvider } from '@cdktf/provider-google/lib/provider';
import { parse } from 'yaml';
import { resources } from './helpers';
import { SecretRef } from '../../src/core';
import { TerraformStack, Testing } from '../../src/core/cdktf';
import { GatewayRuntime, LlmGateway, ModelDeployment } from '../../src/gateway';
import { AlertChannel, ObservabilityStack, ObservabilityTarget, OTELCOL_GOOGLE, checkCollectorConfig } from '../../src/observability';
import { synthStack } from '../../src/testing';

const PROJECT = 'acme-llm-prod';
const HMAC = {
  serviceAccountEmail: 'llm-audit-writer@acme-llm-prod.iam.gserviceaccount.com',
  accessId: SecretRef.gcpSecretManager(`projects/${PROJECT}/secrets/audit-hmac-access-id`),
  secret: SecretRef.gcpSecretManager(`projects/${PROJECT}/secrets/audit-hmac-secret`),
};

function setup() {
  const app = Testing.app({ stubVersion: true });
  const stack = new TerraformStack(app, 'gcp');
  new GoogleProvider(stack, 'google', { project: PROJECT, region: 'europe-west1' });
  const observability = new ObservabilityStack(stack, 'obs', {
    target: ObservabilityTarget.gcp({ project: PROJECT, region: 'europe-west1', audit: { hmacKey: HMAC } }),
    alerting: {
      page: [AlertChannel.pagerDuty(SecretRef.gcpSecretManager(`projects/${PROJECT}/secrets/pagerduty-key`))],
      ticket: [AlertChannel.email('llm-platform@example.com')],
    },
  });
  new LlmGateway(stack, 'gateway', {
    name: 'llm-gw',
    runtime: GatewayRuntime.cloudRun({ project: PROJECT, region: 'europe-west1', network: 'projects/acme-llm-prod/global/networks/llm', subnetwork: 'projects/acme-llm-prod/regions/europe-west1/subnetworks/run' }),
    models: [ModelDeployment.vertexAi({ alias: 'chat', model: 'gemini-2.5-flash', project: PROJECT, location: 'europe-west1' })],
    observability,
  });
  const team = new TerraformStack(app, 'team');
  new GoogleProvider(team, 'google', { project: PROJECT });
  observability.addTeamDashboard('hiring', { scope: team });
  return { stack, team };
}

describe('ObservabilityTarget.gcp', () => {
  const { stack, team } = setup();
  const json = synthStack(stack);
  const containers = resources(json, 'google_cloud_run_v2_service')[0].template.containers as any[];

  it('runs the Google-built collector beside LiteLLM, started and probed first, with a config that fits the image', () => {
    const collector = containers.find((c) => c.name === 'otel-collector');
    expect(collector.image).toBe(OTELCOL_GOOGLE.image);
    expect(collector.command).toEqual(OTELCOL_GOOGLE.command);
    expect(collector.startup_probe.http_get).toEqual({ path: '/', port: 13133 });
    const text = collector.env.find((e: any) => e.name === 'OTELCOL_CONFIG').value as string;
    const config = parse(text.replace(/\$\{[^}]+\}/g, 'TF_REF'));
    expect(checkCollectorConfig(config, OTELCOL_GOOGLE)).toEqual([]);
    expect(config.exporters).toEqual({ googlemanagedprometheus: { project: PROJECT }, googlecloud: { project: PROJECT } });
    const litellm = containers.find((c) => c.name !== 'otel-collector' && c.depends_on);
    expect(litellm.depends_on).toContain('otel-collector');
  });

  it('keeps multi-process metrics correct: PROMETHEUS_MULTIPROC_DIR on an in-memory volume', () => {
    const service = resources(json, 'google_cloud_run_v2_service')[0];
    const litellm = containers.find((c) => c.env?.some((e: any) => e.name === 'PROMETHEUS_MULTIPROC_DIR'));
    const dir = litellm.env.find((e: any) => e.name === 'PROMETHEUS_MULTIPROC_DIR').value;
    const mount = litellm.volume_mounts.find((m: any) => m.mount_path === dir);
    expect(service.template.volumes.find((v: any) => v.name === mount.name).empty_dir).toMatchObject({ medium: 'MEMORY' });
  });

  it('lets the gateway\'s service account write metrics and traces', () => {
    const roles = resources(json, 'google_project_iam_member').filter((m) => m.role.startsWith('roles/monitoring') || m.role.startsWith('roles/cloudtrace'));
    expect(roles.map((r) => r.role).sort()).toEqual(['roles/cloudtrace.agent', 'roles/monitoring.metricWriter']);
    for (const r of roles) expect(r.member).toMatch(/google_service_account\.gateway.*\.member/);
  });

  it('turns the gateway rules into Cloud Monitoring PromQL alert policies with recordings inlined, routed by severity', () => {
    const policies = resources(json, 'google_monitoring_alert_policy');
    expect(policies.length).toBeGreaterThan(0);
    for (const p of policies) {
      const condition = p.conditions[0].condition_prometheus_query_language;
      expect(condition.query).not.toMatch(/gateway(_team|_feature|_deployment)?:llm_/);
      expect(condition.query).toContain('gateway="llm-gw"');
      expect(condition.duration).toMatch(/^\d+s$/);
      expect(p.notification_channels).toHaveLength(1);
      expect(p.notification_channels[0]).toMatch(p.severity === 'CRITICAL' ? /PageChannel0/ : /TicketChannel0/);
    }
  });

  it('provisions the dashboard as a Cloud Monitoring dashboard with the same PromQL', () => {
    const dashboard = JSON.parse(resources(json, 'google_monitoring_dashboard')[0].dashboard_json);
    const queries = JSON.stringify(dashboard);
    expect(queries).toContain('litellm_proxy_total_requests_metric_total{gateway=\\"llm-gw\\"}[5m]');
    expect(queries).not.toContain('$');
  });

  it('keeps the audit trail in a bucket with a retention policy, written through GCS\' S3-compatible API with an HMAC key', () => {
    const bucket = resources(json, 'google_storage_bucket').find((b) => b.retention_policy);
    expect(bucket).toMatchObject({ uniform_bucket_level_access: true, public_access_prevention: 'enforced', retention_policy: { retention_period: 365 * 86400, is_locked: true } });
    expect(resources(json, 'google_storage_bucket_iam_member')).toContainEqual(expect.objectContaining({ role: 'roles/storage.objectCreator', member: `serviceAccount:${HMAC.serviceAccountEmail}` }));
    // No key is created here: its secret would be in state.
    expect(resources(json, 'google_storage_hmac_key')).toEqual([]);
    const table = resources(json, 'google_bigquery_table').find((t) => t.table_id === 'calls');
    expect(table.external_data_configuration).toMatchObject({ source_format: 'NEWLINE_DELIMITED_JSON', ignore_unknown_values: true });
    expect(JSON.parse(table.schema).map((c: any) => c.name)).not.toContain('messages');
    const config = parse(resources(json, 'google_secret_manager_secret_version').find((v) => typeof v.secret_data === 'string' && v.secret_data.includes('model_list')).secret_data);
    expect(config.litellm_settings.s3_callback_params).toEqual({
      s3_bucket_name: 'os.environ/AUDIT_S3_BUCKET',
      s3_region_name: 'os.environ/AUDIT_S3_REGION',
      s3_path: 'litellm',
      s3_endpoint_url: 'https://storage.googleapis.com',
      s3_aws_access_key_id: 'os.environ/AUDIT_S3_ACCESS_KEY_ID',
      s3_aws_secret_access_key: 'os.environ/AUDIT_S3_SECRET_ACCESS_KEY',
    });
  });

  it('gives team stacks only the notification channels, exported from the start', () => {
    const teamJson = synthStack(team);
    const refs = new Set([...JSON.stringify(teamJson).matchAll(/outputs\.([A-Za-z0-9_-]+)/g)].map((m) => m[1]));
    expect([...refs].every((r) => Object.keys(json.output).includes(r))).toBe(true);
    expect(Object.keys(json.output)).toHaveLength(2);
    expect(resources(teamJson, 'google_monitoring_alert_policy').length).toBeGreaterThan(0);
    expect(resources(teamJson, 'google_monitoring_dashboard')).toHaveLength(1);
  });

  it('needs the writer\'s HMAC key for the audit trail, by Secret Manager reference', () => {
    expect(() => new ObservabilityStack(new TerraformStack(Testing.app(), 's'), 'obs', { target: ObservabilityTarget.gcp({ project: PROJECT, region: 'europe-west1' }) }))
      .toThrow(/target.audit.hmacKey: is required.*Fix: create one outside Terraform \(gcloud storage hmac create/s);
    expect(() => new ObservabilityStack(new TerraformStack(Testing.app(), 's'), 'obs', {
      target: ObservabilityTarget.gcp({ project: PROJECT, region: 'europe-west1', audit: { hmacKey: { ...HMAC, secret: SecretRef.awsSecretsManager('arn:aws:secretsmanager:us-east-1:123456789012:secret:x-AbCdEf') } } }),
    })).toThrow(/target.audit.hmacKey.secret: is not a Secret Manager secret/);
    expect(() => new ObservabilityStack(new TerraformStack(Testing.app(), 's'), 'obs', {
      target: ObservabilityTarget.gcp({ project: PROJECT, region: 'europe-west1', audit: { enabled: false } }),
    })).not.toThrow();
  });
});
