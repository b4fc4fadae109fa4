/** Types of otlp.js: the probe's metrics. */
import type { HttpTransport, RunResult } from './run';

export declare const METRICS: Readonly<{
  passRatio: 'llm_eval_pass_ratio';
  minPassRatio: 'llm_eval_min_pass_ratio';
  cases: 'llm_eval_cases';
  errors: 'llm_eval_errors';
  checkPassRatio: 'llm_eval_check_pass_ratio';
  latencyP50: 'llm_eval_latency_p50_seconds';
  latencyP95: 'llm_eval_latency_p95_seconds';
  costUsd: 'llm_eval_cost_usd';
  tokens: 'llm_eval_tokens';
  lastRun: 'llm_eval_last_run_timestamp_seconds';
  runDuration: 'llm_eval_run_duration_seconds';
  deploymentPassRatio: 'llm_eval_deployment_pass_ratio';
  deploymentCases: 'llm_eval_deployment_cases';
  deploymentLatencyP95: 'llm_eval_deployment_latency_p95_seconds';
  deploymentCostUsd: 'llm_eval_deployment_cost_usd';
}>;

export declare function parseResourceAttributes(text: string | undefined): Array<[string, string]>;
export declare function metricsRequest(result: RunResult, options?: { serviceInstanceId?: string; resourceAttributes?: Array<[string, string]> }): { resourceMetrics: any[] };
export declare function publishMetrics(endpoint: string, request: { resourceMetrics: any[] }, options?: { transport?: HttpTransport; timeoutMs?: number; tlsServerName?: string; headers?: Record<string, string> }): Promise<{ status: number; points: number }>;
