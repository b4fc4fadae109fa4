import { ConfigMapV1 } from '@cdktf/provider-kubernetes/lib/config-map-v1';
import { CronJobV1 } from '@cdktf/provider-kubernetes/lib/cron-job-v1';
import { JobV1 } from '@cdktf/provider-kubernetes/lib/job-v1';
import { NamespaceV1 } from '@cdktf/provider-kubernetes/lib/namespace-v1';
import { NetworkPolicyV1 } from '@cdktf/provider-kubernetes/lib/network-policy-v1';
import { RoleBindingV1 } from '@cdktf/provider-kubernetes/lib/role-binding-v1';
import { RoleV1 } from '@cdktf/provider-kubernetes/lib/role-v1';
import { ServiceAccountV1 } from '@cdktf/provider-kubernetes/lib/service-account-v1';
import { Construct } from 'constructs';
import { PREVIOUS_MASTER_KEY_FIELD, type KubernetesTenancyOutputs } from './control-plane';
import { DESIRED_STATE_DIR, spreadDailySchedule, tenancyPodTemplate } from './pod';
import { kubernetesLabels, makeName, NameTarget, stableHash } from '../../core';
import { dependable, Lazy } from '../../core/cdktf';
import { SecretRef } from '../../core/secret-ref';
import type { BoundKey, TeamBinding, TeamBindingContext, TeamIdentityHandle } from '../binding';
import { desiredStateSha256, renderDesiredState } from '../desired-state';
import { TeamKeyReaderKind, type TeamKeyReader } from '../tenant-key';

/** Data key of a key Secret that holds the virtual key (`api_key`; `key_alias` beside it). */
export const KUBERNETES_KEY_SECRET_FIELD = 'api_key';

/**
 * A team's resources on a Kubernetes gateway, in the team's stack: its namespace (labelled so the gateway's
 * NetworkPolicy admits it) and ServiceAccount; RBAC that lets the gateway's tenancy jobs write the team's key
 * Secrets in that namespace and nothing else; the desired state in a ConfigMap beside the gateway; a reconciler
 * Job per desired-state hash (a changed state is a new Job, so Terraform runs it once and waits for it); and a
 * daily CronJob that rotates the keys that are due. Key Secrets are created by the jobs, never by Terraform (so
 * their values are not in state).
 */
export class KubernetesTeamResources extends Construct implements TeamBinding {
  public readonly identity: TeamIdentityHandle;
  private readonly namespace: string;
  private readonly secretNames = new Map<string, string>();
  private readonly readers = new Map<string, Set<string>>();
  private readonly reconcileJob: JobV1;
  private readonly rotationJob: CronJobV1;
  private readonly labels: Record<string, string>;
  /** The namespace name, as a reference to the Namespace when this stack creates it (ordering). */
  private readonly namespaceRef: string;

  constructor(scope: Construct, id: string, ctx: TeamBindingContext, private readonly platform: KubernetesTenancyOutputs) {
    super(scope, id);
    const o = ctx.identity._kubernetes;
    const team = ctx.team;
    this.namespace = o.namespace ?? `team-${team}`;
    const saName = o.serviceAccountName ?? team;
    const labels = { ...kubernetesLabels(ctx.tags), 'app.kubernetes.io/part-of': ctx.gatewayName };
    const ns = o.createNamespace === false ? undefined : new NamespaceV1(this, 'Namespace', {
      metadata: {
        name: this.namespace,
        labels: sorted({
          ...labels,
          ...platform.callerNamespaceLabels,
          'pod-security.kubernetes.io/audit': 'restricted',
          'pod-security.kubernetes.io/enforce': 'restricted',
          'pod-security.kubernetes.io/warn': 'restricted',
        }),
      },
    });
    const namespace = ns ? ns.metadata.name : this.namespace;
    this.namespaceRef = namespace;
    new ServiceAccountV1(this, 'ServiceAccount', {
      metadata: { name: saName, namespace, labels, ...(o.serviceAccountAnnotations ? { annotations: { ...o.serviceAccountAnnotations } } : {}) },
      automountServiceAccountToken: false,
    });
    this.identity = { namespace: this.namespace, serviceAccountName: saName };
    // Deny by default: the team's own pods and the namespaces it names may reach its pods; egress stays open
    // (the gateway, model APIs), constrained by the gateway's own policy on its side.
    const from = [
      { podSelector: {} },
      ...[...new Set(o.ingressFromNamespaces ?? [])].sort().map((n) => ({ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': n } } })),
    ];
    new NetworkPolicyV1(this, 'NetworkPolicy', {
      metadata: { name: 'team-default', namespace, labels },
      spec: { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ from }] },
    });

    // ---- Desired state beside the gateway, applied by a Job per hash ---------------------------------
    const doc = () => ctx.desiredState();
    const file = `${team}.json`;
    const stateMap = new ConfigMapV1(this, 'DesiredState', {
      metadata: { name: makeName(NameTarget.KUBERNETES_LABEL, 'tenancy', team, 'desired-state'), namespace: platform.namespace, labels },
      data: { [file]: Lazy.stringValue({ produce: () => renderDesiredState(doc()) }) },
    });
    const env = [
      { name: 'ADMIN_URL', value: platform.adminUrl },
      { name: 'MASTER_KEY', secretKeyRef: { name: platform.masterKeySecret.name, key: platform.masterKeySecret.key } },
      { name: 'MASTER_KEY_PREVIOUS', secretKeyRef: { name: platform.masterKeySecret.name, key: PREVIOUS_MASTER_KEY_FIELD, optional: true } },
      { name: 'DESIRED_STATE_FILE', value: `${DESIRED_STATE_DIR}/${file}` },
      { name: 'GRACE_PERIOD_SECONDS', value: String(platform.gracePeriodSeconds) },
    ];
    const pod = (mode: string) => tenancyPodTemplate({
      image: platform.image,
      serviceAccountName: platform.serviceAccountName,
      codeConfigMap: platform.codeConfigMap,
      codeItems: platform.codeItems,
      labels: { ...platform.podLabels, 'llm-platform.io/team': team },
      desiredStateConfigMap: stateMap.metadata.name,
      env: [...env, { name: 'MODE', value: mode }],
    });
    this.reconcileJob = new JobV1(this, 'Reconcile', {
      metadata: {
        // A new name per desired state: Terraform replaces the Job, which runs the reconciler once more.
        name: Lazy.stringValue({ produce: () => makeName(NameTarget.KUBERNETES_LABEL, 'tenancy', team, desiredStateSha256(doc()).slice(0, 12)) }),
        namespace: platform.namespace,
        labels,
      },
      spec: { backoffLimit: 4, activeDeadlineSeconds: 900, template: pod('reconcile') },
      waitForCompletion: true,
      timeouts: { create: '15m', update: '15m' },
      dependsOn: [stateMap],
    });
    this.rotationJob = new CronJobV1(this, 'KeyRotation', {
      metadata: { name: makeName(NameTarget.KUBERNETES_LABEL, 'tenancy', team, 'rotate'), namespace: platform.namespace, labels },
      spec: {
        // Daily: the job rotates each key whose rotation_days have passed (grace period for the old value).
        schedule: spreadDailySchedule(`${ctx.gatewayName}/${team}`),
        concurrencyPolicy: 'Forbid',
        successfulJobsHistoryLimit: 3,
        failedJobsHistoryLimit: 3,
        jobTemplate: { metadata: { labels }, spec: { backoffLimit: 2, activeDeadlineSeconds: 900, template: pod('rotate-feature-keys') } },
      },
    });
    this.labels = labels;

    // The cluster's cloud bills the team's labelled/tagged resources (node pools, volumes, load balancers).
    const b = ctx.cloudBudget;
    if (b) {
      // Loaded only when asked: each cloud's bindings (and provider) are needed only for its own budget.
      /* eslint-disable @typescript-eslint/no-require-imports */
      if (b.billingAccount !== undefined) (require('../gcp/budget') as typeof import('../gcp/budget')).gcpTeamBudget(this, 'CloudBudget', b, { gatewayName: ctx.gatewayName, team });
      else (require('../aws/budget') as typeof import('../aws/budget')).awsTeamBudget(this, 'CloudBudget', b, { gatewayName: ctx.gatewayName, team });
      /* eslint-enable @typescript-eslint/no-require-imports */
    }
  }

  public addKey(feature: string, _rotationDays: number, teamReads: boolean): BoundKey {
    const name = `llm-key-${feature}`;
    if (this.secretNames.size === 0) this.createKeyWriter();
    this.secretNames.set(feature, name);
    if (teamReads) this.grantTo(this.identity.serviceAccountName!, feature);
    return {
      location: { store: 'kubernetes', id: `${this.namespace}/${name}` },
      ref: SecretRef.kubernetes(name, KUBERNETES_KEY_SECRET_FIELD),
    };
  }

  public grantRead(feature: string, reader: TeamKeyReader): void {
    if (reader.kind !== TeamKeyReaderKind.KUBERNETES_SERVICE_ACCOUNT) throw new Error(`unreachable: ${reader.kind} reader on Kubernetes`);
    this.grantTo(reader.identity, feature);
  }

  /**
   * The gateway's jobs may write this team's key Secrets (`create` cannot name objects not made yet). Created with
   * the first key: an empty `resourceNames` would mean every Secret of the namespace.
   */
  private createKeyWriter(): void {
    const platform = this.platform;
    const writer = new RoleV1(this, 'KeyWriterRole', {
      metadata: { name: `${platform.serviceAccountName}-keys`, namespace: this.namespaceRef, labels: this.labels },
      rule: [
        { apiGroups: [''], resources: ['secrets'], verbs: ['create'] },
        { apiGroups: [''], resources: ['secrets'], resourceNames: Lazy.listValue({ produce: () => [...this.secretNames.values()].sort() }), verbs: ['get', 'patch', 'update'] },
      ],
    });
    const binding = new RoleBindingV1(this, 'KeyWriterBinding', {
      metadata: { name: `${platform.serviceAccountName}-keys`, namespace: this.namespaceRef, labels: this.labels },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: writer.metadata.name },
      subject: [{ kind: 'ServiceAccount', name: platform.serviceAccountName, namespace: platform.namespace }],
    });
    this.reconcileJob.dependsOn = [...(this.reconcileJob.dependsOn ?? []), dependable(binding)];
    this.rotationJob.dependsOn = [...(this.rotationJob.dependsOn ?? []), dependable(binding)];
  }

  /** A Role per reader ServiceAccount: `get` on exactly the key Secrets granted to it (API reads; env/volume mounts need no RBAC). */
  private grantTo(serviceAccount: string, feature: string): void {
    let set = this.readers.get(serviceAccount);
    if (!set) {
      set = new Set();
      this.readers.set(serviceAccount, set);
      const features = set;
      const rid = `KeyReader${stableHash([serviceAccount])}`;
      const name = makeName(NameTarget.KUBERNETES_LABEL, 'llm-keys', serviceAccount);
      const role = new RoleV1(this, `${rid}Role`, {
        metadata: { name, namespace: this.namespaceRef },
        rule: [{ apiGroups: [''], resources: ['secrets'], resourceNames: Lazy.listValue({ produce: () => [...features].sort().map((f) => this.secretNames.get(f)!) }), verbs: ['get'] }],
      });
      new RoleBindingV1(this, `${rid}Binding`, {
        metadata: { name, namespace: this.namespaceRef },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: role.metadata.name },
        subject: [{ kind: 'ServiceAccount', name: serviceAccount, namespace: this.namespaceRef }],
      });
    }
    set.add(feature);
  }
}

function sorted(r: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(r).sort(([a], [b]) => (a < b ? -1 : 1)));
}
