import { PRIVATE_RANGES, checkCidrs, checkPort, matchesOrToken, requireKubernetesSecret } from './shared';
import { ProblemCollector, type SecretRef } from '../../../core';

const HOST = /^[A-Za-z0-9]([-A-Za-z0-9]*[A-Za-z0-9])?(\.[A-Za-z0-9]([-A-Za-z0-9]*[A-Za-z0-9])?)*$/;

/** Options for `KubernetesRedis.external`. */
export interface KubernetesExternalRedisOptions {
  /** Primary endpoint host (ElastiCache primary endpoint, Memorystore IP, ...). */
  readonly host: string;
  /** @default 6379 */
  readonly port?: number;
  /** The AUTH password, from a Kubernetes Secret (synced from your secret manager). */
  readonly password: SecretRef;
  /** Connect with TLS (`REDIS_SSL=true`). @default true */
  readonly tls?: boolean;
  /**
   * CA bundle (PEM) for a server certificate signed by a private CA, e.g. Memorystore with
   * `SERVER_AUTHENTICATION`. Mounted as a file and passed as `REDIS_SSL_CA_CERTS`.
   * @default - the image's trust store
   */
  readonly caCertificate?: SecretRef;
  /** Where the NetworkPolicy lets the gateway reach Redis (on `port` only). @default - the RFC 1918 ranges */
  readonly egressCidrs?: ReadonlyArray<string>;
}

/** Options for `KubernetesRedis.inClusterForNonProduction`. */
export interface KubernetesInClusterRedisOptions {
  /**
   * Version of the `valkey` chart from valkey-io/valkey-helm. Values move between releases: check the
   * chart's README before changing it.
   * @default '0.9.0'
   */
  readonly chartVersion?: string;
  /** @default 'https://valkey.io/valkey-helm/' */
  readonly chartRepository?: string;
  /** Valkey image tag (`docker.io/valkey/valkey`); a `tag@sha256:...` pins the digest. @default '9.0.1' (the chart's appVersion) */
  readonly imageTag?: string;
}

enum Kind {
  EXTERNAL = 'external',
  IN_CLUSTER = 'in-cluster',
}

/** Redis for LiteLLM's shared rate-limit, budget and cooldown state (required with more than one replica). */
export class KubernetesRedis {
  /** Bring your own Redis (ElastiCache, Memorystore, ...): the production choice. */
  public static external(options: KubernetesExternalRedisOptions): KubernetesRedis {
    return new KubernetesRedis(Kind.EXTERNAL, options);
  }

  /**
   * A single, non-persistent Valkey (Redis 7.2-compatible) in the gateway namespace, through a pinned Helm
   * chart, with ACL auth on and a generated password. Not for production: one pod, no persistence, no TLS.
   * Uses valkey-io's chart rather than Bitnami's (whose free images were withdrawn in 2025 and whose
   * subcharts are known for published default passwords). Rejected when the gateway's environment tag
   * starts with `prod`.
   */
  public static inClusterForNonProduction(options: KubernetesInClusterRedisOptions = {}): KubernetesRedis {
    return new KubernetesRedis(Kind.IN_CLUSTER, options);
  }

  private constructor(private readonly kind: Kind, private readonly options: any) {}

  /** @internal */
  public get _inCluster(): boolean {
    return this.kind === Kind.IN_CLUSTER;
  }

  /** @internal */
  public get _external(): KubernetesExternalRedisOptions {
    return this.options;
  }

  /** @internal */
  public get _chart(): Required<KubernetesInClusterRedisOptions> {
    return {
      chartVersion: this.options.chartVersion ?? '0.9.0',
      chartRepository: this.options.chartRepository ?? 'https://valkey.io/valkey-helm/',
      imageTag: this.options.imageTag ?? '9.0.1',
    };
  }

  /** @internal */
  public _validate(p: ProblemCollector, path: string): void {
    const o = this.options ?? {};
    if (this.kind === Kind.EXTERNAL) {
      if (!matchesOrToken(o.host, HOST)) p.add(`${path}.host`, o.host, 'is not a host name or IP address', 'pass the primary endpoint, e.g. master.my-redis.abc123.use1.cache.amazonaws.com');
      checkPort(p, `${path}.port`, o.port);
      requireKubernetesSecret(p, `${path}.password`, o.password);
      if (o.caCertificate !== undefined) requireKubernetesSecret(p, `${path}.caCertificate`, o.caCertificate);
      if (o.caCertificate !== undefined && o.tls === false) p.add(`${path}.caCertificate`, o.caCertificate.toString(), 'has no effect without TLS', 'remove it, or set tls: true');
      checkCidrs(p, `${path}.egressCidrs`, o.egressCidrs);
    } else {
      if (o.chartVersion !== undefined && !/^\d+\.\d+\.\d+$/.test(o.chartVersion)) p.add(`${path}.chartVersion`, o.chartVersion, 'is not an exact chart version', 'pin an exact version such as 0.9.0 (no ranges)');
      if (o.imageTag !== undefined && (!/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}(@sha256:[a-f0-9]{64})?$/.test(o.imageTag) || /^latest/.test(o.imageTag))) {
        p.add(`${path}.imageTag`, o.imageTag, 'is not a pinned image tag', 'pass a version tag such as 9.0.1, optionally with @sha256:<digest>');
      }
      if (o.chartRepository !== undefined && !/^(https:\/\/|oci:\/\/)/.test(o.chartRepository)) p.add(`${path}.chartRepository`, o.chartRepository, 'is not an HTTPS or OCI repository', 'use https:// or oci://');
    }
  }

  /** @internal Egress CIDRs for an external Redis. */
  public _egressCidrs(): string[] {
    return [...(this.options.egressCidrs ?? PRIVATE_RANGES)];
  }
}
