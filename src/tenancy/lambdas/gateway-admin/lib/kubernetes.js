'use strict';
/*
 * In-cluster Kubernetes API over HTTPS with the pod's service-account token and CA (the standard
 * mount), for the reconciler Job and the rotation CronJobs: feature keys live in a Secret of the
 * team's namespace (data keys api_key, key_alias), the master key in the gateway's Secret.
 */
const fs = require('node:fs');
const { httpRequest } = require('./http');

const SA_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

function inClusterConfig(env = process.env, readFile = fs.readFileSync) {
  const host = env.KUBERNETES_SERVICE_HOST;
  if (!host) throw new Error('KUBERNETES_SERVICE_HOST is not set: not running in a pod');
  return {
    baseUrl: `https://${host.includes(':') ? `[${host}]` : host}:${env.KUBERNETES_SERVICE_PORT || '443'}`,
    token: () => readFile(`${SA_DIR}/token`, 'utf8').trim(), // re-read: projected tokens rotate
    ca: readFile(`${SA_DIR}/ca.crt`),
  };
}

function createKubernetesClient(config, transport = httpRequest) {
  async function call(method, path, body, contentType = 'application/json') {
    const res = await transport({
      url: `${config.baseUrl}${path}`,
      method,
      headers: { authorization: `Bearer ${config.token()}`, accept: 'application/json', ...(body !== undefined ? { 'content-type': contentType } : {}) },
      body: body !== undefined ? JSON.stringify(body) : undefined,
      ca: config.ca,
    });
    if (res.status === 404) return null;
    if (res.status < 200 || res.status >= 300) {
      let reason = res.text.slice(0, 300);
      try { reason = JSON.parse(res.text).message ?? reason; } catch { /* keep text */ }
      throw new Error(`kubernetes ${method} ${path.replace(/\?.*/, '')} -> HTTP ${res.status}: ${reason}`);
    }
    return res.text ? JSON.parse(res.text) : {};
  }
  const secretPath = (ns, name) => `/api/v1/namespaces/${encodeURIComponent(ns)}/secrets/${encodeURIComponent(name)}`;
  return {
    /** Decoded data of a Secret, or null when it does not exist. */
    async readSecret(ns, name) {
      const s = await call('GET', secretPath(ns, name));
      if (!s) return null;
      return Object.fromEntries(Object.entries(s.data ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64').toString('utf8')]));
    },
    /** Sets data keys of a Secret (merge patch), creating the Secret when it is missing. */
    async writeSecret(ns, name, data, labels = {}) {
      const encoded = Object.fromEntries(Object.entries(data).map(([k, v]) => [k, Buffer.from(v, 'utf8').toString('base64')]));
      const patched = await call('PATCH', secretPath(ns, name), { data: encoded }, 'application/merge-patch+json');
      if (patched) return;
      await call('POST', `/api/v1/namespaces/${encodeURIComponent(ns)}/secrets`, { apiVersion: 'v1', kind: 'Secret', type: 'Opaque', metadata: { name, namespace: ns, labels }, data: encoded });
    },
    /** `kubectl rollout restart`: a new pod-template annotation makes the Deployment replace its pods. */
    async restartDeployment(ns, name, now = new Date()) {
      const done = await call('PATCH', `/apis/apps/v1/namespaces/${encodeURIComponent(ns)}/deployments/${encodeURIComponent(name)}`, { spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': now.toISOString() } } } } }, 'application/strategic-merge-patch+json');
      if (!done) throw new Error(`deployment ${ns}/${name} not found`);
    },
  };
}

const splitId = (id) => {
  const [ns, name] = id.split('/');
  return { ns, name };
};

/** Feature-key store on Kubernetes Secrets. */
function kubernetesFeatureKeyStore(k8s) {
  return {
    async read(location) {
      const { ns, name } = splitId(location.id);
      const data = await k8s.readSecret(ns, name);
      return data ? { apiKey: data.api_key, keyAlias: data.key_alias } : null;
    },
    async write(location, { apiKey, keyAlias }) {
      const { ns, name } = splitId(location.id);
      await k8s.writeSecret(ns, name, { api_key: apiKey, key_alias: keyAlias }, { 'app.kubernetes.io/managed-by': 'cdktf-llm-platform' });
    },
  };
}

module.exports = { inClusterConfig, createKubernetesClient, kubernetesFeatureKeyStore, splitId };
