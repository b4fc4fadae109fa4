import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, TerraformStack } from 'cdktf';
import { JUDGE_RUBRIC, SCHEMA, goldenSet, manifestFor, problemsOf } from './support';
import { Duration } from '../../src/core';
import {
  EvalCheck, EvalDataset, EvalSchedule, addEvaluationManifest, evaluationManifest, evaluationManifestFeatures,
  evaluationGateCommand, featureEvaluationProblems, parseEvaluationManifest, probeRunBudgetSeconds, renderEvaluationManifest,
} from '../../src/evaluation';

const FIXTURE = path.join(__dirname, 'fixtures', 'job-description.jsonl');

describe('evaluationManifest', () => {
  test('renders every field the probe and the gate read', () => {
    const dataset = EvalDataset.fromFile(FIXTURE);
    const m = evaluationManifest(
      { gateway: 'llm-prod', team: 'hiring', feature: 'job-description-gen', environment: 'prod', models: ['chat', 'chat-fallback'], latencyP95Ms: 1200 },
      {
        goldenSet: dataset,
        schedule: EvalSchedule.every(Duration.minutes(15)),
        checks: [EvalCheck.jsonSchema(SCHEMA), EvalCheck.judge({ alias: 'judge', rubric: JUDGE_RUBRIC }), EvalCheck.judge({ alias: 'judge', rubric: JUDGE_RUBRIC, id: 'judge-strict', minScore: 0.9 })],
        minPassRate: 0.9,
        maxRunCostUsd: 0.5,
        concurrency: 3,
      },
    );
    expect(m).toEqual({
      schemaVersion: 1,
      gateway: 'llm-prod',
      team: 'hiring',
      feature: 'job-description-gen',
      environment: 'prod',
      keyAlias: 'hiring/job-description-gen',
      model: 'chat',
      dataset: { file: 'job-description-gen.jsonl', sha256: dataset.sha256, cases: 3 },
      checks: [
        { id: 'jsonSchema', kind: 'jsonSchema', schema: SCHEMA },
        { id: 'judge', kind: 'judge', alias: 'judge', rubric: JUDGE_RUBRIC, minScore: 0.7 },
        { id: 'judge-strict', kind: 'judge', alias: 'judge', rubric: JUDGE_RUBRIC, minScore: 0.9 },
      ],
      judgeAliases: ['judge'],
      minPassRate: 0.9,
      gate: { maxP95LatencyMs: 1200, maxCostUsd: 0.5 },
      schedule: { description: 'every 15 minutes', eventBridge: 'rate(15 minutes)', unixCron: '*/15 * * * *', timeZone: 'Etc/UTC' },
      request: { path: '/v1/chat/completions', timeoutMs: 30000, concurrency: 3, retries: 2 },
      messageLogging: false,
    });
    expect(renderEvaluationManifest(m)).toBe(`${JSON.stringify(m, null, 2)}\n`);
  });

  test('defaults: every 30 minutes, the first model, no gate bounds beyond the pass rate', () => {
    const m = evaluationManifest({ gateway: 'gw', team: 't', feature: 'f', models: ['chat'] }, { goldenSet: goldenSet(), checks: [EvalCheck.contains('a')], minPassRate: 0.8 });
    expect(m.schedule.eventBridge).toBe('rate(30 minutes)');
    expect(m.model).toBe('chat');
    expect(m.gate).toEqual({});
    expect(m.keyAlias).toBe('t/f');
  });

  test('every problem at once: props, checks, context', () => {
    const p = problemsOf(() => evaluationManifest(
      { gateway: 'GW!', team: 'hiring', feature: 'f', models: ['chat'] },
      { goldenSet: 'evals/x.jsonl' as any, minPassRate: 1.5, concurrency: 0, model: 'other', requestTimeout: Duration.millis(10), retries: 3 } as any,
    ));
    expect(p.map((x) => x.path)).toEqual([
      'evaluation.retries', 'evaluation.goldenSet', 'evaluation.minPassRate', 'evaluation.requestTimeout', 'evaluation.concurrency', 'gateway', 'evaluation.model',
    ]);
    expect(p.every((x) => x.fix.length > 0)).toBe(true);
  });

  test('no checks is allowed only when every case has its own expectations', () => {
    const bare = EvalDataset.fromFile(FIXTURE);
    expect(featureEvaluationProblems({ goldenSet: bare, minPassRate: 0.9 })[0].message).toMatch(/is empty and 1 case\(s\) have no expect \(senior-backend\)/);
    const covered = EvalDataset.fromJsonLines('{"messages": [{"role": "user", "content": "x"}], "expect": {"contains": "y"}}');
    expect(featureEvaluationProblems({ goldenSet: covered, minPassRate: 0.9 })).toEqual([]);
  });

  test('duplicate check ids surface under evaluation.checks', () => {
    const p = featureEvaluationProblems({ goldenSet: goldenSet(), minPassRate: 0.9, checks: [EvalCheck.contains('a', { id: 'x' }), EvalCheck.contains('b', { id: 'x' })] });
    expect(p[0].path).toBe('evaluation.checks[1].id');
  });
});

describe('helpers for the stack', () => {
  test('probeRunBudgetSeconds: worst case of timeouts, retries, back-off and judge calls per wave of cases', () => {
    // 5 cases, concurrency 2 -> 3 waves; 3 attempts x 1 s + 1 s + 2 s back-off = 6 s per call.
    expect(probeRunBudgetSeconds(manifestFor(goldenSet()))).toBe(3 * 6 + 30);
    // A judge doubles the calls per case.
    expect(probeRunBudgetSeconds(manifestFor(goldenSet(), { judge: true }))).toBe(3 * 2 * 6 + 30);
  });

  test('evaluationGateCommand', () => {
    expect(evaluationGateCommand('hiring', 'job-description-gen')).toBe('npx cdktf-llm-platform eval --stack hiring --feature job-description-gen --against <deployment-id> --gateway-url <gateway-url>');
  });
});

describe('parseEvaluationManifest', () => {
  test('reads back what evaluationManifest wrote', () => {
    const m = manifestFor(goldenSet());
    expect(parseEvaluationManifest(JSON.parse(renderEvaluationManifest(m)), 'x.json')).toEqual(m);
  });

  test('another version or a damaged file lists what is wrong and says to synthesize again', () => {
    const m = JSON.parse(renderEvaluationManifest(manifestFor(goldenSet())));
    const p = problemsOf(() => parseEvaluationManifest({ ...m, schemaVersion: 2, dataset: { file: '../x.jsonl' }, checks: [{ kind: 'nope' }] }, 'stacks/hiring/evaluation/f.json'));
    expect(p.map((x) => x.path)).toEqual(['schemaVersion', 'dataset', 'checks[0]']);
    expect(p[0].fix).toMatch(/synthesize the stack again/);
  });
});

describe('addEvaluationManifest', () => {
  test('writes evaluation/<feature>.json and the golden set beside cdk.tf.json', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'eval-synth-'));
    const app = new App({ outdir, stackTraces: false });
    const stack = new TerraformStack(app, 'hiring');
    const dataset = goldenSet(['pass-1', 'pass-2']);
    const manifest = manifestFor(dataset);
    addEvaluationManifest(stack, 'job-description-gen', () => manifest, dataset);
    expect(evaluationManifestFeatures(stack)).toEqual(['job-description-gen']);
    expect(() => addEvaluationManifest(stack, 'job-description-gen', () => manifest, dataset)).toThrow(/already registered/);
    app.synth();
    const dir = path.join(outdir, 'stacks', 'hiring');
    expect(fs.existsSync(path.join(dir, 'cdk.tf.json'))).toBe(true);
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'evaluation', 'job-description-gen.json'), 'utf8'))).toEqual(manifest);
    expect(fs.readFileSync(path.join(dir, 'evaluation', 'job-description-gen.jsonl'), 'utf8')).toBe(dataset.text);
  });
});
