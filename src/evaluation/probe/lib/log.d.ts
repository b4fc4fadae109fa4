/** Types of log.js. */
export declare function redact(text: string): string;
export declare function registerSecret(value: string): void;
export declare function log(msg: string, fields?: Record<string, unknown>): void;
