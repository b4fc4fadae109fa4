/** Types of series.js. */
import type { RunResult } from './run';
export { METRICS } from './otlp';
export declare const DESCRIPTIONS: Readonly<Record<string, string>>;
export declare function runSeries(result: RunResult): { timestampMs: number; points: Array<{ name: string; description: string; labels: Record<string, string>; value: number }> };
