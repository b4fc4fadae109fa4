import { z } from 'zod';
import { describeProblem, ProblemCollector, schemaFor, validateProps, ValidationError, withFix, tokenOr } from '../../src/core';
import { TerraformStack, TerraformVariable, Testing } from '../../src/core/cdktf';

interface WidgetProps {
  readonly name: string;
  readonly replicas?: number;
  readonly endpoint?: string;
}

const schema = schemaFor<WidgetProps>()(
  z.strictObject({
    name: z.string().regex(/^[a-z-]+$/, withFix('must be lowercase letters and hyphens', "use e.g. 'chat-gateway'")),
    replicas: z.number().int().min(2).optional(),
    endpoint: tokenOr(z.string().url()).optional(),
  }),
);

function scope() {
  return new TerraformStack(Testing.app(), 'stack');
}

describe('validateProps', () => {
  it('returns the parsed props when valid', () => {
    expect(validateProps(scope(), schema, { name: 'gw', replicas: 2 })).toEqual({ name: 'gw', replicas: 2 });
  });

  it('reports every problem at once with construct path, prop path, received value and fix', () => {
    // GIVEN three problems
    const props = { name: 'Bad Name', replicas: 1, colour: 'red' };
    // WHEN / THEN
    let error: ValidationError | undefined;
    try {
      validateProps(scope(), schema, props);
    } catch (e) {
      error = e as ValidationError;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect(error!.constructPath).toBe('stack');
    expect(error!.problems).toHaveLength(3);
    expect(error!.message).toContain('[stack] 3 invalid props:');
    expect(error!.message).toContain("name: must be lowercase letters and hyphens (received \"Bad Name\"). Fix: use e.g. 'chat-gateway'");
    expect(error!.message).toMatch(/replicas: .* \(received 1\)\. Fix: use a value of at least 2/);
    expect(error!.message).toMatch(/\(props\): .*\(received unknown key colour\)\. Fix: remove 'colour'/);
  });

  it('rejects anything shaped like a key anywhere in the props, without echoing it', () => {
    const secret = 'sk-abcdefghijklmnopqrstuvwxyz012345';
    expect(() => validateProps(scope(), schema, { name: 'gw', endpoint: secret })).toThrow(/endpoint: looks like a literal secret/);
    try {
      validateProps(scope(), schema, { name: 'gw', endpoint: secret });
    } catch (e) {
      expect((e as Error).message).not.toContain(secret);
      expect((e as Error).message).toContain('SecretRef');
    }
    expect(() => validateProps(scope(), schema, { name: 'gw', endpoint: 'AKIAABCDEFGHIJKLMNOP' })).toThrow(/literal secret/);
  });

  it('skips checks for unresolved tokens', () => {
    const stack = scope();
    const token = new TerraformVariable(stack, 'v', { type: 'string' }).stringValue;
    expect(validateProps(stack, schema, { name: 'gw', endpoint: token }).endpoint).toBe(token);
    expect(() => validateProps(stack, schema, { name: 'gw', endpoint: 'not a url' })).toThrow(/endpoint/);
  });
});

describe('ProblemCollector', () => {
  it('throws nothing when empty and everything at once otherwise', () => {
    const p = new ProblemCollector();
    expect(() => p.throwIfAny('x')).not.toThrow();
    p.add('a', 1, 'bad a', 'fix a').add('b', 'two', 'bad b', 'fix b');
    expect(() => p.throwIfAny('x')).toThrow(/\[x\] 2 invalid props:\n {2}- a: bad a \(received 1\)\. Fix: fix a\n {2}- b: bad b/);
  });
});

describe('describeProblem', () => {
  it('is the ValidationError line, without the bullet, and never carries a credential', () => {
    const line = describeProblem({ path: 'env.KEY', received: '"x"', message: 'got sk-abcdefghijklmnopqrstuvwx in the value', fix: 'use a SecretRef' });
    expect(line).toMatch(/^env\.KEY: got .* in the value \(received "x"\)\. Fix: use a SecretRef$/);
    expect(line).not.toContain('sk-abcdefghijklmnopqrstuvwx');
    expect(describeProblem({ path: '', received: '1', message: 'm', fix: 'f' })).toBe('(props): m (received 1). Fix: f');
  });
});
