import * as fc from 'fast-check';
import { problemsOf } from './support';
import { ValidationError } from '../../src/core';
import { EvalCheck, checkSpecs } from '../../src/evaluation';

describe('EvalCheck factories', () => {
  test('each factory renders the spec the scorer reads', () => {
    const schema = { type: 'object', required: ['title'], properties: { title: { type: 'string' } } };
    expect(checkSpecs([
      EvalCheck.jsonSchema(schema),
      EvalCheck.contains('Responsibilities'),
      EvalCheck.contains('requirements', { ignoreCase: true }),
      EvalCheck.notContains('As an AI', { id: 'no-refusal' }),
      EvalCheck.regex(/^# .+/m),
      EvalCheck.regex('\\d{2,}'),
      EvalCheck.exactMatch('POSITIVE', { trim: false }),
      EvalCheck.maxLatencyMs(1200),
      EvalCheck.maxTokens(800),
      EvalCheck.judge({ alias: 'judge', rubric: 'States responsibilities, requirements and location.' }),
    ])).toEqual([
      { id: 'jsonSchema', kind: 'jsonSchema', schema },
      { id: 'contains', kind: 'contains', text: 'Responsibilities' },
      { id: 'contains-2', kind: 'contains', text: 'requirements', ignoreCase: true },
      { id: 'no-refusal', kind: 'notContains', text: 'As an AI' },
      { id: 'regex', kind: 'regex', source: '^# .+', flags: 'm' },
      { id: 'regex-2', kind: 'regex', source: '\\d{2,}', flags: 'u' },
      { id: 'exactMatch', kind: 'exactMatch', text: 'POSITIVE', trim: false },
      { id: 'maxLatencyMs', kind: 'maxLatencyMs', max: 1200 },
      { id: 'maxTokens', kind: 'maxTokens', max: 800 },
      { id: 'judge', kind: 'judge', alias: 'judge', rubric: 'States responsibilities, requirements and location.', minScore: 0.7 },
    ]);
  });

  test('the schema is copied: later edits to the caller\'s object do not change the check', () => {
    const schema: any = { type: 'object' };
    const c = EvalCheck.jsonSchema(schema);
    schema.type = 'string';
    expect(checkSpecs([c])[0]).toMatchObject({ schema: { type: 'object' } });
  });

  test('unsupported JSON Schema keywords are a ValidationError at synth, all listed', () => {
    const p = problemsOf(() => EvalCheck.jsonSchema({ type: 'object', properties: { email: { type: 'string', format: 'email' }, ref: { $ref: '#/a' } } }));
    expect(p.map((x) => x.path)).toEqual(['schema.properties.email.format', 'schema.properties.ref.$ref']);
    expect(p[0].received).toBe('"email"');
    expect(p[0].fix).toMatch(/pattern/);
  });

  test.each<[string, () => unknown, string]>([
    ['empty contains', () => EvalCheck.contains(''), 'text'],
    ['contains non-string', () => EvalCheck.contains(3 as any), 'text'],
    ['ignoreCase non-boolean', () => EvalCheck.contains('a', { ignoreCase: 'yes' as any }), 'options.ignoreCase'],
    ['bad id', () => EvalCheck.contains('a', { id: '1st' }), 'options.id'],
    ['regex g flag', () => EvalCheck.regex(/a/g), 'pattern'],
    ['regex invalid', () => EvalCheck.regex('('), 'pattern'],
    ['latency 0', () => EvalCheck.maxLatencyMs(0), 'ms'],
    ['latency fraction', () => EvalCheck.maxLatencyMs(1.5), 'ms'],
    ['tokens NaN', () => EvalCheck.maxTokens(NaN), 'tokens'],
    ['judge without alias', () => EvalCheck.judge({ rubric: 'a rubric long enough' } as any), 'alias'],
    ['judge short rubric', () => EvalCheck.judge({ alias: 'judge', rubric: 'good' }), 'rubric'],
    ['judge minScore > 1', () => EvalCheck.judge({ alias: 'judge', rubric: 'a rubric long enough', minScore: 7 }), 'minScore'],
    ['schema not an object', () => EvalCheck.jsonSchema([] as any), 'schema'],
  ])('%s is a ValidationError on %s', (_name, fn, path) => {
    expect(problemsOf(fn).map((p) => p.path)).toContain(path);
  });

  test('two checks with one id are refused', () => {
    expect(problemsOf(() => checkSpecs([EvalCheck.contains('a', { id: 'x' }), EvalCheck.notContains('b', { id: 'x' })]))[0]).toMatchObject({ path: '[1].id', message: 'is used by another check' });
    expect(problemsOf(() => checkSpecs(['contains' as any]))[0].message).toBe('is not an EvalCheck');
  });

  test('fuzz: junk arguments are ValidationErrors, never TypeErrors', () => {
    const factories: Array<(a: any, b: any) => unknown> = [
      (a, b) => EvalCheck.contains(a, b), (a, b) => EvalCheck.notContains(a, b), (a, b) => EvalCheck.regex(a, b),
      (a, b) => EvalCheck.exactMatch(a, b), (a, b) => EvalCheck.maxLatencyMs(a, b), (a, b) => EvalCheck.maxTokens(a, b),
      (a) => EvalCheck.judge(a), (a, b) => EvalCheck.jsonSchema(a, b),
    ];
    const index = fc.integer({ min: 0, max: factories.length - 1 });
    fc.assert(fc.property(index, fc.anything(), fc.option(fc.anything(), { nil: undefined }), (i, a, b) => {
      try {
        factories[i](a, b);
        return true;
      } catch (e) {
        return e instanceof ValidationError;
      }
    }), { numRuns: 1000 });
  });
});
