import { AwsPlatformCloud, type AwsPlatformCloudOptions } from './clouds/aws';
import type { PlatformCloudStrategy } from './clouds/contract';
import { GcpPlatformCloud, type GcpPlatformCloudOptions } from './clouds/gcp';
import { KubernetesPlatformCloud, type KubernetesPlatformCloudOptions } from './clouds/kubernetes';

/**
 * The cloud an `LlmPlatform` runs on: its providers, the gateway's runtime, where observability lives, the vector
 * store's backend, the tenancy control plane and the teams' default identity. Pick one with a static factory.
 *
 * ```ts
 * PlatformCloud.aws({ region: 'us-east-1', vpcId, privateSubnetIds, certificateArn })
 * PlatformCloud.gcp({ project, region, network, subnetwork, audit: { hmacKey } })
 * PlatformCloud.kubernetes({ flavour: KubernetesFlavour.EKS, providers: (stack) => {...}, redis, database })
 * ```
 */
export class PlatformCloud {
  /**
   * AWS: LiteLLM on ECS Fargate behind an internal HTTPS load balancer, Amazon Managed Prometheus and Grafana,
   * X-Ray and an S3 Object Lock audit trail, pgvector on Aurora, Lambda tenancy functions, an IAM role per team.
   */
  public static aws(options: AwsPlatformCloudOptions): PlatformCloud {
    return new PlatformCloud(new AwsPlatformCloud(options ?? ({} as AwsPlatformCloudOptions)));
  }

  /**
   * GCP: LiteLLM on private Cloud Run, Google Managed Prometheus, Cloud Monitoring alerts and dashboards, Cloud
   * Trace and a retention-locked GCS audit trail, pgvector on Cloud SQL, Cloud Run Job tenancy, a service account per team.
   */
  public static gcp(options: GcpPlatformCloudOptions): PlatformCloud {
    return new PlatformCloud(new GcpPlatformCloud(options ?? ({} as GcpPlatformCloudOptions)));
  }

  /**
   * Kubernetes (EKS, GKE or any cluster you bring): the hardened gateway Deployment, Prometheus Operator or Google
   * Managed Prometheus rules and Grafana sidecar dashboards, Qdrant, tenancy Jobs, a namespace per team.
   */
  public static kubernetes(options: KubernetesPlatformCloudOptions): PlatformCloud {
    return new PlatformCloud(new KubernetesPlatformCloud(options ?? ({} as KubernetesPlatformCloudOptions)));
  }

  /** @internal */
  public readonly _strategy: PlatformCloudStrategy;

  private constructor(strategy: PlatformCloudStrategy) {
    this._strategy = strategy;
  }

  /** `aws`, `gcp` or `kubernetes`. */
  public get kind(): 'aws' | 'gcp' | 'kubernetes' {
    return this._strategy.kind;
  }
}
