import { ConfigMapV1 } from '@cdktf/provider-kubernetes/lib/config-map-v1';
import { CronJobV1 } from '@cdktf/provider-kubernetes/lib/cron-job-v1';
import { JobV1 } from '@cdktf/provider-kubernetes/lib/job-v1';
import { NetworkPolicyV1 } from '@cdktf/provider-kubernetes/lib/network-policy-v1';
import { Construct } from 'constructs';
import type { TeamBackendScope, TeamStoreView, VectorGrant } from './binding';
import { QDRANT_BOOTSTRAP_SCRIPT, qdrantTeamTokenSecretName, renderQdrantSpec } from './qdrant-bootstrap';
import { BOOTSTRAP_POD_LABEL, bootstrapPodSpec, QDRANT_TOKEN_TTL_DAYS, tokenWriterRole, type QdrantShared } from './qdrant-pod';
import { Lazy } from '../../core/cdktf';
import { stableHash } from '../../core/naming';
import { VectorRemovalPolicy } from '../model';

/**
 * One team's part of a Qdrant store, in the team's stack, in the store's namespace: the script with the
 * team's spec (a ConfigMap), a Job per spec that creates the team's collections (`<team>--<name>`) and
 * writes its principals' tokens (`<sa>-<release>-<team>`), a daily CronJob that re-issues them, and a
 * NetworkPolicy admitting the principals' namespaces to the API. Its pods carry the store's bootstrap
 * label (admitted by the store's NetworkPolicy) and run as the store's bootstrap account, allowed by a
 * Role in each principal's namespace to write only this team's token Secrets.
 *
 * Destroying the team's stack runs nothing: tokens lapse within their TTL (7 days) and the collections are
 * kept; to delete them under VectorRemovalPolicy.DESTROY, remove them from the team's stack and apply first.
 */
export class QdrantTeamScope extends Construct implements TeamBackendScope {
  private readonly namespaces = new Set<string>();
  private readonly tokenSecrets = new Map<string, Set<string>>();
  private readonly slug: string;
  private networkPolicy?: NetworkPolicyV1;

  constructor(scope: Construct, id: string, private readonly shared: QdrantShared, private readonly view: TeamStoreView) {
    super(scope, id);
    const team = view.team;
    const release = shared.releaseName;
    // Readable and unique per store and team, short enough for a CronJob name (52) with a suffix.
    this.slug = `${release.slice(0, 16).replace(/-+$/, '')}-${team.replace(/_/g, '-').slice(0, 16).replace(/-+$/, '')}-${stableHash([release, team], 6)}`;
    const labels = { ...shared.labels, 'llm-platform.io/vector-team': team.replace(/_/g, '-') };
    const spec = () =>
      JSON.stringify(
        renderQdrantSpec(
          view.collections,
          view.grants.map((g) => {
            const [ns, name] = g.principal.identity.split('/');
            return { namespace: ns, name, team: g.team, collection: g.collection?.name, access: g.access };
          }),
          shared.replicationFactor,
          QDRANT_TOKEN_TTL_DAYS,
          { releaseName: release, removal: view.removalPolicy === VectorRemovalPolicy.DESTROY ? 'destroy' : 'retain', team },
        ),
        null,
        2,
      );
    const config = new ConfigMapV1(this, 'Config', {
      metadata: { name: `${this.slug}-boot`, namespace: shared.namespace, labels },
      data: { 'bootstrap.py': QDRANT_BOOTSTRAP_SCRIPT, 'spec.json': Lazy.stringValue({ produce: spec }) },
    });
    const podLabels = { ...labels, [BOOTSTRAP_POD_LABEL]: release };
    const pod = () => bootstrapPodSpec(shared, config.metadata.name);
    new JobV1(this, 'Job', {
      metadata: {
        name: Lazy.stringValue({ produce: () => `${this.slug}-${stableHash([spec(), QDRANT_BOOTSTRAP_SCRIPT, String(shared.keyVersion)])}` }),
        namespace: shared.namespace,
        labels,
      },
      spec: { backoffLimit: 4, activeDeadlineSeconds: 900, template: { metadata: { labels: podLabels }, spec: pod() } },
      waitForCompletion: true,
      timeouts: { create: '15m', update: '15m' },
      dependsOn: [config],
    });
    new CronJobV1(this, 'Reissue', {
      metadata: { name: `${this.slug}-reissue`, namespace: shared.namespace, labels },
      spec: {
        schedule: '23 3 * * *',
        concurrencyPolicy: 'Forbid',
        successfulJobsHistoryLimit: 1,
        failedJobsHistoryLimit: 3,
        jobTemplate: { metadata: { labels }, spec: { backoffLimit: 4, template: { metadata: { labels: podLabels }, spec: pod() } } },
      },
      dependsOn: [config],
    });
  }

  public tokenSecretName(serviceAccount: string): string {
    return qdrantTeamTokenSecretName(serviceAccount, this.shared.releaseName, this.view.team);
  }

  public onGrant(grant: VectorGrant): void {
    const [namespace, serviceAccount] = grant.principal.identity.split('/');
    const names = this.tokenSecrets.get(namespace) ?? new Set<string>();
    this.tokenSecrets.set(namespace, names);
    names.add(this.tokenSecretName(serviceAccount));
    if (!this.networkPolicy) {
      // Additive to the store's policy: the API ports of the Qdrant pods, from the principals' namespaces.
      this.networkPolicy = new NetworkPolicyV1(this, 'NetworkPolicy', {
        metadata: { name: `${this.slug}-clients`, namespace: this.shared.namespace, labels: this.shared.labels },
        spec: {
          podSelector: { matchLabels: { 'app.kubernetes.io/name': 'qdrant', 'app.kubernetes.io/instance': this.shared.releaseName } },
          policyTypes: ['Ingress'],
          ingress: [
            {
              from: [{ namespaceSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: Lazy.listValue({ produce: () => [...this.namespaces].sort() }) }] } }],
              ports: [{ port: '6333', protocol: 'TCP' }, { port: '6334', protocol: 'TCP' }],
            },
          ],
        },
      });
    }
    if (this.namespaces.has(namespace)) return;
    this.namespaces.add(namespace);
    // The store's bootstrap account may create Secrets here and read or update only this team's token Secrets.
    tokenWriterRole(this, this.shared, namespace, `${this.slug}-tokens`, names);
  }
}
