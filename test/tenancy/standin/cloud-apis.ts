/**
 * Minimal stand-ins for the cloud APIs the container jobs call, from their public API references:
 * - Kubernetes core/v1 Secrets (GET, PATCH application/merge-patch+json, POST) and apps/v1 Deployments
 *   (PATCH application/strategic-merge-patch+json); 404 as a Status object.
 * - GCP metadata server (/computeMetadata/v1/.../token and /identity, header Metadata-Flavor: Google),
 *   Secret Manager v1 (versions/latest:access, versions list, :addVersion; payload.data base64),
 *   Cloud Storage JSON API (objects list with prefix, alt=media download), Cloud Run Admin v2 services (GET, PATCH).
 */
import { HttpStandIn, type StandInRequest, type StandInResponse } from './http-standin';

const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64');
const unb64 = (s: string): string => Buffer.from(s, 'base64').toString('utf8');
const notFound = (what: string): StandInResponse => ({ status: 404, body: { kind: 'Status', apiVersion: 'v1', status: 'Failure', message: `${what} not found`, reason: 'NotFound', code: 404 } });

export class KubernetesApiStandIn extends HttpStandIn {
  /** `${ns}/${name}` -> decoded data */
  public readonly secrets = new Map<string, { data: Record<string, string>; labels: Record<string, string> }>();
  public readonly deployments = new Map<string, { annotations: Record<string, string> }>();

  constructor() {
    super({}, (r) => this.route(r));
  }

  private route(r: StandInRequest): StandInResponse | undefined {
    if (r.bearer !== 'sa-token') return { status: 401, body: { kind: 'Status', message: 'Unauthorized', code: 401 } };
    let m = /^\/api\/v1\/namespaces\/([^/]+)\/secrets\/([^/]+)$/.exec(r.path);
    if (m) {
      const id = `${m[1]}/${m[2]}`;
      const s = this.secrets.get(id);
      if (r.method === 'GET') return s ? { status: 200, body: { kind: 'Secret', metadata: { name: m[2], namespace: m[1], labels: s.labels }, data: Object.fromEntries(Object.entries(s.data).map(([k, v]) => [k, b64(v)])) } } : notFound(`secrets "${m[2]}"`);
      if (r.method === 'PATCH') {
        if (r.headers['content-type'] !== 'application/merge-patch+json') return { status: 415, body: { message: 'unsupported media type' } };
        if (!s) return notFound(`secrets "${m[2]}"`);
        for (const [k, v] of Object.entries(((r.body as any).data ?? {}) as Record<string, string>)) s.data[k] = unb64(v);
        return { status: 200, body: { kind: 'Secret' } };
      }
    }
    m = /^\/api\/v1\/namespaces\/([^/]+)\/secrets$/.exec(r.path);
    if (m && r.method === 'POST') {
      const b = r.body as any;
      const id = `${m[1]}/${b.metadata.name}`;
      if (this.secrets.has(id)) return { status: 409, body: { kind: 'Status', reason: 'AlreadyExists', code: 409 } };
      const data = Object.fromEntries(Object.entries((b.data ?? {}) as Record<string, string>).map(([k, v]) => [k, unb64(v)]));
      this.secrets.set(id, { data, labels: b.metadata.labels ?? {} });
      return { status: 201, body: { kind: 'Secret' } };
    }
    m = /^\/apis\/apps\/v1\/namespaces\/([^/]+)\/deployments\/([^/]+)$/.exec(r.path);
    if (m && r.method === 'PATCH') {
      if (r.headers['content-type'] !== 'application/strategic-merge-patch+json') return { status: 415, body: { message: 'unsupported media type' } };
      const d = this.deployments.get(`${m[1]}/${m[2]}`);
      if (!d) return notFound(`deployments.apps "${m[2]}"`);
      Object.assign(d.annotations, (r.body as any).spec.template.metadata.annotations);
      return { status: 200, body: { kind: 'Deployment' } };
    }
    return undefined;
  }
}

export class GcpApisStandIn extends HttpStandIn {
  /** secret id (projects/p/secrets/s) -> versions, oldest first */
  public readonly secrets = new Map<string, Array<{ name: string; value: string; createTime: string }>>();
  /** bucket/object -> text */
  public readonly objects = new Map<string, string>();
  public readonly services = new Map<string, any>();
  public readonly identityAudiences: string[] = [];

  constructor() {
    super({}, (r) => this.route(r));
  }

  private route(r: StandInRequest): StandInResponse | undefined {
    if (r.path.startsWith('/computeMetadata/v1/')) {
      if (r.headers['metadata-flavor'] !== 'Google') return { status: 403, body: 'Missing Metadata-Flavor:Google header' };
      if (r.path.endsWith('/token')) return { status: 200, body: { access_token: 'ya29.access', expires_in: 3599, token_type: 'Bearer' } };
      if (r.path.endsWith('/identity')) {
        this.identityAudiences.push(r.query.get('audience') ?? '');
        return { status: 200, body: 'eyJhbGciOiJSUzI1NiJ9.id-token.sig', headers: { 'content-type': 'text/html' } };
      }
    }
    if (r.bearer !== 'ya29.access') return { status: 401, body: { error: { code: 401, message: 'Request had invalid authentication credentials.', status: 'UNAUTHENTICATED' } } };
    let m = /^\/v1\/(projects\/[^/]+\/secrets\/[^/:]+)\/versions\/latest:access$/.exec(r.path);
    if (m) {
      const vs = this.secrets.get(m[1]);
      if (!vs) return { status: 404, body: { error: { code: 404, message: `Secret [${m[1]}] not found or has no versions.`, status: 'NOT_FOUND' } } };
      if (vs.length === 0) return { status: 400, body: { error: { code: 400, message: `Secret [${m[1]}] has no enabled versions.`, status: 'FAILED_PRECONDITION' } } };
      const v = vs[vs.length - 1];
      return { status: 200, body: { name: v.name, payload: { data: b64(v.value) } } };
    }
    m = /^\/v1\/(projects\/[^/]+\/secrets\/[^/:]+)\/versions$/.exec(r.path);
    if (m) return { status: 200, body: { versions: (this.secrets.get(m[1]) ?? []).map((v) => ({ name: v.name, createTime: v.createTime, state: 'ENABLED' })) } };
    m = /^\/v1\/(projects\/[^/]+\/secrets\/[^/:]+\/versions\/\d+):access$/.exec(r.path);
    if (m) {
      const v = [...this.secrets.values()].flat().find((x) => x.name === m![1]);
      return v ? { status: 200, body: { name: v.name, payload: { data: b64(v.value) } } } : { status: 404, body: { error: { code: 404, status: 'NOT_FOUND' } } };
    }
    m = /^\/v1\/(projects\/[^/]+\/secrets\/[^/:]+):addVersion$/.exec(r.path);
    if (m && r.method === 'POST') {
      const vs = this.secrets.get(m[1]);
      if (!vs) return { status: 404, body: { error: { code: 404, status: 'NOT_FOUND' } } };
      const v = { name: `${m[1]}/versions/${vs.length + 1}`, value: unb64((r.body as any).payload.data), createTime: new Date(Date.now() + vs.length).toISOString() };
      vs.push(v);
      return { status: 200, body: { name: v.name, state: 'ENABLED' } };
    }
    m = /^\/storage\/v1\/b\/([^/]+)\/o$/.exec(r.path);
    if (m) {
      const prefix = r.query.get('prefix') ?? '';
      const items = [...this.objects.keys()].filter((k) => k.startsWith(`${m![1]}/${prefix}`)).map((k) => ({ name: k.slice(m![1].length + 1) }));
      return { status: 200, body: { kind: 'storage#objects', items } };
    }
    m = /^\/storage\/v1\/b\/([^/]+)\/o\/(.+)$/.exec(r.path);
    if (m && r.query.get('alt') === 'media') {
      const text = this.objects.get(`${m[1]}/${decodeURIComponent(m[2])}`);
      return text === undefined ? { status: 404, body: { error: { code: 404 } } } : { status: 200, body: JSON.parse(text) };
    }
    m = /^\/v2\/(projects\/[^/]+\/locations\/[^/]+\/services\/[^/]+)$/.exec(r.path);
    if (m) {
      const svc = this.services.get(m[1]);
      if (!svc) return { status: 404, body: { error: { code: 404, status: 'NOT_FOUND' } } };
      if (r.method === 'GET') return { status: 200, body: svc };
      if (r.method === 'PATCH') {
        this.services.set(m[1], r.body);
        return { status: 200, body: { name: `${m[1]}/operations/1`, done: false } };
      }
    }
    return undefined;
  }
}
