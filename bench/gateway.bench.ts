// Synth benchmarks for the gateway (loaded by bench/run.ts): the quickstart example and a gateway with
// 50 deployments. Each is synthesized 5 times in one process; the median is reported.
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { build } from '../examples/aws-ecs-gateway/main';
import { App, TerraformStack, Testing } from '../src/core/cdktf';
import { GatewayRuntime, LlmGateway, ModelDeployment } from '../src/gateway';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function timeIt(fn: () => void, runs = 5): number {
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    fn();
    ms.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return median(ms);
}

function fiftyDeployments(): void {
  const stack = new TerraformStack(Testing.app(), 'fifty');
  new AwsProvider(stack, 'aws', { region: 'us-east-1' });
  const models = Array.from({ length: 50 }, (_, i) =>
    ModelDeployment.bedrock({ alias: `chat-${i % 10}`, modelId: `anthropic.claude-model-${i}-v1:0`, region: i % 2 ? 'us-east-1' : 'us-west-2', weight: 1 + (i % 5) }));
  new LlmGateway(stack, 'gateway', {
    runtime: GatewayRuntime.ecsFargate({
      vpcId: 'vpc-0123456789abcdef0',
      privateSubnetIds: ['subnet-0123456789abcdef0', 'subnet-0123456789abcdef1'],
      certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/00000000-0000-0000-0000-000000000000',
    }),
    models,
    fallbacks: Array.from({ length: 9 }, (_, i) => ({ from: `chat-${i}`, to: [`chat-${i + 1}`] })),
  });
  Testing.synth(stack, true);
}

function example(): number {
  const app = Testing.app();
  build(app as App);
  const stack = app.node.children.find((c): c is TerraformStack => TerraformStack.isStack(c))!;
  const json = JSON.parse(Testing.synth(stack, true));
  return Object.values<any>(json.resource).reduce((n, byName) => n + Object.keys(byName).length, 0);
}

export function run(): Record<string, string> {
  const resources = example();
  return {
    [`synth in-process: aws-ecs-gateway example (${resources} resources, median of 5)`]: `${timeIt(example).toFixed(0)} ms`,
    'synth in-process: ECS gateway with 50 deployments (median of 5)': `${timeIt(fiftyDeployments).toFixed(0)} ms`,
  };
}
