import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as fc from 'fast-check';
import { ValidationError } from '../../src/core';
import { EvalDataset } from '../../src/evaluation';

const FIXTURE = path.join(__dirname, 'fixtures', 'job-description.jsonl');

function tmpFile(text: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'evalset-'));
  const file = path.join(dir, 'set.jsonl');
  fs.writeFileSync(file, text);
  return file;
}

function errorOf(fn: () => unknown): ValidationError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ValidationError) return e;
    throw e;
  }
  throw new Error('no error');
}

describe('EvalDataset.fromFile', () => {
  test('reads cases in order (blank lines skipped) and hashes the file bytes', () => {
    const d = EvalDataset.fromFile(FIXTURE);
    expect(d.cases.map((c) => [c.id, c.line])).toEqual([['senior-backend', 1], ['junior-data', 2], ['staff-sre', 4]]);
    expect(d.caseCount).toBe(3);
    expect(d.sha256).toBe(createHash('sha256').update(fs.readFileSync(FIXTURE)).digest('hex'));
    expect(d.text).toBe(fs.readFileSync(FIXTURE, 'utf8'));
    expect(d.everyCaseHasExpectations).toBe(false);
    expect(d.cases[0].params).toEqual({ temperature: 0, max_tokens: 600 });
  });

  test('an id defaults to line-<n>', () => {
    const d = EvalDataset.fromJsonLines('{"messages": [{"role": "user", "content": "hi"}]}\n');
    expect(d.cases[0].id).toBe('line-1');
  });

  test('every problem at once, each naming the file, the line and the fix', () => {
    const file = tmpFile([
      '{"id": "a", "messages": [{"role": "user", "content": "x"}]}',
      '{"id": "a", "messages": [{"role": "robot", "content": ""}], "expected": {}}',
      'not json',
      '{"id": "b", "messages": [{"role": "user", "content": "x"}, {"role": "assistant", "content": "y"}], "expect": {"regex": "(", "jsonSchema": {"$ref": "#/x"}}, "params": {"model": "gpt", "temperature": 3}}',
    ].join('\n'));
    const e = errorOf(() => EvalDataset.fromFile(file));
    expect(e.message).toContain(`EvalDataset.fromFile(${file})`);
    expect(e.problems.map((p) => p.path)).toEqual([
      'line 2: expected',
      'line 2: id',
      'line 2: messages[0].role',
      'line 2: messages[0].content',
      'line 3',
      'line 4: messages[1].role',
      'line 4: expect.regex',
      'line 4: expect.jsonSchema ($ref)',
      'line 4: params.model',
      'line 4: params.temperature',
    ]);
    expect(e.problems[1].message).toBe('duplicate id (also on line 1)');
    expect(e.problems.every((p) => p.received.includes(file) && p.fix.length > 0)).toBe(true);
    expect(e.problems[4].fix).toMatch(/JSON Lines/);
  });

  test('a missing file, an empty set and a non-string path are ValidationErrors', () => {
    expect(errorOf(() => EvalDataset.fromFile('nope/missing.jsonl')).problems[0].message).toMatch(/cannot be read \(ENOENT/);
    expect(errorOf(() => EvalDataset.fromFile(tmpFile('\n\n'))).problems[0].message).toBe('the golden set has no cases');
    expect(errorOf(() => EvalDataset.fromFile(42 as any)).problems[0].path).toBe('file');
  });

  test('more than 500 cases is refused (each case is a model call per run)', () => {
    const line = (i: number) => JSON.stringify({ id: `c${i}`, messages: [{ role: 'user', content: 'x' }] });
    const e = errorOf(() => EvalDataset.fromJsonLines(Array.from({ length: 501 }, (_, i) => line(i)).join('\n')));
    expect(e.problems[0].message).toMatch(/501 cases; at most 500/);
  });

  test('fuzz: any text is a dataset or a ValidationError, never a TypeError', () => {
    const lineArb = fc.oneof(fc.string(), fc.jsonValue().map((v) => JSON.stringify(v)), fc.record({ messages: fc.anything(), expect: fc.anything(), params: fc.anything(), id: fc.anything() }).map((v) => JSON.stringify(v) ?? ''));
    fc.assert(fc.property(fc.array(lineArb, { maxLength: 6 }), (lines) => {
      try {
        const d = EvalDataset.fromJsonLines(lines.join('\n'));
        return d.caseCount > 0;
      } catch (e) {
        return e instanceof ValidationError && (e as ValidationError).problems.every((p) => p.fix.length > 0);
      }
    }), { numRuns: 500 });
  });
});
