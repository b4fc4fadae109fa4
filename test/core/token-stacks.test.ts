import { App, Lazy, TerraformOutput, TerraformStack, Testing, Token, Tokenization } from '../../src/core/cdktf';
import { installLazyTokenCreationStacks, lazyCreationStack, withCdktfCreationStacks } from '../../src/core/token-stacks';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const stackTraceModule = require('cdktf/lib/tokens/private/stack-trace') as { captureStackTrace: (below?: Function) => string[] };

function creationStackOf(token: string): string[] {
  return (Tokenization.reverseString(token).firstToken as unknown as { creationStack: string[] }).creationStack;
}

function makeTokenHere(): string {
  return Lazy.stringValue({ produce: () => 'x' });
}

/** Runs `fn` while counting how often V8 formats a stack trace (the work cdktf used to do per token). */
function countingFormats(fn: (formats: () => number) => void): void {
  const previous = Error.prepareStackTrace;
  let formats = 0;
  Error.prepareStackTrace = (error, frames) => {
    formats++;
    return previous ? previous(error, frames) : `${error}\n${frames.map((f) => `    at ${f}`).join('\n')}`;
  };
  try {
    fn(() => formats);
  } finally {
    Error.prepareStackTrace = previous;
  }
}

describe('token creation stacks', () => {
  it('are recorded by the library once it is loaded (idempotently)', () => {
    expect(stackTraceModule.captureStackTrace).toBe(lazyCreationStack);
    expect(installLazyTokenCreationStacks()).toBe(true);
    expect(stackTraceModule.captureStackTrace).toBe(lazyCreationStack);
  });

  it('hold the same frames cdktf would have formatted: the creating function first, the capture itself hidden', () => {
    const stack = creationStackOf(makeTokenHere());
    expect(Array.isArray(stack)).toBe(true);
    expect(stack.length).toBeGreaterThan(2);
    expect(stack.some((frame) => /makeTokenHere .*token-stacks\.test\.ts:\d+:\d+/.test(frame))).toBe(true);
    expect(stack.join('\n')).not.toMatch(/lazyCreationStack|^\s*at /m);
    expect([...stack]).toEqual(stack.slice());
    expect(JSON.parse(JSON.stringify(stack))).toEqual([...stack]);
  });

  it('format nothing until read, then once', () => {
    countingFormats((formats) => {
      const tokens = Array.from({ length: 50 }, () => Token.asString(Lazy.anyValue({ produce: () => 1 })));
      expect(formats()).toBe(0);
      const stack = creationStackOf(tokens[7]);
      expect(stack.length).toBeGreaterThan(0);
      expect(stack[0]).toEqual(expect.any(String));
      void stack.join();
      expect(formats()).toBe(1);
    });
  });

  it('still show where a token that fails to resolve was created', () => {
    const app = Testing.app() as App;
    const stack = new TerraformStack(app, 's');
    const failing = (): string => Lazy.stringValue({ produce: () => { throw new Error('boom'); } });
    new TerraformOutput(stack, 'o', { value: failing() });
    expect(() => Testing.synth(stack)).toThrow(/Resolution error: boom\.\nObject creation stack:\n {2}at new LazyBase .*\n(.*\n)*? {2}at .*token-stacks\.test\.ts:\d+:\d+/);
  });

  it('can be recorded the way plain cdktf does, for the benchmark baseline, and are lazy again afterwards', () => {
    countingFormats((formats) => {
      const eager = withCdktfCreationStacks(() => {
        expect(stackTraceModule.captureStackTrace).not.toBe(lazyCreationStack);
        return Array.from({ length: 3 }, () => makeTokenHere());
      });
      expect(formats()).toBe(3);
      expect(creationStackOf(eager[0]).some((frame) => frame.includes('token-stacks.test.ts'))).toBe(true);
      expect(stackTraceModule.captureStackTrace).toBe(lazyCreationStack);
      makeTokenHere();
      expect(formats()).toBe(3);
    });
  });

  it('behave as a plain array when written to', () => {
    const stack = lazyCreationStack();
    const before = stack.length;
    stack.push('extra frame');
    expect(stack).toHaveLength(before + 1);
    expect(stack[before]).toBe('extra frame');
  });
});
