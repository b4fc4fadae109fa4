import * as fs from 'node:fs';
import * as path from 'node:path';
import type { JobV1SpecTemplate } from '@cdktf/provider-kubernetes/lib/job-v1';
import { filesUnder } from '../../core/files';
import { configMapFiles, type ConfigMapFiles, NODE_IMAGE_UID, restrictedContainerSecurityContext, restrictedPodSecurityContext } from '../../core/kubernetes-pod';
import { stableHash } from '../../core/naming';
import { GATEWAY_ADMIN_CONTAINER_ENTRY } from '../lambdas';

/** Where the handler code is mounted in the job containers. */
export const CODE_DIR = '/opt/gateway-admin';
/** Where a team's desired state is mounted. */
export const DESIRED_STATE_DIR = '/etc/llm-tenancy';

/** The handler code as ConfigMap data and the volume items that mount it (`configMapFiles`), sorted: deterministic. */
export function codeConfigMapData(dir: string): ConfigMapFiles {
  const files = filesUnder(dir, (name) => name.endsWith('.js') || name.endsWith('.json'));
  return configMapFiles(files.map((f) => [f, fs.readFileSync(path.join(dir, f), 'utf8')] as const));
}

/** What a tenancy job pod runs. */
export interface TenancyPodOptions {
  readonly image: string;
  readonly serviceAccountName: string;
  readonly codeConfigMap: string;
  readonly codeItems: ReadonlyArray<{ key: string; path: string }>;
  readonly labels: Readonly<Record<string, string>>;
  readonly env: ReadonlyArray<{ name: string; value?: string; secretKeyRef?: { name: string; key: string; optional?: boolean } }>;
  /** A ConfigMap with the team's desired state, mounted at DESIRED_STATE_DIR. */
  readonly desiredStateConfigMap?: string;
}

/**
 * The pod template of the reconciler Job and the rotation CronJobs: the pinned Node image running the mounted
 * handler, non-root, read-only root filesystem, no capabilities, RuntimeDefault seccomp, requests and limits.
 * It talks to the Kubernetes API (key Secrets, rolling restarts), so the ServiceAccount token is mounted.
 */
export function tenancyPodTemplate(o: TenancyPodOptions): JobV1SpecTemplate {
  return {
    metadata: { labels: { ...o.labels } },
    spec: {
      restartPolicy: 'Never',
      serviceAccountName: o.serviceAccountName,
      automountServiceAccountToken: true,
      enableServiceLinks: false,
      securityContext: restrictedPodSecurityContext(NODE_IMAGE_UID),
      container: [{
        name: 'gateway-admin',
        image: o.image,
        imagePullPolicy: 'IfNotPresent',
        command: ['node', `${CODE_DIR}/${GATEWAY_ADMIN_CONTAINER_ENTRY}`],
        env: o.env.map((e) => {
          if (!e.secretKeyRef) return { name: e.name, value: e.value };
          const ref = e.secretKeyRef;
          return { name: e.name, valueFrom: { secretKeyRef: { name: ref.name, key: ref.key, ...(ref.optional ? { optional: true } : {}) } } };
        }),
        resources: { requests: { cpu: '50m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } },
        securityContext: restrictedContainerSecurityContext(),
        volumeMount: [
          { name: 'code', mountPath: CODE_DIR, readOnly: true },
          ...(o.desiredStateConfigMap ? [{ name: 'desired-state', mountPath: DESIRED_STATE_DIR, readOnly: true }] : []),
          { name: 'tmp', mountPath: '/tmp' },
        ],
      }],
      volume: [
        { name: 'code', configMap: { name: o.codeConfigMap, items: o.codeItems.map((i) => ({ key: i.key, path: i.path })) } },
        ...(o.desiredStateConfigMap ? [{ name: 'desired-state', configMap: { name: o.desiredStateConfigMap } }] : []),
        { name: 'tmp', emptyDir: { sizeLimit: '16Mi' } },
      ],
    },
  };
}

/** A daily cron schedule at a minute and hour spread by `seed`, so teams' rotation jobs do not all start at once. */
export function spreadDailySchedule(seed: string): string {
  const h = parseInt(stableHash([seed]), 16);
  // Between 02:00 and 05:59 UTC.
  return `${h % 60} ${(Math.floor(h / 60) % 4) + 2} * * *`;
}
