/** Types of judge.js. */
export declare const JUDGE_INSTRUCTION: string;
export declare function judgeRequest(check: { alias: string; rubric: string }, testCase: { messages: ReadonlyArray<{ role: string; content: string }> }, responseText: string | null): Record<string, unknown>;
export declare function parseJudgeReply(text: string | null): { score: number } | { error: string };
