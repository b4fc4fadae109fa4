/**
 * What the rules and dashboards select on: LiteLLM's Prometheus metric names, labels and the error
 * classification, read from LiteLLM's source. Pure data: no cdktf.
 *
 * Provenance (BerriAI/litellm, read for the pinned image `main-v1.83.14-stable`; the stored copies are
 * not tied to that tag, so each fact below was checked on two commits where it mattered):
 * - `litellm/integrations/prometheus.py@002de3dd` — metric declarations; `async_post_call_failure_hook`
 *   increments `litellm_proxy_failed_requests_metric` and `litellm_proxy_total_requests_metric` with
 *   `exception_status = str(status_code)` and `exception_class = _get_exception_class_name(e)`, which is
 *   `"<Provider>."` (capitalised `llm_provider`) + the class name when the exception carries an
 *   `llm_provider` (every mapped vendor error: `Openai.RateLimitError`, `Bedrock.RateLimitError`), and the
 *   bare class name otherwise; a missing status renders as the string `"None"`. Successes increment the
 *   total with `status_code="200"` and observe `litellm_request_total_latency_metric` (failures do not).
 *   401s are never counted (`_should_skip_metrics_for_invalid_key`). Counters are declared without
 *   `_total`; prometheus_client exports them with it.
 *   `litellm_overhead_latency_metric` is observed in seconds (`litellm_overhead_time_ms / 1000`) although its
 *   help text says milliseconds; time to first token is observed for streaming requests only.
 * - `litellm/types/integrations/prometheus.py@ed19250b` (`PrometheusMetricLabels`) — label sets: the
 *   proxy request counters and the latency histogram carry `team` (id), `team_alias`, `api_key_alias`,
 *   `requested_model`; deployment metrics carry `litellm_model_name`, `model_id`, `api_base`,
 *   `api_provider` (+ `exception_status`/`exception_class` on failures, `exception_status` on cooldowns);
 *   fallbacks carry `requested_model`, `fallback_model`, `team_alias`, `api_key_alias`.
 * - `litellm/router_utils/cooldown_callbacks.py` (`router_cooldown_event_callback`): a cooldown sets
 *   `litellm_deployment_state` to 2 and increments `litellm_deployment_cooled_down`; a success sets the
 *   state to 0, a failure to 1 (`set_llm_deployment_{success,failure}_metrics`). The gauge has no
 *   `multiprocess_mode`, so with several workers each worker's value carries a `pid` label: aggregate it
 *   with `max`, never `sum`.
 * - LiteLLM's own limiters answer 429 with `fastapi.HTTPException` (older limiters),
 *   `ParallelRequestLimitError` (`parallel_request_limiter_v3.py@00353f5f`) or, in newer releases,
 *   `ProxyRateLimitError` (BerriAI/litellm tests for LIT-2968) — none carries a vendor prefix. Vendor 429s
 *   are `litellm.RateLimitError` with `llm_provider` set.
 */

/** Metric names as exported (counters with `_total`, histograms with `_bucket`/`_count`). */
export const LITELLM_METRICS = {
  requests: 'litellm_proxy_total_requests_metric_total',
  failedRequests: 'litellm_proxy_failed_requests_metric_total',
  latencyBucket: 'litellm_request_total_latency_metric_bucket',
  latencyCount: 'litellm_request_total_latency_metric_count',
  ttftBucket: 'litellm_llm_api_time_to_first_token_metric_bucket',
  overheadBucket: 'litellm_overhead_latency_metric_bucket',
  spend: 'litellm_spend_metric_total',
  totalTokens: 'litellm_total_tokens_metric_total',
  deploymentState: 'litellm_deployment_state',
  deploymentFailures: 'litellm_deployment_failure_responses_total',
  deploymentRequests: 'litellm_deployment_total_requests_total',
  deploymentCooledDown: 'litellm_deployment_cooled_down_total',
  successfulFallbacks: 'litellm_deployment_successful_fallbacks_total',
  failedFallbacks: 'litellm_deployment_failed_fallbacks_total',
} as const;

/** Label names. `team` is LiteLLM's team id; the platform identifies teams by alias (the team name). */
export const LABELS = {
  gateway: 'gateway',
  team: 'team_alias',
  feature: 'api_key_alias',
  model: 'requested_model',
  deployment: 'litellm_model_name',
  provider: 'api_provider',
  exceptionStatus: 'exception_status',
  exceptionClass: 'exception_class',
} as const;

/**
 * Exception classes of LiteLLM's own limiters (a team or key over its quota, or a budget limiter):
 * their 429s are the platform working as configured, not failures. Optionally `Litellm.`-prefixed in
 * case a release sets `llm_provider="litellm"` on them.
 */
export const LITELLM_LIMIT_EXCEPTION_CLASSES: ReadonlyArray<string> = [
  'HTTPException',
  'ProxyException',
  'ParallelRequestLimitError',
  'ProxyRateLimitError',
];

const LIMIT_CLASS_RE = `(Litellm\\\\.)?(${LITELLM_LIMIT_EXCEPTION_CLASSES.join('|')})`;

/**
 * The two disjoint matcher sets whose union is "an error against the availability SLO":
 * 1. every failure whose status is not a 4xx (5xx, and `None` — e.g. the router's "no deployments
 *    available" when every deployment is cooling down, which carries no status);
 * 2. timeouts (408) and 429s, except the 429s of LiteLLM's own limiters.
 * Other 4xx (bad request, context window, content policy, budget exceeded) are the caller's.
 */
export const ERROR_MATCHER_SETS: ReadonlyArray<string> = [
  `${LABELS.exceptionStatus}!~"4.."`,
  `${LABELS.exceptionStatus}=~"408|429", ${LABELS.exceptionClass}!~"${LIMIT_CLASS_RE}"`,
];

/** Matchers selecting LiteLLM's own limit hits (the "rate-limit hits" panels). */
export const LIMIT_HIT_MATCHERS = `${LABELS.exceptionStatus}="429", ${LABELS.exceptionClass}=~"${LIMIT_CLASS_RE}"`;

/** Matchers selecting vendor 429s (throttling by the model provider). */
export const VENDOR_THROTTLE_MATCHERS = `${LABELS.exceptionStatus}="429", ${LABELS.exceptionClass}!~"${LIMIT_CLASS_RE}"`;
