import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import * as path from 'node:path';
import * as readline from 'node:readline';

/** An error raised by PostgreSQL, with its SQLSTATE. */
export class PgError extends Error {
  constructor(message: string, public readonly code: string | undefined) {
    super(message);
  }
}

/**
 * A fresh PostgreSQL (PGlite 0.5.14 + pgvector) in a child process (see pglite-worker.cjs for why).
 * One session: `SET ROLE` persists between calls. The session user is the superuser `postgres`.
 */
export class TestDatabase {
  public static async create(): Promise<TestDatabase> {
    const db = new TestDatabase();
    await db.call({ op: 'ready' }, 0);
    return db;
  }

  private readonly child: ChildProcessWithoutNullStreams;
  private readonly pending = new Map<number, { resolve: (v: any) => void; reject: (e: Error) => void }>();
  private nextId = 1;

  private constructor() {
    this.child = spawn(process.execPath, [path.join(__dirname, 'pglite-worker.cjs')], { cwd: path.join(__dirname, '..', '..', '..') });
    readline.createInterface({ input: this.child.stdout }).on('line', (line) => {
      const msg = JSON.parse(line);
      const p = this.pending.get(msg.id);
      if (!p) return;
      this.pending.delete(msg.id);
      if (msg.ok) p.resolve(msg.rows);
      else p.reject(new PgError(msg.error.message, msg.error.code));
    });
    let stderr = '';
    this.child.stderr.on('data', (d) => (stderr += String(d)));
    this.child.on('exit', (code) => {
      for (const p of this.pending.values()) p.reject(new Error(`PGlite worker exited (${code}): ${stderr}`));
      this.pending.clear();
    });
  }

  /** Runs one or more statements (simple protocol). */
  public async exec(sql: string): Promise<void> {
    await this.call({ op: 'exec', sql });
  }

  /** Runs one statement with parameters; returns its rows. */
  public async query<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<{ rows: T[] }> {
    return { rows: (await this.call({ op: 'query', sql, params })) as T[] };
  }

  public async close(): Promise<void> {
    await this.call({ op: 'close' });
  }

  private call(req: Record<string, unknown>, id = this.nextId++): Promise<unknown> {
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      if (req.op !== 'ready') this.child.stdin.write(`${JSON.stringify({ ...req, id })}\n`);
    });
  }
}

export async function newDatabase(): Promise<TestDatabase> {
  return TestDatabase.create();
}

/** Runs `fn` as `role` (SET ROLE), always returning to the session user. */
export async function asRole<T>(db: TestDatabase, role: string, fn: () => Promise<T>): Promise<T> {
  await db.exec(`SET ROLE "${role.replace(/"/g, '""')}"`);
  try {
    return await fn();
  } finally {
    await db.exec('RESET ROLE');
  }
}

/** The SQLSTATE of the error `fn` throws, or `'none'` when it succeeds. */
export async function sqlState(fn: () => Promise<unknown>): Promise<string> {
  try {
    await fn();
    return 'none';
  } catch (e) {
    return (e as { code?: string }).code ?? `no code: ${(e as Error).message}`;
  }
}

/** A deterministic embedding of `dimensions` numbers, pointing mostly along axis `axis`. */
export function embedding(dimensions: number, axis: number, noise = 0.01): string {
  const v = Array.from({ length: dimensions }, (_x, i) => (i === axis ? 1 : noise * ((i % 3) - 1)));
  return `[${v.join(',')}]`;
}

/**
 * Splits SQL text into the statements that end at a top-level semicolon, as psql does before sending
 * each one (quotes, quoted identifiers and dollar-quoted bodies are skipped); `rest` is the unfinished
 * text after the last one.
 */
export function splitStatements(sql: string): { complete: string[]; rest: string } {
  const complete: string[] = [];
  let start = 0;
  let i = 0;
  while (i < sql.length) {
    const ch = sql[i];
    let skipTo = -1;
    if (ch === "'" || ch === '"') {
      const end = sql.indexOf(ch, i + 1);
      skipTo = end < 0 ? sql.length : end + 1;
    } else if (ch === '$' && /^\$[A-Za-z_]*\$/.test(sql.slice(i))) {
      const tag = /^\$[A-Za-z_]*\$/.exec(sql.slice(i))![0];
      const end = sql.indexOf(tag, i + tag.length);
      skipTo = end < 0 ? sql.length : end + tag.length;
    } else if (ch === '-' && sql[i + 1] === '-') {
      const end = sql.indexOf('\n', i);
      skipTo = end < 0 ? sql.length : end;
    } else if (ch === ';') {
      if (sql.slice(start, i).trim()) complete.push(sql.slice(start, i).trim());
      start = i + 1;
    }
    i = skipTo >= 0 ? skipTo : i + 1;
  }
  return { complete, rest: sql.slice(start) };
}

/**
 * Runs a psql script the way `psql -v ON_ERROR_STOP=1` does, for the meta-commands the bootstrap uses:
 * each statement is sent on its own; `\gexec` sends the query buffer and executes every non-null cell of
 * the result as a statement (psql docs, "\gexec"); `\gset` sends the query buffer and keeps the result.
 * Stops at the first error.
 */
export async function runPsqlScript(db: TestDatabase, script: string): Promise<void> {
  try {
    await runPsqlLines(db, script);
  } catch (e) {
    // psql exits on the error: the server rolls back and releases the session's locks.
    await db.exec('ROLLBACK').catch(() => undefined);
    await db.exec('SELECT pg_advisory_unlock_all()');
    throw e;
  }
}

async function runPsqlLines(db: TestDatabase, script: string): Promise<void> {
  let buffer = '';
  for (const line of script.split('\n')) {
    const meta = /^(.*?)\\(gexec|gset)\s*$/.exec(line);
    if (!meta) {
      const { complete, rest } = splitStatements(`${buffer}${line}\n`);
      for (const st of complete) await db.exec(st);
      buffer = rest.trim() ? rest : '';
      continue;
    }
    const query = `${buffer}${meta[1]}`.trim();
    buffer = '';
    const { rows } = await db.query<Record<string, unknown>>(query);
    if (meta[2] === 'gexec') {
      for (const row of rows) for (const cell of Object.values(row)) if (cell !== null) await db.exec(String(cell));
    }
  }
  if (buffer.trim()) throw new Error(`script ends inside a statement: ${buffer.slice(0, 200)}`);
}
