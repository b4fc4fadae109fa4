import type { IGatewayRuntime } from './runtime-contract';

/**
 * Where the gateway runs. Pick one with a static factory; the `LlmGateway` API is the same for all.
 *
 * ```ts
 * GatewayRuntime.ecsFargate({ vpcId, privateSubnetIds, certificateArn })
 * ```
 */
export class GatewayRuntime {
  // Static factories, one per runtime (each runtime lives in runtimes/<kind>.ts):

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
