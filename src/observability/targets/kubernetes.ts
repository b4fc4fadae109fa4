import { Construct } from 'constructs';
import { z } from 'zod';
import { type DashboardJson, DashboardFolder, type IObservabilityTarget, type InstrumentOptions, type ObservabilityContext, type ObservabilityTargetBinding } from './contract';
import { issuesToProblems, ProblemCollector, schemaFor, stableHash, withFix, type ValidationProblem } from '../../core';
import { Lazy } from '../../core/cdktf';
import type { LlmGateway } from '../../gateway/llm-gateway';
import { LoggingCallback } from '../../gateway/logging-callback';
import { GatewayPeer } from '../../gateway/peer';
import { KUBERNETES_GATEWAY_METRICS_PORT } from '../../gateway/runtimes/kubernetes/shared';
import { DROPPED_METRIC_LABELS, LITELLM_METRICS_PATH } from '../collector/render';
import type { RuleGroup } from '../slo/types';

/** Which monitoring API the cluster runs. */
export enum KubernetesMonitoringApi {
  /** Prometheus Operator (kube-prometheus-stack): `ServiceMonitor` and `PrometheusRule` (`monitoring.coreos.com/v1`). */
  PROMETHEUS_OPERATOR = 'prometheus-operator',
  /** GKE Managed Service for Prometheus: `PodMonitoring` and `Rules` (`monitoring.googleapis.com/v1`). */
  GOOGLE_MANAGED_PROMETHEUS = 'google-managed-prometheus',
}

/** Props of `ObservabilityTarget.kubernetes`. */
export interface KubernetesObservabilityTargetProps {
  /** @default KubernetesMonitoringApi.PROMETHEUS_OPERATOR */
  readonly monitoring?: KubernetesMonitoringApi;
  /**
   * Value of the `release` label kube-prometheus-stack's Prometheus selects `ServiceMonitor`s and
   * `PrometheusRule`s by (`prometheus.prometheusSpec.ruleSelector` / `serviceMonitorSelector` default to the
   * chart's release). @default 'kube-prometheus-stack'
   */
  readonly releaseLabel?: string;
  /** Namespace of the rule objects and dashboard ConfigMaps. @default 'monitoring' */
  readonly namespace?: string;
  /**
   * Namespace Prometheus scrapes from; the gateway's NetworkPolicy admits it to the metrics-only port.
   * @default - `namespace`
   */
  readonly prometheusNamespace?: string;
  /** Grafana folder of the dashboards (the dashboard sidecar's `grafana_folder` annotation). @default 'LLM platform' */
  readonly grafanaFolder?: string;
  /** Uid of the Prometheus datasource in your Grafana. @default 'prometheus' (kube-prometheus-stack) */
  readonly datasourceUid?: string;
  /**
   * OTLP/HTTP traces URL of a collector in the cluster, e.g. `http://otel-collector.observability:4318/v1/traces`
   * (add its address to the runtime's `additionalEgress`). @default - no traces
   */
  readonly tracesEndpoint?: string;
}

const K8S_NAME = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const propsSchema = schemaFor<KubernetesObservabilityTargetProps>()(z.strictObject({
  monitoring: z.enum(KubernetesMonitoringApi).optional(),
  releaseLabel: z.string().regex(/^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/).max(63).optional(),
  namespace: z.string().regex(K8S_NAME, withFix('is not a namespace name', 'use a DNS-1123 label')).optional(),
  prometheusNamespace: z.string().regex(K8S_NAME, withFix('is not a namespace name', 'use a DNS-1123 label')).optional(),
  grafanaFolder: z.string().min(1).max(128).optional(),
  datasourceUid: z.string().regex(/^[A-Za-z0-9_-]{1,40}$/).optional(),
  tracesEndpoint: z.string().regex(/^https?:\/\/\S+$/, withFix('is not an http(s) URL', 'pass the collector\'s OTLP/HTTP traces URL')).optional(),
}));

/**
 * Where the Kubernetes runtime serves LiteLLM's `/metrics/` to scrapers: the edge's metrics-only listener (Service
 * port `metrics`, container port `metrics`), which forwards nothing else (KUBERNETES_GATEWAY_METRICS_PORT).
 */
export const KUBERNETES_METRICS_PORT = {
  service: KUBERNETES_GATEWAY_METRICS_PORT.service,
  container: KUBERNETES_GATEWAY_METRICS_PORT.container,
} as const;

/** The label the kube-prometheus-stack Grafana sidecar loads dashboards by (`grafana.sidecar.dashboards.label`/`labelValue`). */
export const GRAFANA_DASHBOARD_LABEL = { key: 'grafana_dashboard', value: '1' } as const;

/** Prometheus Operator / GMP objects for the gateway's metrics, rules and dashboards. */
export class KubernetesObservabilityTarget implements IObservabilityTarget {
  public readonly kind = 'kubernetes';

  constructor(private readonly props: KubernetesObservabilityTargetProps) {}

  public validate(): ReadonlyArray<ValidationProblem> {
    const result = propsSchema.safeParse(this.props);
    return result.success ? [] : issuesToProblems(result.error.issues, this.props);
  }

  public bind(context: ObservabilityContext): ObservabilityTargetBinding {
    const p = new ProblemCollector();
    if (context.page.length > 0 || context.ticket.length > 0) {
      p.add('alerting', [...context.page, ...context.ticket].map(String), 'is not rendered on Kubernetes: the cluster\'s Alertmanager routes alerts', 'remove alerting and route severity="page" / severity="ticket" in your Alertmanager configuration');
    }
    p.throwIfAny(context.scope);
    return new KubernetesObservability(context.scope, 'Kubernetes', this.props).binding;
  }
}

function sortedRecord(r: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.keys(r).sort().map((k) => [k, r[k]]));
}

/** A DNS-1123 object name from parts, hashed when too long. */
function objectName(name: string): string {
  const slug = name.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '');
  return slug.length <= 63 ? slug : `${slug.slice(0, 54).replace(/-+$/, '')}-${stableHash([name])}`;
}

/** The monitoring objects of the Kubernetes target. */
class KubernetesObservability extends Construct {
  public readonly binding: ObservabilityTargetBinding;

  constructor(scope: Construct, id: string, private readonly props: KubernetesObservabilityTargetProps) {
    super(scope, id);
    const self = this;
    this.binding = {
      construct: this,
      // namespace/monitoring: where rules live and which API serves them (team-stack jobs push metrics there).
      outputs: { datasourceUid: props.datasourceUid ?? 'prometheus', namespace: props.namespace ?? 'monitoring', monitoring: props.monitoring ?? KubernetesMonitoringApi.PROMETHEUS_OPERATOR },
      instrument: (gateway, options) => self.instrument(gateway, options),
      addRuleGroups: (s, rid, name, groups) => self.addRuleGroups(s, rid, name, groups),
      addDashboard: (s, rid, dashboard, folder) => self.addDashboard(s, rid, dashboard, folder),
    };
  }

  private get namespace(): string {
    return this.props.namespace ?? 'monitoring';
  }

  private get operator(): boolean {
    return (this.props.monitoring ?? KubernetesMonitoringApi.PROMETHEUS_OPERATOR) === KubernetesMonitoringApi.PROMETHEUS_OPERATOR;
  }

  private get releaseLabels(): Record<string, string> {
    return this.operator ? { release: this.props.releaseLabel ?? 'kube-prometheus-stack' } : {};
  }

  private instrument(gateway: LlmGateway, options: InstrumentOptions): void {
    const placement = gateway.management?.kubernetes;
    if (gateway.runtime.kind !== 'kubernetes' || !placement) {
      new ProblemCollector().add('target', gateway.runtime.kind, 'cannot scrape a gateway that does not run on Kubernetes', 'use ObservabilityTarget.aws for ECS, ObservabilityTarget.gcp for Cloud Run').throwIfAny(this);
    }
    const ns = placement!.namespace;
    // The pod's edge serves `/metrics/` (and nothing else) on a metrics-only port; the gateway's NetworkPolicy admits
    // Prometheus' namespace to that port only, never to LiteLLM's admin port.
    gateway.connections.allowMetricsFrom(GatewayPeer.kubernetesNamespace(this.props.prometheusNamespace ?? this.namespace));
    // The Kubernetes runtime's selector labels (gateway-resources.ts: the instance label is the Deployment's name).
    const selector = { 'app.kubernetes.io/component': 'gateway', 'app.kubernetes.io/instance': placement!.deploymentName, 'app.kubernetes.io/name': 'litellm' };
    const dropLabels = DROPPED_METRIC_LABELS.join('|');
    const { Manifest } = k8s();
    const manifest = this.operator
      ? {
        apiVersion: 'monitoring.coreos.com/v1',
        kind: 'ServiceMonitor',
        metadata: { name: objectName(`${options.gatewayName}-litellm`), namespace: ns, labels: this.releaseLabels },
        spec: {
          selector: { matchLabels: selector },
          namespaceSelector: { matchNames: [ns] },
          endpoints: [{
            port: KUBERNETES_METRICS_PORT.service,
            path: LITELLM_METRICS_PATH,
            interval: '30s',
            relabelings: [{ action: 'replace', targetLabel: 'gateway', replacement: options.gatewayName }],
            metricRelabelings: [{ action: 'labeldrop', regex: dropLabels }],
          }],
        },
      }
      : {
        apiVersion: 'monitoring.googleapis.com/v1',
        kind: 'PodMonitoring',
        metadata: { name: objectName(`${options.gatewayName}-litellm`), namespace: ns },
        spec: {
          selector: { matchLabels: selector },
          endpoints: [{
            port: KUBERNETES_METRICS_PORT.container,
            path: LITELLM_METRICS_PATH,
            interval: '30s',
            metricRelabeling: [{ action: 'replace', targetLabel: 'gateway', replacement: options.gatewayName }, { action: 'labeldrop', regex: dropLabels }],
          }],
        },
      };
    new Manifest(this, `Scrape-${options.gatewayName}`, { manifest });
    if (this.props.tracesEndpoint) {
      gateway.addLoggingCallback(LoggingCallback.openTelemetry({
        endpoint: this.props.tracesEndpoint,
        serviceName: options.gatewayName,
        environment: options.environment,
      }));
    }
  }

  private addRuleGroups(scope: Construct, id: string, name: string, groups: ReadonlyArray<RuleGroup>): void {
    const { Manifest } = k8s();
    new Manifest(scope, id, {
      manifest: {
        apiVersion: this.operator ? 'monitoring.coreos.com/v1' : 'monitoring.googleapis.com/v1',
        kind: this.operator ? 'PrometheusRule' : 'Rules',
        metadata: { name: objectName(name), namespace: this.namespace, labels: this.releaseLabels },
        spec: { groups: groups.map((g) => JSON.parse(JSON.stringify(g))) },
      },
    });
  }

  private addDashboard(scope: Construct, id: string, dashboard: () => DashboardJson, folder: DashboardFolder): void {
    const { ConfigMapV1 } = k8s();
    const first = dashboard();
    const uid = String(first.uid ?? id);
    const title = this.props.grafanaFolder ?? 'LLM platform';
    new ConfigMapV1(scope, id, {
      metadata: {
        name: objectName(`grafana-dashboard-${uid}`),
        namespace: this.namespace,
        labels: sortedRecord({ [GRAFANA_DASHBOARD_LABEL.key]: GRAFANA_DASHBOARD_LABEL.value, 'app.kubernetes.io/part-of': 'llm-platform' }),
        annotations: { grafana_folder: folder === DashboardFolder.TEAMS ? `${title} / teams` : title },
      },
      data: { [`${uid}.json`]: Lazy.stringValue({ produce: () => JSON.stringify(dashboard()) }) },
    });
  }
}

/** The kubernetes provider bindings, loaded on first use (import cost). */
function k8s(): { Manifest: typeof import('@cdktf/provider-kubernetes/lib/manifest').Manifest; ConfigMapV1: typeof import('@cdktf/provider-kubernetes/lib/config-map-v1').ConfigMapV1 } {
  /* eslint-disable @typescript-eslint/no-require-imports */
  return {
    Manifest: (require('@cdktf/provider-kubernetes/lib/manifest') as typeof import('@cdktf/provider-kubernetes/lib/manifest')).Manifest,
    ConfigMapV1: (require('@cdktf/provider-kubernetes/lib/config-map-v1') as typeof import('@cdktf/provider-kubernetes/lib/config-map-v1')).ConfigMapV1,
  };
  /* eslint-enable @typescript-eslint/no-require-imports */
}
