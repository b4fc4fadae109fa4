import * as path from 'node:path';
import { Node, type IConstruct } from 'constructs';
import { DISABLE_STACK_TRACE_IN_METADATA } from '../core/cdktf';

/**
 * Where in the user's code a Terraform element was created, so a policy finding can point a reviewer at the
 * TypeScript line (SARIF physical location) instead of only at `cdk.tf.json`.
 *
 * cdktf records a `stacktrace` metadata entry for every element, but with constructs ≥ 10.1 the entry carries
 * no trace unless the caller asks for one, and cdktf does not. Once a `PolicyBundle` exists, elements created
 * in apps that keep stack traces (`new App()`; not `Testing.app()` nor `new App({ stackTraces: false })`)
 * get an `Error` captured at creation. V8 formats an error's stack only when it is read, so this costs a
 * capture per element; frames are formatted only for elements with findings.
 */

const SITES = new WeakMap<Node, Error>();
const INSTALLED = Symbol.for('cdktf-llm-platform.policy.creationSites');
// Our own files (src/ or lib/): frames inside them are the library, not the user's code.
const LIBRARY_ROOT = path.resolve(__dirname, '..') + path.sep;
const CAPTURE_DEPTH = 60;

function tracingOn(node: Node): boolean {
  try {
    return node.tryGetContext(DISABLE_STACK_TRACE_IN_METADATA) !== true;
  } catch {
    return false;
  }
}

/** Records creation sites from now on (idempotent; process-wide, like cdktf's own stack traces). */
export function recordCreationSites(): void {
  const proto = Node.prototype as unknown as Record<symbol, unknown> & { addMetadata: Node['addMetadata'] };
  if (proto[INSTALLED]) return;
  const original = proto.addMetadata;
  proto.addMetadata = function addMetadata(this: Node, type: string, data: unknown, options?: Parameters<Node['addMetadata']>[2]): void {
    if (type === 'stacktrace' && !SITES.has(this) && tracingOn(this)) {
      const limit = Error.stackTraceLimit;
      Error.stackTraceLimit = CAPTURE_DEPTH;
      try {
        SITES.set(this, new Error('creation site'));
      } finally {
        Error.stackTraceLimit = limit;
      }
    }
    original.call(this, type, data, options);
  };
  Object.defineProperty(proto, INSTALLED, { value: true });
}

/** A source position: file (relative to the working directory when inside it) and 1-based line. */
export interface SourceLocation {
  readonly file: string;
  readonly line: number;
  readonly column?: number;
}

const FRAME = /\(?((?:file:\/\/)?[^\s()]+?):(\d+):(\d+)\)?$/;

/** The first frame of a stack that is the user's code (not Node, not node_modules, not this library). */
export function userFrame(lines: ReadonlyArray<string>, libraryRoot = LIBRARY_ROOT): SourceLocation | undefined {
  for (const raw of lines) {
    const m = FRAME.exec(raw.trim());
    if (!m) continue;
    let file = m[1].startsWith('file://') ? decodeURIComponent(m[1].slice('file://'.length)) : m[1];
    if (!path.isAbsolute(file) || file.includes(`${path.sep}node_modules${path.sep}`) || file.startsWith(libraryRoot)) continue;
    const relative = path.relative(process.cwd(), file);
    if (!relative.startsWith('..') && !path.isAbsolute(relative)) file = relative.split(path.sep).join('/');
    return { file, line: Number(m[2]), column: Number(m[3]) };
  }
  return undefined;
}

const resolved = new WeakMap<Node, SourceLocation | null>();

/** Where `construct` was created in the user's code, when known. */
export function creationSite(construct: IConstruct): SourceLocation | undefined {
  const node = construct.node;
  const cached = resolved.get(node);
  if (cached !== undefined) return cached ?? undefined;
  let lines: ReadonlyArray<string> | undefined;
  // A trace recorded by cdktf/constructs themselves (newer versions, or `stackTrace: true`).
  const entry = node.metadata.find((m) => m.type === 'stacktrace' && Array.isArray(m.trace) && m.trace.length > 0);
  if (entry?.trace) {lines = entry.trace;} else {
    const error = SITES.get(node);
    if (error?.stack) lines = error.stack.split('\n').slice(1);
  }
  const site = lines ? userFrame(lines) : undefined;
  resolved.set(node, site ?? null);
  return site;
}
