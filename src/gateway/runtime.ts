import type { IGatewayRuntime } from './runtime-contract';
import { CloudRunRuntime, type CloudRunRuntimeProps } from './runtimes/cloud-run';
import { EcsFargateRuntime, type EcsFargateRuntimeProps } from './runtimes/ecs-fargate';
import { KubernetesRuntime, type KubernetesRuntimeProps } from './runtimes/kubernetes';

/**
 * Runtime props as the runtime classes read them: `null` or `undefined` become `{}`, so the runtime's own
 * validation names every missing prop (a ValidationError when the gateway binds) instead of a TypeError here.
 */
function propsOrEmpty<T>(props: T | null | undefined): T {
  return (props ?? {}) as T;
}

/**
 * Where the gateway runs. Pick one with a static factory; the `LlmGateway` API is the same for all.
 *
 * ```ts
 * GatewayRuntime.ecsFargate({ vpcId, privateSubnetIds, certificateArn })
 * ```
 */
export class GatewayRuntime {
  // Static factories, one per runtime (each runtime lives in runtimes/<kind>.ts):
  /** AWS ECS on Fargate behind an internal ALB. */
  public static ecsFargate(props: EcsFargateRuntimeProps): GatewayRuntime { return new GatewayRuntime(new EcsFargateRuntime(propsOrEmpty(props))); }
  /** Any Kubernetes cluster (EKS, GKE, ...), through your kubernetes/helm providers; hardened and autoscaled. */
  public static kubernetes(props: KubernetesRuntimeProps = {}): GatewayRuntime {
    return new GatewayRuntime(new KubernetesRuntime(propsOrEmpty(props)));
  }
  /** Google Cloud Run (v2), private by default. */
  public static cloudRun(props: CloudRunRuntimeProps): GatewayRuntime { return new GatewayRuntime(new CloudRunRuntime(propsOrEmpty(props))); }

  /**
   * Your own runtime: anything that implements `IGatewayRuntime` (see runtime-contract.ts for what the
   * gateway hands it and what it must supply to LiteLLM).
   */
  public static custom(runtime: IGatewayRuntime): GatewayRuntime {
    return new GatewayRuntime(runtime);
  }

  /** @internal */
  public readonly _impl: IGatewayRuntime;

  private constructor(impl: IGatewayRuntime) {
    this._impl = impl;
  }

  /** `ecs-fargate`, `cloud-run` or `kubernetes`. */
  public get kind(): string {
    return this._impl.kind;
  }
}
