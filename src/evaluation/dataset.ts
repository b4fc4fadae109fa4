import * as fs from 'node:fs';
import * as path from 'node:path';
import { ValidationError, type ValidationProblem, renderReceived } from '../core/errors';
import { type GoldenCase, parseDataset } from './probe/lib/dataset';

/**
 * A feature's golden set: prompts and (optionally) per-case expectations, one JSON object per line.
 *
 * ```jsonl
 * {"id": "senior-backend", "messages": [{"role": "user", "content": "Write a job description for ..."}], "expect": {"contains": ["Responsibilities"]}}
 * ```
 *
 * Read and validated when the stack is built (every problem at once, each naming the file, line and fix),
 * hashed (sha256 of the file's bytes as UTF-8 text) for the audit record, and shipped with the probe. The
 * probe parses the file with the same code and refuses to run a file whose hash differs.
 */
export class EvalDataset {
  /**
   * Reads a JSON Lines file (relative paths resolve against the working directory, like `cdktf synth`).
   */
  public static fromFile(file: string): EvalDataset {
    const scope = `EvalDataset.fromFile(${typeof file === 'string' ? file : '?'})`;
    if (typeof file !== 'string' || file.trim() === '') {
      throw new ValidationError(scope, [{ path: 'file', received: renderReceived(file), message: 'must be a path to a .jsonl file', fix: "pass a path such as 'evals/job-description.jsonl'" }]);
    }
    let text: string;
    try {
      text = fs.readFileSync(path.resolve(file), 'utf8');
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code ?? 'unreadable';
      throw new ValidationError(scope, [{
        path: 'file',
        received: JSON.stringify(file),
        message: `cannot be read (${code}; resolved to ${path.resolve(file)})`,
        fix: 'check the path: relative paths resolve against the directory you run cdktf from',
      }]);
    }
    return new EvalDataset(file, text, scope);
  }

  /** A golden set from JSON Lines text (generated sets, tests). `name` labels error messages and reports. */
  public static fromJsonLines(text: string, name = 'inline'): EvalDataset {
    const scope = `EvalDataset.fromJsonLines(${name})`;
    if (typeof text !== 'string') {
      throw new ValidationError(scope, [{ path: 'text', received: renderReceived(text), message: 'must be JSON Lines text', fix: 'pass one JSON object per line' }]);
    }
    return new EvalDataset(name, text, scope);
  }

  /** The path (or name) the set was created from, as given. */
  public readonly source: string;
  /** The file's text, exactly as read (what ships with the probe). */
  public readonly text: string;
  /** sha256 (hex) of `text` as UTF-8. */
  public readonly sha256: string;
  /** The parsed cases, in file order. */
  public readonly cases: ReadonlyArray<GoldenCase>;

  private constructor(source: string, text: string, scope: string) {
    const parsed = parseDataset(text);
    if (parsed.problems.length > 0) {
      const problems: ValidationProblem[] = parsed.problems.map((p) => ({
        path: p.line > 0 ? `line ${p.line}${p.path ? `: ${p.path}` : ''}` : p.path || '(file)',
        received: p.line > 0 ? `line ${p.line} of ${source}` : source,
        message: p.message,
        fix: p.fix,
      }));
      throw new ValidationError(scope, problems);
    }
    this.source = source;
    this.text = text;
    this.sha256 = parsed.sha256;
    this.cases = parsed.cases;
  }

  /** Number of cases (each is at least one model call per run). */
  public get caseCount(): number {
    return this.cases.length;
  }

  /** True when every case carries its own expectations (then feature-level checks are optional). */
  public get everyCaseHasExpectations(): boolean {
    return this.cases.every((c) => c.expect !== undefined && Object.keys(c.expect).length > 0);
  }
}
