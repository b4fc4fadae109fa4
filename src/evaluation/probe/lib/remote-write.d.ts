/** Types of remote-write.js. */
import type { HttpTransport, RunResult } from './run';
export interface RemoteWriteSeries {
  readonly labels: Readonly<Record<string, string>>;
  readonly samples: ReadonlyArray<{ readonly value: number; readonly timestampMs: number }>;
}
export declare function encodeWriteRequest(series: ReadonlyArray<RemoteWriteSeries>): Buffer;
export declare function snappyLiteral(data: Buffer): Buffer;
export declare function writeRequestSeries(result: RunResult): RemoteWriteSeries[];
export declare function publishRemoteWrite(url: string, result: RunResult, options?: {
  transport?: HttpTransport;
  sigv4Region?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  now?: Date;
  timeoutMs?: number;
}): Promise<{ status: number; series: number }>;
