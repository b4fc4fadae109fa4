/** Types of dataset.js (the golden-set JSON Lines format). */
export interface GoldenMessage {
  readonly role: 'system' | 'developer' | 'user' | 'assistant';
  readonly content: string;
  readonly name?: string;
}
export interface GoldenExpectations {
  readonly contains?: string | ReadonlyArray<string>;
  readonly notContains?: string | ReadonlyArray<string>;
  readonly regex?: string;
  readonly exactMatch?: string;
  readonly jsonSchema?: Readonly<Record<string, unknown>>;
}
export interface GoldenParams {
  readonly temperature?: number;
  readonly max_tokens?: number;
  readonly top_p?: number;
  readonly seed?: number;
  readonly response_format?: Readonly<Record<string, unknown>>;
}
export interface GoldenCase {
  readonly id: string;
  /** 1-based line in the file. */
  readonly line: number;
  readonly messages: ReadonlyArray<GoldenMessage>;
  readonly expect?: GoldenExpectations;
  readonly params?: GoldenParams;
}
export interface DatasetProblem {
  /** 1-based line; 0 for the whole file. */
  readonly line: number;
  readonly path: string;
  readonly message: string;
  readonly fix: string;
}
export declare function parseDataset(text: string): { cases: GoldenCase[]; problems: DatasetProblem[]; sha256: string };
export declare function sha256(text: string): string;
export declare const MAX_CASES: number;
export declare const PARAM_KEYS: ReadonlyArray<string>;
export declare const EXPECT_KEYS: ReadonlyArray<string>;
