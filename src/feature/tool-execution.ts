import { ProblemCollector, type ValidationProblem } from '../core/errors';

/** How a feature lets the model execute tools (function calling, MCP). */
export enum ToolExecutionMode {
  /** The feature sends no tools: the model answers, nothing else runs. */
  NONE = 'none',
  /** The feature executes only the listed tools. */
  ALLOW_LISTED = 'allow-listed',
}

/**
 * Tool names as the OpenAI-compatible chat API accepts function names (`^[a-zA-Z0-9_-]{1,64}$`), which is
 * what LiteLLM forwards to every provider.
 */
const TOOL_NAME = /^[a-zA-Z0-9_-]{1,64}$/;
/** More than this is no longer an allow-list anyone reviews. */
const MAX_TOOLS = 128;

/**
 * Which tools the model may make the feature execute. There is deliberately no "unconstrained" factory:
 * a feature either runs no tools or names each one (governance rule LLM-GOV-10 checks the same for
 * hand-written governed constructs).
 *
 * ```ts
 * toolExecution: ToolExecution.none()
 * toolExecution: ToolExecution.allowListed(['lookup_order', 'create_ticket'])
 * ```
 */
export class ToolExecution {
  /** The model executes no tools. */
  public static none(): ToolExecution {
    return new ToolExecution(ToolExecutionMode.NONE, []);
  }

  /** The model may call only these tools (function names as the chat API takes them; at least one). */
  public static allowListed(tools: ReadonlyArray<string>): ToolExecution {
    return new ToolExecution(ToolExecutionMode.ALLOW_LISTED, tools);
  }

  private constructor(
    public readonly mode: ToolExecutionMode,
    private readonly _tools: ReadonlyArray<string>,
  ) {}

  /** The allowed tools, sorted (empty for `none()`). */
  public get tools(): ReadonlyArray<string> {
    return Array.isArray(this._tools) ? [...this._tools].filter((t) => typeof t === 'string').sort() : [];
  }

  /** @internal Problems with what the factory was given, with paths under `path`. */
  public _problems(path: string): ValidationProblem[] {
    const p = new ProblemCollector();
    if (this.mode !== ToolExecutionMode.ALLOW_LISTED) return [];
    const tools: unknown = this._tools;
    if (!Array.isArray(tools)) {
      p.add(`${path}.tools`, tools, 'is not a list of tool names', "pass ToolExecution.allowListed(['tool_name', ...])");
      return [...p.problems];
    }
    if (tools.length === 0) {
      p.add(`${path}.tools`, tools, 'is empty: an allow-list that allows nothing is a misconfiguration', 'list the tools the feature executes, or use ToolExecution.none()');
    }
    if (tools.length > MAX_TOOLS) p.add(`${path}.tools`, `${tools.length} tools`, `lists more than ${MAX_TOOLS} tools`, 'allow only the tools this feature needs');
    const seen = new Set<string>();
    tools.forEach((t, i) => {
      if (typeof t !== 'string' || !TOOL_NAME.test(t)) {
        p.add(`${path}.tools[${i}]`, t, 'is not a tool (function) name', 'use 1-64 letters, digits, _ and -, as the chat API takes function names');
      } else if (seen.has(t)) {
        p.add(`${path}.tools[${i}]`, t, 'is listed twice', 'list each tool once');
      } else {
        seen.add(t);
      }
    });
    return [...p.problems];
  }
}
