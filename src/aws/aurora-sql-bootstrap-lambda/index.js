'use strict';
/*
 * Aurora SQL bootstrap: runs SQL against Aurora PostgreSQL through the RDS Data API, invoked by Terraform
 * (`aws_lambda_invocation`) whenever the payload changes. Plain JavaScript with no dependencies: the AWS
 * SDK v3 ships with the Lambda Node.js runtimes.
 *
 * Payload (src/aws/aurora-sql-payload.ts): `statements` run in one transaction (all or nothing); then each
 * of `indexBuilds` runs outside any transaction as a small state machine, because CREATE INDEX
 * CONCURRENTLY cannot run in a transaction and an HNSW build outlives the Data API's 45-second call:
 * long statements are sent with `continueAfterTimeout` (they keep running in the database after the call
 * returns StatementTimeoutException) and the function polls the index's state until it is swapped in.
 *
 * With `lifecycle_scope = "CRUD"` the provider adds `tf: { action, prev_input }` to the input
 * (terraform-provider-aws internal/service/lambda/invocation.go, buildInput): on `delete` the function runs
 * the payload's `deleteStatements` in one transaction instead (nothing when it has none).
 *
 * The return value lands in Terraform state, so it carries only a status, the hash and counts: never
 * rows, never credentials.
 */
const { createHash } = require('node:crypto');
const {
  RDSDataClient,
  BeginTransactionCommand,
  ExecuteStatementCommand,
  CommitTransactionCommand,
  RollbackTransactionCommand,
} = require('@aws-sdk/client-rds-data');

const client = new RDSDataClient({});
const target = () => ({
  resourceArn: process.env.CLUSTER_ARN,
  secretArn: process.env.SECRET_ARN,
});

// Worth waiting for: a paused Serverless v2 writer resuming, an instance still starting after the
// cluster was created, and IAM policies that have not propagated yet on the first apply.
const TRANSIENT = new Set([
  'DatabaseResumingException',
  'DatabaseUnavailableException',
  'DatabaseNotFoundException',
  'ServiceUnavailableError',
  'ThrottlingException',
  'AccessDeniedException',
  'ForbiddenException',
  'InternalServerErrorException',
]);

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const pollMs = () => Number(process.env.POLL_INTERVAL_MS || 10000);
// Stop polling this long before the function's own timeout, so the error (not a timeout) reaches Terraform.
const SAFETY_MS = 20000;

async function withRetry(what, fn, attempts = 12) {
  for (let i = 1; ; i++) {
    try {
      return await fn();
    } catch (e) {
      if (!TRANSIENT.has(e.name) || i >= attempts) throw e;
      const delay = Math.min(20000, 1000 * 2 ** (i - 1));
      console.log(JSON.stringify({ msg: 'retrying', what, error: e.name, attempt: i, delayMs: delay }));
      await sleep(delay);
    }
  }
}

/** Same formula as sqlPayloadSha256 (src/aws/aurora-sql-payload.ts). */
function payloadHash(statements, indexBuilds, deleteStatements) {
  const hashed = deleteStatements === undefined ? { statements, indexBuilds } : { statements, indexBuilds, deleteStatements };
  return createHash('sha256').update(JSON.stringify(hashed)).digest('hex');
}

const isString = (s) => typeof s === 'string';
function validBuild(b) {
  return (
    b !== null && typeof b === 'object' && isString(b.name) && Array.isArray(b.cleanup) && b.cleanup.every(isString) &&
    (b.state === undefined || [b.state, b.build, b.discard, b.swap].every(isString))
  );
}

/** Runs one statement outside a transaction; returns 'done', or 'continuing' when it outlived the call. */
async function runLong(base, sql) {
  try {
    await client.send(new ExecuteStatementCommand({ ...base, sql, continueAfterTimeout: true }));
    return 'done';
  } catch (e) {
    if (e.name === 'StatementTimeoutException') return 'continuing';
    throw e;
  }
}

async function readState(base, sql) {
  const out = await withRetry('state', () => client.send(new ExecuteStatementCommand({ ...base, sql })));
  const cell = out.records && out.records[0] && out.records[0][0];
  return cell ? cell.stringValue : undefined;
}

/** Converges one index build; returns what happened ('current', 'built' or 'cleanup'). */
async function converge(base, build, deadline) {
  const cleanup = async () => {
    for (const sql of build.cleanup) {
      if ((await runLong(base, sql)) === 'continuing') console.log(JSON.stringify({ msg: 'cleanup continues in the database', index: build.name }));
    }
  };
  if (build.state === undefined) {
    await cleanup();
    return 'cleanup';
  }
  let worked = false;
  for (;;) {
    const state = await readState(base, build.state);
    let wait = false;
    if (state === 'current') {
      await cleanup();
      return worked ? 'built' : 'current';
    } else if (state === 'missing') {
      worked = true;
      console.log(JSON.stringify({ msg: 'building index concurrently', index: build.name }));
      wait = (await runLong(base, build.build)) === 'continuing';
    } else if (state === 'building') {
      worked = true;
      wait = true;
    } else if (state === 'built') {
      await client.send(new ExecuteStatementCommand({ ...base, sql: build.swap }));
      console.log(JSON.stringify({ msg: 'index swapped in', index: build.name }));
    } else if (state === 'discard') {
      console.log(JSON.stringify({ msg: 'discarding an invalid or outdated index build', index: build.name }));
      wait = (await runLong(base, build.discard)) === 'continuing';
    } else {
      throw new Error(`index ${build.name}: unexpected state ${JSON.stringify(state)}`);
    }
    if (Date.now() + (wait ? pollMs() : 0) > deadline) {
      throw new Error(
        `index ${build.name} is still being built in the database (it keeps running there); ` +
          'run terraform apply again to wait for it and swap it in (progress: pg_stat_progress_create_index)',
      );
    }
    if (wait) await sleep(pollMs());
  }
}

/** Runs `statements` in one transaction (all or nothing); the error names the statement, never a credential. */
async function transaction(base, statements) {
  const { transactionId } = await withRetry('begin', () => client.send(new BeginTransactionCommand(base)));
  let index = 0;
  try {
    for (; index < statements.length; index++) {
      await client.send(new ExecuteStatementCommand({ ...base, transactionId, sql: statements[index] }));
    }
    await client.send(new CommitTransactionCommand({ ...target(), transactionId }));
  } catch (e) {
    await client.send(new RollbackTransactionCommand({ ...target(), transactionId })).catch(() => undefined);
    // The message reaches `terraform apply`; it names the statement, never a credential.
    const at = index < statements.length ? `statement ${index + 1}/${statements.length}: ${statements[index].split('\n')[0].slice(0, 200)}` : 'commit';
    throw new Error(`SQL bootstrap rolled back at ${at}: ${e.name}: ${e.message}`);
  }
}

exports.handler = async (event, context) => {
  const statements = event && event.statements;
  const indexBuilds = (event && event.indexBuilds) || [];
  const deleteStatements = event ? event.deleteStatements : undefined;
  if (
    !Array.isArray(statements) || !statements.every(isString) || !isString(event.sha256) || !Array.isArray(indexBuilds) || !indexBuilds.every(validBuild) ||
    (deleteStatements !== undefined && (!Array.isArray(deleteStatements) || !deleteStatements.every(isString)))
  ) {
    throw new Error('expected { statements: string[], indexBuilds?: IndexBuildPlan[], deleteStatements?: string[], sha256: string }');
  }
  if (payloadHash(statements, indexBuilds, deleteStatements) !== event.sha256) throw new Error('payload hash mismatch: refusing to run a partial bootstrap');
  const base = { ...target(), database: process.env.DATABASE_NAME };

  const action = event.tf && typeof event.tf === 'object' ? event.tf.action : undefined;
  if (action === 'delete') {
    const toRun = deleteStatements || [];
    if (toRun.length > 0) await transaction(base, toRun);
    const result = { status: 'deleted', sha256: event.sha256, statements: toRun.length };
    console.log(JSON.stringify({ msg: 'deleted', ...result }));
    return result;
  }

  const remaining = context && typeof context.getRemainingTimeInMillis === 'function' ? context.getRemainingTimeInMillis() : 14 * 60000;
  const deadline = Date.now() + remaining - SAFETY_MS;
  if (statements.length > 0) await transaction(base, statements);

  const indexes = { current: 0, built: 0, cleanup: 0 };
  for (const build of indexBuilds) {
    try {
      indexes[await converge(base, build, deadline)]++;
    } catch (e) {
      throw new Error(`SQL bootstrap committed; index ${build.name} not finished: ${e.name === 'Error' ? '' : `${e.name}: `}${e.message}`);
    }
  }
  const result = { status: 'applied', sha256: event.sha256, statements: statements.length, indexes };
  console.log(JSON.stringify({ msg: 'applied', ...result }));
  return result;
};
