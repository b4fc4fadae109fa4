import * as fc from 'fast-check';
import { schemaProblems, validate } from '../../src/evaluation/probe/lib/json-schema';

const JOB = {
  type: 'object',
  required: ['title', 'seniority', 'skills'],
  additionalProperties: false,
  properties: {
    title: { type: 'string', minLength: 3, maxLength: 80 },
    seniority: { enum: ['junior', 'mid', 'senior'] },
    skills: { type: 'array', items: { type: 'string' }, minItems: 1, maxItems: 10, uniqueItems: true },
    salary: { type: ['integer', 'null'], minimum: 0, multipleOf: 1000 },
    remote: { type: 'boolean' },
    code: { type: 'string', pattern: '^[A-Z]{2}-\\d+$' },
  },
};

describe('schemaProblems (checked at synth)', () => {
  test('a schema of supported keywords has no problems; annotations are ignored', () => {
    expect(schemaProblems({ ...JOB, $schema: 'https://json-schema.org/draft/2020-12/schema', title: 'Job', description: 'x' })).toEqual([]);
    expect(schemaProblems(true)).toEqual([]);
  });

  test('every unsupported keyword is reported at once, with its path and a fix', () => {
    const problems = schemaProblems({
      type: 'object',
      properties: { a: { $ref: '#/$defs/a' }, b: { type: 'string', format: 'email' } },
      $defs: { a: { type: 'string' } },
      if: { required: ['a'] },
    });
    expect(problems.map((p) => `${p.path} ${p.keyword}`)).toEqual(['$ $defs', '$ if', '$.properties.a $ref', '$.properties.b format']);
    expect(problems.find((p) => p.keyword === 'format')!.fix).toMatch(/pattern/);
    expect(problems.every((p) => p.fix.length > 0 && p.message.length > 0)).toBe(true);
  });

  test('wrong keyword values are reported (type names, counts, patterns, tuple items)', () => {
    const problems = schemaProblems({ type: 'text', minLength: -1, pattern: '(', items: [{ type: 'string' }], required: 'a', enum: [], multipleOf: 0 });
    expect(problems.map((p) => p.keyword).sort()).toEqual(['enum', 'items', 'minLength', 'multipleOf', 'pattern', 'required', 'type']);
  });

  test('a non-object schema is a problem; OpenAPI nullable gets a JSON Schema fix', () => {
    expect(schemaProblems('string')[0].message).toMatch(/must be an object/);
    expect(schemaProblems({ type: 'string', nullable: true })[0].fix).toMatch(/"type": \["string", "null"\]/);
  });
});

describe('validate (run time)', () => {
  const ok = { title: 'Senior Backend Engineer', seniority: 'senior', skills: ['go', 'sql'], salary: 90000, remote: true, code: 'DE-12' };

  test('a conforming value has no violations', () => {
    expect(validate(JOB, ok)).toEqual([]);
    expect(validate(JOB, { ...ok, salary: null })).toEqual([]);
  });

  test.each([
    ['missing required', { ...ok, title: undefined }, '$.title', 'required'],
    ['wrong type', { ...ok, remote: 'yes' }, '$.remote', 'type'],
    ['integer vs fraction', { ...ok, salary: 1000.5 }, '$.salary', 'type'],
    ['enum', { ...ok, seniority: 'principal' }, '$.seniority', 'enum'],
    ['minLength (code points)', { ...ok, title: 'ab' }, '$.title', 'minLength'],
    ['maxItems', { ...ok, skills: Array.from({ length: 11 }, (_, i) => `s${i}`) }, '$.skills', 'maxItems'],
    ['minItems', { ...ok, skills: [] }, '$.skills', 'minItems'],
    ['uniqueItems', { ...ok, skills: ['go', 'go'] }, '$.skills', 'uniqueItems'],
    ['items', { ...ok, skills: ['go', 3] }, '$.skills[1]', 'type'],
    ['additionalProperties', { ...ok, extra: 1 }, '$.<additional>', 'additionalProperties'],
    ['minimum', { ...ok, salary: -1000 }, '$.salary', 'minimum'],
    ['multipleOf', { ...ok, salary: 1500 }, '$.salary', 'multipleOf'],
    ['pattern', { ...ok, code: 'de-12' }, '$.code', 'pattern'],
  ])('%s', (_name, value, path, keyword) => {
    const clean = JSON.parse(JSON.stringify(value));
    const v = validate(JOB, clean);
    expect(v).toContainEqual(expect.objectContaining({ path, keyword }));
  });

  test('exclusive bounds, const, anyOf, oneOf, allOf, not', () => {
    expect(validate({ exclusiveMinimum: 0 }, 0)[0].keyword).toBe('exclusiveMinimum');
    expect(validate({ exclusiveMaximum: 1 }, 1)[0].keyword).toBe('exclusiveMaximum');
    expect(validate({ const: { a: [1, 2] } }, { a: [1, 2] })).toEqual([]);
    expect(validate({ const: { a: [1, 2] } }, { a: [2, 1] })[0].keyword).toBe('const');
    expect(validate({ anyOf: [{ type: 'string' }, { type: 'number' }] }, true)[0].keyword).toBe('anyOf');
    expect(validate({ oneOf: [{ type: 'number' }, { type: 'integer' }] }, 3)[0].message).toMatch(/matches 2/);
    expect(validate({ allOf: [{ minimum: 1 }, { maximum: 2 }] }, 3)[0].keyword).toBe('maximum');
    expect(validate({ not: { type: 'null' } }, null)[0].keyword).toBe('not');
    expect(validate(false, 1)[0].keyword).toBe('false');
  });

  test('violations never carry the value (model output stays out of reports)', () => {
    fc.assert(fc.property(fc.string({ minLength: 12 }).map((s) => `\u2603${s}`), (planted) => {
      const v = validate(JOB, { ...ok, title: 3, seniority: planted, code: planted, [planted]: planted });
      return v.length >= 3 && !JSON.stringify(v).includes(planted);
    }));
  });

  test('any JSON value validates without throwing and with at most 20 violations', () => {
    fc.assert(fc.property(fc.jsonValue(), (value) => {
      const v = validate(JOB, value);
      return Array.isArray(v) && v.length <= 20;
    }), { numRuns: 300 });
  });
});
