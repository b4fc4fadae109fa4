import { SsmParameter } from '@cdktf/provider-aws/lib/ssm-parameter';
import { SecretRef, ValidationError, type ValidationProblem } from '../../src/core';
import { Lazy } from '../../src/core/cdktf';
import type { GatewayPeer } from '../../src/gateway/peer';
import { GatewayRuntime } from '../../src/gateway/runtime';
import type { GatewayRuntimeBinding, GatewayRuntimeContext, IGatewayRuntime } from '../../src/gateway/runtime-contract';

export const ARN = 'arn:aws:secretsmanager:eu-central-1:123456789012:secret:openai-AbCdEf';
export const secret = (name = 'openai'): SecretRef => SecretRef.awsSecretsManager(`arn:aws:secretsmanager:eu-central-1:123456789012:secret:${name}-AbCdEf`);

export interface FakeRuntimeOptions {
  readonly minReplicas?: number;
  readonly maxReplicas?: number;
  readonly workersPerReplica?: number;
  readonly databaseMaxConnections?: number;
  readonly noDatabase?: boolean;
  readonly providesRedis?: boolean;
  readonly problems?: ReadonlyArray<ValidationProblem>;
}

/**
 * A runtime for tests: records the context it is bound with and writes the config (and its hash) into one
 * SSM parameter, rendered lazily at synth like a real runtime does.
 */
export class FakeRuntime implements IGatewayRuntime {
  public readonly kind = 'fake';
  public readonly minReplicas: number;
  public readonly maxReplicas: number;
  public readonly workersPerReplica: number;
  public readonly databaseMaxConnections: number | undefined;
  public readonly providesRedis: boolean;
  public readonly contexts: GatewayRuntimeContext[] = [];
  public readonly peers: GatewayPeer[] = [];
  private readonly problems: ReadonlyArray<ValidationProblem>;

  constructor(o: FakeRuntimeOptions = {}) {
    this.minReplicas = o.minReplicas ?? 2;
    this.maxReplicas = o.maxReplicas ?? 4;
    this.workersPerReplica = o.workersPerReplica ?? 2;
    this.databaseMaxConnections = o.noDatabase ? undefined : (o.databaseMaxConnections ?? 200);
    this.providesRedis = o.providesRedis ?? true;
    this.problems = o.problems ?? [];
  }

  public validate(): ReadonlyArray<ValidationProblem> {
    return this.problems;
  }

  public bind(context: GatewayRuntimeContext): GatewayRuntimeBinding {
    this.contexts.push(context);
    new SsmParameter(context.scope, 'Config', {
      name: `/${context.baseName}/config`,
      type: 'String',
      tier: 'Advanced',
      value: Lazy.stringValue({ produce: () => context.renderConfig() }),
      tags: { 'config-sha256': Lazy.stringValue({ produce: () => context.configHash() }) },
    });
    return {
      endpoint: 'https://gateway.internal.example',
      allowFrom: (peer) => {
        this.peers.push(peer);
      },
    };
  }
}

/** GatewayRuntime's constructor is private; tests wrap a fake implementation directly. */
export function runtimeOf(impl: IGatewayRuntime): GatewayRuntime {
  return new (GatewayRuntime as unknown as new (i: IGatewayRuntime) => GatewayRuntime)(impl);
}

/** Runs `fn`, expects a ValidationError, and returns it. */
export function validationError(fn: () => unknown): ValidationError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ValidationError) return e;
    throw e;
  }
  throw new Error('expected a ValidationError, but nothing was thrown');
}

/** Expects one problem at `path` whose message and fix contain the given fragments. */
export function expectProblem(error: ValidationError, path: string, message: string | RegExp, fix: string | RegExp): void {
  const match = error.problems.find(
    (p) => p.path === path && (typeof message === 'string' ? p.message.includes(message) : message.test(p.message)) && (typeof fix === 'string' ? p.fix.includes(fix) : fix.test(p.fix)),
  );
  if (!match) {
    throw new Error(`no problem at '${path}' matching ${String(message)} / ${String(fix)}; got:\n${error.message}`);
  }
  // The formatted message carries the same facts (what users read).
  expect(error.message).toContain(path);
  expect(error.message).toContain(match.fix);
}
