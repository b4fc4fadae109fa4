/** Types of json-schema.js (the probe's JSON Schema subset). */
export declare const SUPPORTED_KEYWORDS: ReadonlyArray<string>;
export declare const ANNOTATIONS: ReadonlyArray<string>;
export interface SchemaProblem {
  readonly path: string;
  readonly keyword: string;
  readonly message: string;
  readonly fix: string;
}
export interface SchemaViolation {
  readonly path: string;
  readonly keyword: string;
  readonly message: string;
}
export declare function schemaProblems(schema: unknown, path?: string): SchemaProblem[];
export declare function validate(schema: unknown, value: unknown): SchemaViolation[];
