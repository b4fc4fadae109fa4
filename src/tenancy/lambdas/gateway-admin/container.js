'use strict';
/*
 * Container entry point (Kubernetes Job/CronJob, Cloud Run Job): `node container.js`, with
 *   MODE                reconcile (default) | rotate-feature-keys | rotate-master-key
 *   ADMIN_URL           the gateway's admin endpoint
 *   ADMIN_ID_TOKEN_AUDIENCE?  GCP: the gateway is a private Cloud Run service; an identity token for this
 *                       audience goes in X-Serverless-Authorization (Authorization carries LiteLLM's key)
 *   MASTER_KEY, MASTER_KEY_PREVIOUS?   injected from the secret store (Kubernetes), or
 *   MASTER_KEY_SECRET_ID               projects/<p>/secrets/<s> (GCP: the two newest versions are tried)
 *   DESIRED_STATE_FILE  a JSON document, or a directory of them (Kubernetes: a mounted ConfigMap), or
 *   DESIRED_STATE_GCS_URI  gs://bucket/prefix/ (GCP)
 *   GRACE_PERIOD_SECONDS?  (default 86400), FORCE_ROTATION? ("true")
 *   rotate-master-key:  MASTER_KEY_K8S_SECRET_REF=<ns>/<name> (+ MASTER_KEY_K8S_SECRET_FIELD, default
 *                       master-key; the old value goes to previous-master-key) + GATEWAY_DEPLOYMENT=<ns>/<name>, or
 *                       MASTER_KEY_SECRET_ID + CLOUD_RUN_SERVICE=projects/<p>/locations/<r>/services/<s>
 * Prints one JSON summary per team (no key values); exits 1 when anything failed, so the Job retries.
 */
const fs = require('node:fs');
const path = require('node:path');
const { createLiteLLMClient } = require('./lib/litellm');
const { reconcileTeam } = require('./lib/reconcile');
const { rotateFeatureKeyIfDue, rotateMasterKeyKubernetes, rotateMasterKeyGcp } = require('./lib/scheduled-rotation');
const { inClusterConfig, createKubernetesClient, kubernetesFeatureKeyStore } = require('./lib/kubernetes');
const { createGcpClient, gcpFeatureKeyStore } = require('./lib/gcp');
const { log, redact } = require('./lib/log');

function loadFileDocuments(file) {
  const stat = fs.statSync(file);
  const files = stat.isDirectory()
    ? fs.readdirSync(file).filter((f) => f.endsWith('.json') && !f.startsWith('.')).sort().map((f) => path.join(file, f))
    : [file];
  return files.map((f) => JSON.parse(fs.readFileSync(f, 'utf8')));
}

/** Builds adapters lazily: a Kubernetes Job never needs GCP credentials and vice versa. */
function adapters(env, overrides = {}) {
  let k8s = overrides.k8s;
  let gcp = overrides.gcp;
  const kube = () => k8s ?? (k8s = createKubernetesClient(inClusterConfig(env)));
  const google = () => gcp ?? (gcp = createGcpClient());
  const stores = {
    get kubernetes() { return kubernetesFeatureKeyStore(kube()); },
    get 'gcp-secret-manager'() { return gcpFeatureKeyStore(google()); },
  };
  return { kube, google, stores };
}

async function main(env = process.env, overrides = {}) {
  const mode = env.MODE || 'reconcile';
  const { kube, google, stores } = adapters(env, overrides);
  const masterKeys = async () => (env.MASTER_KEY_SECRET_ID ? google().accessNewest(env.MASTER_KEY_SECRET_ID, 2) : [env.MASTER_KEY, env.MASTER_KEY_PREVIOUS]);
  if (!env.ADMIN_URL) throw new Error('ADMIN_URL is not set');
  const extraHeaders = env.ADMIN_ID_TOKEN_AUDIENCE ? async () => ({ 'x-serverless-authorization': `Bearer ${await google().identityToken(env.ADMIN_ID_TOKEN_AUDIENCE)}` }) : undefined;
  const client = overrides.client ?? createLiteLLMClient({ baseUrl: env.ADMIN_URL, tlsServerName: env.ADMIN_TLS_SERVER_NAME || undefined, masterKeys, extraHeaders, log, ...(overrides.clientOptions ?? {}) });
  const graceSeconds = Number(env.GRACE_PERIOD_SECONDS || 86400);
  const out = overrides.print ?? ((line) => console.log(line));
  let failed = 0;

  if (mode === 'rotate-master-key') {
    if (env.MASTER_KEY_K8S_SECRET_REF) await rotateMasterKeyKubernetes({ client, k8s: kube(), secret: env.MASTER_KEY_K8S_SECRET_REF, field: env.MASTER_KEY_K8S_SECRET_FIELD || undefined, deployment: env.GATEWAY_DEPLOYMENT, log });
    else await rotateMasterKeyGcp({ client, gcp: google(), secretId: env.MASTER_KEY_SECRET_ID, service: env.CLOUD_RUN_SERVICE, log });
    out(JSON.stringify({ mode, status: 'rotated' }));
    return 0;
  }

  const docs = env.DESIRED_STATE_GCS_URI ? await google().readJsonObjects(env.DESIRED_STATE_GCS_URI) : loadFileDocuments(env.DESIRED_STATE_FILE);
  for (const doc of docs) {
    if (mode === 'reconcile') {
      try {
        const result = await reconcileTeam(doc, { client, stores, graceSeconds, log });
        if (result.status === 'failed') failed++;
        out(JSON.stringify(result));
      } catch (e) {
        failed++;
        out(JSON.stringify({ status: 'failed', team_id: doc && doc.team && doc.team.team_id, errors: [{ message: redact(e.message) }] }));
      }
    } else if (mode === 'rotate-feature-keys') {
      for (const spec of doc.keys ?? []) {
        try {
          const action = await rotateFeatureKeyIfDue({ client, store: stores[spec.secret.store], spec, graceSeconds, force: env.FORCE_ROTATION === 'true', log });
          out(JSON.stringify({ key_alias: spec.key_alias, action }));
        } catch (e) {
          failed++;
          out(JSON.stringify({ key_alias: spec.key_alias, action: 'failed', error: redact(e.message) }));
        }
      }
    } else {
      throw new Error(`unknown MODE ${mode}`);
    }
  }
  return failed > 0 ? 1 : 0;
}

module.exports = { main, loadFileDocuments };

if (require.main === module) {
  main().then((code) => process.exit(code), (e) => {
    console.error(JSON.stringify({ msg: 'fatal', error: redact(e.message) }));
    process.exit(1);
  });
}
