/**
 * Pieces of a Kubernetes pod spec that several constructs write the same way. Pure: plain objects that fit the
 * `@cdktf/provider-kubernetes` pod-template structs of Jobs, CronJobs and Deployments (fresh objects per call).
 */

/** Non-root uid (and gid) of the official Node.js images: their `node` user. */
export const NODE_IMAGE_UID = 1000;

/**
 * Pod-level `securityContext` of the "restricted" Pod Security Standard: runs as the non-root `uid` (and gid),
 * RuntimeDefault seccomp (Kubernetes docs, "Pod Security Standards", Restricted profile).
 */
export function restrictedPodSecurityContext(uid: number): {
  runAsNonRoot: boolean; runAsUser: string; runAsGroup: string; seccompProfile: { type: string };
} {
  return { runAsNonRoot: true, runAsUser: String(uid), runAsGroup: String(uid), seccompProfile: { type: 'RuntimeDefault' } };
}

/**
 * Container-level `securityContext` for a container that writes only to mounted volumes: no privilege escalation,
 * not privileged, read-only root filesystem, non-root, every capability dropped.
 */
export function restrictedContainerSecurityContext(): {
  allowPrivilegeEscalation: boolean; privileged: boolean; readOnlyRootFilesystem: boolean; runAsNonRoot: boolean; capabilities: { drop: string[] };
} {
  return { allowPrivilegeEscalation: false, privileged: false, readOnlyRootFilesystem: true, runAsNonRoot: true, capabilities: { drop: ['ALL'] } };
}

/** ConfigMap `data` and the volume `items` that mount it. */
export interface ConfigMapFiles {
  readonly data: Record<string, string>;
  readonly items: Array<{ key: string; path: string }>;
}

/**
 * Files as one ConfigMap: a ConfigMap key cannot hold `/`, so `lib/x.js` is stored under `lib__x.js`, and the
 * volume `items` put each file back at its path. Keeps the order of `files`.
 */
export function configMapFiles(files: Iterable<readonly [string, string]>): ConfigMapFiles {
  const data: Record<string, string> = {};
  const items: Array<{ key: string; path: string }> = [];
  for (const [file, text] of files) {
    const key = file.replace(/\//g, '__');
    data[key] = text;
    items.push({ key, path: file });
  }
  return { data, items };
}
