import { Construct } from 'constructs';
import { AwsEnvironment, EncryptedLogGroup, PlatformKey } from '../../../aws';
import { makeName, NameTarget, ProblemCollector, stableHash } from '../../../core';
import { Lazy, TerraformStack } from '../../../core/cdktf';
import type { LlmGateway } from '../../../gateway/llm-gateway';
import { LoggingCallback } from '../../../gateway/logging-callback';
import { AUDIT_DEFAULTS } from '../../audit-options';
import { AUDIT_PREFIX } from '../../audit-schema';
import { ADOT, ADOT_HEALTHCHECK_COMMAND, collectorConfig, COLLECTOR_HEALTH_PORT, renderCollectorYaml } from '../../collector';
import { GrafanaDashboard } from '../../grafana/resources';
import { renderers } from '../../renderers';
import type { RuleGroup } from '../../slo/types';
import type { AwsObservabilityTargetProps } from '../aws';
import { type DashboardJson, DashboardFolder, type InstrumentOptions, type ObservabilityContext, type ObservabilityTargetBinding } from '../contract';
import { AwsAlerting } from './alerting';
import { AwsAuditTrail, awsObservabilityResources } from './audit';
import { AMP_DATASOURCE_UID, AwsManagedGrafana, GRAFANA_FOLDERS, grafanaProviderFor } from './grafana';

/** The collector sidecar's name and size (a quarter vCPU and 512 MiB carry one gateway task's telemetry). */
export const COLLECTOR_SIDECAR = { name: 'otel-collector', cpu: 256, memoryMiB: 512 } as const;

/**
 * The platform half of the AWS target: one KMS key, an Amazon Managed Service for Prometheus workspace
 * (KMS-encrypted, logging to an encrypted log group), the alert manager routing to KMS-encrypted SNS topics,
 * a private Managed Grafana workspace with the AMP data source, and the audit trail. Team artefacts (rule
 * namespaces, dashboards) are created in whatever stack they are asked for and reference only the
 * workspace id, the Grafana URL and the Grafana token, which this stack exports from the start.
 */
export class AwsObservability extends Construct {
  public readonly binding: ObservabilityTargetBinding;
  public readonly key: PlatformKey;
  public readonly workspaceId: string;
  public readonly workspaceArn: string;
  public readonly remoteWriteUrl: string;
  public readonly alerting: AwsAlerting;
  public readonly grafana: AwsManagedGrafana | undefined;
  public readonly audit: AwsAuditTrail | undefined;

  constructor(scope: Construct, id: string, private readonly props: AwsObservabilityTargetProps, private readonly ctx: ObservabilityContext) {
    super(scope, id);
    const r = awsObservabilityResources();
    const env = AwsEnvironment.of(this);
    const base = ctx.baseName;
    const logRetention = props.logRetentionDays ?? 365;

    this.key = new PlatformKey(this, 'Key', {
      description: `LLM observability ${base}: metrics, alerts, audit trail, logs`,
      nameParts: [base, 'observability'],
      servicePrincipals: ['logs', 'sns', 'aps'],
    });
    const logs = new EncryptedLogGroup(this, 'WorkspaceLogs', { nameParts: [base, 'amp'], kmsKeyArn: this.key.keyArn, retentionInDays: logRetention });
    const workspace = new r.PrometheusWorkspace(this, 'Workspace', {
      alias: makeName(NameTarget.GCP_RESOURCE, base, 'llm'),
      kmsKeyArn: this.key.keyArn,
      // Rule evaluation and alert manager errors (a broken rule, an SNS publish denied) land here.
      loggingConfiguration: { logGroupArn: `${logs.arn}:*` },
    });
    this.workspaceId = workspace.id;
    this.workspaceArn = workspace.arn;
    this.remoteWriteUrl = `${workspace.prometheusEndpoint}api/v1/remote_write`;

    this.alerting = new AwsAlerting(this, 'Alerting', {
      baseName: base,
      kmsKeyArn: this.key.keyArn,
      workspaceId: workspace.id,
      workspaceArn: workspace.arn,
      page: ctx.page,
      ticket: ctx.ticket,
    });

    const grafanaOptions = props.grafana ?? {};
    if (grafanaOptions.enabled ?? true) {
      this.grafana = new AwsManagedGrafana(this, 'Grafana', {
        baseName: base,
        options: grafanaOptions,
        workspaceArn: workspace.arn,
        prometheusEndpoint: workspace.prometheusEndpoint,
        permissionsBoundaryArn: props.permissionsBoundaryArn,
      });
    }

    const audit = props.audit ?? {};
    if (audit.enabled ?? true) {
      this.audit = new AwsAuditTrail(this, 'Audit', {
        nameParts: [base],
        kmsKeyArn: this.key.keyArn,
        retentionDays: audit.retentionDays ?? AUDIT_DEFAULTS.retentionDays,
        compliance: audit.compliance ?? true,
        region: env.region,
      });
    }

    // The fixed set of platform values other stacks may reference, exported now: the first and the 200th
    // team stack then leave this stack's JSON unchanged (cdktf otherwise adds an output on first use).
    const stack = TerraformStack.of(this);
    stack.registerOutgoingCrossStackReference(`aws_prometheus_workspace.${workspace.friendlyUniqueId}.id`);
    this.grafana?.exportForTeams(stack);

    const self = this;
    this.binding = {
      construct: this,
      outputs: { workspaceId: workspace.id, datasourceUid: this.grafana ? AMP_DATASOURCE_UID : undefined },
      instrument: (gateway, options) => self.instrument(gateway, options),
      addRuleGroups: (s, rid, name, groups) => self.addRuleGroups(s, rid, name, groups),
      addDashboard: (s, rid, dashboard, folder) => self.addDashboard(s, rid, dashboard, folder),
    };
  }

  private instrument(gateway: LlmGateway, options: InstrumentOptions): void {
    const problems = new ProblemCollector();
    if (gateway.runtime.kind !== 'ecs-fargate') {
      problems.add('target', gateway.runtime.kind, `cannot instrument a ${gateway.runtime.kind} gateway: the AWS target runs an ADOT sidecar in an ECS task`, 'use ObservabilityTarget.kubernetes for EKS, ObservabilityTarget.gcp for Cloud Run');
    }
    const ecs = gateway.node.tryFindChild('EcsFargate') as { taskRole?: { id: string; name: string } } | undefined;
    if (gateway.runtime.kind === 'ecs-fargate' && !ecs?.taskRole) problems.add('gateway', gateway.node.path, 'has no ECS task role to grant telemetry permissions to', 'watch a gateway created with GatewayRuntime.ecsFargate');
    problems.throwIfAny(this.ctx.scope);
    const env = AwsEnvironment.of(this);
    const tracing = this.props.tracing ?? true;

    const yaml = renderCollectorYaml(collectorConfig({
      distribution: ADOT,
      gatewayName: options.gatewayName,
      metrics: { kind: 'amp', remoteWriteUrl: this.remoteWriteUrl, region: env.region },
      traces: tracing ? { kind: 'xray', region: env.region } : undefined,
      keepMessageContent: options.keepMessageContent,
      memoryMiB: COLLECTOR_SIDECAR.memoryMiB,
    }));
    gateway.addSidecar({
      name: COLLECTOR_SIDECAR.name,
      image: ADOT.image,
      // ADOT reads its whole config from this variable when it is set (pkg/config/config_factory.go).
      environment: { [ADOT.configEnvironmentVariable]: yaml, AWS_REGION: env.region },
      cpu: COLLECTOR_SIDECAR.cpu,
      memoryMiB: COLLECTOR_SIDECAR.memoryMiB,
      // Telemetry never takes serving down: a failed collector leaves the task serving (and its absence
      // shows as missing series), instead of stopping LiteLLM with it.
      essential: false,
      // LiteLLM's first spans and scrapes find the collector listening.
      startBeforeGateway: true,
      // The image's own checker against the health_check extension (ECS runs `command`; the others probe path/port).
      healthCheck: { path: '/', port: COLLECTOR_HEALTH_PORT, command: ADOT_HEALTHCHECK_COMMAND },
    });
    if (tracing) {
      gateway.addLoggingCallback(LoggingCallback.openTelemetry({
        endpoint: 'http://127.0.0.1:4318/v1/traces',
        serviceName: options.gatewayName,
        environment: options.environment,
      }));
    }
    if (this.audit) {
      gateway.addLoggingCallback(LoggingCallback.s3Audit({ bucketName: this.audit.bucketName, region: env.region, path: AUDIT_PREFIX }));
    }

    const r = awsObservabilityResources();
    const statements: Array<Record<string, unknown>> = [
      { Sid: 'RemoteWriteMetrics', Effect: 'Allow', Action: 'aps:RemoteWrite', Resource: this.workspaceArn },
      ...(tracing ? [{
        // X-Ray's write and sampling actions have no resource-level permissions (AWS Service Authorization Reference).
        Sid: 'WriteTraces',
        Effect: 'Allow',
        Action: ['xray:GetSamplingRules', 'xray:GetSamplingTargets', 'xray:PutTelemetryRecords', 'xray:PutTraceSegments'],
        Resource: '*',
      }] : []),
      ...(this.audit ? this.audit.writeStatements(this.key.keyArn, env.region, env.dnsSuffix) : []),
    ];
    new r.IamRolePolicy(this, `Telemetry-${options.gatewayName}`, {
      name: 'observability',
      role: ecs!.taskRole!.id,
      policy: JSON.stringify({ Version: '2012-10-17', Statement: statements }),
    });
  }

  private addRuleGroups(scope: Construct, id: string, name: string, groups: ReadonlyArray<RuleGroup>): void {
    const r = awsObservabilityResources();
    new r.PrometheusRuleGroupNamespace(scope, id, {
      // AMP namespace names: 1-64 of [0-9A-Za-z][-.0-9A-Z_a-z]* (CreateRuleGroupsNamespace).
      name: name.length <= 64 ? name : `${name.slice(0, 55)}-${stableHash([name])}`,
      workspaceId: this.workspaceId,
      data: renderers().renderRuleGroupsYaml(groups),
    });
  }

  private addDashboard(scope: Construct, id: string, dashboard: () => DashboardJson, folder: DashboardFolder): void {
    if (!this.grafana) return;
    const provider = grafanaProviderFor(scope, this.grafana);
    new GrafanaDashboard(scope, id, {
      provider,
      configJson: Lazy.stringValue({ produce: () => JSON.stringify(dashboard()) }),
      // Folders have fixed uids: a team stack names its folder without a reference to this stack.
      folder: GRAFANA_FOLDERS[folder].uid,
      overwrite: true,
      dependsOn: TerraformStack.of(scope) === TerraformStack.of(this) ? [this.grafana.folders[folder]] : undefined,
    });
  }
}
