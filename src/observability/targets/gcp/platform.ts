import { Construct } from 'constructs';
import { GcsAuditTrail } from './audit';
import { gcpLabels, ProblemCollector, SecretStore, stableHash } from '../../../core';
import { TerraformStack } from '../../../core/cdktf';
import type { LlmGateway } from '../../../gateway/llm-gateway';
import { LoggingCallback } from '../../../gateway/logging-callback';
import { AUDIT_DEFAULTS } from '../../audit-options';
import { AUDIT_PREFIX } from '../../audit-schema';
import { cloudMonitoringDashboard } from '../../cloud-monitoring-dashboard';
import { collectorConfig, COLLECTOR_HEALTH_PORT, OTELCOL_GOOGLE, renderCollectorYaml } from '../../collector';
import { inlineRecordings } from '../../inline-recordings';
import { windowSeconds } from '../../slo/burn-rate';
import type { RuleGroup } from '../../slo/types';
import { type DashboardJson, DashboardFolder, type InstrumentOptions, type ObservabilityContext, type ObservabilityTargetBinding } from '../contract';
import type { GcpObservabilityTargetProps } from '../gcp';

/** The collector sidecar's name and size on Cloud Run (CPU in millicores). */
export const CLOUD_RUN_COLLECTOR = { name: 'otel-collector', cpu: 1000, memoryMiB: 512 } as const;

/** `google()`: the bindings, loaded on first use (see resources.ts). */
export function gcpObservabilityResources(): typeof import('./resources') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('./resources');
}

/** Roles the gateway's service account needs to write metrics and traces (Google's Cloud Run OTel sidecar sample). */
export const TELEMETRY_ROLES: ReadonlyArray<string> = ['roles/monitoring.metricWriter', 'roles/cloudtrace.agent'];

/** Prometheus duration (`5m`, `1h`) to the seconds string Cloud Monitoring wants (`300s`). */
export function cloudDuration(prometheus: string | undefined): string {
  return `${prometheus ? windowSeconds(prometheus) : 0}s`;
}

/**
 * The platform half of the GCP target: Cloud Monitoring notification channels per severity, the audit
 * trail, and the binding that turns rule groups into Cloud Monitoring alert policies (PromQL conditions,
 * recordings inlined) and Grafana dashboards into Cloud Monitoring dashboards. The only platform values a
 * team stack references are the notification channels, exported from the start.
 */
export class GcpObservability extends Construct {
  public readonly binding: ObservabilityTargetBinding;
  public readonly audit: GcsAuditTrail | undefined;
  private readonly channels: Record<'page' | 'ticket', string[]> = { page: [], ticket: [] };

  constructor(scope: Construct, id: string, private readonly props: GcpObservabilityTargetProps, ctx: ObservabilityContext) {
    super(scope, id);
    const r = gcpObservabilityResources();
    const problems = new ProblemCollector();
    const stack = TerraformStack.of(this);
    const created = new Map<string, string>();
    for (const severity of ['page', 'ticket'] as const) {
      (severity === 'page' ? ctx.page : ctx.ticket).forEach((channel, i) => {
        const spec = channel._spec;
        // The same channel object listed for both severities is one notification channel.
        const dedupe = channel.toString();
        const existing = created.get(dedupe);
        if (existing) {
          this.channels[severity].push(existing);
          return;
        }
        const cid = `${severity === 'page' ? 'Page' : 'Ticket'}Channel${i}`;
        let resource;
        if (spec.kind === 'email') {
          resource = new r.MonitoringNotificationChannel(this, cid, { project: props.project, displayName: `LLM platform ${severity}: ${spec.address}`, type: 'email', labels: { email_address: spec.address } });
        } else if (spec.kind === 'pagerduty' && spec.integrationKey.store === SecretStore.GCP_SECRET_MANAGER) {
          // Read at plan time: the key is in state (see AlertChannel.pagerDuty).
          const key = new r.DataGoogleSecretManagerSecretVersion(this, `${cid}Key`, { secret: spec.integrationKey.gcpSecret.secret, version: spec.integrationKey.gcpSecret.version });
          resource = new r.MonitoringNotificationChannel(this, cid, { project: props.project, displayName: `LLM platform ${severity}: PagerDuty`, type: 'pagerduty', sensitiveLabels: { serviceKey: key.secretData } });
        } else {
          problems.add(`alerting.${severity}[${i}]`, String(channel), spec.kind === 'sns-topic' ? 'is an SNS topic, which Cloud Monitoring cannot notify' : 'is not a Secret Manager secret', spec.kind === 'sns-topic' ? 'use AlertChannel.email or AlertChannel.pagerDuty on GCP' : 'pass SecretRef.gcpSecretManager(id) holding the PagerDuty integration key');
          return;
        }
        created.set(dedupe, resource.name);
        this.channels[severity].push(resource.name);
        stack.registerOutgoingCrossStackReference(`${resource.terraformResourceType}.${resource.friendlyUniqueId}.name`);
      });
    }
    problems.throwIfAny(this);

    const audit = props.audit ?? {};
    if (audit.enabled ?? true) {
      this.audit = new GcsAuditTrail(this, 'Audit', {
        project: props.project,
        region: props.region,
        nameParts: [ctx.baseName],
        retentionDays: audit.retentionDays ?? AUDIT_DEFAULTS.retentionDays,
        locked: audit.compliance ?? true,
        kmsKeyName: props.kmsKeyName,
        labels: gcpLabels(ctx.tags),
        writerServiceAccountEmail: audit.hmacKey!.serviceAccountEmail,
      });
    }

    const self = this;
    this.binding = {
      construct: this,
      outputs: { datasourceUid: undefined },
      instrument: (gateway, options) => self.instrument(gateway, options),
      addRuleGroups: (s, rid, name, groups) => self.addRuleGroups(s, rid, name, groups),
      addDashboard: (s, rid, dashboard, folder) => self.addDashboard(s, rid, dashboard, folder),
    };
  }

  private instrument(gateway: LlmGateway, options: InstrumentOptions): void {
    const account = gateway.runtime.kind === 'cloud-run' ? (gateway.runtime._impl as unknown as { serviceAccount?: { member: string; email: string } }).serviceAccount : undefined;
    if (!account) {
      new ProblemCollector().add('target', gateway.runtime.kind, 'cannot instrument a gateway that does not run on Cloud Run: the GCP target runs a collector sidecar beside LiteLLM', 'use ObservabilityTarget.kubernetes for GKE (PodMonitoring), ObservabilityTarget.aws for ECS').throwIfAny(this);
    }
    const r = gcpObservabilityResources();
    const tracing = this.props.tracing ?? true;
    for (const role of TELEMETRY_ROLES) {
      if (role === 'roles/cloudtrace.agent' && !tracing) continue;
      new r.ProjectIamMember(this, `${options.gatewayName}-${role.split('/')[1].replace('.', '-')}`, { project: this.props.project, role, member: account!.member });
    }
    const yaml = renderCollectorYaml(collectorConfig({
      distribution: OTELCOL_GOOGLE,
      gatewayName: options.gatewayName,
      metrics: { kind: 'gmp', project: this.props.project },
      traces: tracing ? { kind: 'cloud-trace', project: this.props.project } : undefined,
      keepMessageContent: options.keepMessageContent,
      memoryMiB: CLOUD_RUN_COLLECTOR.memoryMiB,
    }));
    gateway.addSidecar({
      name: CLOUD_RUN_COLLECTOR.name,
      image: OTELCOL_GOOGLE.image,
      command: [...OTELCOL_GOOGLE.command],
      environment: { [OTELCOL_GOOGLE.configEnvironmentVariable]: yaml },
      ports: [],
      cpu: CLOUD_RUN_COLLECTOR.cpu,
      memoryMiB: CLOUD_RUN_COLLECTOR.memoryMiB,
      essential: false,
      startBeforeGateway: true,
      // Google's Cloud Run OTel sample: the collector's startup probe is the health_check extension on 13133.
      healthCheck: { path: '/', port: COLLECTOR_HEALTH_PORT },
    });
    if (tracing) {
      gateway.addLoggingCallback(LoggingCallback.openTelemetry({ endpoint: 'http://127.0.0.1:4318/v1/traces', serviceName: options.gatewayName, environment: options.environment }));
    }
    if (this.audit) {
      // The Cloud Run runtime grants the gateway's account secretAccessor on every secret it injects.
      gateway.addLoggingCallback(LoggingCallback.s3Audit({
        bucketName: this.audit.bucketName,
        region: this.props.region,
        path: AUDIT_PREFIX,
        endpointUrl: 'https://storage.googleapis.com',
        accessKeyId: this.props.audit!.hmacKey!.accessId,
        secretAccessKey: this.props.audit!.hmacKey!.secret,
      }));
    }
  }

  private addRuleGroups(scope: Construct, id: string, name: string, groups: ReadonlyArray<RuleGroup>): void {
    const r = gcpObservabilityResources();
    const { alerts, problems } = inlineRecordings(groups);
    if (problems.length > 0) new ProblemCollector().add('ruleGroups', name, `cannot become Cloud Monitoring alert policies: ${problems.join('; ')}`, 'read recordings without range selectors in alert expressions').throwIfAny(scope);
    const holder = new Construct(scope, id);
    for (const { group, rule } of alerts) {
      const severity = rule.labels.severity === 'page' ? 'page' : 'ticket';
      const description = rule.annotations.description ?? rule.annotations.summary ?? rule.alert;
      const runbook = rule.annotations.runbook_url;
      new r.MonitoringAlertPolicy(holder, `${rule.alert}-${stableHash([group, rule.alert, JSON.stringify(rule.labels)])}`, {
        project: this.props.project,
        displayName: `${name}: ${rule.alert}`.slice(0, 100),
        combiner: 'OR',
        severity: severity === 'page' ? 'CRITICAL' : 'WARNING',
        conditions: [{
          displayName: rule.alert,
          conditionPrometheusQueryLanguage: {
            query: rule.expr,
            duration: cloudDuration(rule.for),
            evaluationInterval: '60s',
            labels: { ...rule.labels },
            ruleGroup: group,
            alertRule: rule.alert,
          },
        }],
        notificationChannels: [...this.channels[severity]],
        documentation: { content: runbook ? `${description}\n\nRunbook: ${runbook}` : description, mimeType: 'text/markdown' },
        userLabels: gcpLabels({ extra: { severity, scope: rule.labels.scope ?? 'gateway' } }),
      });
    }
  }

  private addDashboard(scope: Construct, id: string, dashboard: () => DashboardJson, _folder: DashboardFolder): void {
    const r = gcpObservabilityResources();
    const first = dashboard();
    const variables = dashboardVariables(first);
    const converted = cloudMonitoringDashboard(first, variables);
    if (converted.problems.length > 0) new ProblemCollector().add('dashboard', String(first.uid), `has queries Cloud Monitoring cannot run: ${converted.problems.join('; ')}`, 'give every dashboard variable a single current value').throwIfAny(scope);
    new r.MonitoringDashboard(scope, id, {
      project: this.props.project,
      dashboardJson: JSON.stringify(cloudMonitoringDashboard(dashboard(), variables).dashboard),
    });
  }
}

/** The current value of each dashboard variable (each dashboard is for one gateway or team). */
function dashboardVariables(dashboard: DashboardJson): Record<string, string> {
  type Variable = { name?: string; current?: { value?: unknown }; query?: unknown; type?: string };
  const list = ((dashboard.templating as { list?: unknown[] } | undefined)?.list ?? []) as Variable[];
  const out: Record<string, string> = {};
  for (const v of list) {
    if (!v.name) continue;
    const value = v.current?.value;
    if (typeof value === 'string') out[v.name] = value;
    else if (Array.isArray(value) && value.length === 1 && typeof value[0] === 'string') out[v.name] = value[0];
    else if ((v.type === 'constant' || v.type === 'custom' || v.type === 'textbox') && typeof v.query === 'string') out[v.name] = v.query;
  }
  return out;
}
