import { Testing } from 'cdktf';
import { SecretRef, ValidationError } from '../../../src/core';
import { TerraformStack } from '../../../src/core/cdktf';
import { DEFAULT_LITELLM_IMAGE, GatewayPeer, GatewayRuntime, LlmGateway, ModelDeployment } from '../../../src/gateway';
import { EDGE_PROXY_IMAGE, renderEdgeProxyConfig } from '../../../src/gateway/edge-proxy';
import type { GatewayRuntimeBinding, GatewayRuntimeContext, GatewaySidecar } from '../../../src/gateway/runtime-contract';
import {
  KubernetesDatabase,
  KubernetesIngress,
  KubernetesRedis,
  KubernetesRuntime,
  KubernetesWorkloadIdentity,
  type KubernetesRuntimeProps,
  DEFAULT_LITELLM_NON_ROOT_IMAGE,
} from '../../../src/gateway/runtimes/kubernetes';
import { referencingIndex, stackIndex } from '../../../src/policy/engine';
import { Compliance, isCannotEvaluate, type PolicySubject, type RuleContext } from '../../../src/policy/rule';
import { SECURITY_BASELINE_RULES } from '../../../src/policy/rules/registry';
import { SUPPRESSION_METADATA } from '../../../src/policy/suppressions';

Testing.setupJest();

const IMAGE = 'ghcr.io/berriai/litellm-non_root:main-v1.83.14-stable@sha256:' + 'a'.repeat(64);
const REDIS = KubernetesRedis.external({ host: 'master.llm.abc123.use1.cache.amazonaws.com', password: SecretRef.kubernetes('redis-auth', 'password') });
const AWS_SECRET = SecretRef.awsSecretsManager('arn:aws:secretsmanager:us-east-1:123456789012:secret:openai-AbCdEf');

interface ContextOverrides {
  readonly config?: string;
  readonly image?: string;
  readonly environment?: Record<string, string>;
  readonly secretEnvironment?: Record<string, SecretRef>;
  readonly sidecars?: GatewaySidecar[];
  readonly tags?: GatewayRuntimeContext['tags'];
  readonly bedrock?: boolean;
  readonly allowMessageLogging?: boolean;
}

function fakeContext(scope: TerraformStack, o: ContextOverrides = {}): GatewayRuntimeContext {
  const config = o.config ?? 'model_list:\n  - model_name: chat\n';
  return {
    scope,
    baseName: 'llm-gateway',
    image: o.image ?? IMAGE,
    containerPort: 4000,
    renderConfig: () => config,
    configHash: () => `sha-${config.length}`,
    environment: () => o.environment ?? { LITELLM_LOG: 'ERROR', LITELLM_MODE: 'PRODUCTION', PROMETHEUS_MULTIPROC_DIR: '/tmp/prometheus_multiproc' },
    secretEnvironment: () => o.secretEnvironment ?? {},
    cloudAccess: () => ({ bedrock: o.bedrock ? [{ region: 'us-east-1', modelId: 'anthropic.claude-3-5-haiku-20241022-v1:0' }] : [], vertex: [] }),
    sidecars: () => o.sidecars ?? [],
    tags: o.tags ?? { team: 'platform', environment: 'prod' },
    allowMessageLogging: o.allowMessageLogging ?? false,
  };
}

interface Synth {
  readonly json: any;
  readonly text: string;
  readonly binding: GatewayRuntimeBinding;
  readonly stack: TerraformStack;
}

function bind(props: KubernetesRuntimeProps = { redis: REDIS }, o: ContextOverrides = {}, after?: (b: GatewayRuntimeBinding) => void): Synth {
  const app = Testing.app({ stubVersion: true });
  const stack = new TerraformStack(app, 'test');
  const binding = new KubernetesRuntime(props).bind(fakeContext(stack, o));
  after?.(binding);
  const text = Testing.synth(stack);
  return { json: JSON.parse(text), text, binding, stack };
}

/** The one resource of `type` (fails when there are several or none). */
function only(json: any, type: string): any {
  const all = Object.values(json.resource?.[type] ?? {});
  expect(all).toHaveLength(1);
  return all[0];
}

function podSpec(json: any): any {
  return only(json, 'kubernetes_deployment_v1').spec.template.spec;
}

function litellm(json: any): any {
  return podSpec(json).container.find((c: any) => c.name === 'litellm');
}

function envOf(container: any): Record<string, any> {
  return Object.fromEntries(container.env.map((e: any) => [e.name, e.value ?? e.value_from]));
}

function problemsOf(fn: () => unknown): Array<{ path: string; message: string }> {
  try {
    fn();
  } catch (e) {
    if (e instanceof ValidationError) return e.problems.map((p) => ({ path: p.path, message: p.message }));
    throw e;
  }
  throw new Error('expected a ValidationError');
}

describe('KubernetesRuntime defaults', () => {
  const { json, text, binding } = bind();

  it('creates no provider: the user configures kubernetes/helm for their cluster', () => {
    expect(json.provider).toBeUndefined();
  });

  it('creates the namespace, labelled to enforce the restricted Pod Security Standard', () => {
    const ns = only(json, 'kubernetes_namespace_v1');
    expect(ns.metadata.name).toBe('llm-gateway');
    expect(ns.metadata.labels).toMatchObject({
      'pod-security.kubernetes.io/enforce': 'restricted',
      'pod-security.kubernetes.io/warn': 'restricted',
      'pod-security.kubernetes.io/audit': 'restricted',
      'llm-platform.io/team': 'platform',
    });
  });

  it('runs at least two replicas, spread over zones (strict) and nodes (best effort)', () => {
    const d = only(json, 'kubernetes_deployment_v1');
    expect(d.spec.replicas).toBe('2');
    const spread = d.spec.template.spec.topology_spread_constraint;
    expect(spread).toEqual([
      expect.objectContaining({ topology_key: 'topology.kubernetes.io/zone', max_skew: 1, when_unsatisfiable: 'DoNotSchedule', match_label_keys: ['pod-template-hash'] }),
      expect.objectContaining({ topology_key: 'kubernetes.io/hostname', max_skew: 1, when_unsatisfiable: 'ScheduleAnyway' }),
    ]);
    expect(spread[0].label_selector[0].match_labels).toEqual(d.spec.selector.match_labels);
  });

  it('lets the HPA own the replica count after creation', () => {
    expect(only(json, 'kubernetes_deployment_v1').lifecycle).toEqual({ ignore_changes: ['spec[0].replicas'] });
  });

  it('rolls with zero unavailable pods and waits for the rollout', () => {
    const d = only(json, 'kubernetes_deployment_v1');
    expect(d.spec.strategy).toEqual({ type: 'RollingUpdate', rolling_update: { max_surge: '25%', max_unavailable: '0' } });
    expect(d.wait_for_rollout).toBe(true);
  });

  it('runs the pod as non-root with the RuntimeDefault seccomp profile', () => {
    expect(podSpec(json).security_context).toEqual({
      run_as_non_root: true,
      // The non-root image's user (nobody), which owns /app and the baked Prisma engines.
      run_as_user: '65534',
      run_as_group: '65534',
      fs_group: '65534',
      seccomp_profile: { type: 'RuntimeDefault' },
    });
  });

  it('hardens the container: read-only root, all capabilities dropped, no escalation, not privileged', () => {
    expect(litellm(json).security_context).toEqual({
      allow_privilege_escalation: false,
      privileged: false,
      read_only_root_filesystem: true,
      run_as_non_root: true,
      run_as_user: '65534',
      run_as_group: '65534',
      capabilities: { drop: ['ALL'] },
      seccomp_profile: { type: 'RuntimeDefault' },
    });
  });

  it('gives LiteLLM size-limited emptyDirs for every path it writes', () => {
    const spec = podSpec(json);
    const mounts = Object.fromEntries(litellm(json).volume_mount.map((m: any) => [m.mount_path, m.name]));
    const emptyDirs = Object.fromEntries(spec.volume.filter((v: any) => v.empty_dir).map((v: any) => [v.name, v.empty_dir.size_limit]));
    expect(emptyDirs[mounts['/tmp']]).toMatch(/^\d+Mi$/);
    // Nothing is mounted over the non-root image's baked Prisma engines and npm cache (/app/.cache).
    expect(Object.keys(mounts).filter((m) => m.startsWith('/app') || m === '/.cache' || m === '/.npm')).toEqual([]);
    // The writable directories LiteLLM is told about are mounted emptyDirs (the gateway's default
    // /tmp/prometheus_multiproc would not exist in a fresh emptyDir).
    const env = envOf(litellm(json));
    for (const name of ['PROMETHEUS_MULTIPROC_DIR', 'LITELLM_MIGRATION_DIR']) {
      expect(emptyDirs[mounts[env[name]]]).toBeDefined();
    }
  });

  it('mounts the config read-only from the ConfigMap and points --config at it', () => {
    const spec = podSpec(json);
    const config = json.resource.kubernetes_config_map_v1.Kubernetes_Config_2ECB647F;
    expect(config.data['config.yaml']).toBe('model_list:\n  - model_name: chat\n');
    const volume = spec.volume.find((v: any) => v.name === 'config');
    expect(volume.config_map).toEqual({ name: '${kubernetes_config_map_v1.Kubernetes_Config_2ECB647F.metadata[0].name}', default_mode: '0444', items: [{ key: 'config.yaml', path: 'config.yaml' }] });
    expect(litellm(json).volume_mount[0]).toEqual({ name: 'config', mount_path: '/etc/litellm', read_only: true });
    expect(litellm(json).args).toEqual(['--config', '/etc/litellm/config.yaml', '--port', '4000', '--num_workers', '1']);
  });

  it('puts the config hash on the pod template and in the environment', () => {
    const d = only(json, 'kubernetes_deployment_v1');
    const hash = `sha-${'model_list:\n  - model_name: chat\n'.length}`;
    expect(d.spec.template.metadata.annotations['checksum/config']).toBe(hash);
    expect(envOf(litellm(json)).LITELLM_CONFIG_SHA256).toBe(hash);
  });

  it('sets requests and limits (memory limit = request)', () => {
    expect(litellm(json).resources).toEqual({ requests: { cpu: '1', memory: '2Gi' }, limits: { cpu: '2', memory: '2Gi' } });
  });

  it('probes liveness on /health/liveliness and readiness + startup on /health/readiness, never /health', () => {
    const c = litellm(json);
    expect(c.liveness_probe.http_get).toEqual({ path: '/health/liveliness', port: 'litellm', scheme: 'HTTP' });
    expect(c.readiness_probe.http_get).toEqual({ path: '/health/readiness', port: 'litellm', scheme: 'HTTP' });
    expect(c.startup_probe).toEqual({ http_get: { path: '/health/readiness', port: 'litellm', scheme: 'HTTP' }, period_seconds: 10, timeout_seconds: 5, failure_threshold: 30 });
    expect(text).not.toMatch(/"path": "\/health"/);
  });

  it('terminates gracefully: a preStop pause and a 90 s grace period', () => {
    expect(podSpec(json).termination_grace_period_seconds).toBe(90);
    expect(litellm(json).lifecycle.pre_stop).toEqual([{ exec: { command: ['python3', '-c', 'import time; time.sleep(15)'] } }]);
  });

  it('runs the pinned image from the gateway', () => {
    expect(litellm(json).image).toBe(IMAGE);
    expect(litellm(json).image_pull_policy).toBe('IfNotPresent');
  });

  it('never serves schema migrations from the serving pods', () => {
    expect(envOf(litellm(json)).DISABLE_SCHEMA_UPDATE).toBe('true');
  });

  it('mounts no service account token and injects no service links', () => {
    expect(podSpec(json).automount_service_account_token).toBe(false);
    expect(podSpec(json).enable_service_links).toBe(false);
    expect(only(json, 'kubernetes_service_account_v1').automount_service_account_token).toBe(false);
    expect(podSpec(json).service_account_name).toBe('${kubernetes_service_account_v1.Kubernetes_ServiceAccount_7A83286A.metadata[0].name}');
  });

  it('generates the master and salt keys into a Secret through write-only data', () => {
    const secret = json.resource.kubernetes_secret_v1.Kubernetes_GeneratedKeys_C9436D27;
    expect(secret.data).toBeUndefined();
    // Generated by Terraform's uuid() (crypto/rand), two per value: no random provider, no value in any state.
    const twoUuids = 'replace(uuid(), \"-\", \"\"), replace(uuid(), \"-\", \"\")';
    expect(secret.data_wo).toEqual({
      'master-key': `\${join(\"\", [\"sk-\", ${twoUuids}])}`,
      'salt-key': `\${join(\"\", [\"\", ${twoUuids}])}`,
    });
    expect(secret.data_wo_revision).toBe(1);
    const env = envOf(litellm(json));
    expect(env.LITELLM_MASTER_KEY).toEqual({ secret_key_ref: { name: secret.metadata.name, key: 'master-key' } });
    expect(env.LITELLM_SALT_KEY).toEqual({ secret_key_ref: { name: secret.metadata.name, key: 'salt-key' } });
    expect(only(json, 'kubernetes_deployment_v1').depends_on).toContain('kubernetes_secret_v1.Kubernetes_GeneratedKeys_C9436D27');
  });

  it('needs no random provider: no random_* resource, so nothing to add to the user\'s app', () => {
    expect(Object.keys(json.resource).filter((t) => t.startsWith('random_'))).toEqual([]);
    expect(text).not.toContain('registry.terraform.io/hashicorp/random');
  });

  it('never rotates the salt: its write-only value is sent at revision 1 only', () => {
    expect(json.resource.kubernetes_secret_v1.Kubernetes_GeneratedKeys_C9436D27.data_wo_revision).toBe(1);
  });

  it('pins the logical ids of the stateful resources', () => {
    expect(Object.keys(json.resource.kubernetes_secret_v1)).toEqual(['Kubernetes_GeneratedKeys_C9436D27']);
    expect(Object.keys(json.resource.kubernetes_namespace_v1)).toEqual(['Kubernetes_Namespace_1D3E3944']);
  });

  it('passes secrets only by reference', () => {
    for (const e of litellm(json).env) {
      if (/KEY|PASSWORD|SECRET|TOKEN/.test(e.name)) expect(e.value_from?.secret_key_ref).toBeDefined();
    }
  });

  it('autoscales on CPU between 2 and 10, out fast and in slowly', () => {
    const hpa = only(json, 'kubernetes_horizontal_pod_autoscaler_v2');
    expect(hpa.spec.min_replicas).toBe(2);
    expect(hpa.spec.max_replicas).toBe(10);
    expect(hpa.spec.scale_target_ref).toEqual({ api_version: 'apps/v1', kind: 'Deployment', name: '${kubernetes_deployment_v1.Kubernetes_Deployment_AFEBC061.metadata[0].name}' });
    expect(hpa.spec.metric).toEqual([{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', average_utilization: 70 } } }]);
    expect(hpa.spec.behavior.scale_down[0].stabilization_window_seconds).toBe(300);
    expect(hpa.spec.behavior.scale_down[0].policy).toEqual([{ type: 'Pods', value: 1, period_seconds: 60 }]);
  });

  it('allows one voluntary disruption at a time', () => {
    const pdb = only(json, 'kubernetes_pod_disruption_budget_v1');
    expect(pdb.spec).toEqual({ max_unavailable: '1', selector: { match_labels: only(json, 'kubernetes_deployment_v1').spec.selector.match_labels } });
  });

  it('exposes a ClusterIP Service only, and an in-cluster endpoint', () => {
    const svc = only(json, 'kubernetes_service_v1');
    expect(svc.spec.type).toBe('ClusterIP');
    expect(svc.spec.port).toEqual([
      { name: 'http', port: 8080, target_port: 'edge', protocol: 'TCP', app_protocol: 'http' },
      { name: 'admin', port: 4000, target_port: 'litellm', protocol: 'TCP', app_protocol: 'http' },
      { name: 'metrics', port: 9090, target_port: 'metrics', protocol: 'TCP', app_protocol: 'http' },
    ]);
    expect(json.resource.kubernetes_ingress_v1).toBeUndefined();
    expect(binding.endpoint).toMatch(/^http:\/\/.+\.llm-gateway\.svc\.cluster\.local:8080$/);
    expect(binding.adminEndpoint).toMatch(/^http:\/\/.+\.llm-gateway\.svc\.cluster\.local:4000$/);
  });

  it('denies all ingress until callers are allowed (no rule at all, never an empty `from`)', () => {
    const np = only(json, 'kubernetes_network_policy_v1');
    expect(np.spec.policy_types).toEqual(['Ingress', 'Egress']);
    expect(np.spec.ingress).toEqual([]);
  });

  it('limits egress to DNS, HTTPS and Redis', () => {
    const np = only(json, 'kubernetes_network_policy_v1');
    const ports = np.spec.egress.map((r: any) => r.ports.map((p: any) => `${p.protocol}/${p.port}`).join(','));
    expect(ports).toEqual(['UDP/53,TCP/53', 'TCP/443', 'TCP/6379']);
    expect(np.spec.egress[0].to[0]).toEqual({ namespace_selector: { match_labels: { 'kubernetes.io/metadata.name': 'kube-system' } }, pod_selector: { match_labels: { 'k8s-app': 'kube-dns' } } });
    expect(np.spec.egress[2].to).toEqual([{ ip_block: { cidr: '10.0.0.0/8' } }, { ip_block: { cidr: '172.16.0.0/12' } }, { ip_block: { cidr: '192.168.0.0/16' } }]);
  });

  it('selects gateway and migration pods with the NetworkPolicy', () => {
    expect(only(json, 'kubernetes_network_policy_v1').spec.pod_selector.match_labels).toEqual({ 'app.kubernetes.io/instance': 'llm-gateway-f7051705', 'app.kubernetes.io/name': 'litellm' });
  });

  it('uses external Redis over TLS with the password by reference', () => {
    const env = envOf(litellm(json));
    expect(env.REDIS_HOST).toBe('master.llm.abc123.use1.cache.amazonaws.com');
    expect(env.REDIS_PORT).toBe('6379');
    expect(env.REDIS_SSL).toBe('true');
    expect(env.REDIS_PASSWORD).toEqual({ secret_key_ref: { name: 'redis-auth', key: 'password' } });
  });

  it('sorts the environment by name', () => {
    const names = litellm(json).env.map((e: any) => e.name);
    expect(names).toEqual([...names].sort());
  });

  it('passes every Kubernetes rule of the security baseline', () => {
    const subjects: PolicySubject[] = Object.entries<any>(json.resource).flatMap(([type, byName]) =>
      Object.entries<any>(byName).map(([name, config]) => ({ type, address: `${type}.${name}`, path: name, config })));
    const rules = SECURITY_BASELINE_RULES.filter((r) => r.resourceTypes.some((t) => t.startsWith('kubernetes_')));
    expect(rules.length).toBeGreaterThan(0);
    const index = { referencing: referencingIndex(subjects), ...stackIndex(subjects) };
    for (const rule of rules) {
      for (const subject of subjects.filter((s) => rule.resourceTypes.includes(s.type))) {
        const context = { subject, resources: subjects, governance: {}, options: {}, ...index } as unknown as RuleContext;
        const outcome = rule.check(subject.config, context);
        expect(isCannotEvaluate(outcome)).toBe(false);
        const findings = Array.isArray(outcome) ? outcome : [outcome].filter((x) => x !== Compliance.COMPLIANT && x !== Compliance.NOT_APPLICABLE);
        expect([rule.id, subject.address, findings]).toEqual([rule.id, subject.address, []]);
      }
    }
  });

  it('matches the snapshot', () => {
    expect(text).toMatchSnapshot();
  });
});

describe('KubernetesRuntime options', () => {
  it('uses an existing namespace when createNamespace is false', () => {
    const { json } = bind({ redis: REDIS, createNamespace: false, namespace: 'ai' });
    expect(json.resource.kubernetes_namespace_v1).toBeUndefined();
    expect(only(json, 'kubernetes_deployment_v1').metadata.namespace).toBe('ai');
  });

  it('rolls the pods when the config changes', () => {
    const a = only(bind({ redis: REDIS }, { config: 'a: 1\n' }).json, 'kubernetes_deployment_v1').spec.template.metadata.annotations['checksum/config'];
    const b = only(bind({ redis: REDIS }, { config: 'a: 22\n' }).json, 'kubernetes_deployment_v1').spec.template.metadata.annotations['checksum/config'];
    expect(a).not.toBe(b);
  });

  it('admits caller namespaces, allowFrom peers and labelled namespaces on the edge port only (inference routes)', () => {
    const { json } = bind({ redis: REDIS, callerNamespaces: ['apps'], callerNamespaceLabels: { 'llm-platform.io/gateway-access': 'true' } }, {}, (b) => {
      b.allowFrom(GatewayPeer.kubernetesNamespace('batch'));
      b.allowFrom(GatewayPeer.cidr('10.20.0.0/16'));
    });
    expect(only(json, 'kubernetes_network_policy_v1').spec.ingress).toEqual([{
      from: [
        { namespace_selector: { match_expressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['apps', 'batch'] }] } },
        { namespace_selector: { match_labels: { 'llm-platform.io/gateway-access': 'true' } } },
        { ip_block: { cidr: '10.20.0.0/16' } },
      ],
      ports: [{ port: '8080', protocol: 'TCP' }],
    }]);
  });

  it('admits operations peers (allowAdminFrom) to LiteLLM\'s own port only, callers never', () => {
    const { json, binding } = bind({ redis: REDIS, callerNamespaces: ['apps'] }, {}, (b) => {
      b.allowAdminFrom!(GatewayPeer.kubernetesNamespace('llm-ops'));
      b.allowAdminFrom!(GatewayPeer.cidr('10.99.0.0/24'));
    });
    expect(only(json, 'kubernetes_network_policy_v1').spec.ingress).toEqual([
      { from: [{ namespace_selector: { match_expressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['apps'] }] } }], ports: [{ port: '8080', protocol: 'TCP' }] },
      {
        from: [
          { namespace_selector: { match_expressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['llm-ops'] }] } },
          { ip_block: { cidr: '10.99.0.0/24' } },
        ],
        ports: [{ port: '4000', protocol: 'TCP' }],
      },
    ]);
    expect(binding.management?.adminUrl).toBe(binding.adminEndpoint);
    expect(problemsOf(() => binding.allowAdminFrom!(GatewayPeer.securityGroup('sg-0123456789abcdef0')))).toEqual([
      { path: 'allowAdminFrom(peer)', message: 'is not a peer the Kubernetes runtime can admit' },
    ]);
  });

  it('admits scrapers (allowMetricsFrom) to the edge\'s metrics-only port only: never LiteLLM\'s port, never the callers\' port', () => {
    // GIVEN a Prometheus namespace and a scraper CIDR granted for metrics only
    const { json, binding } = bind({ redis: REDIS, callerNamespaces: ['apps'] }, {}, (b) => {
      b.allowMetricsFrom!(GatewayPeer.kubernetesNamespace('monitoring'));
      b.allowMetricsFrom!(GatewayPeer.cidr('10.98.0.0/24'));
    });
    // THEN the NetworkPolicy has one rule for them, on port 9090, and the admin port stays closed
    expect(only(json, 'kubernetes_network_policy_v1').spec.ingress).toEqual([
      { from: [{ namespace_selector: { match_expressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['apps'] }] } }], ports: [{ port: '8080', protocol: 'TCP' }] },
      {
        from: [
          { namespace_selector: { match_expressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['monitoring'] }] } },
          { ip_block: { cidr: '10.98.0.0/24' } },
        ],
        ports: [{ port: '9090', protocol: 'TCP' }],
      },
    ]);
    // AND the edge behind that port forwards LiteLLM's /metrics/ only (rendered config checked by nginx in edge-proxy.test.ts)
    const edgeConfig = Object.values(json.resource.kubernetes_config_map_v1 as Record<string, any>).find((c) => c.data?.['nginx.conf'])!;
    const metricsServer = edgeConfig.data['nginx.conf'].slice(edgeConfig.data['nginx.conf'].indexOf('listen 9090;'));
    expect([...metricsServer.matchAll(/proxy_pass (\S+);/g)].map((m: RegExpMatchArray) => m[1])).toEqual(['http://litellm/metrics/', 'http://litellm/metrics/']);
    expect(problemsOf(() => binding.allowMetricsFrom!(GatewayPeer.securityGroup('sg-0123456789abcdef0')))).toEqual([
      { path: 'allowMetricsFrom(peer)', message: 'is not a peer the Kubernetes runtime can admit' },
    ]);
  });

  it('puts the edge in front of LiteLLM: nginx with the rendered config, hardened, probed on its own health path', () => {
    const { json } = bind({ redis: REDIS });
    const edge = podSpec(json).container.find((c: any) => c.name === 'edge');
    expect(edge).toMatchObject({
      image: EDGE_PROXY_IMAGE,
      command: ['nginx', '-c', '/etc/llm-edge/nginx.conf', '-g', 'daemon off;'],
      port: [{ name: 'edge', container_port: 8080, protocol: 'TCP' }, { name: 'metrics', container_port: 9090, protocol: 'TCP' }],
      security_context: expect.objectContaining({ read_only_root_filesystem: true, run_as_non_root: true }),
      liveness_probe: expect.objectContaining({ http_get: { path: '/edge-healthz', port: 'edge', scheme: 'HTTP' } }),
    });
    const edgeConfig = json.resource.kubernetes_config_map_v1.Kubernetes_EdgeConfig_4A86F104;
    expect(edgeConfig.data['nginx.conf']).toBe(renderEdgeProxyConfig({ upstreamPort: 4000, refuseRedactionOverride: true, metricsPort: 9090 }));
    expect(only(json, 'kubernetes_deployment_v1').spec.template.metadata.annotations['checksum/edge']).toMatch(/^[0-9a-f]{8}$/);
    // With message logging allowed, the header is not refused.
    const logging = bind({ redis: REDIS }, { allowMessageLogging: true }).json;
    expect(logging.resource.kubernetes_config_map_v1.Kubernetes_EdgeConfig_4A86F104.data['nginx.conf']).not.toContain('$http_litellm_disable_message_redaction');
  });

  it('maps the gateway\'s default (root) image to its non-root variant of the same release, and rejects other root images', () => {
    const { json } = bind({ redis: REDIS }, { image: DEFAULT_LITELLM_IMAGE });
    expect(litellm(json).image).toBe('ghcr.io/berriai/litellm-non_root:main-v1.83.14-stable');
    // The exported constant names what the pods run (it is what users pin by digest).
    expect(DEFAULT_LITELLM_NON_ROOT_IMAGE).toBe(litellm(json).image);
    expect(problemsOf(() => bind({ redis: REDIS }, { image: 'ghcr.io/berriai/litellm-database:main-v1.83.14-stable' }))).toEqual([
      { path: 'image', message: expect.stringContaining('is a LiteLLM image built to run as root') },
    ]);
  });

  it('rejects peers it cannot express in a NetworkPolicy', () => {
    const { binding } = bind();
    expect(problemsOf(() => binding.allowFrom(GatewayPeer.securityGroup('sg-0123456789abcdef0')))).toEqual([
      { path: 'allowFrom(peer)', message: 'is not a peer the Kubernetes runtime can admit' },
    ]);
  });

  it('scales on memory and requests per second when asked', () => {
    const autoscaling = { targetCpuUtilizationPercent: 60, targetMemoryUtilizationPercent: 80, requestsPerSecondPerReplica: 25 };
    const { json } = bind({ redis: REDIS, minReplicas: 3, maxReplicas: 30, autoscaling });
    const hpa = only(json, 'kubernetes_horizontal_pod_autoscaler_v2');
    expect(hpa.spec.min_replicas).toBe(3);
    expect(hpa.spec.max_replicas).toBe(30);
    expect(hpa.spec.metric).toEqual([
      { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', average_utilization: 60 } } },
      { type: 'Resource', resource: { name: 'memory', target: { type: 'Utilization', average_utilization: 80 } } },
      { type: 'Pods', pods: { metric: { name: 'litellm_requests_per_second' }, target: { type: 'AverageValue', average_value: '25' } } },
    ]);
    expect(only(json, 'kubernetes_deployment_v1').spec.replicas).toBe('3');
  });

  it('takes custom resources and workers', () => {
    const { json } = bind({ redis: REDIS, workersPerReplica: 2, resources: { cpuRequest: '500m', cpuLimit: '4', memoryRequest: '1Gi', memoryLimit: '3Gi' } });
    expect(litellm(json).resources).toEqual({ requests: { cpu: '500m', memory: '1Gi' }, limits: { cpu: '4', memory: '3Gi' } });
    expect(litellm(json).args).toContain('2');
    expect(envOf(litellm(json)).NUM_WORKERS).toBe('2');
  });

  describe('service account and workload identity', () => {
    it('annotates for EKS IRSA', () => {
      const { json } = bind({ redis: REDIS, serviceAccount: { name: 'gw', workloadIdentity: KubernetesWorkloadIdentity.eksIrsa('arn:aws:iam::123456789012:role/gw'), annotations: { 'example.com/owner': 'platform' } } });
      const sa = only(json, 'kubernetes_service_account_v1');
      expect(sa.metadata.name).toBe('gw');
      expect(sa.metadata.annotations).toEqual({ 'eks.amazonaws.com/role-arn': 'arn:aws:iam::123456789012:role/gw', 'example.com/owner': 'platform' });
    });

    it('annotates for GKE Workload Identity and opens the metadata server', () => {
      const { json } = bind({ redis: REDIS, serviceAccount: { workloadIdentity: KubernetesWorkloadIdentity.gke('llm-gateway@my-proj-123.iam.gserviceaccount.com') } });
      expect(only(json, 'kubernetes_service_account_v1').metadata.annotations).toEqual({ 'iam.gke.io/gcp-service-account': 'llm-gateway@my-proj-123.iam.gserviceaccount.com' });
      const egress = only(json, 'kubernetes_network_policy_v1').spec.egress;
      expect(egress).toContainEqual({ to: [{ ip_block: { cidr: '169.254.169.254/32' } }], ports: [{ port: '80', protocol: 'TCP' }] });
      expect(egress).toContainEqual({ to: [{ ip_block: { cidr: '169.254.169.252/32' } }], ports: [{ port: '988', protocol: 'TCP' }] });
    });

    it('on GKE, also allows DNS to the Cloud DNS resolver (169.254.169.254:53, UDP and TCP); on EKS it does not', () => {
      // GIVEN the two cluster flavours
      const gke = bind({ redis: REDIS, serviceAccount: { workloadIdentity: KubernetesWorkloadIdentity.gke('llm-gateway@my-proj-123.iam.gserviceaccount.com') } }).json;
      const eks = bind({ redis: REDIS, serviceAccount: { workloadIdentity: KubernetesWorkloadIdentity.eksPodIdentity() } }).json;
      const dnsRule = (json: any) => only(json, 'kubernetes_network_policy_v1').spec.egress[0];
      const kubeDns = { namespace_selector: { match_labels: { 'kubernetes.io/metadata.name': 'kube-system' } }, pod_selector: { match_labels: { 'k8s-app': 'kube-dns' } } };
      const nodeLocal = { ip_block: { cidr: '169.254.20.10/32' } };

      // THEN GKE with Cloud DNS (Dataplane V2) resolves through the metadata server's resolver: it must be allowed on 53
      expect(dnsRule(gke)).toEqual({
        to: [kubeDns, nodeLocal, { ip_block: { cidr: '169.254.169.254/32' } }],
        ports: [{ port: '53', protocol: 'UDP' }, { port: '53', protocol: 'TCP' }],
      });
      // AND on EKS (kube-dns / NodeLocal DNSCache) nothing else is opened
      expect(dnsRule(eks)).toEqual({ to: [kubeDns, nodeLocal], ports: [{ port: '53', protocol: 'UDP' }, { port: '53', protocol: 'TCP' }] });
    });

    it('opens the EKS Pod Identity agent without annotations', () => {
      const { json } = bind({ redis: REDIS, serviceAccount: { workloadIdentity: KubernetesWorkloadIdentity.eksPodIdentity() } });
      expect(only(json, 'kubernetes_service_account_v1').metadata.annotations).toBeUndefined();
      expect(only(json, 'kubernetes_network_policy_v1').spec.egress).toContainEqual({ to: [{ ip_block: { cidr: '169.254.170.23/32' } }], ports: [{ port: '80', protocol: 'TCP' }] });
    });

    it('warns when models need cloud access but the pods have no identity', () => {
      const { stack } = bind({ redis: REDIS }, { bedrock: true });
      const warnings = stack.node.findAll().flatMap((c) => c.node.metadata).filter((m) => m.type === 'aws:cdk:warning' || m.type === '@cdktf/warn' || /warn/i.test(m.type));
      expect(warnings.map((w) => String(w.data))).toEqual([expect.stringContaining('no serviceAccount.workloadIdentity')]);
    });
  });

  describe('ingress', () => {
    const alb = (extra: object = {}) => KubernetesIngress.awsLoadBalancer({
      host: 'llm.internal.example.com',
      certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/1234abcd-12ab-34cd-56ef-1234567890ab',
      loadBalancerSourceCidrs: ['10.0.0.0/16'],
      ...extra,
    });

    it('AWS: an internal HTTPS-only ALB with a TLS 1.2+ policy, admitted by the NetworkPolicy', () => {
      const { json, binding } = bind({ redis: REDIS, ingress: alb() });
      const ing = only(json, 'kubernetes_ingress_v1');
      expect(ing.spec.ingress_class_name).toBe('alb');
      expect(ing.metadata.annotations).toEqual({
        'alb.ingress.kubernetes.io/backend-protocol': 'HTTP',
        'alb.ingress.kubernetes.io/certificate-arn': 'arn:aws:acm:us-east-1:123456789012:certificate/1234abcd-12ab-34cd-56ef-1234567890ab',
        'alb.ingress.kubernetes.io/healthcheck-path': '/health/liveliness',
        'alb.ingress.kubernetes.io/listen-ports': '[{"HTTPS":443}]',
        'alb.ingress.kubernetes.io/load-balancer-attributes': 'deletion_protection.enabled=true,idle_timeout.timeout_seconds=600,routing.http.drop_invalid_header_fields.enabled=true',
        'alb.ingress.kubernetes.io/scheme': 'internal',
        'alb.ingress.kubernetes.io/ssl-policy': 'ELBSecurityPolicy-TLS13-1-2-2021-06',
        'alb.ingress.kubernetes.io/success-codes': '200',
        'alb.ingress.kubernetes.io/target-group-attributes': 'deregistration_delay.timeout_seconds=30',
        'alb.ingress.kubernetes.io/target-type': 'ip',
      });
      expect(ing.spec.tls).toEqual([{ hosts: ['llm.internal.example.com'] }]);
      // The ingress controller is a caller: it reaches the edge (inference routes only), never LiteLLM's port.
      expect(ing.spec.rule[0].http.path[0].backend.service.port).toEqual({ number: 8080 });
      expect(ing.wait_for_load_balancer).toBe(true);
      expect(binding.endpoint).toBe('https://llm.internal.example.com');
      expect(only(json, 'kubernetes_network_policy_v1').spec.ingress[0].from).toEqual([{ ip_block: { cidr: '10.0.0.0/16' } }]);
    });

    it('AWS: internet-facing only behind WAF, with access logs', () => {
      const waf = 'arn:aws:wafv2:us-east-1:123456789012:regional/webacl/llm/abcd';
      const { json } = bind({ redis: REDIS, ingress: alb({ internetFacing: true, wafAclArn: waf, accessLogsBucket: 'alb-logs', inboundCidrs: ['203.0.113.0/24'] }) });
      const a = only(json, 'kubernetes_ingress_v1').metadata.annotations;
      expect(a['alb.ingress.kubernetes.io/scheme']).toBe('internet-facing');
      expect(a['alb.ingress.kubernetes.io/wafv2-acl-arn']).toBe(waf);
      expect(a['alb.ingress.kubernetes.io/inbound-cidrs']).toBe('203.0.113.0/24');
      expect(a['alb.ingress.kubernetes.io/load-balancer-attributes']).toMatch(/^access_logs\.s3\.enabled=true,access_logs\.s3\.bucket=alb-logs,/);
    });

    it('GKE: internal class by annotation, HTTPS only, NEGs, proxy-only subnet and health checkers admitted', () => {
      const { json } = bind({ redis: REDIS, ingress: KubernetesIngress.gkeInternal({ host: 'llm.internal.example.com', proxyOnlySubnetCidr: '10.129.0.0/23', preSharedCertificates: ['llm-cert'] }) });
      const ing = only(json, 'kubernetes_ingress_v1');
      expect(ing.spec.ingress_class_name).toBeUndefined();
      expect(ing.metadata.annotations).toEqual({
        'ingress.gcp.kubernetes.io/pre-shared-cert': 'llm-cert',
        'kubernetes.io/ingress.allow-http': 'false',
        'kubernetes.io/ingress.class': 'gce-internal',
      });
      expect(only(json, 'kubernetes_service_v1').metadata.annotations).toEqual({ 'cloud.google.com/neg': '{"ingress": true}' });
      expect(only(json, 'kubernetes_network_policy_v1').spec.ingress[0].from).toEqual([
        { ip_block: { cidr: '10.129.0.0/23' } },
        { ip_block: { cidr: '130.211.0.0/22' } },
        { ip_block: { cidr: '35.191.0.0/16' } },
      ]);
    });

    it('any controller by IngressClass, admitting its namespace', () => {
      const { json } = bind({ redis: REDIS, ingress: KubernetesIngress.ingressClass({ className: 'nginx-internal', host: 'llm.example.com', tlsSecretName: 'llm-tls', controllerNamespace: 'ingress-nginx' }) });
      const ing = only(json, 'kubernetes_ingress_v1');
      expect(ing.spec.ingress_class_name).toBe('nginx-internal');
      expect(ing.spec.tls).toEqual([{ hosts: ['llm.example.com'], secret_name: 'llm-tls' }]);
      expect(only(json, 'kubernetes_network_policy_v1').spec.ingress[0].from).toEqual([
        { namespace_selector: { match_expressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['ingress-nginx'] }] } },
      ]);
    });
  });

  describe('redis', () => {
    it('mounts a private CA for Memorystore-style TLS', () => {
      const redis = KubernetesRedis.external({ host: '10.1.2.3', password: SecretRef.kubernetes('redis', 'auth'), caCertificate: SecretRef.kubernetes('redis', 'ca.pem'), egressCidrs: ['10.1.2.3/32'] });
      const { json } = bind({ redis });
      expect(envOf(litellm(json)).REDIS_SSL_CA_CERTS).toBe('/etc/litellm-redis-ca/ca.crt');
      expect(podSpec(json).volume).toContainEqual({ name: 'redis-ca', secret: { secret_name: 'redis', default_mode: '0444', items: [{ key: 'ca.pem', path: 'ca.crt' }] } });
      expect(litellm(json).volume_mount).toContainEqual({ name: 'redis-ca', mount_path: '/etc/litellm-redis-ca', read_only: true });
      expect(only(json, 'kubernetes_network_policy_v1').spec.egress).toContainEqual({ to: [{ ip_block: { cidr: '10.1.2.3/32' } }], ports: [{ port: '6379', protocol: 'TCP' }] });
    });

    it('in-cluster (non-production): pinned valkey chart, ACL auth from a generated password, never a chart default', () => {
      const { json } = bind({ redis: KubernetesRedis.inClusterForNonProduction() }, { tags: { environment: 'dev' } });
      const release = only(json, 'helm_release');
      expect(release).toMatchObject({ chart: 'valkey', repository: 'https://valkey.io/valkey-helm/', version: '0.9.0', atomic: true, wait: true });
      const values = release.values[0];
      expect(values).toContain('auth:\n  aclUsers:\n    default:\n      passwordKey: password\n      permissions: ~* &* +@all\n  enabled: true\n  usersExistingSecret: ${kubernetes_secret_v1.Kubernetes_RedisAuth_790773A1.metadata[0].name}');
      expect(values).toContain('image:\n  tag: 9.0.1');
      expect(values).not.toMatch(/password: /);
      const secret = json.resource.kubernetes_secret_v1.Kubernetes_RedisAuth_790773A1;
      expect(secret.data_wo).toEqual({ password: '${join(\"\", [\"\", replace(uuid(), \"-\", \"\"), replace(uuid(), \"-\", \"\")])}' });
      expect(json.resource.random_password).toBeUndefined();
      const env = envOf(litellm(json));
      expect(env.REDIS_HOST).toMatch(/^llm-gateway-redis-[0-9a-f]{8}\.llm-gateway\.svc\.cluster\.local$/);
      expect(env.REDIS_PASSWORD).toEqual({ secret_key_ref: { name: secret.metadata.name, key: 'password' } });
      expect(env.REDIS_SSL).toBe('false');
      expect(only(json, 'kubernetes_deployment_v1').depends_on).toContain('helm_release.Kubernetes_Redis_334EE3A8');
      expect(only(json, 'kubernetes_namespace_v1').metadata.labels['pod-security.kubernetes.io/enforce']).toBe('baseline');
      expect(only(json, 'kubernetes_network_policy_v1').spec.egress).toContainEqual({
        to: [{ pod_selector: { match_labels: { 'app.kubernetes.io/instance': env.REDIS_HOST.split('.')[0], 'app.kubernetes.io/name': 'valkey' } } }],
        ports: [{ port: '6379', protocol: 'TCP' }],
      });
    });
  });

  describe('database and migrations', () => {
    const url = SecretRef.kubernetes('litellm-db', 'url');

    it('reads DATABASE_URL by reference and migrates once per image in a Job the Deployment waits for', () => {
      const { json } = bind({ redis: REDIS, database: KubernetesDatabase.fromUrlSecret(url, { maxConnections: 400 }) });
      expect(envOf(litellm(json)).DATABASE_URL).toEqual({ secret_key_ref: { name: 'litellm-db', key: 'url' } });
      const job = only(json, 'kubernetes_job_v1');
      expect(job.wait_for_completion).toBe(true);
      expect(job.spec).toMatchObject({ parallelism: 1, completions: 1, backoff_limit: 3 });
      const pod = job.spec.template.spec;
      expect(pod.restart_policy).toBe('Never');
      // The image's entrypoint runs `litellm "$@"`: the same --skip_server_startup migration as on ECS and Cloud Run.
      expect(pod.container[0].command).toBeUndefined();
      expect(pod.container[0].args).toEqual(['--skip_server_startup']);
      // Writable root filesystem for the one-shot migration only (Prisma writes into site-packages), otherwise as hardened.
      expect(pod.container[0].security_context).toEqual({ ...litellm(json).security_context, read_only_root_filesystem: false });
      expect(pod.security_context).toEqual(podSpec(json).security_context);
      expect(envOf(pod.container[0])).toEqual({
        DATABASE_URL: { secret_key_ref: { name: 'litellm-db', key: 'url' } },
        DISABLE_SCHEMA_UPDATE: 'false',
        LITELLM_MIGRATION_DIR: '/var/lib/litellm-runtime/migrations',
      });
      expect(only(json, 'kubernetes_deployment_v1').depends_on).toContain('kubernetes_job_v1.Kubernetes_Migrations_42A6C131');
      expect(job.spec.template.metadata.labels['app.kubernetes.io/instance']).toBe(only(json, 'kubernetes_network_policy_v1').spec.pod_selector.match_labels['app.kubernetes.io/instance']);
      expect(only(json, 'kubernetes_network_policy_v1').spec.egress).toContainEqual(expect.objectContaining({ ports: [{ port: '5432', protocol: 'TCP' }] }));
    });

    it('leaves the migration container\'s writable root to the app to accept (the library suppresses nothing of its own)', () => {
      const { stack } = bind({ redis: REDIS, database: KubernetesDatabase.fromUrlSecret(url) });
      const job = stack.node.findAll().find((c) => c.node.path.endsWith('Kubernetes/Migrations'))!;
      expect(job.node.metadata.filter((m) => m.type === SUPPRESSION_METADATA)).toEqual([]);
    });

    it('names the Job after the image, so a new image migrates again', () => {
      const name = (image: string) => only(bind({ redis: REDIS, database: KubernetesDatabase.fromUrlSecret(url) }, { image }).json, 'kubernetes_job_v1').metadata.name;
      expect(name(IMAGE)).not.toBe(name('ghcr.io/berriai/litellm-non_root:main-v1.84.0-stable'));
    });

    it('sizes the pool from maxConnections', () => {
      expect(new KubernetesRuntime({ database: KubernetesDatabase.fromUrlSecret(url, { maxConnections: 400 }) }).databaseMaxConnections).toBe(400);
      expect(new KubernetesRuntime({ database: KubernetesDatabase.fromUrlSecret(url) }).databaseMaxConnections).toBe(100);
      expect(new KubernetesRuntime({}).databaseMaxConnections).toBeUndefined();
    });

    it('RDS IAM auth: no password, host/port/user/name (no reader: the pinned LiteLLM reads none)', () => {
      const { json } = bind({ redis: REDIS, database: KubernetesDatabase.rdsIamAuth({ host: 'db.cluster-abc.us-east-1.rds.amazonaws.com', user: 'litellm', databaseName: 'litellm' }) });
      const env = envOf(litellm(json));
      expect(env.DATABASE_HOST_READ_REPLICA).toBeUndefined();
      expect(env).toMatchObject({
        IAM_TOKEN_DB_AUTH: 'true',
        DATABASE_HOST: 'db.cluster-abc.us-east-1.rds.amazonaws.com',
        DATABASE_PORT: '5432',
        DATABASE_USER: 'litellm',
        DATABASE_NAME: 'litellm',
      });
      expect(env.DATABASE_URL).toBeUndefined();
    });

    it('can relax the read-only root filesystem of the migration pod only', () => {
      const migrations = { readOnlyRootFilesystem: false, timeoutMinutes: 30 };
      const { json } = bind({ redis: REDIS, database: KubernetesDatabase.fromUrlSecret(url), migrations });
      const job = only(json, 'kubernetes_job_v1');
      expect(job.spec.template.spec.container[0].security_context.read_only_root_filesystem).toBe(false);
      expect(job.timeouts).toEqual({ create: '30m', update: '30m' });
      expect(litellm(json).security_context.read_only_root_filesystem).toBe(true);
    });
  });

  describe('secrets', () => {
    it('uses your own master and salt keys and generates nothing', () => {
      const { json } = bind({ redis: REDIS, masterKey: SecretRef.kubernetes('litellm', 'master'), saltKey: SecretRef.kubernetes('litellm', 'salt') });
      expect(json.resource.random_password).toBeUndefined();
      expect(json.resource.kubernetes_secret_v1).toBeUndefined();
      expect(envOf(litellm(json)).LITELLM_SALT_KEY).toEqual({ secret_key_ref: { name: 'litellm', key: 'salt' } });
    });

    it('maps the gateway secret environment to secretKeyRef', () => {
      const { json } = bind({ redis: REDIS }, { secretEnvironment: { OPENAI_API_KEY_CHAT: SecretRef.kubernetes('openai', 'api-key') } });
      expect(envOf(litellm(json)).OPENAI_API_KEY_CHAT).toEqual({ secret_key_ref: { name: 'openai', key: 'api-key' } });
    });

    it('rejects secrets from other stores (pods read Kubernetes Secrets only)', () => {
      expect(problemsOf(() => bind({ redis: REDIS }, { secretEnvironment: { OPENAI_API_KEY_CHAT: AWS_SECRET } }))).toEqual([
        { path: 'secretEnvironment.OPENAI_API_KEY_CHAT', message: 'is not a Kubernetes Secret; pods on this runtime read secrets through secretKeyRef' },
      ]);
    });

    it('rejects a non-Kubernetes secret added after construction, at synth', () => {
      const app = Testing.app({ stubVersion: true });
      const stack = new TerraformStack(app, 'late');
      const secrets: Record<string, SecretRef> = {};
      new KubernetesRuntime({ redis: REDIS }).bind({ ...fakeContext(stack), secretEnvironment: () => secrets });
      secrets.LATE_KEY = AWS_SECRET;
      expect(problemsOf(() => Testing.synth(stack))).toEqual([{ path: 'secretEnvironment.LATE_KEY', message: 'is not a Kubernetes Secret; pods on this runtime read secrets through secretKeyRef' }]);
    });
  });

  describe('sidecars', () => {
    const otel: GatewaySidecar = { name: 'otel', image: 'otel/opentelemetry-collector-contrib:0.111.0', ports: [4317], cpu: 200, memoryMiB: 256, startBeforeGateway: true, environment: { A: 'b' }, secrets: { TOKEN: SecretRef.kubernetes('otel', 'token') } };

    it('runs hardened, with its own /tmp, before LiteLLM when asked', () => {
      const { json } = bind({ redis: REDIS }, { sidecars: [otel] });
      const containers = podSpec(json).container;
      expect(containers.map((c: any) => c.name)).toEqual(['otel', 'litellm', 'edge']);
      expect(containers[0].security_context).toEqual(litellm(json).security_context);
      expect(containers[0].resources).toEqual({ requests: { cpu: '200m', memory: '256Mi' }, limits: { cpu: '200m', memory: '256Mi' } });
      expect(containers[0].env).toEqual([{ name: 'A', value: 'b' }, { name: 'TOKEN', value_from: { secret_key_ref: { name: 'otel', key: 'token' } } }]);
      expect(containers[0].volume_mount).toEqual([{ name: 'otel-tmp', mount_path: '/tmp' }]);
      expect(podSpec(json).volume).toContainEqual({ name: 'otel-tmp', empty_dir: { size_limit: '128Mi' } });
    });

    it('rejects sidecar secrets from other stores', () => {
      expect(problemsOf(() => bind({ redis: REDIS }, { sidecars: [{ ...otel, secrets: { TOKEN: AWS_SECRET } }] }))).toEqual([
        { path: 'sidecars.otel.secrets.TOKEN', message: 'is not a Kubernetes Secret; pods on this runtime read secrets through secretKeyRef' },
      ]);
    });

    it('opens additional egress for sidecar exporters', () => {
      const { json } = bind({ redis: REDIS, additionalEgress: [{ cidr: '10.50.0.10/32', port: 4317 }], httpsEgressCidrs: ['10.0.0.0/8'] });
      const egress = only(json, 'kubernetes_network_policy_v1').spec.egress;
      expect(egress).toContainEqual({ to: [{ ip_block: { cidr: '10.50.0.10/32' } }], ports: [{ port: '4317', protocol: 'TCP' }] });
      expect(egress).toContainEqual({ to: [{ ip_block: { cidr: '10.0.0.0/8' } }], ports: [{ port: '443', protocol: 'TCP' }] });
    });
  });

  it('can be bound once only', () => {
    const app = Testing.app({ stubVersion: true });
    const runtime = new KubernetesRuntime({ redis: REDIS });
    runtime.bind(fakeContext(new TerraformStack(app, 'a')));
    expect(() => runtime.bind(fakeContext(new TerraformStack(app, 'b')))).toThrow(/bound to one gateway only/);
  });
});

describe('KubernetesRuntime validation (every problem at once, before any resource)', () => {
  const cases: Array<[string, KubernetesRuntimeProps, { path: string; message: string }]> = [
    ['bad namespace', { redis: REDIS, namespace: 'LLM' }, { path: 'runtime.namespace', message: 'is not a namespace name' }],
    ['system namespace', { redis: REDIS, namespace: 'default' }, { path: 'runtime.namespace', message: 'is a system namespace' }],
    ['min above max', { redis: REDIS, minReplicas: 5, maxReplicas: 3 }, { path: 'runtime.maxReplicas', message: 'is below minReplicas (5)' }],
    ['bad quantity', { redis: REDIS, resources: { cpuRequest: 'lots' } }, { path: 'runtime.resources.cpuRequest', message: 'is not a Kubernetes quantity' }],
    ['root user', { redis: REDIS, runAsUser: 0 }, { path: 'runtime.runAsUser', message: 'must not be root (0)' }],
    ['unknown prop', { redis: REDIS, replicas: 3 } as any, { path: 'runtime', message: expect.any(String) as unknown as string }],
    ['caller namespace', { redis: REDIS, callerNamespaces: ['Apps'] }, { path: 'runtime.callerNamespaces[0]', message: 'is not a namespace name' }],
    ['non-k8s master key', { redis: REDIS, masterKey: AWS_SECRET }, { path: 'runtime.masterKey', message: 'is not a Kubernetes Secret; pods on this runtime read secrets through secretKeyRef' }],
    ['non-k8s salt key', { redis: REDIS, saltKey: AWS_SECRET }, { path: 'runtime.saltKey', message: 'is not a Kubernetes Secret; pods on this runtime read secrets through secretKeyRef' }],
    ['managed SA annotation', { redis: REDIS, serviceAccount: { annotations: { 'eks.amazonaws.com/role-arn': 'x' } } }, { path: 'runtime.serviceAccount.annotations.eks.amazonaws.com/role-arn', message: 'is set by the runtime from its typed options' }],
    ['IRSA role', { redis: REDIS, serviceAccount: { workloadIdentity: KubernetesWorkloadIdentity.eksIrsa('my-role') } }, { path: 'runtime.serviceAccount.workloadIdentity.roleArn', message: 'is not an IAM role ARN' }],
    ['GKE account', { redis: REDIS, serviceAccount: { workloadIdentity: KubernetesWorkloadIdentity.gke('me@gmail.com') } }, { path: 'runtime.serviceAccount.workloadIdentity.gcpServiceAccountEmail', message: 'is not a Google service account email' }],
    ['https egress cidr', { redis: REDIS, httpsEgressCidrs: ['internet'] }, { path: 'runtime.httpsEgressCidrs[0]', message: 'is not an IPv4 CIDR' }],
    ['extra egress cidr', { redis: REDIS, additionalEgress: [{ cidr: 'x', port: 1 }] }, { path: 'runtime.additionalEgress[0].cidr', message: 'is not an IPv4 CIDR' }],
    ['rps metric alone', { redis: REDIS, autoscaling: { requestsPerSecondMetric: 'rps' } }, { path: 'runtime.autoscaling.requestsPerSecondMetric', message: 'has no effect without requestsPerSecondPerReplica' }],
    ['migrations without db', { redis: REDIS, migrations: {} }, { path: 'runtime.migrations', message: 'has no effect without a database' }],
    ['redis host', { redis: KubernetesRedis.external({ host: 'not a host', password: SecretRef.kubernetes('r', 'p') }) }, { path: 'runtime.redis.host', message: 'is not a host name or IP address' }],
    ['redis password store', { redis: KubernetesRedis.external({ host: 'r.local', password: AWS_SECRET }) }, { path: 'runtime.redis.password', message: 'is not a Kubernetes Secret; pods on this runtime read secrets through secretKeyRef' }],
    ['redis port', { redis: KubernetesRedis.external({ host: 'r.local', port: 70000, password: SecretRef.kubernetes('r', 'p') }) }, { path: 'runtime.redis.port', message: 'is not a port number' }],
    ['redis CA without TLS', { redis: KubernetesRedis.external({ host: 'r.local', tls: false, password: SecretRef.kubernetes('r', 'p'), caCertificate: SecretRef.kubernetes('r', 'ca') }) }, { path: 'runtime.redis.caCertificate', message: 'has no effect without TLS' }],
    ['redis world egress', { redis: KubernetesRedis.external({ host: 'r.local', password: SecretRef.kubernetes('r', 'p'), egressCidrs: ['0.0.0.0/0'] }) }, { path: 'runtime.redis.egressCidrs[0]', message: 'opens this path to every address' }],
    ['chart range', { redis: KubernetesRedis.inClusterForNonProduction({ chartVersion: '^0.9' }) }, { path: 'runtime.redis.chartVersion', message: 'is not an exact chart version' }],
    ['valkey latest', { redis: KubernetesRedis.inClusterForNonProduction({ imageTag: 'latest' }) }, { path: 'runtime.redis.imageTag', message: 'is not a pinned image tag' }],
    ['chart repo', { redis: KubernetesRedis.inClusterForNonProduction({ chartRepository: 'http://charts.local' }) }, { path: 'runtime.redis.chartRepository', message: 'is not an HTTPS or OCI repository' }],
    ['db url store', { redis: REDIS, database: KubernetesDatabase.fromUrlSecret(AWS_SECRET) }, { path: 'runtime.database.url', message: 'is not a Kubernetes Secret; pods on this runtime read secrets through secretKeyRef' }],
    ['db max connections', { redis: REDIS, database: KubernetesDatabase.fromUrlSecret(SecretRef.kubernetes('d', 'u'), { maxConnections: 5 }) }, { path: 'runtime.database.maxConnections', message: 'must be an integer of at least 10' }],
    ['db host', { redis: REDIS, database: KubernetesDatabase.rdsIamAuth({ host: '', user: 'litellm', databaseName: 'litellm' }) }, { path: 'runtime.database.host', message: 'is not a host name' }],
    ['db user', { redis: REDIS, database: KubernetesDatabase.rdsIamAuth({ host: 'db.local', user: 'lite-llm', databaseName: 'litellm' }) }, { path: 'runtime.database.user', message: 'is not a PostgreSQL user name' }],
    ['db name', { redis: REDIS, database: KubernetesDatabase.rdsIamAuth({ host: 'db.local', user: 'litellm', databaseName: '1db' }) }, { path: 'runtime.database.databaseName', message: 'is not a PostgreSQL database name' }],
    ['db reader', { redis: REDIS, database: KubernetesDatabase.rdsIamAuth({ host: 'db.local', user: 'litellm', databaseName: 'litellm', readReplicaHost: 'db.cluster-ro.local' }) }, { path: 'runtime.database.readReplicaHost', message: expect.stringContaining('is not read by the pinned LiteLLM release') }],
  ];

  it.each(cases)('%s', (_name, props, expected) => {
    const problems = new KubernetesRuntime(props).validate();
    expect(problems).toContainEqual(expect.objectContaining(expected));
  });

  const ACM = 'arn:aws:acm:us-east-1:123456789012:certificate/abc';
  const ingressCases: Array<[string, KubernetesIngress, { path: string; message: string }]> = [
    ['host', KubernetesIngress.awsLoadBalancer({ host: 'not a host', certificateArn: ACM, loadBalancerSourceCidrs: ['10.0.0.0/16'] }), { path: 'runtime.ingress.host', message: 'is not a DNS name' }],
    ['certificate', KubernetesIngress.awsLoadBalancer({ host: 'a.example.com', certificateArn: 'cert', loadBalancerSourceCidrs: ['10.0.0.0/16'] }), { path: 'runtime.ingress.certificateArn', message: 'is not an ACM certificate ARN' }],
    ['no source cidrs', KubernetesIngress.awsLoadBalancer({ host: 'a.example.com', certificateArn: ACM, loadBalancerSourceCidrs: [] }), { path: 'runtime.ingress.loadBalancerSourceCidrs', message: 'is required: the NetworkPolicy must admit the ALB' }],
    ['world source', KubernetesIngress.awsLoadBalancer({ host: 'a.example.com', certificateArn: ACM, loadBalancerSourceCidrs: ['0.0.0.0/0'] }), { path: 'runtime.ingress.loadBalancerSourceCidrs[0]', message: 'opens this path to every address' }],
    ['public without WAF', KubernetesIngress.awsLoadBalancer({ host: 'a.example.com', certificateArn: ACM, loadBalancerSourceCidrs: ['10.0.0.0/16'], internetFacing: true }), { path: 'runtime.ingress.wafAclArn', message: 'is required for an internet-facing ALB' }],
    ['WAF arn', KubernetesIngress.awsLoadBalancer({ host: 'a.example.com', certificateArn: ACM, loadBalancerSourceCidrs: ['10.0.0.0/16'], wafAclArn: 'waf' }), { path: 'runtime.ingress.wafAclArn', message: 'is not a WAFv2 regional web ACL ARN' }],
    ['old TLS', KubernetesIngress.awsLoadBalancer({ host: 'a.example.com', certificateArn: ACM, loadBalancerSourceCidrs: ['10.0.0.0/16'], sslPolicy: 'ELBSecurityPolicy-2016-08' }), { path: 'runtime.ingress.sslPolicy', message: 'allows TLS older than 1.2' }],
    ['internal ALB world inbound', KubernetesIngress.awsLoadBalancer({ host: 'a.example.com', certificateArn: ACM, loadBalancerSourceCidrs: ['10.0.0.0/16'], inboundCidrs: ['0.0.0.0/0'] }), { path: 'runtime.ingress.inboundCidrs[0]', message: 'opens this path to every address' }],
    ['logs bucket', KubernetesIngress.awsLoadBalancer({ host: 'a.example.com', certificateArn: ACM, loadBalancerSourceCidrs: ['10.0.0.0/16'], accessLogsBucket: 'arn:aws:s3:::b' }), { path: 'runtime.ingress.accessLogsBucket', message: 'is not an S3 bucket name' }],
    ['managed annotation', KubernetesIngress.awsLoadBalancer({ host: 'a.example.com', certificateArn: ACM, loadBalancerSourceCidrs: ['10.0.0.0/16'], annotations: { 'alb.ingress.kubernetes.io/scheme': 'internet-facing' } }), { path: 'runtime.ingress.annotations.alb.ingress.kubernetes.io/scheme', message: 'is set by the runtime from its typed options' }],
    ['GKE without TLS', KubernetesIngress.gkeInternal({ host: 'a.example.com', proxyOnlySubnetCidr: '10.129.0.0/23' }), { path: 'runtime.ingress.tlsSecretName', message: 'TLS is required: neither tlsSecretName nor preSharedCertificates is set' }],
    ['GKE proxy subnet', KubernetesIngress.gkeInternal({ host: 'a.example.com', proxyOnlySubnetCidr: 'subnet', tlsSecretName: 'tls' }), { path: 'runtime.ingress.proxyOnlySubnetCidr', message: 'is not an IPv4 CIDR' }],
    ['GKE cert name', KubernetesIngress.gkeInternal({ host: 'a.example.com', proxyOnlySubnetCidr: '10.129.0.0/23', preSharedCertificates: ['Cert_1'] }), { path: 'runtime.ingress.preSharedCertificates[0]', message: 'is not a Compute Engine certificate name' }],
    ['GKE managed annotation', KubernetesIngress.gkeInternal({ host: 'a.example.com', proxyOnlySubnetCidr: '10.129.0.0/23', tlsSecretName: 'tls', annotations: { 'kubernetes.io/ingress.allow-http': 'true' } }), { path: 'runtime.ingress.annotations.kubernetes.io/ingress.allow-http', message: 'is set by the runtime from its typed options' }],
    ['class name', KubernetesIngress.ingressClass({ className: 'Nginx', host: 'a.example.com', tlsSecretName: 'tls', controllerNamespace: 'ingress' }), { path: 'runtime.ingress.className', message: 'is not an IngressClass name' }],
    ['class TLS', KubernetesIngress.ingressClass({ className: 'nginx', host: 'a.example.com', tlsSecretName: '', controllerNamespace: 'ingress' }), { path: 'runtime.ingress.tlsSecretName', message: 'is required and must be a Secret name' }],
    ['controller namespace', KubernetesIngress.ingressClass({ className: 'nginx', host: 'a.example.com', tlsSecretName: 'tls', controllerNamespace: 'Ingress' }), { path: 'runtime.ingress.controllerNamespace', message: 'is not a namespace name' }],
  ];

  it.each(ingressCases)('ingress: %s', (_name, ingress, expected) => {
    expect(new KubernetesRuntime({ redis: REDIS, ingress }).validate()).toContainEqual(expect.objectContaining(expected));
  });

  it('reports every problem at once', () => {
    const problems = new KubernetesRuntime({ namespace: 'default', minReplicas: 3, maxReplicas: 2, masterKey: AWS_SECRET, redis: REDIS }).validate();
    expect(problems.map((p) => p.path).sort()).toEqual(['runtime.masterKey', 'runtime.maxReplicas', 'runtime.namespace']);
  });

  it('rejects literal secrets in props', () => {
    const problems = new KubernetesRuntime({ redis: REDIS, nodeSelector: { pool: 'sk-ant-abcdefghijklmnopqrstuvwxyz' } }).validate();
    expect(problems).toContainEqual(expect.objectContaining({ path: 'runtime.nodeSelector.pool', message: 'looks like a literal secret; props never take secret values' }));
  });

  it('bind: requires Redis with more than one process, names the gateway, creates nothing', () => {
    const app = Testing.app({ stubVersion: true });
    const stack = new TerraformStack(app, 'v');
    const error = (() => {
      try {
        new KubernetesRuntime({}).bind(fakeContext(stack));
      } catch (e) {
        return e as ValidationError;
      }
      throw new Error('expected a ValidationError');
    })();
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.constructPath).toBe('v');
    expect(error.problems.map((p) => p.path)).toEqual(['runtime.redis']);
    expect(error.problems[0].message).toMatch(/^is required with more than one LiteLLM process/);
    expect(stack.node.tryFindChild('Kubernetes')).toBeUndefined();
  });

  it('bind: rejects a floating image', () => {
    expect(problemsOf(() => bind({ redis: REDIS }, { image: 'ghcr.io/berriai/litellm-non_root:main-latest' }))).toEqual([{ path: 'image', message: 'is not pinned' }]);
    expect(problemsOf(() => bind({ redis: REDIS }, { image: 'ghcr.io/berriai/litellm-non_root' }))).toEqual([{ path: 'image', message: 'is not pinned' }]);
  });

  it('bind: rejects the in-cluster Redis in production', () => {
    expect(problemsOf(() => bind({ redis: KubernetesRedis.inClusterForNonProduction() }, { tags: { environment: 'production' } }))).toEqual([
      { path: 'runtime.redis', message: "is not for production (environment 'production')" },
    ]);
  });
});

describe('GatewayRuntime.kubernetes through LlmGateway', () => {
  const POD_IDENTITY = KubernetesWorkloadIdentity.eksPodIdentity();
  const model = () => ModelDeployment.bedrock({ alias: 'chat', modelId: 'anthropic.claude-3-5-haiku-20241022-v1:0', region: 'us-east-1' });

  function gateway(runtime: GatewayRuntime) {
    const app = Testing.app({ stubVersion: true });
    const stack = new TerraformStack(app, 'gw');
    const gw = new LlmGateway(stack, 'gateway', { runtime, models: [model()], image: IMAGE, tags: { team: 'platform', environment: 'staging' } });
    return { stack, gw };
  }

  it('is a kubernetes runtime', () => {
    expect(GatewayRuntime.kubernetes({ redis: REDIS }).kind).toBe('kubernetes');
  });

  it('renders the gateway config into the ConfigMap, hashed on the pod template, with the gateway environment', () => {
    const { stack, gw } = gateway(GatewayRuntime.kubernetes({ redis: REDIS, serviceAccount: { workloadIdentity: POD_IDENTITY } }));
    gw.connections.allowFrom(GatewayPeer.kubernetesNamespace('apps'));
    const json = JSON.parse(Testing.synth(stack));
    const config = (Object.values(json.resource.kubernetes_config_map_v1) as any[]).find((c) => 'config.yaml' in c.data).data['config.yaml'];
    expect(config).toBe(gw.renderConfig());
    expect(config).toContain('bedrock/anthropic.claude-3-5-haiku-20241022-v1:0');
    expect(config).toContain('redis_host: os.environ/REDIS_HOST');
    const env = envOf(litellm(json));
    expect(env).toMatchObject({ LITELLM_LOG: 'ERROR', LITELLM_MODE: 'PRODUCTION', NUM_WORKERS: '1', PROMETHEUS_MULTIPROC_DIR: '/var/lib/litellm-runtime/prometheus' });
    expect(only(json, 'kubernetes_deployment_v1').spec.template.metadata.annotations['checksum/config']).toBe(env.LITELLM_CONFIG_SHA256);
    expect(only(json, 'kubernetes_network_policy_v1').spec.ingress[0].from[0].namespace_selector.match_expressions[0].values).toEqual(['apps']);
    expect(gw.endpoint).toMatch(/svc\.cluster\.local:8080$/);
    expect(gw.adminEndpoint).toMatch(/svc\.cluster\.local:4000$/);
  });

  it('picks up models added after construction (config and hash are lazy)', () => {
    const { stack, gw } = gateway(GatewayRuntime.kubernetes({ redis: REDIS, serviceAccount: { workloadIdentity: POD_IDENTITY } }));
    const before = gw.renderConfig();
    gw.addModel(ModelDeployment.bedrock({ alias: 'chat-fast', modelId: 'amazon.nova-micro-v1:0', region: 'us-east-1' }));
    const json = JSON.parse(Testing.synth(stack));
    const config = (Object.values(json.resource.kubernetes_config_map_v1) as any[]).find((c) => 'config.yaml' in c.data).data['config.yaml'];
    expect(config).not.toBe(before);
    expect(config).toContain('chat-fast');
  });

  const gatewayError = (runtime: GatewayRuntime): ValidationError => {
    try {
      gateway(runtime);
    } catch (e) {
      if (e instanceof ValidationError) return e;
      throw e;
    }
    throw new Error('expected a ValidationError');
  };

  it("reports the runtime's problems under runtime., naming the gateway", () => {
    const error = gatewayError(GatewayRuntime.kubernetes({ namespace: 'kube-system', redis: REDIS }));
    expect(error.constructPath).toBe('gw/gateway');
    expect(error.problems.map((p) => [p.path, p.message])).toEqual([['runtime.namespace', 'is a system namespace']]);
  });

  it('refuses the default two replicas without Redis', () => {
    const error = gatewayError(GatewayRuntime.kubernetes({}));
    // Reported by the gateway's cross-checks (`runtime`) or, failing that, by the runtime's bind (`runtime.redis`).
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0].path).toMatch(/^runtime(\.redis)?$/);
    expect(error.problems[0].message).toMatch(/Redis/);
  });
});
