import { FakeRuntime, runtimeOf, validationError } from './helpers';
import { SecretRef, ValidationError } from '../../src/core';
import { TerraformStack, Testing } from '../../src/core/cdktf';
import { LlmGateway, type LlmGatewayProps } from '../../src/gateway/llm-gateway';
import { LoggingCallback } from '../../src/gateway/logging-callback';
import { ModelDeployment } from '../../src/gateway/model-deployment';
import { GatewayPeer } from '../../src/gateway/peer';
import { GatewayRuntime } from '../../src/gateway/runtime';

const model = (alias: string, id: string) => ModelDeployment.bedrock({ alias, id, modelId: 'anthropic.claude-3-5-haiku-20241022-v1:0', region: 'us-east-1' });
const stack = () => new TerraformStack(Testing.app(), 'stack');

describe('LlmGateway cross-part checks', () => {
  const cyclic: Omit<LlmGatewayProps, 'runtime'> = {
    models: [model('a', 'a1'), model('b', 'b1')],
    fallbacks: [{ from: 'a', to: ['b'] }, { from: 'b', to: ['a'] }],
  };

  it.each<[string, Partial<LlmGatewayProps>]>([
    ['no optional props', {}],
    ['name', { name: 'gw' }],
    ['tags', { tags: { team: 'hiring' } }],
    ['image', { image: 'ghcr.io/berriai/litellm:main-v1.83.14-stable' }],
    ['routing', { routing: { numRetries: 1 } }],
    ['all of them', { name: 'gw', tags: { team: 'hiring' }, image: 'ghcr.io/berriai/litellm:main-v1.83.14-stable', routing: { numRetries: 1 } }],
  ])('report a fallback cycle as a ValidationError with %s', (_what, optional) => {
    // GIVEN a fallback cycle, WHEN the gateway is built with optional props, THEN the cycle is a ValidationError
    const e = validationError(() => new LlmGateway(stack(), 'gateway', { runtime: runtimeOf(new FakeRuntime()), ...cyclic, ...optional }));
    expect(e.problems).toEqual([expect.objectContaining({ path: 'fallbacks[0]', message: 'forms a general fallback cycle: a -> b -> a' })]);
  });

  it('report cross-part problems together with other invalid props', () => {
    const e = validationError(() => new LlmGateway(stack(), 'gateway', { runtime: runtimeOf(new FakeRuntime()), ...cyclic, name: 'Not Valid' }));
    expect(e.problems.map((p) => p.path).sort()).toEqual(['fallbacks[0]', 'name']);
  });
});

describe('LlmGateway and runtime factories never throw a TypeError', () => {
  const factories: Record<string, (v: never) => GatewayRuntime> = {
    ecsFargate: (v) => GatewayRuntime.ecsFargate(v),
    cloudRun: (v) => GatewayRuntime.cloudRun(v),
    kubernetes: (v) => GatewayRuntime.kubernetes(v),
  };

  it.each(Object.keys(factories).flatMap((f) => [null, undefined].map((v) => [f, v] as const)))('GatewayRuntime.%s(%p) is a ValidationError at the gateway', (f, v) => {
    const build = () => new LlmGateway(stack(), 'gateway', { runtime: factories[f](v as never), models: [model('a', 'a1')] });
    if (f === 'kubernetes') {
      // Every Kubernetes prop is optional, but the defaults run several replicas, which need Redis.
      expect(validationError(build).message).toMatch(/runtime.*Redis/s);
    } else {
      expect(validationError(build).problems.length).toBeGreaterThan(0);
    }
  });

  it.each([null, undefined, 5, 'props', []])('new LlmGateway(scope, id, %p) is a ValidationError', (props) => {
    expect(() => new LlmGateway(stack(), 'gateway', props as never)).toThrow(ValidationError);
  });

  it.each<[number, number, string[]]>([
    [256, 512, ['runtime.cpu', 'runtime.memoryMiB']],
    [256, 2048, ['runtime.cpu']],
  ])('ECS cpu %p / memoryMiB %p below LiteLLM\'s floor fails when the gateway is built, not at synth', (cpu, memoryMiB, paths) => {
    const runtime = GatewayRuntime.ecsFargate({
      vpcId: 'vpc-0123456789abcdef0',
      privateSubnetIds: ['subnet-0123456789abcdef0', 'subnet-0fedcba9876543210'],
      certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555',
      cpu,
      memoryMiB,
    });
    const e = validationError(() => new LlmGateway(stack(), 'gateway', { runtime, models: [model('a', 'a1')] }));
    expect(e.problems.map((p) => p.path)).toEqual(paths);
  });

  it('reports a runtime prop that cannot even be compared (a null-prototype object) as a ValidationError', () => {
    // Found by the fuzz suite: the cross-part rules compared minTasks with a number.
    const runtime = GatewayRuntime.ecsFargate({
      vpcId: 'vpc-0123456789abcdef0',
      privateSubnetIds: ['subnet-0123456789abcdef0', 'subnet-0fedcba9876543210'],
      certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555',
      minTasks: Object.create(null),
    });
    expect(validationError(() => new LlmGateway(stack(), 'gateway', { runtime, models: [model('a', 'a1')] })).problems.map((p) => p.path)).toEqual(['runtime.minTasks']);
  });

  it.each([undefined, null])('LoggingCallback.openTelemetry(%p) is a ValidationError when added', (options) => {
    const gateway = new LlmGateway(stack(), 'gateway', { runtime: runtimeOf(new FakeRuntime()), models: [model('a', 'a1')] });
    expect(() => gateway.addLoggingCallback(LoggingCallback.openTelemetry(options as never))).toThrow(ValidationError);
  });

  it('names a construct id that would make invalid Terraform names', () => {
    const e = validationError(() => new LlmGateway(stack(), '1gw', { runtime: runtimeOf(new FakeRuntime()), models: [model('a', 'a1')] }));
    expect(e.problems.map((p) => p.path)).toEqual(['(construct id)']);
  });

  it.each([null, undefined, 5, '10.0.0.256/8', '10.0.0.0/33'])('GatewayPeer factories reject %p', (v) => {
    const peerFactories = [GatewayPeer.securityGroup, GatewayPeer.cidr, GatewayPeer.gcpPrincipal, GatewayPeer.kubernetesNamespace];
    for (const f of peerFactories) expect(() => f(v as never)).toThrow(ValidationError);
  });

  it('SecretRef stays usable in addSecretEnvironment after the checks', () => {
    const gateway = new LlmGateway(stack(), 'gateway', { runtime: runtimeOf(new FakeRuntime()), models: [model('a', 'a1')] });
    expect(() => gateway.addSecretEnvironment('X', null as never)).toThrow(ValidationError);
    gateway.addSecretEnvironment('EXTRA_KEY', SecretRef.kubernetes('s', 'k'));
    expect(Object.keys(gateway.secretEnvironment())).toEqual(['EXTRA_KEY']);
  });
});
