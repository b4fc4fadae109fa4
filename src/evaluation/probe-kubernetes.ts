import { Construct } from 'constructs';
import type { EvalDataset } from './dataset';
import { probeRunBudgetSeconds, type EvaluationManifest } from './manifest';
import { EVAL_PROBE_CONTAINER_ENTRY, EVAL_PROBE_MANIFEST_PATH, EvalProbeEnv } from './probe-asset';
import { probeFiles, stagedProbeDir } from './probe-files';
import { configMapFiles, NODE_IMAGE_UID, restrictedContainerSecurityContext, restrictedPodSecurityContext } from '../core/kubernetes-pod';
import { makeName, NameTarget } from '../core/naming';

/** Where the probe's ConfigMap is mounted. */
export const KUBERNETES_PROBE_DIR = '/opt/llm-eval-probe';

/** Where the probe pushes its figures on Kubernetes. */
export type KubernetesProbeMetrics =
  /** Prometheus remote write (the cluster's Prometheus with its remote-write receiver enabled). */
  | { readonly kind: 'remote-write'; readonly url: string }
  /** An OTLP/HTTP metrics endpoint (`…/v1/metrics`) of a collector in the cluster. */
  | { readonly kind: 'otlp'; readonly url: string };

/** Props of `KubernetesEvaluationProbe`. */
export interface KubernetesEvaluationProbeProps {
  readonly manifest: EvaluationManifest;
  readonly dataset: EvalDataset;
  /** The team's namespace (its key Secret lives there; the gateway's NetworkPolicy admits it). */
  readonly namespace: string;
  /** The gateway's caller endpoint. */
  readonly gatewayUrl: string;
  /** The feature key's Secret in `namespace`. */
  readonly keySecret: { readonly name: string; readonly key: string };
  readonly metrics: KubernetesProbeMetrics;
  /** Pinned image with Node.js 22. */
  readonly image: string;
}

/**
 * One feature's evaluation probe on Kubernetes, in the team's stack: a CronJob in the team's namespace running the
 * pinned Node image on the probe's code, manifest and golden set (one ConfigMap, mounted read-only). Its pod reads
 * the feature's key from the team's Secret (a `secretKeyRef`; the kubelet reads it, the pod's own ServiceAccount
 * gets no API token and no role), calls the gateway's caller endpoint — the team namespace is the one the gateway's
 * NetworkPolicy admits — and pushes the run's figures to the cluster's Prometheus. Restricted pod security: non-root,
 * read-only root, no capabilities, RuntimeDefault seccomp, requests and limits; one run at a time, no retries (the
 * next scheduled run is the retry), deadline = the worst-case run.
 */
export class KubernetesEvaluationProbe extends Construct {
  public readonly cronJobName: string;

  constructor(scope: Construct, id: string, props: KubernetesEvaluationProbeProps) {
    super(scope, id);
    /* eslint-disable @typescript-eslint/no-require-imports */
    const { ConfigMapV1 } = require('@cdktf/provider-kubernetes/lib/config-map-v1') as typeof import('@cdktf/provider-kubernetes/lib/config-map-v1');
    const { CronJobV1 } = require('@cdktf/provider-kubernetes/lib/cron-job-v1') as typeof import('@cdktf/provider-kubernetes/lib/cron-job-v1');
    const { ServiceAccountV1 } = require('@cdktf/provider-kubernetes/lib/service-account-v1') as typeof import('@cdktf/provider-kubernetes/lib/service-account-v1');
    /* eslint-enable @typescript-eslint/no-require-imports */
    const m = props.manifest;
    const name = makeName(NameTarget.KUBERNETES_LABEL, m.feature, 'eval');
    this.cronJobName = name;
    const labels = {
      'app.kubernetes.io/name': 'llm-eval-probe',
      'app.kubernetes.io/instance': name,
      'app.kubernetes.io/part-of': 'llm-platform',
      'llm-platform.io/team': m.team,
      'llm-platform.io/feature': m.feature,
    };

    const { data, items } = configMapFiles(probeFiles(stagedProbeDir(m, props.dataset)));
    const code = new ConfigMapV1(this, 'Code', {
      metadata: { name: `${name}-code`, namespace: props.namespace, labels },
      data,
      immutable: false,
    });
    const sa = new ServiceAccountV1(this, 'ServiceAccount', {
      metadata: { name, namespace: props.namespace, labels },
      // The probe never calls the Kubernetes API.
      automountServiceAccountToken: false,
    });

    const budget = probeRunBudgetSeconds(m);
    const env = [
      { name: EvalProbeEnv.GATEWAY_URL, value: props.gatewayUrl },
      { name: EvalProbeEnv.API_KEY, valueFrom: { secretKeyRef: { name: props.keySecret.name, key: props.keySecret.key } } },
      { name: EvalProbeEnv.EVAL_MANIFEST_FILE, value: `${KUBERNETES_PROBE_DIR}/${EVAL_PROBE_MANIFEST_PATH}` },
      { name: EvalProbeEnv.EVAL_LOG_CONTENT, value: m.messageLogging ? 'true' : 'false' },
      props.metrics.kind === 'otlp'
        ? { name: EvalProbeEnv.OTLP_METRICS_ENDPOINT, value: props.metrics.url }
        : { name: EvalProbeEnv.PROMETHEUS_REMOTE_WRITE_URL, value: props.metrics.url },
    ];
    new CronJobV1(this, 'CronJob', {
      metadata: { name, namespace: props.namespace, labels },
      spec: {
        schedule: m.schedule.unixCron,
        timezone: m.schedule.timeZone,
        // One run at a time; a run that could not start in its interval is skipped, not queued.
        concurrencyPolicy: 'Forbid',
        startingDeadlineSeconds: 300,
        successfulJobsHistoryLimit: 1,
        failedJobsHistoryLimit: 3,
        jobTemplate: {
          metadata: { labels },
          spec: {
            // The next scheduled run is the retry: a rerun would publish a second sample for the same interval.
            backoffLimit: 0,
            activeDeadlineSeconds: budget,
            ttlSecondsAfterFinished: '86400',
            template: {
              metadata: { labels },
              spec: {
                restartPolicy: 'Never',
                serviceAccountName: sa.metadata.name,
                automountServiceAccountToken: false,
                enableServiceLinks: false,
                securityContext: restrictedPodSecurityContext(NODE_IMAGE_UID),
                container: [{
                  name: 'probe',
                  image: props.image,
                  imagePullPolicy: 'IfNotPresent',
                  command: ['node', `${KUBERNETES_PROBE_DIR}/${EVAL_PROBE_CONTAINER_ENTRY}`],
                  env,
                  resources: { requests: { cpu: '50m', memory: '96Mi' }, limits: { cpu: '500m', memory: '256Mi' } },
                  securityContext: restrictedContainerSecurityContext(),
                  volumeMount: [{ name: 'code', mountPath: KUBERNETES_PROBE_DIR, readOnly: true }, { name: 'tmp', mountPath: '/tmp' }],
                }],
                volume: [
                  { name: 'code', configMap: { name: code.metadata.name, items } },
                  { name: 'tmp', emptyDir: { sizeLimit: '16Mi' } },
                ],
              },
            },
          },
        },
      },
    });
  }
}

/** `http://prometheus-operated.<ns>.svc:9090/api/v1/write`: the Prometheus Operator's governing Service of every Prometheus in `ns`. */
export function prometheusOperatorRemoteWriteUrl(namespace: string): string {
  return `http://prometheus-operated.${namespace}.svc:9090/api/v1/write`;
}
