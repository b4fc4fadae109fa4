import { ProblemCollector, ValidationError, renderReceived, type ValidationProblem } from '../core/errors';
import type { LiteLlmContentFilterPattern } from './litellm/config-model';

/**
 * What LiteLLM's content filter does with a match (`ContentFilterAction`, BerriAI/litellm
 * `litellm/types/proxy/guardrails/guardrail_hooks/litellm_content_filter.py`).
 */
export enum ContentFilterAction {
  /** Replace the match with `[<name>_REDACTED]` (LiteLLM's default `pattern_redaction_format`). */
  MASK = 'MASK',
  /** Reject the request (HTTP 400). */
  BLOCK = 'BLOCK',
}

/**
 * Prebuilt patterns of LiteLLM's content filter that this library offers by name. Every name here is an
 * entry of `litellm/proxy/guardrails/guardrail_hooks/litellm_content_filter/patterns.json` (BerriAI/litellm,
 * read at commit 0672d9c6); an unknown name makes LiteLLM raise "Unknown pattern name" at startup
 * (`patterns.py` `get_compiled_pattern`, commit 0628ddc9), so the list is closed. The PII, payment-card,
 * credential and network entries below are the filter's original set (they come first in the file, before the
 * later regional additions). Note that the docs' `phone` does not exist: the US pattern is `us_phone`.
 */
export enum PrebuiltPattern {
  EMAIL = 'email',
  /** US formats only (`+1 (555) 123-4567`, `555.123.4567`, ...). */
  US_PHONE = 'us_phone',
  /** `123-45-6789`. */
  US_SSN = 'us_ssn',
  US_SSN_NO_DASH = 'us_ssn_no_dash',
  /** Visa, Mastercard, Amex and Discover numbers. */
  CREDIT_CARD = 'credit_card',
  VISA = 'visa',
  MASTERCARD = 'mastercard',
  AMEX = 'amex',
  DISCOVER = 'discover',
  IPV4 = 'ipv4',
  IPV6 = 'ipv6',
  AWS_ACCESS_KEY = 'aws_access_key',
  GITHUB_TOKEN = 'github_token',
  SLACK_TOKEN = 'slack_token',
  GENERIC_API_KEY = 'generic_api_key',
}

const PREBUILT: ReadonlyArray<string> = Object.values(PrebuiltPattern);
const NAME = /^[a-z0-9][a-z0-9_-]{0,62}$/;
/** Python's `re` rejects these; JavaScript accepts them differently or not at all. Checked so startup cannot fail on them. */
const PYTHON_INCOMPATIBLE = /\(\?<[^=!]|\\[pPk]\{|\(\?[a-z]*-/;

/**
 * IBAN: country code, two check digits, then 11-30 letters or digits, optionally grouped by 4 with spaces
 * (ISO 13616 structure; the regex is ours). A regex pattern rather than the `iban` prebuilt, which is a later
 * addition to LiteLLM's patterns.json than the pinned image may carry.
 */
export const IBAN_REGEX = '\\b[A-Z]{2}[0-9]{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?\\b';

/**
 * One pattern of a `Guardrail.contentFilter`: a LiteLLM prebuilt pattern or your own regular expression.
 *
 * ```ts
 * ContentFilterPattern.prebuilt(PrebuiltPattern.EMAIL)
 * ContentFilterPattern.regex('employee-id', 'EMP-[0-9]{6}', ContentFilterAction.BLOCK)
 * ```
 */
export class ContentFilterPattern {
  /** A prebuilt pattern of LiteLLM's content filter. @param action default MASK */
  public static prebuilt(pattern: PrebuiltPattern, action: ContentFilterAction = ContentFilterAction.MASK): ContentFilterPattern {
    const p = new ProblemCollector();
    if (!PREBUILT.includes(pattern)) p.add('pattern', pattern, 'is not a prebuilt content-filter pattern this library knows to exist in the pinned LiteLLM', `use one of ${PREBUILT.join(', ')}, or ContentFilterPattern.regex(name, pattern)`);
    checkAction(p, action);
    p.throwIfAny('ContentFilterPattern.prebuilt');
    return new ContentFilterPattern({ pattern_type: 'prebuilt', pattern_name: pattern, action });
  }

  /**
   * Your own regular expression (Python `re` syntax; keep it to the subset JavaScript shares, which is checked
   * here). `name` appears in LiteLLM's logs and in the redaction placeholder.
   * @param action default MASK
   */
  public static regex(name: string, pattern: string, action: ContentFilterAction = ContentFilterAction.MASK): ContentFilterPattern {
    const p = new ProblemCollector();
    if (typeof name !== 'string' || !NAME.test(name)) p.add('name', name, 'is not a pattern name', 'use 1-63 lowercase letters, digits, _ and -');
    if (typeof pattern !== 'string' || pattern.length === 0 || pattern.length > 2000) {
      p.add('pattern', pattern, 'must be a regular expression of 1-2000 characters', "pass e.g. 'EMP-[0-9]{6}'");
    } else {
      try {
        new RegExp(pattern);
        if (PYTHON_INCOMPATIBLE.test(pattern)) p.add('pattern', pattern, 'uses syntax Python\'s re module rejects (named groups as (?<name>), \\p{...} classes or inline flag groups)', 'use (?P<name>...) or plain character classes');
      } catch (e) {
        p.add('pattern', pattern, `is not a valid regular expression (${(e as Error).message})`, 'fix the expression; it is compiled by Python\'s re module at LiteLLM startup');
      }
    }
    checkAction(p, action);
    p.throwIfAny('ContentFilterPattern.regex');
    return new ContentFilterPattern({ pattern_type: 'regex', name, pattern, action });
  }

  /**
   * @internal A pattern from plain LiteLLM-shaped data (a policy bundle's entry), or every reason it is not one
   * (paths relative to the entry).
   */
  public static _fromLiteLlm(value: unknown): { pattern?: ContentFilterPattern; problems: ValidationProblem[] } {
    const problems: ValidationProblem[] = [];
    const v = (value ?? {}) as Record<string, unknown>;
    const keys = v && typeof v === 'object' ? Object.keys(v) : [];
    const allowed = v.pattern_type === 'regex' ? ['pattern_type', 'name', 'pattern', 'action'] : ['pattern_type', 'pattern_name', 'action'];
    for (const k of keys.filter((key) => !allowed.includes(key)).sort()) {
      problems.push({ path: k, received: renderReceived(v[k]), message: `is not a key of a ${String(v.pattern_type)} pattern`, fix: `use only ${allowed.join(', ')}` });
    }
    if (problems.length > 0) return { problems };
    try {
      if (v.pattern_type === 'prebuilt') return { pattern: ContentFilterPattern.prebuilt(v.pattern_name as PrebuiltPattern, v.action as ContentFilterAction), problems };
      if (v.pattern_type === 'regex') return { pattern: ContentFilterPattern.regex(v.name as string, v.pattern as string, v.action as ContentFilterAction), problems };
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      const rename: Record<string, string> = { pattern: v.pattern_type === 'prebuilt' ? 'pattern_name' : 'pattern' };
      return { problems: e.problems.map((pr) => ({ ...pr, path: rename[pr.path] ?? pr.path })) };
    }
    return { problems: [{ path: 'pattern_type', received: renderReceived(v.pattern_type), message: 'is not a content-filter pattern type', fix: "use 'prebuilt' or 'regex'" }] };
  }

  private constructor(private readonly value: LiteLlmContentFilterPattern) {}

  /** The prebuilt name or your pattern's name. */
  public get name(): string {
    return this.value.pattern_type === 'prebuilt' ? this.value.pattern_name! : this.value.name!;
  }

  /** @internal The `patterns[]` entry. */
  public _toLiteLlm(): LiteLlmContentFilterPattern {
    return { ...this.value };
  }
}

function checkAction(p: ProblemCollector, action: unknown): void {
  if (action !== ContentFilterAction.MASK && action !== ContentFilterAction.BLOCK) p.add('action', action, 'is not a content-filter action', 'use ContentFilterAction.MASK or ContentFilterAction.BLOCK');
}
