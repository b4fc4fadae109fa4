/**
 * Where a cdktf token was created, recorded as cheaply as cdktf's error messages allow.
 *
 * cdktf gives every token it makes (`Intrinsic`, hence every attribute reference such as `bucket.arn`, `Lazy`,
 * dynamic blocks, complex lists) a `creationStack`: the complete stack trace of its creation, which it only ever
 * reads to write "Object creation stack: ..." into a resolution error. cdktf 0.21 formats that trace eagerly
 * (`cdktf/lib/tokens/private/stack-trace.js` reads `.stack` at once, with the stack trace limit lifted), so every
 * token pays for formatting ~20–50 frames, through ts-node's source-map support when the app runs under
 * `cdktf synth`. Measured on examples/aws-ecs-gateway (735 tokens, 186 resources, in one process): 55 % of its
 * synthesis time, 540 ms of it against 250 ms with the frames formatted on demand (`npx projen bench -- --synth`).
 *
 * `lazyCreationStack` captures the same frames (V8 records them when `Error.captureStackTrace` runs) and formats
 * them the first time anything reads the array, so an error message shows exactly what it showed before and
 * a token nobody inspects never formats its frames. cdktf is archived at 0.21.0 (the version this library pins),
 * so the module it patches no longer changes; if its shape differs, nothing is patched.
 */

/** Marks the stack-trace module as patched (one patch per process, whichever copy of the library loads first). */
const PATCHED = Symbol.for('cdktf-llm-platform/lazy-token-creation-stacks');

interface StackTraceModule {
  captureStackTrace: (below?: Function) => string[];
  [PATCHED]?: true;
}

/** Frames of a V8 stack string, as cdktf writes them: without the message line and without the leading `at `. */
function framesOf(stack: unknown): string[] {
  if (typeof stack !== 'string' || stack === '') return [];
  return stack.split('\n').slice(1).map((line) => line.replace(/^\s*at\s+/, ''));
}

/**
 * The frames below `below` (default: this function), like cdktf's `captureStackTrace`, as an array that formats
 * them on first use. The array behaves as a plain `string[]` for every read and write (`length`, indices,
 * `join`, iteration, `Array.isArray`).
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export function lazyCreationStack(below?: Function): string[] {
  const holder: { stack?: unknown } = {};
  const previousLimit = Error.stackTraceLimit;
  try {
    Error.stackTraceLimit = Number.MAX_SAFE_INTEGER;
    Error.captureStackTrace(holder, below ?? lazyCreationStack);
  } finally {
    Error.stackTraceLimit = previousLimit;
  }
  const frames: string[] = [];
  let formatted = false;
  const read = (): string[] => {
    if (!formatted) {
      formatted = true;
      frames.push(...framesOf(holder.stack));
      delete holder.stack;
    }
    return frames;
  };
  return new Proxy(frames, {
    get: (_target, key) => Reflect.get(read(), key),
    set: (_target, key, value) => Reflect.set(read(), key, value),
    has: (_target, key) => Reflect.has(read(), key),
    ownKeys: () => Reflect.ownKeys(read()),
    getOwnPropertyDescriptor: (_target, key) => Reflect.getOwnPropertyDescriptor(read(), key),
    defineProperty: (_target, key, descriptor) => Reflect.defineProperty(read(), key, descriptor),
    deleteProperty: (_target, key) => Reflect.deleteProperty(read(), key),
  });
}

/** The stack-trace module once patched, and cdktf's own capture it replaced. */
let patched: { readonly mod: StackTraceModule; readonly cdktfCapture: StackTraceModule['captureStackTrace'] } | undefined;

/**
 * Makes cdktf record token creation stacks with `lazyCreationStack`. Runs once when the library is loaded
 * (`src/core/cdktf.ts`); idempotent. Returns whether the patch is in place.
 */
export function installLazyTokenCreationStacks(): boolean {
  let mod: StackTraceModule;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    mod = require('cdktf/lib/tokens/private/stack-trace') as StackTraceModule;
  } catch {
    return false;
  }
  if (mod[PATCHED]) return true;
  const descriptor = Object.getOwnPropertyDescriptor(mod, 'captureStackTrace');
  if (typeof mod.captureStackTrace !== 'function' || !descriptor?.writable) return false;
  patched = { mod, cdktfCapture: mod.captureStackTrace };
  mod.captureStackTrace = lazyCreationStack;
  Object.defineProperty(mod, PATCHED, { value: true });
  return true;
}

/**
 * Runs `fn` with cdktf's own eager capture, as plain cdktf does without this library (the synth benchmark's
 * raw-cdktf baseline). Outside of it, and when this copy of the library did not install the patch, nothing changes.
 */
export function withCdktfCreationStacks<T>(fn: () => T): T {
  if (!patched) return fn();
  const { mod, cdktfCapture } = patched;
  mod.captureStackTrace = cdktfCapture;
  try {
    return fn();
  } finally {
    mod.captureStackTrace = lazyCreationStack;
  }
}
