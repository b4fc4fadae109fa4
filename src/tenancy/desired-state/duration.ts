/**
 * LiteLLM's duration grammar, as read in BerriAI/litellm `litellm/litellm_core_utils/duration_parser.py`
 * (commit 0cc4fef4):
 *
 * - `_extract_from_regex` matches `(\d+)(mo|[smhdw]?)` at the start of the string; a bare number has an
 *   empty unit, which `duration_in_seconds` rejects ("Unsupported duration unit").
 * - `get_next_standardized_reset_time` (budget resets) handles `d`, `w`, `h`, `m`, `s` and `mo`, but
 *   `_handle_month_reset` raises for any month count other than 1, and a zero value means "expire now".
 *
 * So we accept exactly `<n><unit>` with n ≥ 1 and unit in s, m, h, d, w, mo, and for budget resets only
 * `1mo` among the month forms. Trailing text that LiteLLM would silently ignore (`30dx`) is refused.
 */

const DURATION = /^([1-9][0-9]{0,5})(mo|s|m|h|d|w)$/;

/** Parsed duration, or `undefined` when `value` is not in the grammar. */
export function parseLiteLLMDuration(value: string): { readonly count: number; readonly unit: 's' | 'm' | 'h' | 'd' | 'w' | 'mo' } | undefined {
  const m = DURATION.exec(value);
  if (!m) return undefined;
  return { count: Number(m[1]), unit: m[2] as 's' | 'm' | 'h' | 'd' | 'w' | 'mo' };
}

/** Why `value` cannot be a LiteLLM `budget_duration`, or `undefined` when it can. */
export function budgetDurationProblem(value: unknown): string | undefined {
  if (typeof value !== 'string') return 'must be a string such as "1mo", "30d" or "7d"';
  const d = parseLiteLLMDuration(value);
  if (!d) return 'is not a LiteLLM duration: use <n> followed by s, m, h, d, w or mo (n ≥ 1), e.g. "1mo", "30d"';
  if (d.unit === 'mo' && d.count !== 1) return 'LiteLLM resets month budgets only as "1mo" (its month reset raises for other counts)';
  return undefined;
}
