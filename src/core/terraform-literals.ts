/**
 * Literal text in Terraform: every string value in Terraform's JSON syntax is a template, so `${...}`
 * is an interpolation and `%{...}` a directive. Text that came from a user (a tag, an environment value,
 * a model alias, a description) must reach Terraform escaped, or `a-${file("/etc/passwd")}` reads a file
 * into the plan and the state, and `a-${var.nope}` fails `terraform validate`.
 *
 * Pure (no cdktf): the functions here work on cdktf's encoded strings, where a value only known at
 * plan time is the marker `${TfToken[TOKEN.n]}`. Markers are kept; everything else is literal text.
 *
 * You rarely call these yourself: every Terraform element under a construct that validated its props
 * (`validateProps(this, ...)` or `ProblemCollector.throwIfAny(this)`) is escaped at synthesis by
 * `TerraformLiterals` (literal-guard.ts). To write an intentional Terraform expression, use
 * `terraformExpression(scope, 'ephemeral.x.y.result')`, which returns a token and so survives escaping.
 */

/** cdktf's string token marker (`Token.asString`); list markers start with `#{` and need no escaping. */
const TOKEN_MARKER = /\$\{TfToken\[[A-Za-z0-9_.-]+\]\}/g;

/** Decides whether a marker is a real cdktf token (the guard asks cdktf's token map); by default any marker is. */
export type TokenMarkerCheck = (marker: string) => boolean;

const anyMarker: TokenMarkerCheck = () => true;

/**
 * Escapes one run of literal text; `beforeToken` when a token marker follows it directly.
 *
 * `${` is written `$${` (Terraform's escape) when the string holds no token. When it does, cdktf reads
 * every `${` of the string as the start of an expression and drops the braces of the tokens after it
 * (`$${` + token becomes `$${aws_x.y.id`). There each `$` of a run of `$` that a `{` or a token follows is
 * spelled `${"$"}`, an interpolation of the string `$` that cdktf sees opened and closed (spelling the
 * whole run keeps a literal `$` from pairing with the next `${` into the escape `$${`). Other `$` stay as
 * they are, so JSON text such as `"echo $HOME"` keeps its quotes balanced.
 */
function escapeRun(text: string, hasTokens: boolean, beforeToken: boolean): string {
  const out = hasTokens
    ? text.replace(beforeToken ? /\$+(?=\{|$)/g : /\$+(?=\{)/g, (run) => '${"$"}'.repeat(run.length))
    : text.replace(/\$\{/g, () => '$${');
  return out.replace(/%\{/g, () => '%%{');
}

/**
 * Escapes literal text for a Terraform string, so Terraform reads back exactly `text`: `${` becomes `$${`
 * (in a string that also holds a cdktf token, `${"$"}{`) and `%{` becomes `%%{`. cdktf token markers in
 * `text` stay live (they become references at synth). Not idempotent: escape once, where text enters Terraform.
 *
 * ```ts
 * escapeTerraformTemplate('a-${var.x}')        // 'a-$${var.x}'  (Terraform reads 'a-${var.x}')
 * escapeTerraformTemplate(`arn:${bucket.arn}`) // unchanged: the marker is a reference
 * ```
 */
export function escapeTerraformTemplate(text: string, isToken: TokenMarkerCheck = anyMarker): string {
  if (!text.includes('{') && !text.includes('$')) return text;
  const markers: Array<{ index: number; text: string }> = [];
  TOKEN_MARKER.lastIndex = 0;
  for (let m = TOKEN_MARKER.exec(text); m; m = TOKEN_MARKER.exec(text)) if (isToken(m[0])) markers.push({ index: m.index, text: m[0] });
  const hasTokens = markers.length > 0;
  let out = '';
  let last = 0;
  for (const m of markers) {
    out += escapeRun(text.slice(last, m.index), hasTokens, true) + m.text;
    last = m.index + m.text.length;
  }
  return out + escapeRun(text.slice(last), hasTokens, false);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * `escapeTerraformTemplate` over plain data: strings, arrays, and the keys and values of plain objects
 * (Terraform reads the keys of a map value, such as tags, as templates too). Anything else (tokens,
 * constructs, class instances) is returned as it is. `onOther` sees each of those.
 */
export function escapeTerraformTemplates<T>(value: T, isToken: TokenMarkerCheck = anyMarker, onOther?: (v: unknown) => void): T {
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return escapeTerraformTemplate(v, isToken);
    if (Array.isArray(v)) return v.map(walk);
    if (isPlainObject(v)) {
      const out: Record<string, unknown> = {};
      // `//` holds cdktf's comments and metadata, which Terraform ignores.
      for (const [k, item] of Object.entries(v)) out[k === '//' ? k : escapeTerraformTemplate(k, isToken)] = k === '//' ? item : walk(item);
      return out;
    }
    if (v !== null && typeof v === 'object' && onOther) onOther(v);
    return v;
  };
  return walk(value) as T;
}

/** One live template sequence Terraform would evaluate in a string. */
export interface LiveTemplateSequence {
  /** `interpolation` for `${...}`, `directive` for `%{...}`. */
  readonly kind: 'interpolation' | 'directive';
  /** Offset of the `$` or `%` in the string. */
  readonly index: number;
  /** The sequence, up to its closing brace (or the end of the string). */
  readonly text: string;
}

/**
 * The `${...}` and `%{...}` sequences Terraform would evaluate in a string of its JSON syntax (after
 * cdktf resolved tokens, or in `cdk.tf.json`). `$${` and `%%{` are escapes and are skipped, following
 * HCL's template scanner: at each position the escape is tried first.
 */
export function liveTemplateSequences(text: string): LiveTemplateSequence[] {
  const found: LiveTemplateSequence[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if ((c === '$' || c === '%') && text[i + 1] === c && text[i + 2] === '{') {
      i += 3;
      continue;
    }
    if ((c === '$' || c === '%') && text[i + 1] === '{') {
      // Find the matching close brace, minding nested braces and quoted strings.
      let depth = 0;
      let j = i + 1;
      let inString = false;
      for (; j < text.length; j++) {
        const d = text[j];
        if (inString) {
          if (d === '\\') j++;
          else if (d === '"') inString = false;
        } else if (d === '"') {inString = true;} else if (d === '{') {depth++;} else if (d === '}' && --depth === 0) {break;}
      }
      found.push({ kind: c === '$' ? 'interpolation' : 'directive', index: i, text: text.slice(i, j + 1) });
      i = j + 1;
      continue;
    }
    i++;
  }
  return found;
}

/**
 * The text Terraform reads from a string of its JSON syntax, where that is known at synth: escapes
 * (`$${`, `%%{`, and the `${"$"}` this library writes) become literal text; live interpolations stay as
 * they are. The inverse of `escapeTerraformTemplate` for text without references.
 */
export function unescapeTerraformTemplate(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    if (text.startsWith('${"$"}', i)) {
      out += '$';
      i += 6;
    } else if ((text[i] === '$' || text[i] === '%') && text[i + 1] === text[i] && text[i + 2] === '{') {
      out += `${text[i]}{`;
      i += 3;
    } else {
      out += text[i];
      i += 1;
    }
  }
  return out;
}
