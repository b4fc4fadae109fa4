// Runs PGlite + pgvector in a plain Node process: PGlite loads Node built-ins with dynamic import(),
// which Jest's VM sandbox refuses without --experimental-vm-modules. Protocol: one JSON request per
// stdin line ({ id, op: 'exec' | 'query' | 'close', sql, params }), one JSON reply per stdout line.
const { PGlite } = require('@electric-sql/pglite');
const { vector } = require('@electric-sql/pglite-pgvector');
const readline = require('node:readline');

const db = new PGlite({ extensions: { vector } });
const reply = (msg) => process.stdout.write(`${JSON.stringify(msg)}\n`);
let queue = db.waitReady.then(() => reply({ id: 0, ok: true }));

readline.createInterface({ input: process.stdin }).on('line', (line) => {
  const req = JSON.parse(line);
  queue = queue.then(async () => {
    try {
      if (req.op === 'close') {
        await db.close();
        reply({ id: req.id, ok: true });
        process.exit(0);
      }
      const result = req.op === 'exec' ? await db.exec(req.sql) : await db.query(req.sql, req.params ?? []);
      reply({ id: req.id, ok: true, rows: req.op === 'exec' ? [] : result.rows });
    } catch (e) {
      reply({ id: req.id, ok: false, error: { message: e.message, code: e.code } });
    }
  });
});
