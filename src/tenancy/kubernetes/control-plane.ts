import { ConfigMapV1 } from '@cdktf/provider-kubernetes/lib/config-map-v1';
import { CronJobV1 } from '@cdktf/provider-kubernetes/lib/cron-job-v1';
import { RoleBindingV1 } from '@cdktf/provider-kubernetes/lib/role-binding-v1';
import { RoleV1 } from '@cdktf/provider-kubernetes/lib/role-v1';
import { ServiceAccountV1 } from '@cdktf/provider-kubernetes/lib/service-account-v1';
import { Construct } from 'constructs';
import { codeConfigMapData, tenancyPodTemplate } from './pod';
import { MANAGED_BY, makeName, NameTarget } from '../../core';
import type { LlmGateway } from '../../gateway/llm-gateway';
import { GatewayPeer } from '../../gateway/peer';
import type { GatewayKubernetesPlacement, GatewayManagement } from '../../gateway/runtime-contract';
import { GATEWAY_ADMIN_HANDLER_DIR } from '../lambdas';

/** Options of the Kubernetes control plane. */
export interface KubernetesControlPlaneOptions {
  readonly gatewayName: string;
  readonly gateway: LlmGateway;
  readonly management: GatewayManagement;
  readonly kubernetes: GatewayKubernetesPlacement;
  readonly image: string;
  readonly gracePeriodSeconds: number;
  readonly platformSecretRotationDays: number;
}

/** What team stacks use: names only (no cross-stack reference), the same for every team. */
export interface KubernetesTenancyOutputs {
  /** Namespace of the gateway, where reconciler Jobs and rotation CronJobs run. */
  readonly namespace: string;
  /** ServiceAccount the jobs run as (team stacks bind it to a Role in their namespace). */
  readonly serviceAccountName: string;
  readonly codeConfigMap: string;
  readonly codeItems: ReadonlyArray<{ key: string; path: string }>;
  readonly image: string;
  readonly adminUrl: string;
  readonly masterKeySecret: { readonly name: string; readonly key: string };
  readonly gracePeriodSeconds: number;
  /** Labels of the jobs' pods. */
  readonly podLabels: Readonly<Record<string, string>>;
  /** Labels that admit a team namespace through the gateway's NetworkPolicy. */
  readonly callerNamespaceLabels: Readonly<Record<string, string>>;
}

/** Data key of the previous master key in the master key Secret (written by the rotation; read on 401). */
export const PREVIOUS_MASTER_KEY_FIELD = 'previous-master-key';

/**
 * The tenancy control plane of a Kubernetes gateway, in the gateway's namespace: the handler code in a
 * ConfigMap, the ServiceAccount the jobs run as (it may read the master key Secret and roll the gateway's
 * Deployment, nothing else here), and the master key rotation CronJob. The gateway's NetworkPolicy admits its
 * own namespace so the jobs reach the admin API.
 */
export class KubernetesTenancyControlPlane extends Construct {
  public readonly outputs: KubernetesTenancyOutputs;

  constructor(scope: Construct, id: string, o: KubernetesControlPlaneOptions) {
    super(scope, id);
    const k = o.kubernetes;
    const ns = k.namespace;
    // The literal name (the placement's may reference the Namespace resource): team stacks use it without a
    // cross-stack reference.
    const nsName = (o.gateway.runtime._impl as { namespace?: string }).namespace ?? ns;
    const name = makeName(NameTarget.KUBERNETES_LABEL, o.gatewayName, 'tenancy');
    const labels = { 'app.kubernetes.io/component': 'tenancy', 'app.kubernetes.io/managed-by': MANAGED_BY, 'app.kubernetes.io/name': 'gateway-admin', 'app.kubernetes.io/part-of': o.gatewayName };
    const code = codeConfigMapData(GATEWAY_ADMIN_HANDLER_DIR);

    const configMap = new ConfigMapV1(this, 'Code', {
      metadata: { name: `${name}-code`, namespace: ns, labels },
      data: code.data,
      immutable: false,
    });
    const sa = new ServiceAccountV1(this, 'ServiceAccount', {
      metadata: { name, namespace: ns, labels },
      // Not by default: only the jobs' pods mount the token (they call the Kubernetes API for key Secrets, the
      // master key and a rolling restart), set on their pod spec.
      automountServiceAccountToken: false,
    });
    const role = new RoleV1(this, 'Role', {
      metadata: { name, namespace: ns, labels },
      rule: [
        { apiGroups: [''], resources: ['secrets'], resourceNames: [k.masterKeySecret.name], verbs: ['get', 'patch', 'update'] },
        { apiGroups: ['apps'], resources: ['deployments'], resourceNames: [k.deploymentName], verbs: ['get', 'patch'] },
      ],
    });
    new RoleBindingV1(this, 'RoleBinding', {
      metadata: { name, namespace: ns, labels },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: role.metadata.name },
      subject: [{ kind: 'ServiceAccount', name: sa.metadata.name, namespace: ns }],
    });
    // The jobs run beside the gateway: admit this namespace to the admin port (every route).
    o.gateway.connections.allowAdminFrom(GatewayPeer.kubernetesNamespace(nsName));

    const env = [
      { name: 'ADMIN_URL', value: o.management.adminUrl },
      { name: 'MASTER_KEY', secretKeyRef: { name: k.masterKeySecret.name, key: k.masterKeySecret.key } },
      { name: 'MASTER_KEY_PREVIOUS', secretKeyRef: { name: k.masterKeySecret.name, key: PREVIOUS_MASTER_KEY_FIELD, optional: true } },
    ];
    new CronJobV1(this, 'MasterKeyRotation', {
      metadata: { name: `${name}-rotate-master`, namespace: ns, labels },
      spec: {
        schedule: rotationSchedule(o.platformSecretRotationDays),
        concurrencyPolicy: 'Forbid',
        successfulJobsHistoryLimit: 3,
        failedJobsHistoryLimit: 3,
        jobTemplate: {
          metadata: { labels },
          spec: {
            backoffLimit: 2,
            activeDeadlineSeconds: 900,
            template: tenancyPodTemplate({
              image: o.image,
              serviceAccountName: sa.metadata.name,
              codeConfigMap: configMap.metadata.name,
              codeItems: code.items,
              labels,
              env: [
                ...env,
                { name: 'MODE', value: 'rotate-master-key' },
                { name: 'MASTER_KEY_K8S_SECRET_REF', value: `${nsName}/${k.masterKeySecret.name}` },
                { name: 'GATEWAY_DEPLOYMENT', value: `${nsName}/${k.deploymentName}` },
              ],
            }),
          },
        },
      },
    });

    this.outputs = {
      namespace: nsName,
      serviceAccountName: name,
      codeConfigMap: `${name}-code`,
      codeItems: code.items,
      image: o.image,
      adminUrl: o.management.adminUrl,
      masterKeySecret: k.masterKeySecret,
      gracePeriodSeconds: o.gracePeriodSeconds,
      podLabels: labels,
      callerNamespaceLabels: k.callerNamespaceLabels ?? {},
    };
  }
}

/** A cron schedule at most `days` apart: weekly from 7 days, monthly from 28, daily below. */
export function rotationSchedule(days: number): string {
  if (days >= 28) return '17 3 1 * *';
  if (days >= 7) return '17 3 * * 0';
  return '17 3 * * *';
}
