/**
 * A synthetic six hours of LiteLLM metrics for team `hiring` on gateway `prod`, in OpenMetrics text for
 * `promtool tsdb create-blocks-from openmetrics`. Shapes follow LiteLLM's Prometheus integration (see
 * src/observability/slo/litellm-metrics.ts). The story: 55 minutes before the end, the Bedrock deployment
 * behind `chat-default` starts failing 70 % of its calls and is still failing; LiteLLM cools it down and
 * falls back to `chat-fast`, which serves most but not all of them. At 1 h `summarize` ran into its quota.
 */
import { LATENCY_BUCKETS_SECONDS } from '../../src/observability/slo';

export const STEP_SECONDS = 30;
export const DURATION_SECONDS = 6 * 3600;

interface Series {
  readonly labels: Record<string, string>;
  readonly values: number[];
}

interface Family {
  readonly name: string;
  readonly type: 'counter' | 'gauge' | 'histogram';
  readonly series: Series[];
}

const GATEWAY = 'prod';
const TEAM = 'hiring';
const CLAUDE = { api_base: 'https://bedrock-runtime.eu-west-1.amazonaws.com', api_provider: 'bedrock', litellm_model_name: 'bedrock/claude-sonnet', model_id: 'd1' };
const GPT = { api_base: 'https://api.openai.com', api_provider: 'openai', litellm_model_name: 'openai/gpt-4o-mini', model_id: 'd2' };

function caller(keyAlias: string, model: string): Record<string, string> {
  return { gateway: GATEWAY, team: 'team-7f3a', team_alias: TEAM, api_key_alias: keyAlias, hashed_api_key: `h-${keyAlias}`, requested_model: model, end_user: '', user: '' };
}

const JD = caller('hiring/jd-gen', 'chat-default');
const SUM = caller('hiring/summarize', 'chat-fast');

/** Cumulative share of requests at or below each bucket bound for a latency profile (scale ≈ median). */
function cumulative(median: number): number[] {
  // Log-logistic shape: F(x) = 1 / (1 + (x/median)^-k); k = 4 puts p95 near 2.1 x median.
  return LATENCY_BUCKETS_SECONDS.map((le) => 1 / (1 + (le / median) ** -4));
}

/** Builds the families, one value per step per series (counters cumulative). */
export function scenario(): Family[] {
  const steps = DURATION_SECONDS / STEP_SECONDS + 1;
  const incident = (i: number) => i * STEP_SECONDS >= DURATION_SECONDS - 55 * 60;
  const quota = (i: number) => i * STEP_SECONDS >= 3600 && i * STEP_SECONDS < 3600 + 20 * 60;
  const wave = (i: number) => 1 + 0.25 * Math.sin((i * STEP_SECONDS) / 3600 * Math.PI / 3);

  const acc = new Map<string, { family: Family; series: Series; total: number }>();
  const families = new Map<string, Family>();
  const add = (name: string, type: Family['type'], labels: Record<string, string>, i: number, increment: number, isGauge = false): void => {
    const key = `${name}${JSON.stringify(labels)}`;
    if (!families.has(name)) families.set(name, { name, type, series: [] });
    let entry = acc.get(key);
    if (!entry) {
      const series: Series = { labels, values: new Array<number>(steps).fill(0) };
      families.get(name)!.series.push(series);
      entry = { family: families.get(name)!, series, total: 0 };
      acc.set(key, entry);
    }
    entry.total = isGauge ? increment : entry.total + increment;
    entry.series.values[i] = entry.total;
  };

  for (let i = 0; i < steps; i++) {
    const jdCalls = Math.round(300 * wave(i));
    const sumCalls = Math.round(150 * wave(i + 40));
    const failingPrimary = incident(i) ? Math.round(jdCalls * 0.7) : Math.round(jdCalls * 0.002);
    const fallbackOk = incident(i) ? Math.round(failingPrimary * 0.93) : failingPrimary;
    const fallbackFailed = failingPrimary - fallbackOk;
    const limitHits = quota(i) ? 12 : 0;

    add('litellm_proxy_total_requests_metric', 'counter', { ...JD, status_code: '200' }, i, jdCalls);
    add('litellm_proxy_total_requests_metric', 'counter', { ...SUM, status_code: '200' }, i, sumCalls);
    add('litellm_proxy_failed_requests_metric', 'counter', { ...JD, exception_status: '503', exception_class: 'Bedrock.ServiceUnavailableError' }, i, fallbackFailed);
    add('litellm_proxy_failed_requests_metric', 'counter', { ...SUM, exception_status: '429', exception_class: 'ParallelRequestLimitError' }, i, limitHits);
    add('litellm_proxy_failed_requests_metric', 'counter', { ...SUM, exception_status: '400', exception_class: 'Openai.BadRequestError' }, i, i % 20 === 0 ? 1 : 0);

    const fb = {
      gateway: GATEWAY,
      team_alias: TEAM,
      api_key_alias: JD.api_key_alias,
      hashed_api_key: JD.hashed_api_key,
      team: JD.team,
      requested_model: 'chat-default',
      fallback_model: 'chat-fast',
      exception_status: '503',
      exception_class: 'Bedrock.ServiceUnavailableError',
    };
    add('litellm_deployment_successful_fallbacks', 'counter', fb, i, fallbackOk);
    add('litellm_deployment_failed_fallbacks', 'counter', fb, i, fallbackFailed);

    const dep = (d: Record<string, string>, who: Record<string, string>) =>
      ({ ...d, gateway: GATEWAY, team_alias: TEAM, api_key_alias: who.api_key_alias, requested_model: who.requested_model });
    add('litellm_deployment_total_requests', 'counter', dep(CLAUDE, JD), i, jdCalls);
    add('litellm_deployment_failure_responses', 'counter', { ...dep(CLAUDE, JD), exception_status: '503', exception_class: 'Bedrock.ServiceUnavailableError' }, i, failingPrimary);
    add('litellm_deployment_total_requests', 'counter', dep(GPT, SUM), i, sumCalls);
    add('litellm_deployment_total_requests', 'counter', dep(GPT, JD), i, fallbackOk + fallbackFailed);
    add('litellm_deployment_failure_responses', 'counter', { ...dep(GPT, JD), exception_status: '429', exception_class: 'Openai.RateLimitError' }, i, fallbackFailed);
    add('litellm_deployment_cooled_down', 'counter', { ...CLAUDE, gateway: GATEWAY, exception_status: '503' }, i, incident(i) && i % 4 === 0 ? 1 : 0);
    for (const pid of ['7', '8']) {
      add('litellm_deployment_state', 'gauge', { ...CLAUDE, gateway: GATEWAY, pid }, i, incident(i) ? (i % 8 < 3 ? 2 : 1) : 0, true);
      add('litellm_deployment_state', 'gauge', { ...GPT, gateway: GATEWAY, pid }, i, 0, true);
    }

    for (const [who, calls, median] of [[JD, jdCalls - fallbackFailed, incident(i) ? 1.1 : 0.45], [SUM, sumCalls - limitHits, 0.3]] as const) {
      const shares = cumulative(median);
      LATENCY_BUCKETS_SECONDS.forEach((le, b) => add('litellm_request_total_latency_metric', 'histogram', { ...who, model: 'm', le: String(le) }, i, Math.round(calls * shares[b])));
      add('litellm_request_total_latency_metric', 'histogram', { ...who, model: 'm', le: '+Inf' }, i, calls);
      add('litellm_request_total_latency_metric_count', 'histogram', { ...who, model: 'm' }, i, calls);
      add('litellm_spend_metric', 'counter', { ...who, model: 'm' }, i, calls * (who === JD ? 0.004 : 0.001));
      add('litellm_total_tokens_metric', 'counter', { ...who, model: 'm' }, i, calls * 800);
    }
  }
  return [...families.values()];
}

/** OpenMetrics text with timestamps `start + i × step` (seconds). */
export function toOpenMetrics(families: ReadonlyArray<Family>, start: number): string {
  const out: string[] = [];
  const byBase = new Map<string, Family[]>();
  for (const f of families) {
    const base = f.type === 'histogram' ? f.name.replace(/_count$/, '') : f.name;
    byBase.set(base, [...(byBase.get(base) ?? []), f]);
  }
  for (const [base, group] of byBase) {
    out.push(`# TYPE ${base} ${group[0].type}`);
    for (const f of group) {
      const sampleName = f.type === 'counter' ? `${f.name}_total` : f.type === 'histogram' && !f.name.endsWith('_count') ? `${f.name}_bucket` : f.name;
      for (const s of f.series) {
        const labels = Object.entries(s.labels).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(',');
        s.values.forEach((v, i) => out.push(`${sampleName}{${labels}} ${Number(v.toFixed(6))} ${start + i * STEP_SECONDS}`));
      }
    }
  }
  out.push('# EOF');
  return `${out.join('\n')}\n`;
}
