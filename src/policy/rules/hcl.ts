/**
 * Reads the literal part of `${jsonencode(...)}` expressions, the form `Fn.jsonencode({...})` resolves to.
 * Library constructs render IAM and key policies this way, so rules must see through it. Only HCL literals
 * are interpreted (objects, tuples, strings, numbers, booleans, null); anything else (references such as
 * `aws_kms_key.k.arn`, function calls) becomes the string `${<expression>}`, which rules treat as a value
 * known only at plan time. Pure; no cdktf.
 */

class Parser {
  private i = 0;
  constructor(private readonly s: string) {}

  public parseAll(): unknown {
    const value = this.value();
    this.ws();
    if (this.i !== this.s.length) throw new Error(`unexpected ${JSON.stringify(this.s.slice(this.i, this.i + 10))}`);
    return value;
  }

  private ws(): void {
    while (this.i < this.s.length && /\s/.test(this.s[this.i])) this.i++;
  }

  private value(): unknown {
    this.ws();
    const c = this.s[this.i];
    if (c === '{') return this.object();
    if (c === '[') return this.tuple();
    if (c === '"') return this.string();
    const literal = /^(true|false|null|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)(?=[\s,\]})]|$)/.exec(this.s.slice(this.i));
    if (literal) {
      this.i += literal[1].length;
      return JSON.parse(literal[1]);
    }
    return `\${${this.expression()}}`;
  }

  private object(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    this.i++; // {
    for (;;) {
      this.ws();
      if (this.s[this.i] === '}') {
        this.i++;
        return out;
      }
      const key = this.s[this.i] === '"' ? this.string() : this.identifier();
      this.ws();
      if (this.s[this.i] !== '=' && this.s[this.i] !== ':') throw new Error(`expected = after ${key}`);
      this.i++;
      out[key] = this.value();
      this.ws();
      if (this.s[this.i] === ',') this.i++;
    }
  }

  private tuple(): unknown[] {
    const out: unknown[] = [];
    this.i++; // [
    for (;;) {
      this.ws();
      if (this.s[this.i] === ']') {
        this.i++;
        return out;
      }
      out.push(this.value());
      this.ws();
      if (this.s[this.i] === ',') this.i++;
    }
  }

  private identifier(): string {
    const m = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(this.s.slice(this.i));
    if (!m) throw new Error('expected a key');
    this.i += m[0].length;
    return m[0];
  }

  /** A quoted string; `${...}` interpolations are kept verbatim. */
  private string(): string {
    let out = '';
    this.i++; // opening quote
    while (this.i < this.s.length) {
      const c = this.s[this.i];
      if (c === '"') {
        this.i++;
        return out;
      }
      if (c === '\\') {
        const n = this.s[this.i + 1];
        const map: Record<string, string> = { 'n': '\n', 't': '\t', 'r': '\r', '"': '"', '\\': '\\' };
        out += map[n] ?? n;
        this.i += 2;
        continue;
      }
      if (c === '$' && this.s[this.i + 1] === '{') {
        const start = this.i;
        this.i += 2;
        this.skipBalanced('}');
        out += this.s.slice(start, this.i);
        continue;
      }
      out += c;
      this.i++;
    }
    throw new Error('unterminated string');
  }

  /** A non-literal expression up to the next top-level `,` `]` `}` or `)`. */
  private expression(): string {
    const start = this.i;
    let depth = 0;
    while (this.i < this.s.length) {
      const c = this.s[this.i];
      if (c === '"') {
        this.string();
        continue;
      }
      if (c === '(' || c === '[' || c === '{') {depth++;} else if (c === ')' || c === ']' || c === '}') {
        if (depth === 0) break;
        depth--;
      } else if (c === ',' && depth === 0) {break;}
      this.i++;
    }
    const text = this.s.slice(start, this.i).trim();
    if (!text) throw new Error('expected a value');
    return text;
  }

  private skipBalanced(close: string): void {
    let depth = 0;
    while (this.i < this.s.length) {
      const c = this.s[this.i];
      if (c === '"') {
        this.string();
        continue;
      }
      this.i++;
      if (c === '{') {depth++;} else if (c === close) {
        if (depth === 0) return;
        depth--;
      }
    }
    throw new Error('unbalanced interpolation');
  }
}

/**
 * The value inside `${jsonencode(<literal>)}`, or `undefined` when the string is not that form or cannot be
 * read. References inside come back as `${reference}` strings.
 */
export function readJsonencode(text: string): unknown {
  const m = /^\$\{jsonencode\(([\s\S]*)\)\}$/.exec(text);
  if (!m) return undefined;
  try {
    return new Parser(m[1]).parseAll();
  } catch {
    return undefined;
  }
}
