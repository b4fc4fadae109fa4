import type { JobV1SpecTemplateSpec } from '@cdktf/provider-kubernetes/lib/job-v1';

/** Lifetime of per-principal JWTs; the daily CronJob re-issues them, so a revoked grant lapses within it. */
export const QDRANT_TOKEN_TTL_DAYS = 7;

/** Key of the API key in the store's key Secret. */
export const API_KEY = 'api-key';
/** Label of the bootstrap Job's pods: the store's NetworkPolicy admits them to the API. */
export const BOOTSTRAP_POD_LABEL = 'llm-platform.io/qdrant-bootstrap';

/** What a team's bootstrap reuses from the store: names only (no reference to the store's stack). */
export interface QdrantShared {
  readonly namespace: string;
  readonly releaseName: string;
  readonly url: string;
  readonly labels: Record<string, string>;
  readonly bootstrapAccount: string;
  readonly keysSecretName: string;
  readonly tlsSecretName: string;
  readonly keyVersion: number;
  readonly image: string;
  readonly replicationFactor: number;
}

/** The pod of a bootstrap Job or CronJob: the script and spec of `configMapName`, the API key, the CA. */
export function bootstrapPodSpec(shared: QdrantShared, configMapName: string): JobV1SpecTemplateSpec {
  return {
    serviceAccountName: shared.bootstrapAccount,
    automountServiceAccountToken: true,
    restartPolicy: 'Never',
    securityContext: { runAsNonRoot: true, runAsUser: '65532', runAsGroup: '65532', seccompProfile: { type: 'RuntimeDefault' } },
    container: [
      {
        name: 'bootstrap',
        image: shared.image,
        command: ['python3', '/bootstrap/bootstrap.py'],
        env: [
          { name: 'QDRANT_URL', value: shared.url },
          { name: 'QDRANT_API_KEY', valueFrom: { secretKeyRef: { name: shared.keysSecretName, key: API_KEY } } },
          // Which key the tokens are signed with: the version the Qdrant pods carry as an annotation.
          { name: 'QDRANT_API_KEY_VERSION', value: String(shared.keyVersion) },
          { name: 'QDRANT_CA_FILE', value: '/qdrant-ca/ca.crt' },
        ],
        resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '250m', memory: '128Mi' } },
        securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
        volumeMount: [
          { name: 'bootstrap', mountPath: '/bootstrap', readOnly: true },
          { name: 'qdrant-ca', mountPath: '/qdrant-ca', readOnly: true },
        ],
      },
    ],
    volume: [
      { name: 'bootstrap', configMap: { name: configMapName } },
      // Only the CA certificate of the TLS Secret: the bootstrap never sees the server's private key.
      { name: 'qdrant-ca', secret: { secretName: shared.tlsSecretName, items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
    ],
  };
}
