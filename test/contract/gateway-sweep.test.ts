import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import * as fc from 'fast-check';
import { renderedLiteLlmContainers } from './rendered';
import { SecretRef, ValidationError } from '../../src/core';
import { TerraformStack, Testing } from '../../src/core/cdktf';
import { ContentFilterPattern, PrebuiltPattern } from '../../src/gateway/content-filter-pattern';
import { Guardrail } from '../../src/gateway/guardrail';
import { checkLiteLlmContract } from '../../src/gateway/litellm/contract';
import { FallbackKind, LlmGateway, type LlmGatewayProps, RoutingStrategy } from '../../src/gateway/llm-gateway';
import { LoggingCallback } from '../../src/gateway/logging-callback';
import { ModelDeployment } from '../../src/gateway/model-deployment';
import { GatewayRuntime } from '../../src/gateway/runtime';
import { KubernetesRedis } from '../../src/gateway/runtimes/kubernetes';

/**
 * A property-based sweep of LlmGateway props on all three runtimes: whatever valid combination of models,
 * fallbacks, guardrails and routing a user picks, every config, environment and command line the runtime
 * renders is inside the LiteLLM contract. Runs: FUZZ_RUNS (the fuzz task) or a few per runtime in npm test.
 */
const RUNS = Number(process.env.CONTRACT_SWEEP_RUNS ?? process.env.FUZZ_RUNS ?? 12);

/** Provider keys in the store each runtime reads. */
const KEYS: Record<string, (n: number) => SecretRef> = {
  ecsFargate: (n) => SecretRef.awsSecretsManager(`arn:aws:secretsmanager:us-east-1:123456789012:secret:key${n}-AbCdEf`),
  cloudRun: (n) => SecretRef.gcpSecretManager(`projects/acme-llm/secrets/key${n}`, '1'),
  kubernetes: (n) => SecretRef.kubernetes('provider-keys', `key${n}`),
};

const modelAt = (kind: number, alias: string, i: number, KEY: (n: number) => SecretRef): ModelDeployment => {
  const id = `m${i}`;
  switch (kind % 5) {
    case 0: return ModelDeployment.bedrock({ alias, id, modelId: 'anthropic.claude-3-5-haiku-20241022-v1:0', region: 'us-east-1' });
    case 1: return ModelDeployment.openai({ alias, id, model: 'gpt-4o', apiKey: KEY(i) });
    case 2: return ModelDeployment.azureOpenai({ alias, id, deployment: 'gpt-4o', apiBase: 'https://acme.openai.azure.com', apiVersion: '2024-10-21', apiKey: KEY(i) });
    case 3: return ModelDeployment.vertexAi({ alias, id, model: 'gemini-1.5-pro', project: 'acme-llm', location: 'europe-west1' });
    default: return ModelDeployment.anthropic({ alias, id, model: 'claude-3-5-sonnet-20241022', apiKey: KEY(i) });
  }
};

const propsArb = fc.record({
  models: fc.array(fc.record({ kind: fc.nat(4), alias: fc.constantFrom('chat', 'chat-eu', 'fast', 'embed') }), { minLength: 1, maxLength: 4 }),
  fallbackEdges: fc.array(fc.tuple(fc.nat(3), fc.nat(3), fc.constantFrom(...Object.values(FallbackKind))), { maxLength: 4 }),
  patterns: fc.uniqueArray(fc.constantFrom(...Object.values(PrebuiltPattern)), { maxLength: 4 }),
  bedrockGuardrail: fc.boolean(),
  presidio: fc.boolean(),
  promptInjection: fc.boolean(),
  strategy: fc.constantFrom(...Object.values(RoutingStrategy)),
  numRetries: fc.nat(5),
  allowMessageLogging: fc.boolean(),
  backgroundHealthChecks: fc.boolean(),
  otel: fc.boolean(),
  s3Audit: fc.boolean(),
});

type Sample = Record<string, any>;

function gatewayProps(s: Sample, runtime: GatewayRuntime, key: (n: number) => SecretRef): LlmGatewayProps {
  const models = (s.models as Array<{ kind: number; alias: string }>).map((m, i) => modelAt(m.kind, m.alias, i, key));
  const aliases = [...new Set(models.map((m) => m.alias))].sort();
  const seen = new Set<string>();
  const fallbacks = (s.fallbackEdges as Array<[number, number, FallbackKind]>)
    .map(([a, b, kind]) => ({ from: aliases[a % aliases.length], to: [aliases[b % aliases.length]], kind }))
    // Edges only point "forward" in alias order: no cycles, no self-fallbacks, one rule per (from, kind).
    .filter((f) => f.from < f.to[0] && !seen.has(`${f.kind}:${f.from}`) && seen.add(`${f.kind}:${f.from}`));
  const guardrails: Guardrail[] = [];
  const patterns = (s.patterns as PrebuiltPattern[]).map((p) => ContentFilterPattern.prebuilt(p));
  if (patterns.length > 0) guardrails.push(Guardrail.contentFilter({ patterns }));
  if (s.bedrockGuardrail) guardrails.push(Guardrail.bedrock({ guardrailIdentifier: 'ff6ujrregl1q', guardrailVersion: '1', region: 'us-east-1' }));
  if (s.presidio) guardrails.push(Guardrail.presidio({ analyzerApiBase: 'http://127.0.0.1:5002', anonymizerApiBase: 'http://127.0.0.1:5001' }));
  if (s.promptInjection) guardrails.push(Guardrail.promptInjection({ heuristicsCheck: true }));
  return {
    runtime,
    models,
    fallbacks,
    guardrails,
    routing: { strategy: s.strategy, numRetries: s.numRetries },
    allowMessageLogging: s.allowMessageLogging,
    backgroundHealthChecks: s.backgroundHealthChecks,
  };
}

const RUNTIMES: Record<string, (stack: TerraformStack) => GatewayRuntime> = {
  ecsFargate: (stack) => {
    new AwsProvider(stack, 'aws', { region: 'us-east-1' });
    return GatewayRuntime.ecsFargate({
      vpcId: 'vpc-0123456789abcdef0',
      privateSubnetIds: ['subnet-0123456789abcdef0', 'subnet-0fedcba9876543210'],
      certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555',
    });
  },
  cloudRun: () => GatewayRuntime.cloudRun({ project: 'acme-llm', region: 'europe-west1', network: 'projects/acme-net/global/networks/main', subnetwork: 'projects/acme-net/regions/europe-west1/subnetworks/run' }),
  kubernetes: () => GatewayRuntime.kubernetes({ namespace: 'llm-gateway', redis: KubernetesRedis.external({ host: 'redis.llm-gateway.svc.cluster.local', password: SecretRef.kubernetes('redis-auth', 'password') }) }),
};

describe.each(Object.keys(RUNTIMES))('LlmGateway on %s renders inside the LiteLLM contract', (runtimeName) => {
  it(`for ${RUNS} random prop sets`, () => {
    let rejected = 0;
    fc.assert(fc.property(propsArb, (sample) => {
      const stack = new TerraformStack(Testing.app(), 'sweep');
      let gateway: LlmGateway;
      try {
        gateway = new LlmGateway(stack, 'gateway', gatewayProps(sample as Sample, RUNTIMES[runtimeName](stack), KEYS[runtimeName]));
      } catch (e) {
        if (!(e instanceof ValidationError)) throw e;
        if (process.env.SWEEP_DEBUG) console.log(e.message);
        rejected++;
        return;
      }
      // Logging callbacks (observability): OpenTelemetry traces and the S3 audit trail render callbacks,
      // s3_callback_params and callback_settings.otel.
      if (sample.otel) gateway.addLoggingCallback(LoggingCallback.openTelemetry({ endpoint: 'http://127.0.0.1:4318/v1/traces', serviceName: 'gateway' }));
      if (sample.s3Audit && runtimeName === 'ecsFargate') gateway.addLoggingCallback(LoggingCallback.s3Audit({ bucketName: 'acme-llm-audit', region: 'us-east-1', path: 'litellm' }));
      const rendered = renderedLiteLlmContainers(JSON.parse(Testing.synth(stack, false)));
      expect(rendered.length).toBeGreaterThan(0);
      expect(rendered.some((c) => c.config !== undefined && c.config === gateway.renderConfig())).toBe(true);
      for (const c of rendered) {
        const v = checkLiteLlmContract({ config: c.config, environment: c.environment, args: c.args });
        expect({ where: c.where, v }).toEqual({ where: c.where, v: [] });
      }
    }), { numRuns: RUNS, seed: 1010 });
    // Valid combinations should mostly be accepted; a sweep that renders nothing proves nothing.
    expect(rejected).toBeLessThan(RUNS / 2);
  });
});
