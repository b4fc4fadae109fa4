import * as fc from 'fast-check';
import { isValidName, makeName, NAME_RULES, NameTarget } from '../../src/core';

const targets = Object.values(NameTarget);
// Any text: unicode, punctuation, empty parts, very long parts.
const parts = fc.array(fc.string({ unit: 'binary', maxLength: 120 }), { minLength: 1, maxLength: 5 });

describe('makeName', () => {
  it.each(targets)('every generated %s name is valid for its target', (target) => {
    fc.assert(
      fc.property(parts, (p) => {
        const name = makeName(target, ...p);
        expect(isValidName(target, name)).toBe(true);
        expect(name.length).toBeLessThanOrEqual(NAME_RULES[target].maxLength);
      }),
      { numRuns: 400 },
    );
  });

  it('is deterministic', () => {
    fc.assert(fc.property(parts, (p) => makeName(NameTarget.ALB, ...p) === makeName(NameTarget.ALB, ...p)));
  });

  it.each(targets)('distinct inputs give distinct %s names', (target) => {
    fc.assert(
      fc.property(fc.uniqueArray(parts, { minLength: 2, maxLength: 30, selector: (p) => JSON.stringify(p) }), (inputs) => {
        const names = inputs.map((p) => makeName(target, ...p));
        expect(new Set(names).size).toBe(names.length);
      }),
      { numRuns: 200 },
    );
  });

  it('keeps part boundaries: ("a-b","c") and ("a","b-c") differ', () => {
    expect(makeName(NameTarget.IAM_ROLE, 'a-b', 'c')).not.toBe(makeName(NameTarget.IAM_ROLE, 'a', 'b-c'));
  });

  it('stays readable when the input already fits', () => {
    expect(makeName(NameTarget.ALB, 'hiring', 'litellm', 'prod')).toMatch(/^hiring-litellm-prod-[0-9a-f]{8}$/);
  });

  it('truncates long inputs to the limit with the hash suffix', () => {
    const name = makeName(NameTarget.GCP_SERVICE_ACCOUNT, 'a-very-long-team-name-that-overflows', 'gateway');
    expect(name.length).toBe(30);
    expect(name).toMatch(/^a-very-long-team-name-[0-9a-f]{8}$/);
  });

  it('steps around reserved prefixes', () => {
    expect(makeName(NameTarget.ALB, 'internal', 'gw')).not.toMatch(/^internal-/);
    expect(makeName(NameTarget.S3_BUCKET, 'sthree', 'x')).not.toMatch(/^sthree-/);
    expect(makeName(NameTarget.SECURITY_GROUP, 'sg', 'x')).not.toMatch(/^sg-/);
  });

  it('rejects invalid names in isValidName', () => {
    expect(isValidName(NameTarget.RDS_IDENTIFIER, '1abc')).toBe(false);
    expect(isValidName(NameTarget.RDS_IDENTIFIER, 'ab--c')).toBe(false);
    expect(isValidName(NameTarget.GCP_SERVICE_ACCOUNT, 'abc')).toBe(false);
    expect(isValidName(NameTarget.CLOUD_RUN_SERVICE, 'Upper')).toBe(false);
    expect(isValidName(NameTarget.KUBERNETES_LABEL, 'a'.repeat(64))).toBe(false);
  });
});
