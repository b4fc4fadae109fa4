/**
 * The container entry (Kubernetes Job/CronJob, Cloud Run Job) end to end: real LiteLLM client, real
 * Kubernetes / GCP REST adapters, against the LiteLLM management stand-in and cloud API stand-ins.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { GcpApisStandIn, KubernetesApiStandIn } from './standin/cloud-apis';
import { DEFAULT_MASTER_KEY, hashToken, LiteLLMManagementStandIn } from './standin/litellm-management';
import { doc } from './support';
import { GATEWAY_ADMIN_HANDLER_DIR } from '../../src/tenancy/lambdas';

/* eslint-disable @typescript-eslint/no-require-imports */
const { main } = require(`${GATEWAY_ADMIN_HANDLER_DIR}/container.js`);
const { createKubernetesClient } = require(`${GATEWAY_ADMIN_HANDLER_DIR}/lib/kubernetes.js`);
const { createGcpClient } = require(`${GATEWAY_ADMIN_HANDLER_DIR}/lib/gcp.js`);
const { httpRequest } = require(`${GATEWAY_ADMIN_HANDLER_DIR}/lib/http.js`);
/* eslint-enable @typescript-eslint/no-require-imports */

const fast = { attempts: 2, baseDelayMs: 1, sleep: async () => undefined };
let gw: LiteLLMManagementStandIn;
let printed: string[];

beforeEach(async () => {
  gw = new LiteLLMManagementStandIn();
  await gw.start();
  printed = [];
  jest.spyOn(console, 'log').mockImplementation(() => undefined);
});
afterEach(async () => {
  await gw.stop();
  jest.restoreAllMocks();
});

describe('Kubernetes Job / CronJob', () => {
  let kube: KubernetesApiStandIn;
  let k8s: any;
  let dir: string;

  beforeEach(async () => {
    kube = new KubernetesApiStandIn();
    k8s = createKubernetesClient({ baseUrl: await kube.start(), token: () => 'sa-token' });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'desired-'));
    fs.writeFileSync(path.join(dir, 'hiring.json'), JSON.stringify(doc()));
  });
  afterEach(async () => {
    await kube.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const env = (extra: Record<string, string> = {}) => ({ ADMIN_URL: gw.url, MASTER_KEY: DEFAULT_MASTER_KEY, DESIRED_STATE_FILE: dir, GRACE_PERIOD_SECONDS: '3600', ...extra });
  const run = (extra: Record<string, string> = {}) => main(env(extra), { k8s, clientOptions: fast, print: (l: string) => printed.push(l) });

  test('MODE=reconcile writes each key into a Secret of the team namespace', async () => {
    expect(await run()).toBe(0);
    const s = kube.secrets.get('hiring/cv-screen')!;
    expect(s.data.key_alias).toBe('hiring/cv-screen');
    expect(s.labels).toEqual({ 'app.kubernetes.io/managed-by': 'cdktf-llm-platform' });
    expect(gw.keyByAlias('hiring/cv-screen')!.token).toBe(hashToken(s.data.api_key));
    expect(JSON.parse(printed[0])).toMatchObject({ status: 'applied', counts: { created: 3 } });
    expect(printed.join('\n')).not.toMatch(/sk-[A-Za-z0-9]{20}/);
    // second run: the Secrets are patched, not recreated, and only when something changed
    expect(await run()).toBe(0);
    expect(kube.calls('POST /api/v1/namespaces/hiring/secrets')).toHaveLength(3);
    expect(kube.exchanges.filter((e) => e.route.startsWith('PATCH'))).toHaveLength(3); // the first patch of each found nothing
  });

  test('MODE=rotate-feature-keys: not due by default; forced rotation swaps Secret and alias, old key retires', async () => {
    await run();
    const before = kube.secrets.get('hiring/cv-screen')!.data.api_key;
    expect(await run({ MODE: 'rotate-feature-keys' })).toBe(0);
    expect(printed.slice(-3).map((l) => JSON.parse(l).action)).toEqual(['not-due', 'not-due', 'not-due']);
    expect(await run({ MODE: 'rotate-feature-keys', FORCE_ROTATION: 'true' })).toBe(0);
    const after = kube.secrets.get('hiring/cv-screen')!.data.api_key;
    expect(after).not.toBe(before);
    expect(gw.keyByAlias('hiring/cv-screen')!.token).toBe(hashToken(after));
    expect(gw.keys.get(hashToken(before))!.key_alias).toMatch(/^hiring\/cv-screen@retired-/);
    expect(gw.keys.get(hashToken(before))!.expires).not.toBeNull();
  });

  test('a rotation interrupted after the Secret was written is finished by the next run', async () => {
    await run();
    gw.inject('POST /key/update', { status: 503, times: 4, when: (r) => (r.body as any).key_alias === 'hiring/cv-screen' });
    expect(await run({ MODE: 'rotate-feature-keys', FORCE_ROTATION: 'true' })).toBe(1);
    const stored = kube.secrets.get('hiring/cv-screen')!.data.api_key;
    expect(gw.keys.get(hashToken(stored))!.key_alias).toBe('hiring/cv-screen@pending');
    gw.clearFaults();
    expect(await run({ MODE: 'rotate-feature-keys' })).toBe(0);
    expect(printed.slice(-3).map((l) => JSON.parse(l))).toContainEqual({ key_alias: 'hiring/cv-screen', action: 'resumed' });
    expect(gw.keyByAlias('hiring/cv-screen')!.token).toBe(hashToken(stored));
  });

  test('MODE=rotate-master-key: new key in the gateway Secret, old one kept as previous, Deployment restarted', async () => {
    kube.secrets.set('llm/litellm-master-key', { data: { 'master-key': DEFAULT_MASTER_KEY }, labels: {} });
    kube.deployments.set('llm/litellm', { annotations: {} });
    expect(await run({ MODE: 'rotate-master-key', MASTER_KEY_K8S_SECRET_REF: 'llm/litellm-master-key', GATEWAY_DEPLOYMENT: 'llm/litellm' })).toBe(0);
    const data = kube.secrets.get('llm/litellm-master-key')!.data;
    expect(data['previous-master-key']).toBe(DEFAULT_MASTER_KEY);
    expect(data['master-key']).toMatch(/^sk-[A-Za-z0-9]{48}$/);
    expect(kube.deployments.get('llm/litellm')!.annotations['kubectl.kubernetes.io/restartedAt']).toMatch(/^\d{4}-\d\d-\d\dT/);
    // while pods roll, a job started with the new pair still reaches old pods
    gw.setTasks([[DEFAULT_MASTER_KEY], [data['master-key']]]);
    expect(await run({ MASTER_KEY: data['master-key'], MASTER_KEY_PREVIOUS: data['previous-master-key'] })).toBe(0);
  });

  test('the exit code is 1 when a team fails, so the Job retries', async () => {
    await gw.stop();
    expect(await run()).toBe(1);
    expect(JSON.parse(printed[0])).toMatchObject({ status: 'failed', errors: [{ message: expect.stringMatching(/ECONNREFUSED/) }] });
    await gw.start();
  });
});

describe('Cloud Run Job (GCP)', () => {
  let google: GcpApisStandIn;
  let gcp: any;
  const MASTER_ID = 'projects/acme-llm/secrets/litellm-master-key';
  const gcpDoc = () => doc({
    keys: [
      { feature: 'cv-screen', secret: { store: 'gcp-secret-manager', id: 'projects/acme-llm/secrets/hiring-cv-screen' } },
      { feature: 'job-description-gen', models: ['chat'], secret: { store: 'gcp-secret-manager', id: 'projects/acme-llm/secrets/hiring-job-description-gen' } },
    ],
  });

  beforeEach(async () => {
    google = new GcpApisStandIn();
    const base = await google.start();
    // every Google endpoint (metadata server, googleapis.com) is answered by the stand-in
    gcp = createGcpClient((req: any) => httpRequest({ ...req, url: req.url.replace(/^https?:\/\/[^/]+/, base) }));
    google.secrets.set(MASTER_ID, [{ name: `${MASTER_ID}/versions/1`, value: DEFAULT_MASTER_KEY, createTime: '2026-01-01T00:00:00Z' }]);
    google.secrets.set('projects/acme-llm/secrets/hiring-cv-screen', []);
    google.secrets.set('projects/acme-llm/secrets/hiring-job-description-gen', []);
    google.objects.set('tenancy-bucket/desired-state/hiring.json', JSON.stringify(gcpDoc()));
  });
  afterEach(async () => {
    await google.stop();
  });

  const env = (extra: Record<string, string> = {}) => ({ ADMIN_URL: gw.url, MASTER_KEY_SECRET_ID: MASTER_ID, DESIRED_STATE_GCS_URI: 'gs://tenancy-bucket/desired-state/', ADMIN_ID_TOKEN_AUDIENCE: 'https://gateway-abc.a.run.app', ...extra });
  const run = (extra: Record<string, string> = {}) => main(env(extra), { gcp, clientOptions: fast, print: (l: string) => printed.push(l) });

  test('reads documents from GCS, the master key from Secret Manager, stores keys as versions, passes Cloud Run IAM', async () => {
    expect(await run()).toBe(0);
    const versions = google.secrets.get('projects/acme-llm/secrets/hiring-cv-screen')!;
    expect(versions).toHaveLength(1);
    expect(gw.keyByAlias('hiring/cv-screen')!.token).toBe(hashToken(versions[0].value));
    expect(google.identityAudiences[0]).toBe('https://gateway-abc.a.run.app');
    for (const e of gw.exchanges) expect(e.headers['x-serverless-authorization']).toBe('Bearer eyJhbGciOiJSUzI1NiJ9.id-token.sig');
    // no new version when nothing changed (the alias lives in the document, not the payload)
    expect(await run()).toBe(0);
    expect(google.secrets.get('projects/acme-llm/secrets/hiring-cv-screen')).toHaveLength(1);
  });

  test('rotate-master-key adds a version and rolls a new revision; the jobs then try the two newest versions', async () => {
    google.services.set('projects/acme-llm/locations/europe-west1/services/gateway', { name: 'gateway', template: { containers: [{ image: 'x' }], annotations: { keep: 'me' } } });
    expect(await run({ MODE: 'rotate-master-key', CLOUD_RUN_SERVICE: 'projects/acme-llm/locations/europe-west1/services/gateway' })).toBe(0);
    const versions = google.secrets.get(MASTER_ID)!;
    expect(versions).toHaveLength(2);
    const svc = google.services.get('projects/acme-llm/locations/europe-west1/services/gateway');
    expect(svc.template.annotations).toEqual({ 'keep': 'me', 'llm-platform/restarted-at': expect.any(String) });
    expect(svc.template.containers).toEqual([{ image: 'x' }]);
    gw.setTasks([[DEFAULT_MASTER_KEY], [versions[1].value]]);
    expect(await run()).toBe(0);
  });
});
