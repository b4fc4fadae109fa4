import { createHash } from 'node:crypto';

/**
 * One index built concurrently, outside any transaction, after the payload's transaction has committed
 * (the Aurora SQL bootstrap handler runs it as a small state machine). Each field is one SQL statement.
 *
 * The handler runs `state` (one row, one text column) and acts on its value until it reads `current`:
 * - `current`: run `cleanup`, done;
 * - `missing`: run `build` (CREATE INDEX CONCURRENTLY …), then read `state` again;
 * - `building`: a build is running (this run's, or one a timed-out call left running): wait, read again;
 * - `built`: run `swap`, read again;
 * - `discard`: run `discard` (an invalid or outdated index is dropped), read again.
 * `build`, `discard` and `cleanup` are sent with `continueAfterTimeout` (they may outlive the RDS Data
 * API's 45-second call limit and keep running in the database).
 */
export interface IndexBuildPlan {
  /** What the index is for, in messages (e.g. `support/kb-articles`). */
  readonly name: string;
  /** Absent: only `cleanup` runs. */
  readonly state?: string;
  readonly build?: string;
  readonly discard?: string;
  readonly swap?: string;
  readonly cleanup: ReadonlyArray<string>;
}

/** What the Aurora SQL bootstrap function receives (as the `aws_lambda_invocation` input). */
export interface AuroraSqlPayload {
  /** One transaction, one statement per entry, in order: all or nothing. No trailing semicolons. */
  readonly statements: ReadonlyArray<string>;
  /** Run after the transaction commits, in order. @default [] */
  readonly indexBuilds?: ReadonlyArray<IndexBuildPlan>;
  /**
   * One transaction run *instead* when Terraform destroys the invocation (an `aws_lambda_invocation` with
   * `lifecycle_scope = "CRUD"` calls the function with `tf.action = "delete"`); nothing runs on delete
   * without it.
   * @default - none
   */
  readonly deleteStatements?: ReadonlyArray<string>;
}

/**
 * SHA-256 (hex) of a payload: the handler recomputes it and refuses a payload that does not match (a
 * truncated or reordered input). `JSON.stringify({ statements, indexBuilds })`, key order as written, with
 * `deleteStatements` as a third key when the payload has them.
 */
export function sqlPayloadSha256(payload: AuroraSqlPayload): string {
  const deleteStatements = payload.deleteStatements ? { deleteStatements: payload.deleteStatements } : {};
  const hashed = { statements: payload.statements, indexBuilds: payload.indexBuilds ?? [], ...deleteStatements };
  return createHash('sha256').update(JSON.stringify(hashed)).digest('hex');
}
