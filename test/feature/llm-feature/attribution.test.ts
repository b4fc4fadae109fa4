import { parse as parseYaml } from 'yaml';
import { oneFeature, resources, synthJson } from './fixtures';
import { DROPPED_METRIC_LABELS } from '../../../src/observability/collector/render';

/**
 * Every call of a feature is attributable to its team and feature in metrics, traces, spend and the audit trail.
 * What LiteLLM does with a request's key (read from its source; see the README section "Attribution"):
 *
 * - The proxy copies the authenticated key into the request's logging metadata: `user_api_key_alias` (the key
 *   alias), `user_api_key_team_id` / `user_api_key_team_alias`, and `user_api_key_auth_metadata` (the key's own
 *   metadata) — `litellm/proxy/litellm_pre_call_utils.py` `get_sanitized_user_information_from_key`, and the
 *   `StandardLoggingUserAPIKeyMetadata` fields in `litellm/types/utils.py`.
 * - Prometheus (`litellm/integrations/prometheus.py` `async_log_success_event`, read at 002de3dd): labels
 *   `api_key_alias` ← `metadata.user_api_key_alias`, `team_alias` ← `metadata.user_api_key_team_alias`,
 *   `team` ← `metadata.user_api_key_team_id`, on requests, latency, tokens and spend (`litellm_spend_metric`).
 * - OpenTelemetry (`litellm/integrations/opentelemetry.py` `set_attributes`, read at 00145a6c): every key of
 *   the logging metadata becomes a span attribute `metadata.<key>` (older releases filter it through
 *   `redact_user_api_key_info` first, which drops every `user_api_key_*` key when that setting is true).
 * - The s3_v2 audit trail (`litellm/integrations/s3_v2.py`) uploads the whole standard logging payload,
 *   metadata included; `redact_user_api_key_info` strips the same keys there.
 *
 * So, per feature: the key alias must be `<team>/<feature>`, the LiteLLM team alias the team, the key metadata
 * team and feature; the gateway must run the prometheus callback without dropping those labels, and must not
 * redact `user_api_key_*` from the callbacks that carry traces or the audit trail.
 */
describe.each(['aws', 'gcp', 'kubernetes'] as const)('attribution of a feature\'s calls (%s)', (runtime) => {
  const f = oneFeature(runtime);
  const json = synthJson(f.app, f.team.stack);
  const config = parseYaml(f.gateway.renderConfig()) as any;
  const settings = config.litellm_settings;
  const state = f.team.tenant.desiredState();
  const key = state.keys.find((k) => k.key_alias === f.feature.keyAlias)!;

  it('the key carries the team and the feature: alias <team>/<feature>, team alias, metadata', () => {
    expect(key.key_alias).toBe('hiring/job-description-gen');
    expect(state.team).toMatchObject({ team_id: 'hiring', team_alias: 'hiring' });
    expect(key.metadata).toMatchObject({ team: 'hiring', feature: 'job-description-gen', environment: 'prod', owner: 'hiring-squad' });
  });

  it('metrics: the prometheus callback runs and keeps the api_key_alias and team_alias labels', () => {
    expect(settings.callbacks).toContain('prometheus');
    const allowList = settings.prometheus_metrics_config as Array<{ include_labels?: string[] }> | undefined;
    for (const group of allowList ?? []) expect(group.include_labels ?? ['api_key_alias', 'team_alias']).toEqual(expect.arrayContaining(['api_key_alias', 'team_alias']));
    // The scrape side drops only high-cardinality labels, never the attribution ones.
    expect(DROPPED_METRIC_LABELS).not.toContain('api_key_alias');
    expect(DROPPED_METRIC_LABELS).not.toContain('team_alias');
    const dropRegexes = JSON.stringify(json).match(/"labeldrop","regex":"([^"]+)"/g) ?? [];
    for (const r of dropRegexes) expect(new RegExp(`^(${r.split('"regex":"')[1].slice(0, -1)})$`).test('api_key_alias')).toBe(false);
  });

  it('the feature\'s alerts and dashboard row select its series by api_key_alias', () => {
    const facts = f.feature.readinessFacts();
    expect(facts.observability?.alerts.value).toEqual(expect.arrayContaining(['LlmAvailabilityBudgetBurn', 'LlmLatencyBudgetBurn', 'LlmSpendBudgetExhaustionProjected']));
    expect(JSON.stringify(json)).toMatch(/api_key_alias=~\\*"hiring\/job-description-gen/);
  });

  it('traces and the audit trail keep the key\'s identity: no user_api_key_* redaction while otel or s3_v2 runs', () => {
    const carriers = (settings.callbacks as string[]).filter((c) => c === 'otel' || c === 's3_v2');
    expect(carriers).toContain('otel');
    if (runtime !== 'kubernetes') expect(carriers).toContain('s3_v2');
    expect(settings.redact_user_api_key_info).not.toBe(true);
    // Message content stays out of every callback.
    expect(settings.turn_off_message_logging).toBe(true);
  });

  it('spend is tracked per key and team by the gateway (budgets enforced on both)', () => {
    expect(key).toMatchObject({ max_budget: 1_000, budget_duration: '1mo' });
    expect(state.team).toMatchObject({ max_budget: 5_000 });
    expect(resources(json, runtime === 'aws' ? 'aws_lambda_invocation' : runtime === 'gcp' ? 'google_storage_bucket_object' : 'kubernetes_config_map_v1')).not.toEqual({});
  });
});
