'use strict';
/*
 * Google Cloud REST calls from a Cloud Run Job, authenticated with the job's service account through
 * the metadata server: Secret Manager (feature keys, master key), Cloud Storage (desired-state
 * documents) and Cloud Run Admin v2 (rolling restart of the gateway after a master-key rotation).
 */
const { httpRequest } = require('./http');

function createGcpClient(transport = httpRequest) {
  let cached;
  async function token() {
    if (cached && cached.expires > Date.now() + 60000) return cached.value;
    const res = await transport({ url: 'http://metadata.google.internal/computeMetadata/v1/instance/service-accounts/default/token', headers: { 'metadata-flavor': 'Google' } });
    if (res.status !== 200) throw new Error(`metadata server token -> HTTP ${res.status}`);
    const body = JSON.parse(res.text);
    cached = { value: body.access_token, expires: Date.now() + (body.expires_in ?? 300) * 1000 };
    return cached.value;
  }
  async function call(method, url, body) {
    const res = await transport({ url, method, headers: { authorization: `Bearer ${await token()}`, accept: 'application/json', ...(body !== undefined ? { 'content-type': 'application/json' } : {}) }, body: body !== undefined ? JSON.stringify(body) : undefined });
    if (res.status === 404) return null;
    if (res.status < 200 || res.status >= 300) {
      let reason = res.text.slice(0, 300);
      try { reason = JSON.parse(res.text).error.message ?? reason; } catch { /* keep text */ }
      // FAILED_PRECONDITION: the secret exists but has no enabled version yet.
      if (res.status === 400 && /FAILED_PRECONDITION|no enabled versions/i.test(res.text)) return null;
      throw new Error(`google ${method} ${url.replace(/\?.*/, '')} -> HTTP ${res.status}: ${reason}`);
    }
    return res.text ? (res.headers['content-type'] ?? '').includes('json') ? JSON.parse(res.text) : res.text : {};
  }
  const SM = 'https://secretmanager.googleapis.com/v1';
  const idTokens = new Map();
  return {
    /** Google-signed identity token for `audience` (a private Cloud Run service's URL), cached ~50 min. */
    async identityToken(audience) {
      const hit = idTokens.get(audience);
      if (hit && hit.expires > Date.now()) return hit.value;
      const res = await transport({ url: `http://metadata.google.internal/computeMetadata/v1/instance/service-accounts/default/identity?audience=${encodeURIComponent(audience)}&format=full`, headers: { 'metadata-flavor': 'Google' } });
      if (res.status !== 200) throw new Error(`metadata server identity token -> HTTP ${res.status}`);
      idTokens.set(audience, { value: res.text.trim(), expires: Date.now() + 50 * 60000 });
      return res.text.trim();
    },
    /** Latest enabled version's payload, or null. `id` = projects/<p>/secrets/<s>. */
    async accessLatest(id) {
      const v = await call('GET', `${SM}/${id}/versions/latest:access`);
      return v && v.payload ? Buffer.from(v.payload.data, 'base64').toString('utf8') : null;
    },
    /** Payloads of the newest enabled versions, newest first (master-key candidates). */
    async accessNewest(id, count) {
      const list = await call('GET', `${SM}/${id}/versions?filter=${encodeURIComponent('state:ENABLED')}`);
      const versions = ((list && list.versions) ?? []).sort((a, b) => (a.createTime < b.createTime ? 1 : -1)).slice(0, count);
      const out = [];
      for (const v of versions) {
        const got = await call('GET', `${SM}/${v.name}:access`);
        if (got && got.payload) out.push(Buffer.from(got.payload.data, 'base64').toString('utf8'));
      }
      return out;
    },
    async addVersion(id, text) {
      await call('POST', `${SM}/${id}:addVersion`, { payload: { data: Buffer.from(text, 'utf8').toString('base64') } });
    },
    /** JSON documents under gs://bucket/prefix. */
    async readJsonObjects(gsUri) {
      const m = /^gs:\/\/([^/]+)\/?(.*)$/.exec(gsUri);
      if (!m) throw new Error(`not a gs:// URI: ${gsUri}`);
      const [, bucket, prefix] = m;
      const out = [];
      let pageToken;
      do {
        const list = await call('GET', `https://storage.googleapis.com/storage/v1/b/${bucket}/o?prefix=${encodeURIComponent(prefix)}${pageToken ? `&pageToken=${encodeURIComponent(pageToken)}` : ''}`);
        for (const item of (list && list.items) ?? []) {
          if (!item.name.endsWith('.json')) continue;
          const text = await call('GET', `https://storage.googleapis.com/storage/v1/b/${bucket}/o/${encodeURIComponent(item.name)}?alt=media`);
          out.push(typeof text === 'string' ? JSON.parse(text) : text);
        }
        pageToken = list && list.nextPageToken;
      } while (pageToken);
      return out;
    },
    /**
     * New revision of a Cloud Run service with the same template plus a restart annotation, so new
     * instances resolve secret versions again. (The service's Terraform must ignore this annotation.)
     */
    async restartService(service, now = new Date()) {
      const url = `https://run.googleapis.com/v2/${service}`;
      const svc = await call('GET', url);
      if (!svc) throw new Error(`Cloud Run service ${service} not found`);
      const template = { ...svc.template, annotations: { ...(svc.template && svc.template.annotations), 'llm-platform/restarted-at': now.toISOString() } };
      await call('PATCH', url, { ...svc, template });
    },
  };
}

/** Feature-key store on Secret Manager: the payload is the key itself; the alias comes from the document. */
function gcpFeatureKeyStore(gcp) {
  return {
    storesAlias: false,
    async read(location) {
      const v = await gcp.accessLatest(location.id);
      return v ? { apiKey: v.trim() } : null;
    },
    async write(location, { apiKey }) {
      await gcp.addVersion(location.id, apiKey);
    },
  };
}

module.exports = { createGcpClient, gcpFeatureKeyStore };
