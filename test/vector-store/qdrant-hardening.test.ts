import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { HelmProvider } from '@cdktf/provider-helm/lib/provider';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { parse } from 'yaml';
import { errorOf, newStack, newStore, resource, synth } from './helpers';
import { QdrantTls, VectorBackend, VectorPrincipal, VectorRemovalPolicy, VectorStore, qdrantTlsDnsNames, type QdrantHelmOptions } from '../../src/vector-store';
import { QDRANT_BOOTSTRAP_SCRIPT } from '../../src/vector-store/backends/qdrant-bootstrap';
import { qdrantReleaseName } from '../../src/vector-store/backends/qdrant-helm';
import { QDRANT_KEY_VERSION_ANNOTATION, unknownValuePaths } from '../../src/vector-store/backends/qdrant-values';

function qdrantStore(options: Partial<QdrantHelmOptions> = {}, extra: { nameParts?: string[]; removalPolicy?: VectorRemovalPolicy } = {}) {
  const { stack, store } = newStore(VectorBackend.qdrantHelm({ namespace: 'vectors', ...options }), extra);
  const kb = store.addCollection({ team: 'support', name: 'kb', dimensions: 8 });
  kb.grantReadWrite(VectorPrincipal.kubernetesServiceAccount('support', 'kb-api'));
  kb.grantRead(VectorPrincipal.kubernetesServiceAccount('hiring', 'matcher'));
  return { stack, store, json: synth(stack) };
}

const values = (json: any) => parse(resource(json, 'helm_release').values[0]);
const jobPod = (json: any) => resource(json, 'kubernetes_job_v1').spec.template.spec;
const env = (pod: any) => Object.fromEntries(pod.container[0].env.map((e: any) => [e.name, e.value ?? e.value_from]));

describe('Qdrant API key rotation (issue 11 item 10)', () => {
  test('bumping apiKeyVersion changes the key Secret revision, the pods annotation (so the release), the Job name and the signing input, together', () => {
    const v1 = qdrantStore().json;
    const v2 = qdrantStore({ apiKeyVersion: 2 }).json;
    // The Secret Terraform writes: a new revision re-sends the write-only keys (fresh ephemeral values).
    expect([resource(v1, 'kubernetes_secret_v1').data_wo_revision, resource(v2, 'kubernetes_secret_v1').data_wo_revision]).toEqual([1, 2]);
    // The release: its values differ exactly in the pods' annotation, so Terraform runs helm upgrade and
    // the chart re-reads the key (its lookup) and rolls the pods on its secret checksum.
    const [a, b] = [values(v1), values(v2)];
    expect([a.podAnnotations[QDRANT_KEY_VERSION_ANNOTATION], b.podAnnotations[QDRANT_KEY_VERSION_ANNOTATION]]).toEqual(['1', '2']);
    expect({ ...b, podAnnotations: a.podAnnotations }).toEqual(a);
    expect(resource(v2, 'helm_release').depends_on).toContain('kubernetes_secret_v1.vectors_ApiKeys_B5C2C9F3');
    // The Job: a new name (so a new Job runs at apply), after the release has rolled.
    const [j1, j2] = [resource(v1, 'kubernetes_job_v1'), resource(v2, 'kubernetes_job_v1')];
    expect(j2.metadata.name).not.toBe(j1.metadata.name);
    expect(j2.depends_on).toContain('helm_release.vectors_Release_C33B78EA');
    // The signing input: the key the Job signs with comes from that Secret, and it declares the version
    // it expects; the script waits until Qdrant accepts the key before signing anything.
    expect(env(jobPod(v2)).QDRANT_API_KEY).toEqual({ secret_key_ref: { name: resource(v2, 'kubernetes_secret_v1').metadata.name, key: 'api-key' } });
    expect([env(jobPod(v1)).QDRANT_API_KEY_VERSION, env(jobPod(v2)).QDRANT_API_KEY_VERSION]).toEqual(['1', '2']);
    const cron = resource(v2, 'kubernetes_cron_job_v1').spec.job_template.spec.template.spec;
    expect(env(cron).QDRANT_API_KEY_VERSION).toBe('2');
    // Nothing else moved: the spec ConfigMap is the same.
    expect(resource(v2, 'kubernetes_config_map_v1').data).toEqual(resource(v1, 'kubernetes_config_map_v1').data);
  });
});

describe('Qdrant TLS and network fencing (issue 11 item 11)', () => {
  test('HTTPS + TLS between peers, certificate mounted, every rendered chart value exists at the pinned chart version', () => {
    const { json, store } = qdrantStore();
    const v = values(json);
    expect(v.config.service).toMatchObject({ enable_tls: true, jwt_rbac: true });
    expect(v.config.cluster.p2p).toEqual({ port: 6335, enable_tls: true });
    expect(v.config.tls).toEqual({ cert: '/qdrant/tls/tls.crt', key: '/qdrant/tls/tls.key', ca_cert: '/qdrant/tls/ca.crt', cert_ttl: 3600 });
    const release = resource(json, 'helm_release').name;
    expect(v.additionalVolumes).toEqual([{ name: 'qdrant-tls', secret: { secretName: `${release}-tls`, defaultMode: 0o440 } }]);
    expect(v.additionalVolumeMounts).toEqual([{ name: 'qdrant-tls', mountPath: '/qdrant/tls', readOnly: true }]);
    expect(v.fullnameOverride).toBe(release);
    expect(unknownValuePaths(v)).toEqual([]);
    expect(store.connectionInfo).toMatchObject({ protocol: 'https', port: 6333, endpoint: `${release}.vectors.svc.cluster.local` });
    // The bootstrap calls Qdrant over HTTPS and sees only the CA certificate of the TLS Secret.
    const pod = jobPod(json);
    expect(env(pod).QDRANT_URL).toBe(`https://${release}.vectors.svc.cluster.local:6333`);
    expect(pod.volume.find((x: any) => x.name === 'qdrant-ca').secret).toEqual({ secret_name: `${release}-tls`, items: [{ key: 'ca.crt', path: 'ca.crt' }] });
  });

  test('the key check refuses a key the chart does not read', () => {
    expect(unknownValuePaths({ config: { service: { enable_tls: true } }, tls: { enabled: true }, podAnnotations: { x: '1' } })).toEqual(['tls.enabled']);
  });

  test('default certificates: a private CA issued by cert-manager; the server certificate names the Service and every peer', () => {
    const { json } = qdrantStore();
    const manifests = Object.values<any>(json.resource.kubernetes_manifest).map((m) => m.manifest);
    expect(manifests.map((m) => `${m.kind}/${m.metadata.name}`).sort()).toEqual(
      expect.arrayContaining([expect.stringMatching(/^Issuer\/.+-root$/), expect.stringMatching(/^Certificate\/.+-ca$/), expect.stringMatching(/^Issuer\/.+-ca$/), expect.stringMatching(/^Certificate\/.+-tls$/)]),
    );
    const release = resource(json, 'helm_release').name;
    const server = manifests.find((m) => m.kind === 'Certificate' && m.metadata.name === `${release}-tls`);
    expect(server.spec.dnsNames).toEqual(qdrantTlsDnsNames(release, 'vectors'));
    // The chart's peer URIs are <release>-<n>.<release>-headless (templates/configmap.yaml): covered by the wildcard.
    expect(server.spec.dnsNames).toContain(`*.${release}-headless`);
    expect(server.spec.issuerRef).toEqual({ name: `${release}-ca`, kind: 'Issuer', group: 'cert-manager.io' });
    expect(resource(json, 'helm_release').depends_on).toEqual(expect.arrayContaining([expect.stringMatching(/^kubernetes_manifest\.vectors_TlsCertificate/)]));
  });

  test('an existing issuer or an existing Secret instead', () => {
    const issuer = qdrantStore({ tls: QdrantTls.certManagerIssuer({ name: 'platform-ca' }) }).json;
    const manifests = Object.values<any>(issuer.resource.kubernetes_manifest).map((m) => m.manifest);
    expect(manifests).toHaveLength(1);
    expect(manifests[0].spec.issuerRef).toEqual({ name: 'platform-ca', kind: 'ClusterIssuer', group: 'cert-manager.io' });
    const secret = qdrantStore({ tls: QdrantTls.existingSecret('my-qdrant-tls') }).json;
    expect(secret.resource.kubernetes_manifest).toBeUndefined();
    expect(values(secret).additionalVolumes[0].secret.secretName).toBe('my-qdrant-tls');
    expect(errorOf(() => QdrantTls.existingSecret('Bad_Name')).message).toContain('is not a Kubernetes object name');
  });

  test('NetworkPolicy: the API only from granted namespaces and the bootstrap, the peer port only from Qdrant pods', () => {
    const { json } = qdrantStore({ allowedNamespaces: ['monitoring'] });
    const policy = resource(json, 'kubernetes_network_policy_v1');
    const release = resource(json, 'helm_release').name;
    const qdrantPods = { 'app.kubernetes.io/name': 'qdrant', 'app.kubernetes.io/instance': release };
    expect(policy.spec.pod_selector.match_labels).toEqual(qdrantPods);
    expect(policy.spec.policy_types).toEqual(['Ingress']);
    const [peers, api] = policy.spec.ingress;
    expect(peers).toEqual({ from: [{ pod_selector: { match_labels: qdrantPods } }], ports: [{ port: '6335', protocol: 'TCP' }] });
    expect(api.ports).toEqual([{ port: '6333', protocol: 'TCP' }, { port: '6334', protocol: 'TCP' }]);
    expect(api.from).toEqual([
      { pod_selector: { match_labels: { 'llm-platform.io/qdrant-bootstrap': release } } },
      { namespace_selector: { match_expressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['hiring', 'monitoring', 'support'] }] } },
    ]);
    // No rule admits 6335 from anywhere else, and no rule is open to every source.
    for (const rule of policy.spec.ingress) expect(rule.from.length).toBeGreaterThan(0);
    // The bootstrap pods carry the admitted label.
    expect(resource(json, 'kubernetes_job_v1').spec.template.metadata.labels['llm-platform.io/qdrant-bootstrap']).toBe(release);
  });

  test('with no grant, only the bootstrap reaches the API', () => {
    const { stack } = newStore(VectorBackend.qdrantHelm({ namespace: 'vectors' }));
    const api = resource(synth(stack), 'kubernetes_network_policy_v1').spec.ingress[1];
    expect(api.from).toEqual([{ pod_selector: { match_labels: expect.any(Object) } }]);
  });
});

describe('Qdrant names (issue 11 item 14)', () => {
  test('the release name hashes every name part, fits 53 characters and contains qdrant', () => {
    const a = qdrantReleaseName(['team-a', 'vectors']);
    const b = qdrantReleaseName(['team-b', 'vectors']);
    expect(a).not.toBe(b);
    for (const name of [a, b, qdrantReleaseName(['x'.repeat(80), 'y'.repeat(80)]), qdrantReleaseName(['Stack_1', 'Vectors'])]) {
      expect(name.length).toBeLessThanOrEqual(53);
      expect(name).toMatch(/^[a-z]([-a-z0-9]*[a-z0-9])?$/);
      expect(name).toMatch(/qdrant-[0-9a-f]{8}$/);
    }
  });

  test('two stores with the same id in two stacks get different releases and token Secrets', () => {
    const names = ['platform-a', 'platform-b'].map((stackId) => {
      const { app } = newStack();
      const { TerraformStack } = jest.requireActual('../../src/core/cdktf');
      const stack = new TerraformStack(app, stackId);
      new KubernetesProvider(stack, 'kubernetes', {});
      new HelmProvider(stack, 'helm', {});
      const store = new VectorStore(stack, 'vectors', { backend: VectorBackend.qdrantHelm({ namespace: 'vectors' }) });
      const principal = VectorPrincipal.kubernetesServiceAccount('support', 'kb-api');
      store.addCollection({ team: 'support', name: 'kb', dimensions: 8 }).grantRead(principal);
      return { release: resource(synth(stack), 'helm_release').name, secret: store.tokenSecretOf(principal) };
    });
    expect(names[0].release).not.toBe(names[1].release);
    expect(names[0].secret.name).not.toBe(names[1].secret.name);
    expect(names[0].secret).toEqual({ namespace: 'support', name: `kb-api-${names[0].release}` });
  });

  test('releaseName pins the release (and so the StatefulSet and its volumes) of an existing store', () => {
    const { json } = qdrantStore({ releaseName: 'vectors-qdrant-5d3f0a1b' });
    expect(resource(json, 'helm_release').name).toBe('vectors-qdrant-5d3f0a1b');
    expect(values(json).fullnameOverride).toBe('vectors-qdrant-5d3f0a1b');
    expect(errorOf(() => qdrantStore({ releaseName: 'x'.repeat(54) })).message).toContain('backend.releaseName: is longer than 53 characters');
  });

  test('logical IDs of the stateful resources stay put', () => {
    const { json } = qdrantStore();
    expect(Object.keys(json.resource.helm_release)).toEqual(['vectors_Release_C33B78EA']);
    expect(Object.keys(json.resource.kubernetes_secret_v1)).toEqual(['vectors_ApiKeys_B5C2C9F3']);
    expect(Object.keys(json.resource.kubernetes_manifest).sort()).toEqual(
      ['vectors_TlsCa_4967101C', 'vectors_TlsCertificate_55EA316D', 'vectors_TlsIssuer_02742BD1', 'vectors_TlsRootIssuer_2F224F31'].sort(),
    );
  });
});

describe('the bootstrap script against a stand-in Qdrant', () => {
  // Python 3 runs the real script; a local HTTP server plays Qdrant. Checks the behaviour the rotation
  // and the removal policy rely on: nothing happens until Qdrant accepts the key; `destroy` deletes
  // managed collections that are no longer configured, and nothing else.
  async function run(spec: object, rejectFirst: number): Promise<{ code: number | null; requests: string[]; out: string }> {
    const requests: string[] = [];
    let rejected = 0;
    const server = http.createServer((req, res) => {
      requests.push(`${req.method} ${req.url} key=${req.headers['api-key']}`);
      res.setHeader('content-type', 'application/json');
      if (rejected < rejectFirst) {
        rejected++;
        res.statusCode = 401;
        return res.end('{"status":{"error":"Invalid api-key"}}');
      }
      if (req.method === 'GET' && req.url === '/collections') return res.end(JSON.stringify({ result: { collections: [{ name: 'support__kb' }, { name: 'old__gone' }, { name: 'unmanaged' }] } }));
      if (req.method === 'GET' && req.url === '/collections/support__kb') {
        return res.end(JSON.stringify({ result: { config: { params: { vectors: { size: 8, distance: 'Cosine' } }, hnsw_config: { m: 16, ef_construct: 64 } } } }));
      }
      return res.end('{"result":true}');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qdrant-boot-'));
    const script = QDRANT_BOOTSTRAP_SCRIPT.replace("'/bootstrap/spec.json'", JSON.stringify(path.join(dir, 'spec.json')));
    fs.writeFileSync(path.join(dir, 'spec.json'), JSON.stringify(spec));
    fs.writeFileSync(path.join(dir, 'bootstrap.py'), script);
    const port = (server.address() as any).port;
    const child = spawn('python3', [path.join(dir, 'bootstrap.py')], {
      env: { PATH: process.env.PATH, QDRANT_URL: `http://127.0.0.1:${port}`, QDRANT_API_KEY: 'key-v2', QDRANT_API_KEY_VERSION: '2', QDRANT_WAIT_SECONDS: '0.05' },
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const code = await new Promise<number | null>((r) => child.on('exit', r));
    server.close();
    return { code, requests, out };
  }
  const spec = (removal: string) => ({
    collections: [{ name: 'support__kb', size: 8, distance: 'Cosine', hnsw: { m: 16, ef_construct: 64 }, replication_factor: 2 }],
    token_ttl_seconds: 604800,
    tokens: [],
    removal,
  });

  test('waits while Qdrant rejects the key, then converges; destroy deletes only removed managed collections', async () => {
    const retained = await run(spec('retain'), 3);
    expect(retained.code).toBe(0);
    expect(retained.requests.slice(0, 4)).toEqual(Array(4).fill('GET /collections key=key-v2'));
    expect(retained.out).toContain('"api_key_version": "2", "msg": "waiting for qdrant to accept the API key"');
    expect(retained.requests.some((r) => r.startsWith('DELETE'))).toBe(false);
    const destroyed = await run(spec('destroy'), 0);
    expect(destroyed.code).toBe(0);
    expect(destroyed.requests.filter((r) => r.startsWith('DELETE'))).toEqual(['DELETE /collections/old__gone key=key-v2']);
  });
});
