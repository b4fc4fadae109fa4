import { AwsObservabilityTarget, type AwsObservabilityTargetProps } from './targets/aws';
import type { IObservabilityTarget } from './targets/contract';
import { GcpObservabilityTarget, type GcpObservabilityTargetProps } from './targets/gcp';
import { KubernetesObservabilityTarget, type KubernetesObservabilityTargetProps } from './targets/kubernetes';

/**
 * Where metrics, traces, dashboards, alerts and the audit trail live. Pick one with a static factory; the
 * `ObservabilityStack` API is the same for all.
 *
 * ```ts
 * ObservabilityTarget.aws({ grafana: { allowedVpcEndpointIds: [grafanaEndpoint.id] } })
 * ObservabilityTarget.gcp({ project: 'acme-prod', region: 'europe-west1' })
 * ObservabilityTarget.kubernetes({ releaseLabel: 'kube-prometheus-stack' })
 * ```
 */
export class ObservabilityTarget {
  /** Amazon Managed Service for Prometheus + Amazon Managed Grafana + SNS + X-Ray + an S3/Athena audit trail (ECS gateways). */
  public static aws(props: AwsObservabilityTargetProps = {}): ObservabilityTarget {
    return new ObservabilityTarget(new AwsObservabilityTarget(props));
  }

  /** Google Managed Service for Prometheus + Cloud Monitoring + Cloud Trace + a GCS/BigQuery audit trail (Cloud Run gateways). */
  public static gcp(props: GcpObservabilityTargetProps): ObservabilityTarget {
    return new ObservabilityTarget(new GcpObservabilityTarget(props));
  }

  /** Prometheus Operator (kube-prometheus-stack) or GKE Managed Prometheus, with Grafana sidecar dashboards (Kubernetes gateways). */
  public static kubernetes(props: KubernetesObservabilityTargetProps = {}): ObservabilityTarget {
    return new ObservabilityTarget(new KubernetesObservabilityTarget(props));
  }

  /** Your own target: anything that implements `IObservabilityTarget` (see targets/contract.ts). */
  public static custom(target: IObservabilityTarget): ObservabilityTarget {
    return new ObservabilityTarget(target);
  }

  /** @internal */
  public readonly _impl: IObservabilityTarget;

  private constructor(impl: IObservabilityTarget) {
    this._impl = impl;
  }

  /** `aws`, `gcp` or `kubernetes`. */
  public get kind(): string {
    return this._impl.kind;
  }
}
