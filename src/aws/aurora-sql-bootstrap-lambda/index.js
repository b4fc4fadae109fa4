'use strict';
/*
 * Vector store bootstrap: runs the rendered SQL against Aurora PostgreSQL through the RDS Data API, all
 * statements in one transaction (all or nothing). Invoked by Terraform (`aws_lambda_invocation`) whenever
 * the SQL changes. Plain JavaScript with no dependencies: the AWS SDK v3 ships with the Lambda Node.js
 * runtimes.
 *
 * The return value lands in Terraform state, so it carries only a status, the hash and a count: never
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

/** Same formula as renderBootstrapSql's `sha256`, so a payload cannot be truncated or reordered silently. */
function scriptHash(statements) {
  const script = ['BEGIN;', ...statements.map((s) => `${s};`), 'COMMIT;', ''].join('\n');
  return createHash('sha256').update(script).digest('hex');
}

exports.handler = async (event) => {
  const statements = event && event.statements;
  if (!Array.isArray(statements) || !statements.every((s) => typeof s === 'string') || typeof event.sha256 !== 'string') {
    throw new Error('expected { statements: string[], sha256: string }');
  }
  if (scriptHash(statements) !== event.sha256) throw new Error('payload hash mismatch: refusing to run a partial bootstrap');

  const base = { ...target(), database: process.env.DATABASE_NAME };
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
    throw new Error(`vector store bootstrap rolled back at ${at}: ${e.name}: ${e.message}`);
  }
  console.log(JSON.stringify({ msg: 'applied', sha256: event.sha256, statements: statements.length }));
  return { status: 'applied', sha256: event.sha256, statements: statements.length };
};
