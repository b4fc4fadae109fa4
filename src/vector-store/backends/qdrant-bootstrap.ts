import { VectorAccess, VectorDistance, type CollectionSpec } from '../model';

/** Qdrant's distance names (Qdrant docs, "Collections → Distance"). */
export const QDRANT_DISTANCE: Readonly<Record<VectorDistance, string>> = {
  [VectorDistance.COSINE]: 'Cosine',
  [VectorDistance.EUCLIDEAN]: 'Euclid',
  [VectorDistance.DOT_PRODUCT]: 'Dot',
  [VectorDistance.MANHATTAN]: 'Manhattan',
};

/** A Qdrant collection name for a team's collection; `__` cannot occur inside validated names. */
export function qdrantCollectionName(team: string, name: string): string {
  return `${team}__${name}`;
}

/**
 * The Qdrant collection of a collection declared from its team's stack: `<team>--<name>`. Validated
 * names never contain `--` or `__`, so the team is what precedes the first `--`, and the platform's run
 * (which manages names with `__`) can never take it for one of its own.
 */
export function qdrantTeamCollectionName(team: string, name: string): string {
  return `${team}--${name}`;
}

/** One principal's token: which Secret to write and what it may touch. */
export interface QdrantTokenSpec {
  readonly namespace: string;
  readonly secretName: string;
  readonly access: ReadonlyArray<{ readonly collection: string; readonly access: 'r' | 'rw' }>;
}

/** What the in-cluster bootstrap makes true. Keys sorted, so the JSON (and its hash) is deterministic. */
export interface QdrantBootstrapSpec {
  readonly collections: ReadonlyArray<{
    readonly name: string;
    readonly size: number;
    readonly distance: string;
    readonly hnsw: { readonly m: number; readonly ef_construct: number };
    readonly replication_factor: number;
  }>;
  /** Token lifetime: the CronJob re-issues daily, so a revoked grant lapses within this many days. */
  readonly token_ttl_seconds: number;
  readonly tokens: ReadonlyArray<QdrantTokenSpec>;
  /** `destroy`: managed collections (`<team>__<name>`) that are no longer configured are deleted. */
  readonly removal: 'retain' | 'destroy';
  /**
   * A team's bootstrap (collections declared from its stack): the collections it manages are exactly
   * those whose name starts with this (`<team>--`); the store's own bootstrap manages `__` names.
   */
  readonly managed_prefix?: string;
}

export function renderQdrantSpec(
  collections: ReadonlyArray<CollectionSpec>,
  grants: ReadonlyArray<{ namespace: string; name: string; team: string; collection?: string; access: VectorAccess }>,
  replicationFactor: number,
  tokenTtlDays: number,
  options: {
    readonly releaseName: string;
    readonly removal?: 'retain' | 'destroy';
    /** The team of a team-scoped bootstrap: `<team>--<name>` collections, per-team token Secrets. */
    readonly team?: string;
  },
): QdrantBootstrapSpec {
  const team = options.team;
  const collectionName = team === undefined ? qdrantCollectionName : qdrantTeamCollectionName;
  const secretName = (sa: string) =>
    (team === undefined ? qdrantTokenSecretName(sa, options.releaseName) : qdrantTeamTokenSecretName(sa, options.releaseName, team));
  const byPrincipal = new Map<string, { namespace: string; name: string; access: Map<string, 'r' | 'rw'> }>();
  for (const g of grants) {
    const key = `${g.namespace}/${g.name}`;
    const entry = byPrincipal.get(key) ?? { namespace: g.namespace, name: g.name, access: new Map() };
    byPrincipal.set(key, entry);
    // A team grant covers the team's collections known at synth time.
    const targets = g.collection ? [g.collection] : collections.filter((c) => c.team === g.team).map((c) => c.name);
    for (const c of targets) {
      const q = collectionName(g.team, c);
      const level = g.access === VectorAccess.READ_WRITE ? 'rw' : 'r';
      if (entry.access.get(q) !== 'rw') entry.access.set(q, level);
    }
  }
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return {
    collections: [...collections]
      .map((c) => ({
        name: collectionName(c.team, c.name),
        size: c.dimensions,
        distance: QDRANT_DISTANCE[c.distance],
        // Qdrant builds no HNSW graph when m = 0 (exact search), matching VectorIndex.none().
        hnsw: c.index.kind === 'hnsw' ? { m: c.index.m, ef_construct: c.index.efConstruction } : { m: 0, ef_construct: 100 },
        replication_factor: replicationFactor,
      }))
      .sort((a, b) => cmp(a.name, b.name)),
    token_ttl_seconds: tokenTtlDays * 86400,
    tokens: [...byPrincipal.values()]
      .map((p) => ({
        namespace: p.namespace,
        secretName: secretName(p.name),
        access: [...p.access.entries()].sort(([a], [b]) => cmp(a, b)).map(([collection, access]) => ({ collection, access })),
      }))
      .sort((a, b) => cmp(`${a.namespace}/${a.secretName}`, `${b.namespace}/${b.secretName}`)),
    removal: options.removal ?? 'retain',
    ...(team === undefined ? {} : { managed_prefix: qdrantTeamCollectionName(team, '') }),
  };
}

/**
 * Secret (in the principal's namespace) holding its Qdrant JWT (`token`), URL (`url`) and the CA that
 * signs the server certificate (`ca.crt`). Named after the store's release too, so two stores granting
 * the same service account write two Secrets.
 */
export function qdrantTokenSecretName(serviceAccount: string, releaseName: string): string {
  return `${serviceAccount}-${releaseName}`;
}

/**
 * The token Secret of a principal for one team's collections declared from the team's stack: one per
 * team, so the store's bootstrap and each team's never write the same Secret. `_` in the team becomes
 * `-` (Secret names are DNS subdomains; `a_b` and `a-b` are one team).
 */
export function qdrantTeamTokenSecretName(serviceAccount: string, releaseName: string, team: string): string {
  return `${serviceAccount}-${releaseName}-${team.replace(/_/g, '-')}`;
}

/**
 * The in-cluster bootstrap (Python 3 standard library only, so any `python:3-alpine` image runs it):
 * - waits for Qdrant, creates missing collections, refuses to change an existing collection's size or
 *   distance (that would need a re-embed), updates HNSW parameters in place;
 * - waits until Qdrant accepts the API key (after a rotation, until the pods have rolled to it);
 * - under removal policy `destroy`, deletes managed collections no longer configured (`<team>__<name>`;
 *   a team's run only its own `<team>--<name>`);
 * - signs one HS256 JWT per principal with the API key (Qdrant JWT RBAC: `{"access": [{collection,
 *   access}]}` plus `exp`) and writes it, with the URL and the CA certificate, to the principal's Secret
 *   through the Kubernetes API.
 * Qdrant is called over HTTPS, verified against the mounted CA.
 * Tokens never pass through Terraform, so they are not in state.
 */
export const QDRANT_BOOTSTRAP_SCRIPT = String.raw`import base64, hashlib, hmac, json, os, ssl, sys, time, urllib.error, urllib.request

SPEC = json.load(open('/bootstrap/spec.json'))
URL = os.environ['QDRANT_URL'].rstrip('/')
KEY = os.environ['QDRANT_API_KEY']
# The CA that signs Qdrant's certificate (only ca.crt of the TLS Secret is mounted, never the key).
CA_FILE = os.environ.get('QDRANT_CA_FILE', '')
QCTX = ssl.create_default_context(cafile=CA_FILE) if CA_FILE else None
CA_PEM = open(CA_FILE).read() if CA_FILE else ''


def log(**kw):
    print(json.dumps(kw, sort_keys=True), flush=True)


def call(method, url, body=None, headers=None, context=None):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=30, context=context) as res:
            return res.status, json.loads(res.read() or b'{}')
    except urllib.error.HTTPError as e:
        return e.code, {'error': e.read().decode(errors='replace')[:500]}


def qdrant(method, path, body=None):
    return call(method, URL + path, body, {'api-key': KEY, 'content-type': 'application/json'}, QCTX)


# Tokens are signed with KEY, so nothing is signed before Qdrant accepts KEY: after a key rotation the
# pods roll to the new key (API_KEY_VERSION) while this waits.
for attempt in range(120):
    try:
        status, _ = qdrant('GET', '/collections')
        if status == 200:
            break
        log(msg='waiting for qdrant to accept the API key', status=status, api_key_version=os.environ.get('QDRANT_API_KEY_VERSION'))
    except OSError as e:
        log(msg='waiting for qdrant', error=str(e))
    time.sleep(float(os.environ.get('QDRANT_WAIT_SECONDS', '5')))
else:
    sys.exit('qdrant did not accept the API key (version %s) within 10 minutes' % os.environ.get('QDRANT_API_KEY_VERSION'))

for c in SPEC['collections']:
    status, body = qdrant('GET', '/collections/' + c['name'])
    if status == 404:
        status, body = qdrant('PUT', '/collections/' + c['name'], {
            'vectors': {'size': c['size'], 'distance': c['distance']},
            'hnsw_config': c['hnsw'],
            'replication_factor': c['replication_factor'],
        })
        if status != 200:
            sys.exit('creating %s failed: %s %s' % (c['name'], status, body))
        log(msg='created', collection=c['name'])
        continue
    if status != 200:
        sys.exit('reading %s failed: %s %s' % (c['name'], status, body))
    vectors = body['result']['config']['params']['vectors']
    if vectors.get('size') != c['size'] or vectors.get('distance') != c['distance']:
        sys.exit('collection %s stores size %s / %s, the configuration asks for %s / %s: add a new collection and re-embed'
                 % (c['name'], vectors.get('size'), vectors.get('distance'), c['size'], c['distance']))
    hnsw = body['result']['config'].get('hnsw_config', {})
    if hnsw.get('m') != c['hnsw']['m'] or hnsw.get('ef_construct') != c['hnsw']['ef_construct']:
        status, body = qdrant('PATCH', '/collections/' + c['name'], {'hnsw_config': c['hnsw']})
        if status != 200:
            sys.exit('updating %s failed: %s %s' % (c['name'], status, body))
        log(msg='updated hnsw', collection=c['name'])


# A team's run (managed_prefix '<team>--') manages its own collections only; the store's run manages
# '<team>__<name>' and never a team's.
PREFIX = SPEC.get('managed_prefix')


def managed(name):
    return name.startswith(PREFIX) if PREFIX else '__' in name


if SPEC.get('removal') == 'destroy':
    status, body = qdrant('GET', '/collections')
    if status != 200:
        sys.exit('listing collections failed: %s %s' % (status, body))
    configured = set(c['name'] for c in SPEC['collections'])
    for existing in [c['name'] for c in body.get('result', {}).get('collections', [])]:
        if managed(existing) and existing not in configured:
            status, body = qdrant('DELETE', '/collections/' + existing)
            if status != 200:
                sys.exit('deleting %s failed: %s %s' % (existing, status, body))
            log(msg='deleted (removal policy destroy)', collection=existing)


def b64url(raw):
    return base64.urlsafe_b64encode(raw).rstrip(b'=').decode()


def jwt(claims):
    head = b64url(json.dumps({'alg': 'HS256', 'typ': 'JWT'}, separators=(',', ':')).encode())
    body = b64url(json.dumps(claims, separators=(',', ':'), sort_keys=True).encode())
    sig = hmac.new(KEY.encode(), (head + '.' + body).encode(), hashlib.sha256).digest()
    return head + '.' + body + '.' + b64url(sig)


SA = '/var/run/secrets/kubernetes.io/serviceaccount'
API = 'https://%s:%s' % (os.environ.get('KUBERNETES_SERVICE_HOST', ''), os.environ.get('KUBERNETES_SERVICE_PORT', '443'))
CTX = ssl.create_default_context(cafile=SA + '/ca.crt') if SPEC['tokens'] else None
AUTH = {'authorization': 'Bearer ' + open(SA + '/token').read().strip()} if SPEC['tokens'] else {}

for t in SPEC['tokens']:
    token = jwt({'access': t['access'], 'exp': int(time.time()) + SPEC['token_ttl_seconds']})
    data = {'token': base64.b64encode(token.encode()).decode(), 'url': base64.b64encode(URL.encode()).decode()}
    if CA_PEM:
        data['ca.crt'] = base64.b64encode(CA_PEM.encode()).decode()
    path = '/api/v1/namespaces/%s/secrets' % t['namespace']
    status, body = call('PATCH', API + path + '/' + t['secretName'], {'data': data},
                        dict(AUTH, **{'content-type': 'application/merge-patch+json'}), CTX)
    if status == 404:
        status, body = call('POST', API + path, {
            'apiVersion': 'v1', 'kind': 'Secret', 'type': 'Opaque', 'data': data,
            'metadata': {'name': t['secretName'], 'labels': {'app.kubernetes.io/managed-by': 'cdktf-llm-platform'}},
        }, dict(AUTH, **{'content-type': 'application/json'}), CTX)
    if status not in (200, 201):
        sys.exit('writing token %s/%s failed: %s %s' % (t['namespace'], t['secretName'], status, body))
    log(msg='token issued', namespace=t['namespace'], secret=t['secretName'], collections=len(t['access']))

log(msg='done', collections=len(SPEC['collections']), tokens=len(SPEC['tokens']))
`;
