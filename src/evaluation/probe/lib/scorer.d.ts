/** Types of scorer.js: check specs (what EvalCheck renders), case results and run summaries. */
export type CheckSpec =
  | { readonly id: string; readonly kind: 'contains' | 'notContains'; readonly text: string; readonly ignoreCase?: boolean }
  | { readonly id: string; readonly kind: 'regex'; readonly source: string; readonly flags: string }
  | { readonly id: string; readonly kind: 'exactMatch'; readonly text: string; readonly trim?: boolean }
  | { readonly id: string; readonly kind: 'jsonSchema'; readonly schema: unknown }
  | { readonly id: string; readonly kind: 'maxLatencyMs' | 'maxTokens'; readonly max: number }
  | { readonly id: string; readonly kind: 'judge'; readonly alias: string; readonly rubric: string; readonly minScore: number };

export type CheckKind = CheckSpec['kind'];
export declare const CHECK_KINDS: Readonly<Record<CheckKind, 'deterministic' | 'model'>>;

export type ErrorKind = 'timeout' | 'rate_limited' | 'server_error' | 'auth' | 'client_error' | 'malformed_response' | 'network';
export declare const ERROR_KINDS: ReadonlyArray<ErrorKind>;

export interface Usage {
  readonly prompt: number | null;
  readonly completion: number | null;
  readonly total: number | null;
}

export type Observation =
  | { readonly ok: true; readonly content: string | null; readonly latencyMs: number; readonly usage: Usage | null; readonly costUsd: number | null; readonly deployment: string | null; readonly model?: string | null; readonly finishReason?: string | null; readonly attempts?: number }
  | { readonly ok: false; readonly error: { readonly kind: ErrorKind; readonly status?: number; readonly type?: string; readonly code?: string }; readonly latencyMs: number | null; readonly deployment?: string | null; readonly attempts?: number };

export interface CheckVerdict {
  readonly id: string;
  readonly kind: CheckKind;
  /** null: not evaluated (no response, skipped, or a judge verdict still pending). */
  readonly passed: boolean | null;
  readonly reason?: string;
  /** Judge checks: the normalized score (0-1). */
  readonly score?: number;
}

export interface CaseResult {
  readonly id: string;
  readonly outcome: 'pass' | 'fail' | 'error' | 'pending';
  readonly deployment: string | null;
  readonly latencyMs: number | null;
  readonly usage: Usage | null;
  readonly costUsd: number | null;
  readonly judgeCostUsd: number | null;
  readonly attempts: number;
  readonly checks: ReadonlyArray<CheckVerdict>;
  readonly error?: { readonly kind: ErrorKind; readonly status?: number; readonly type?: string };
  /** Only when the gateway allows message logging. */
  readonly response?: string | null;
}

export interface RunSummary {
  readonly cases: number;
  readonly passed: number;
  readonly failed: number;
  readonly errors: number;
  readonly passRatio: number | null;
  readonly errorRatio: number | null;
  readonly minPassRate: number;
  readonly meetsMinPassRate: boolean;
  readonly errorKinds: Readonly<Record<ErrorKind, number>>;
  readonly checks: ReadonlyArray<{ readonly id: string; readonly kind: CheckKind; readonly scope: 'feature' | 'case'; readonly evaluated: number; readonly passed: number; readonly passRatio: number | null }>;
  readonly latency: { readonly count: number; readonly p50Ms: number | null; readonly p95Ms: number | null; readonly maxMs: number | null };
  readonly tokens: { readonly prompt: number; readonly completion: number; readonly total: number };
  readonly cost: { readonly totalUsd: number; readonly responsesUsd: number; readonly judgeUsd: number; readonly unknownCases: number };
  readonly deployments: ReadonlyArray<{ readonly deployment: string; readonly cases: number; readonly passed: number; readonly passRatio: number | null; readonly latencyP95Ms: number | null; readonly costUsd: number }>;
}

export interface GateBounds {
  readonly minPassRate: number;
  readonly maxP95LatencyMs?: number;
  readonly maxCostUsd?: number;
}

export interface GateCriterion {
  readonly name: 'pass-rate' | 'p95-latency' | 'cost';
  readonly passed: boolean;
  readonly actual: number | null;
  readonly limit: number;
  readonly detail: string;
}

export interface GateVerdict {
  readonly passed: boolean;
  readonly criteria: ReadonlyArray<GateCriterion>;
}

export declare function expectationChecks(expect: unknown): CheckSpec[];
export declare function checksForCase(featureChecks: ReadonlyArray<CheckSpec>, testCase: unknown): CheckSpec[];
export declare function runDeterministic(spec: CheckSpec, observation: Observation & { ok: true }): { passed: boolean; reason?: string };
export declare function scoreCase(input: { id: string; checks: ReadonlyArray<CheckSpec>; observation: Observation }): CaseResult;
export declare function applyJudgeVerdict(caseResult: CaseResult, checkId: string, verdict: { score?: number; minScore?: number; error?: string; costUsd?: number | null }): CaseResult;
export declare function percentile(values: ReadonlyArray<number>, p: number): number | null;
export declare function aggregate(cases: ReadonlyArray<CaseResult>, spec: { checks: ReadonlyArray<CheckSpec>; minPassRate: number }): RunSummary;
export declare function gateVerdict(summary: RunSummary, bounds: GateBounds): GateVerdict;
