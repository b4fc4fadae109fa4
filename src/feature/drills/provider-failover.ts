/**
 * Provider-failover drill: a request on the feature's own key that makes LiteLLM's router fail the primary
 * alias on purpose, so the fallback chain answers. Pure.
 *
 * What the pinned LiteLLM (`main-v1.83.14-stable`) does with it, read from BerriAI/litellm:
 * - `litellm/router.py` at f292d1ae7d83f2bc07c80c10d1a61bf63cb087bd (the router version the LiteLLM contract
 *   marks as matching the pin): `async_function_with_fallbacks` calls `_handle_mock_testing_fallbacks`, which
 *   reads `mock_testing_fallbacks` from the request kwargs (`MockRouterTestingParams.from_kwargs`) and, when it
 *   is `true`, raises `litellm.InternalServerError("This is a mock exception for model=<group>, to trigger a
 *   fallback")` before any provider call; the general `fallbacks` then run. No admin check, no config key.
 * - `litellm/router_utils/add_retry_fallback_headers.py`: the response carries `x-litellm-attempted-fallbacks`
 *   (0 when the primary answered), which is how the drill proves the fallback ran.
 * - Later releases change this: the proxy strips the `mock_testing_*` params from client requests (LiteLLM's
 *   docs, proxy/reliability.md: "since v1.85.0"; `_MOCK_TESTING_KWARG_NAMES` in `litellm/proxy/route_llm_request.py`),
 *   and the newest source (`route_llm_request.py` at 0149cf3532eff19635ff6f58b4de978d44105418, `GATED_MOCK_PARAM_NAMES`)
 *   accepts them only with `general_settings.dangerously_allow_mock_testing_request_params: true`. The pinned
 *   release needs neither, so the platform renders no such key; after an upgrade past 1.85 the drill's header
 *   check fails loudly instead of "passing" without running.
 */
import { LITELLM_METRICS } from '../../observability/slo/litellm-metrics';
import { featureScope, sel } from '../../observability/slo/scope';
import type { FeatureReadinessFacts } from '../readiness/facts';
import { shellQuote } from '../runbook/commands';

/** The request parameter that forces a fallback at the pinned LiteLLM. */
export const MOCK_TESTING_FALLBACKS_PARAM = 'mock_testing_fallbacks';
/** Response header with the number of fallbacks the router attempted. */
export const ATTEMPTED_FALLBACKS_HEADER = 'x-litellm-attempted-fallbacks';

/** Where the drill files go, relative to the stack's folder. */
export function providerFailoverDrillPaths(feature: string): { markdown: string; request: string } {
  return { markdown: `drills/${feature}-provider-failover.md`, request: `drills/${feature}-provider-failover.json` };
}

/** The request body of the drill (OpenAI chat completions shape plus the mock parameter). */
export function providerFailoverRequest(alias: string): Record<string, unknown> {
  return {
    model: alias,
    messages: [{ role: 'user', content: 'Provider failover drill: reply with the single word OK.' }],
    max_tokens: 5,
    [MOCK_TESTING_FALLBACKS_PARAM]: true,
  };
}

/** How a caller of the feature reads its key, per secret store. */
function readKeyCommand(f: FeatureReadinessFacts): string {
  const s = f.access.keySecret.value;
  const region = f.gateway.names.aws?.region ? ` --region ${shellQuote(f.gateway.names.aws.region)}` : '';
  switch (s.store) {
    case 'aws-secrets-manager':
      return `export FEATURE_KEY="$(aws secretsmanager get-secret-value${region} --secret-id ${shellQuote(s.id)} --query SecretString --output text | jq -r .api_key)"`;
    case 'gcp-secret-manager':
      return `export FEATURE_KEY="$(gcloud secrets versions access latest --secret ${shellQuote(s.id)})"`;
    case 'kubernetes': {
      const [ns, name] = s.id.includes('/') ? s.id.split('/', 2) : ['<namespace>', s.id];
      return `export FEATURE_KEY="$(kubectl -n ${shellQuote(ns)} get secret ${shellQuote(name)} -o jsonpath='{.data.api_key}' | base64 -d)"`;
    }
    default:
      return 'export FEATURE_KEY=<the feature\'s virtual key>';
  }
}

/** The drill's runbook page, or `undefined` when the feature has no alias with a fallback. */
export function renderProviderFailoverDrill(f: FeatureReadinessFacts): string | undefined {
  const route = f.models.find((m) => m.fallbacks.value.length > 0);
  if (!route) return undefined;
  const paths = providerFailoverDrillPaths(f.feature.name);
  const fallback = route.fallbacks.value[0];
  const check = providerFailoverCheckQuery(f)!;
  const endpoint = f.gateway.names.gcp ? '<gateway URL>' : '"$GATEWAY_URL"';
  const lines = [
    `# Drill: provider failover for ${f.feature.team}/${f.feature.name}`,
    '',
    `Forces LiteLLM to fail alias \`${route.alias}\` for one request on the feature's own key, so its fallback \`${fallback}\` answers. ` +
      'Costs one small completion on the fallback model; the request is counted, budgeted and rate-limited like the feature\'s traffic.',
    '',
    `Run it from a workload allowed to call the gateway (the feature's callers), in \`${f.feature.environment.value}\` only when drills are enabled there.`,
    '',
    '```bash',
    'export GATEWAY_URL=<the gateway endpoint>',
    readKeyCommand(f),
    `curl -sS -D headers.txt -o response.json ${f.gateway.names.gcp ? '-H "X-Serverless-Authorization: Bearer $(gcloud auth print-identity-token --audiences "$GATEWAY_URL")" ' : ''}` +
      `-H "Authorization: Bearer $FEATURE_KEY" -H 'Content-Type: application/json' --data @${paths.request.split('/').pop()} ${endpoint}/v1/chat/completions`,
    `grep -i '^${ATTEMPTED_FALLBACKS_HEADER}: [1-9]' headers.txt && echo 'PASS: the fallback answered' || { echo 'FAIL: no fallback attempted (was ${MOCK_TESTING_FALLBACKS_PARAM} stripped by a newer LiteLLM?)'; exit 1; }`,
    '```',
    '',
    `Request body (\`${paths.request}\`):`,
    '',
    '```json',
    JSON.stringify(providerFailoverRequest(route.alias), null, 2),
    '```',
    '',
    'Expect:',
    '',
    `- HTTP 200 and \`${ATTEMPTED_FALLBACKS_HEADER}: 1\` (or more): the router raised a mock InternalServerError for \`${route.alias}\` and \`${fallback}\` answered.`,
    `- Within a minute, the fallback counter of the feature rises (dashboard row "${f.feature.name}", panel fallbacks):`,
    '',
    '```promql',
    check,
    '```',
    '',
    '- No page: a single drill request stays far below every alert\'s minimum of bad events.',
    '',
    'If it fails: the fallback chain is broken (check `router_settings.fallbacks` in the rendered config and the fallback model\'s access), ' +
      'or LiteLLM was upgraded past 1.85, which strips the parameter (see the platform README before re-enabling the drill).',
  ];
  return `${lines.join('\n')}\n`;
}

/** The PromQL of the drill page (for checks). */
export function providerFailoverCheckQuery(f: FeatureReadinessFacts): string | undefined {
  const route = f.models.find((m) => m.fallbacks.value.length > 0);
  if (!route) return undefined;
  const scope = featureScope(f.gateway.name, f.feature.team, f.feature.name, f.feature.keyAlias);
  return `sum(increase(${sel(LITELLM_METRICS.successfulFallbacks, scope.matchers, `requested_model=${JSON.stringify(route.alias)}`, `fallback_model=${JSON.stringify(route.fallbacks.value[0])}`)}[15m]))`;
}
