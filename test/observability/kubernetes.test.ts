import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { platformDashboardUid, resources } from './helpers';
import { SecretRef } from '../../src/core';
import { TerraformStack, Testing } from '../../src/core/cdktf';
import { GatewayRuntime, LlmGateway, ModelDeployment } from '../../src/gateway';
import { KubernetesRedis } from '../../src/gateway/runtimes/kubernetes';
import {
  AlertChannel, GRAFANA_DASHBOARD_LABEL, KubernetesMonitoringApi, ObservabilityStack, ObservabilityTarget, type KubernetesObservabilityTargetProps,
} from '../../src/observability';
import { synthStack } from '../../src/testing';

const REDIS = KubernetesRedis.external({ host: 'redis.llm.svc.cluster.local', password: SecretRef.kubernetes('redis-auth', 'password') });

function setup(props: KubernetesObservabilityTargetProps = {}) {
  const app = Testing.app({ stubVersion: true });
  const stack = new TerraformStack(app, 'k8s');
  new KubernetesProvider(stack, 'k8s', {});
  const observability = new ObservabilityStack(stack, 'obs', { target: ObservabilityTarget.kubernetes(props) });
  const gateway = new LlmGateway(stack, 'gateway', {
    name: 'llm-gw',
    runtime: GatewayRuntime.kubernetes({ namespace: 'llm', redis: REDIS }),
    models: [ModelDeployment.bedrock({ alias: 'chat', modelId: 'anthropic.claude-3-5-haiku-20241022-v1:0', region: 'us-east-1' })],
    observability,
  });
  const team = new TerraformStack(app, 'team');
  new KubernetesProvider(team, 'k8s', {});
  observability.addTeamDashboard('hiring', { scope: team }).addFeature({ name: 'summarize' });
  return { stack, team, gateway };
}

const manifests = (json: any, kind: string): any[] => resources(json, 'kubernetes_manifest').map((m) => m.manifest).filter((m) => m.kind === kind);

describe('ObservabilityTarget.kubernetes (Prometheus Operator)', () => {
  const { stack, team } = setup({ releaseLabel: 'prom' });
  const json = synthStack(stack);
  const teamJson = synthStack(team);

  it('scrapes the edge\'s metrics-only port with a ServiceMonitor carrying the gateway label and the chart\'s release label', () => {
    const [sm] = manifests(json, 'ServiceMonitor');
    expect(sm.apiVersion).toBe('monitoring.coreos.com/v1');
    // In the gateway's namespace (a reference: the runtime creates it).
    expect(sm.metadata).toMatchObject({ namespace: expect.stringMatching(/^\$\{kubernetes_namespace_v1\..*\.metadata\[0\]\.name\}$/), labels: { release: 'prom' } });
    const deployment = resources(json, 'kubernetes_deployment_v1')[0];
    expect(sm.spec.selector.matchLabels).toEqual(deployment.spec.selector.match_labels);
    expect(sm.spec.endpoints[0]).toMatchObject({ port: 'metrics', path: '/metrics/', relabelings: [{ action: 'replace', targetLabel: 'gateway', replacement: 'llm-gw' }] });
    // That Service port exists and targets the edge container's metrics-only listener.
    const service = resources(json, 'kubernetes_service_v1')[0];
    expect(service.spec.port).toContainEqual({ name: 'metrics', port: 9090, target_port: 'metrics', protocol: 'TCP', app_protocol: 'http' });
    const edge = deployment.spec.template.spec.container.find((c: any) => c.name === 'edge');
    expect(edge.port).toContainEqual({ name: 'metrics', container_port: 9090, protocol: 'TCP' });
    expect(sm.spec.endpoints[0].metricRelabelings[0]).toEqual({ action: 'labeldrop', regex: 'hashed_api_key|client_ip|user_agent|end_user|user_email' });
  });

  it('lets Prometheus\' namespace through the gateway\'s NetworkPolicy to the metrics-only port, never to LiteLLM\'s admin port', () => {
    const policy = resources(json, 'kubernetes_network_policy_v1')[0];
    const monitoring = [{ namespace_selector: { match_expressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['monitoring'] }] } }];
    expect(policy.spec.ingress).toContainEqual({ from: monitoring, ports: [{ port: '9090', protocol: 'TCP' }] });
    expect(policy.spec.ingress.filter((r: any) => r.ports.some((p: any) => p.port === '4000'))).toEqual([]);
  });

  it('provisions the gateway rules as a PrometheusRule and the dashboard as a sidecar-loaded ConfigMap', () => {
    const [rule] = manifests(json, 'PrometheusRule');
    expect(rule.metadata).toMatchObject({ name: 'llm-gw-gateway', namespace: 'monitoring', labels: { release: 'prom' } });
    expect(rule.spec.groups[0].rules.length).toBeGreaterThan(0);
    const [cm] = resources(json, 'kubernetes_config_map_v1').filter((c) => c.metadata.labels?.[GRAFANA_DASHBOARD_LABEL.key] === '1');
    expect(cm.metadata.annotations).toEqual({ grafana_folder: 'LLM platform' });
    const uid = platformDashboardUid('llm-gw', 'prometheus');
    expect(JSON.parse(cm.data[`${uid}.json`]).uid).toBe(uid);
  });

  it('puts the team\'s rules and dashboard in the team stack', () => {
    expect(manifests(teamJson, 'PrometheusRule').map((m) => m.metadata.name).sort()).toEqual(['llm-gw-feature-hiring-summarize', 'llm-gw-team-hiring']);
    const [cm] = resources(teamJson, 'kubernetes_config_map_v1');
    expect(cm.metadata.annotations.grafana_folder).toBe('LLM platform / teams');
    expect(Object.keys(teamJson.output ?? {})).toEqual([]);
  });
});

describe('ObservabilityTarget.kubernetes options', () => {
  it('uses PodMonitoring and Rules on GKE Managed Prometheus', () => {
    const { stack } = setup({ monitoring: KubernetesMonitoringApi.GOOGLE_MANAGED_PROMETHEUS });
    const json = synthStack(stack);
    const [pm] = manifests(json, 'PodMonitoring');
    expect(pm.apiVersion).toBe('monitoring.googleapis.com/v1');
    expect(pm.spec.endpoints[0]).toMatchObject({ port: 'metrics', path: '/metrics/' });
    expect(pm.spec.endpoints[0].metricRelabeling[0]).toEqual({ action: 'replace', targetLabel: 'gateway', replacement: 'llm-gw' });
    expect(manifests(json, 'Rules')).toHaveLength(1);
    expect(manifests(json, 'ServiceMonitor')).toEqual([]);
  });

  it('sends traces to an in-cluster collector when given one', () => {
    const { stack } = setup({ tracesEndpoint: 'http://otel-collector.observability:4318/v1/traces' });
    const config = synthStack(stack);
    const cm = resources(config, 'kubernetes_config_map_v1').find((c) => c.data?.['config.yaml']);
    expect(cm.data['config.yaml']).toMatch(/callbacks:\n\s+- prometheus\n\s+- otel/);
  });

  it('refuses alert channels: the cluster\'s Alertmanager routes', () => {
    const stack = new TerraformStack(Testing.app(), 's');
    expect(() => new ObservabilityStack(stack, 'obs', { target: ObservabilityTarget.kubernetes(), alerting: { page: [AlertChannel.email('a@example.com')] } }))
      .toThrow(/alerting: is not rendered on Kubernetes.*Fix: remove alerting and route severity="page"/s);
  });

  it('rejects a bad namespace', () => {
    expect(() => new ObservabilityStack(new TerraformStack(Testing.app(), 's'), 'obs', { target: ObservabilityTarget.kubernetes({ namespace: 'Monitoring!' }) }))
      .toThrow(/target.namespace: is not a namespace name/);
  });
});
