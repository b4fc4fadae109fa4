/** Types of run.js: one evaluation run. */
import type { GoldenCase } from './dataset';
import type { CaseResult, RunSummary } from './scorer';

export interface HttpTransportRequest {
  readonly url: string;
  readonly method?: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
  readonly timeoutMs?: number;
  readonly tlsServerName?: string;
}
export interface HttpTransportResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly text: string;
  readonly elapsedMs: number;
}
export type HttpTransport = (req: HttpTransportRequest) => Promise<HttpTransportResponse>;

export interface ChatClientOptions {
  readonly baseUrl: string;
  readonly apiKey: string;
  readonly path?: string;
  readonly tlsServerName?: string;
  readonly timeoutMs?: number;
  readonly retries?: number;
  readonly extraHeaders?: () => Promise<Record<string, string>>;
  readonly transport?: HttpTransport;
  readonly sleep?: (ms: number) => Promise<void>;
}

/** The parts of an evaluation manifest a run reads (see src/evaluation/manifest.ts). */
export interface RunManifest {
  readonly gateway: string;
  readonly team: string;
  readonly feature: string;
  readonly keyAlias: string;
  readonly environment?: string;
  readonly model: string;
  readonly checks: ReadonlyArray<import('./scorer').CheckSpec>;
  readonly minPassRate: number;
  readonly request?: { readonly path?: string; readonly timeoutMs?: number; readonly concurrency?: number; readonly retries?: number };
  readonly messageLogging?: boolean;
}

export interface RunResult {
  readonly schemaVersion: 1;
  readonly gateway: string;
  readonly team: string;
  readonly feature: string;
  readonly keyAlias: string;
  readonly environment?: string;
  readonly model: string;
  readonly target: { readonly model: string; readonly deployment: string | null };
  readonly dataset: { readonly sha256: string; readonly cases: number };
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly durationMs: number;
  readonly summary: RunSummary;
  readonly cases: ReadonlyArray<CaseResult>;
}

export declare function runEvaluation(input: {
  manifest: RunManifest;
  cases: ReadonlyArray<GoldenCase>;
  datasetSha256: string;
  client: ChatClientOptions;
  target?: string;
  includeContent?: boolean;
  now?: () => Date;
  log?: (msg: string, fields?: Record<string, unknown>) => void;
}): Promise<RunResult>;

export declare function requestBody(model: string, testCase: GoldenCase): Record<string, unknown>;
