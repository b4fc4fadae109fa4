// Synth cost of the library against a raw-cdktf program emitting the same JSON, measured in the same run
// (interleaved, so machine load affects both alike). Loaded by bench/run.ts; `npx projen bench -- --synth`
// runs only this file. Goals (issue 11): quickstart ≤ 1.6× raw, time(100 gateways)/time(10) ≤ 10.5,
// policy + reports ≤ 15 % of synth time. Numbers are printed, never asserted.
import { buildRawApp, rawProgramsFrom, synthToTemp, verifyRawPrograms, type RawProgram } from './raw-cdktf';
import { build as buildQuickstart } from '../examples/aws-ecs-gateway/main';
import { App, TerraformStack } from '../src/core/cdktf';
import { withCdktfCreationStacks } from '../src/core/token-stacks';
import { GatewayRuntime, LlmGateway, ModelDeployment } from '../src/gateway';
import { PolicyBundle, PolicyPack } from '../src/policy';
import { PolicyAspect } from '../src/policy/engine';
import { PolicyReportSynthesizer } from '../src/policy/reporter';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

// Time spent in the policy aspect (collection, evaluation) and in writing the reports. The engine resolves the
// stack once (`stack.toTerraform()`) and hands that JSON to the synthesis, which then does not resolve it again:
// that resolve is synthesis work done earlier, so it is timed separately and not counted as policy cost.
let policyMs = 0;
let sharedResolveMs = 0;
let inPolicy = 0;
function timed<T extends object>(proto: T, method: string, add: (ms: number) => void, policy: boolean): void {
  const original = (proto as any)[method] as (...a: unknown[]) => unknown;
  (proto as any)[method] = function (this: unknown, ...args: unknown[]) {
    if (!policy && inPolicy === 0) return original.apply(this, args);
    const start = process.hrtime.bigint();
    if (policy) inPolicy++;
    try {
      return original.apply(this, args);
    } finally {
      if (policy) inPolicy--;
      add(Number(process.hrtime.bigint() - start) / 1e6);
    }
  };
}
timed(PolicyAspect.prototype, 'visit', (ms) => { policyMs += ms; }, true);
timed(PolicyReportSynthesizer.prototype, 'write', (ms) => { policyMs += ms; }, true);
timed(TerraformStack.prototype, 'toTerraform', (ms) => { sharedResolveMs += ms; }, false);

/** `n` ECS gateways in one stack, governed by both packs (each gateway ~70 resources). */
export function gateways(n: number): (app: App) => TerraformStack {
  return (app) => {
    const stack = new TerraformStack(app, `gateways-${n}`);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { AwsProvider } = require('@cdktf/provider-aws/lib/provider');
    new AwsProvider(stack, 'aws', { region: 'us-east-1' });
    new PolicyBundle(stack, 'Policy', { packs: [PolicyPack.securityBaseline(), PolicyPack.llmGovernance()] });
    for (let i = 0; i < n; i++) {
      new LlmGateway(stack, `gateway${i}`, {
        name: `gw${i}`,
        runtime: GatewayRuntime.ecsFargate({
          vpcId: 'vpc-0123456789abcdef0',
          privateSubnetIds: ['subnet-0123456789abcdef0', 'subnet-0123456789abcdef1'],
          certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/00000000-0000-0000-0000-000000000000',
          permissionsBoundaryArn: 'arn:aws:iam::123456789012:policy/llm-boundary',
        }),
        models: [
          ModelDeployment.bedrock({ alias: 'chat', modelId: 'anthropic.claude-3-5-haiku-20241022-v1:0', region: 'us-east-1' }),
          ModelDeployment.bedrock({ alias: 'chat-fallback', modelId: 'amazon.nova-lite-v1:0', region: 'us-east-1' }),
        ],
        fallbacks: [{ from: 'chat', to: ['chat-fallback'] }],
      });
    }
    return stack;
  };
}

/** The quickstart app: the platform stack and its team stacks (all are synthesized and compared). */
export function quickstart(app: App): void {
  buildQuickstart(app);
}

interface Measured {
  readonly libMs: number;
  readonly rawMs: number;
  readonly policyMs: number;
  readonly resources: number;
  readonly stacks: number;
}

interface Prepared {
  readonly build: (app: App) => unknown;
  readonly raw: RawProgram[];
  readonly resources: number;
  readonly stacks: number;
}

function prepare(build: (app: App) => unknown): Prepared {
  const warm = synthToTemp(build).stacks;
  const raw: RawProgram[] = verifyRawPrograms(warm, rawProgramsFrom(warm));
  const countOf = (json: any): number => Object.values<any>(json.resource ?? {}).reduce((n, byName) => n + Object.keys(byName).length, 0);
  const resources = Object.values(warm).reduce((total, json) => total + countOf(json), 0);
  return { build, raw, resources, stacks: Object.keys(warm).length };
}

interface Round {
  readonly lib: number;
  /** Plain cdktf: the raw program as it runs without the library (cdktf formats every token's creation stack). */
  readonly raw: number;
  /** The raw program with the library's lazy token creation stacks (what is left when that saving is shared). */
  readonly rawLazy: number;
  readonly policy: number;
}

/**
 * `runs` rounds; each round synthesizes every program with the library and then its raw twin, so machine load
 * (2 shared cores) affects the numbers compared within a round alike. Ratios are taken per round, then the median.
 */
function rounds(programs: ReadonlyArray<Prepared>, runs: number): Round[][] {
  const out: Round[][] = programs.map(() => []);
  for (let i = 0; i < runs; i++) {
    programs.forEach((p, j) => {
      policyMs = 0;
      sharedResolveMs = 0;
      const lib = synthToTemp(p.build).ms;
      const policy = policyMs - sharedResolveMs;
      const raw = withCdktfCreationStacks(() => synthToTemp((app) => buildRawApp(app, p.raw)).ms);
      const rawLazy = synthToTemp((app) => buildRawApp(app, p.raw)).ms;
      out[j].push({ lib, raw, rawLazy, policy });
    });
  }
  return out;
}

/** Median of a per-round quantity. */
const med = (xs: ReadonlyArray<Round>, f: (r: Round, i: number) => number): number => median(xs.map(f));

/** Synthesizes one program and its raw twin `runs` times, interleaved (kept for ad-hoc use). */
export function measure(build: (app: App) => unknown, runs: number): Measured {
  const p = prepare(build);
  const [r] = rounds([p], runs);
  return { libMs: med(r, (x) => x.lib), rawMs: med(r, (x) => x.raw), policyMs: med(r, (x) => x.policy), resources: p.resources, stacks: p.stacks };
}

export function run(): Record<string, string> {
  const out: Record<string, string> = {};
  const q = prepare(quickstart);
  const [qr] = rounds([q], 5);
  const qLib = med(qr, (x) => x.lib);
  out[`synth quickstart app (${q.stacks} stacks, ${q.resources} resources): library / raw cdktf, median of 5 rounds`] =
    `${qLib.toFixed(0)} ms / ${med(qr, (x) => x.raw).toFixed(0)} ms = ${med(qr, (x) => x.lib / x.raw).toFixed(2)}x (goal <= 1.6x)`;
  out['synth quickstart: library / raw cdktf with the same lazy token creation stacks'] =
    `${qLib.toFixed(0)} ms / ${med(qr, (x) => x.rawLazy).toFixed(0)} ms = ${med(qr, (x) => x.lib / x.rawLazy).toFixed(2)}x`;
  out['synth quickstart: policy + reports share of library synth'] = `${med(qr, (x) => x.policy).toFixed(0)} ms = ${med(qr, (x) => (100 * x.policy) / x.lib).toFixed(1)} % (goal <= 15 %)`;
  // What `new App()` costs on top: creation sites for source locations in policy reports (stack traces on),
  // as a per-round ratio against the same program without them (before and after, averaged).
  const sites = Array.from({ length: 5 }, () => {
    const before = synthToTemp(quickstart).ms;
    const on = synthToTemp(quickstart, true).ms;
    return on / ((before + synthToTemp(quickstart).ms) / 2);
  });
  out['synth quickstart with new App() defaults (stack traces on: findings carry source lines) / without'] = `${median(sites).toFixed(2)}x`;
  const g10 = prepare(gateways(10));
  const g100 = prepare(gateways(100));
  const [r10, r100] = rounds([g10, g100], 3);
  out[`synth 10 gateways (${g10.resources} resources): library / raw, median of 3 rounds`] =
    `${med(r10, (x) => x.lib).toFixed(0)} ms / ${med(r10, (x) => x.raw).toFixed(0)} ms = ${med(r10, (x) => x.lib / x.raw).toFixed(2)}x`;
  out[`synth 100 gateways (${g100.resources} resources): library / raw, median of 3 rounds`] =
    `${med(r100, (x) => x.lib).toFixed(0)} ms / ${med(r100, (x) => x.raw).toFixed(0)} ms = ${med(r100, (x) => x.lib / x.raw).toFixed(2)}x`;
  out['synth 10 / 100 gateways: library / raw cdktf with the same lazy token creation stacks'] =
    `${med(r10, (x) => x.lib / x.rawLazy).toFixed(2)}x / ${med(r100, (x) => x.lib / x.rawLazy).toFixed(2)}x`;
  out['synth growth time(100)/time(10) in the same round: library (raw)'] =
    `${med(r100, (x, i) => x.lib / r10[i].lib).toFixed(2)} (${med(r100, (x, i) => x.raw / r10[i].raw).toFixed(2)}) (goal <= 10.5)`;
  out['synth 100 gateways: policy + reports share'] = `${med(r100, (x) => x.policy).toFixed(0)} ms = ${med(r100, (x) => (100 * x.policy) / x.lib).toFixed(1)} % (goal <= 15 %)`;
  return out;
}
