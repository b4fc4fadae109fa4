import type { JobV1SpecTemplateSpec } from '@cdktf/provider-kubernetes/lib/job-v1';
import { RoleBindingV1 } from '@cdktf/provider-kubernetes/lib/role-binding-v1';
import { RoleV1 } from '@cdktf/provider-kubernetes/lib/role-v1';
import type { Construct } from 'constructs';
import { Lazy } from '../../core/cdktf';
import { restrictedPodSecurityContext } from '../../core/kubernetes-pod';

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
    securityContext: restrictedPodSecurityContext(65532),
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

/**
 * Lets the store's bootstrap account write token Secrets in a grantee's `namespace`: create Secrets (create
 * cannot be limited by name), read or update only those of `names` (read at synth). It cannot list or read any
 * other Secret there.
 */
export function tokenWriterRole(scope: Construct, shared: Pick<QdrantShared, 'namespace' | 'bootstrapAccount'>, namespace: string, roleName: string, names: ReadonlySet<string>): void {
  const role = new RoleV1(scope, `TokenWriter-${namespace}`, {
    metadata: { name: roleName, namespace },
    rule: [
      { apiGroups: [''], resources: ['secrets'], verbs: ['create'] },
      { apiGroups: [''], resources: ['secrets'], verbs: ['get', 'patch', 'update'], resourceNames: Lazy.listValue({ produce: () => [...names].sort() }) },
    ],
  });
  new RoleBindingV1(scope, `TokenWriterBinding-${namespace}`, {
    metadata: { name: role.metadata.name, namespace },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: role.metadata.name },
    subject: [{ kind: 'ServiceAccount', name: shared.bootstrapAccount, namespace: shared.namespace }],
  });
}
