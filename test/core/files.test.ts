import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { filesUnder } from '../../src/core/files';

describe('filesUnder', () => {
  it('lists files depth first, each directory sorted by code units, with / separators', () => {
    // GIVEN a tree whose locale order and code-unit order differ ('B' < 'a' < 'b' in code units)
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'files-under-'));
    for (const f of ['b.js', 'a.json', 'B.js', 'lib/z.js', 'lib/deep/x.d.ts', 'lib/deep/y.js']) {
      fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
      fs.writeFileSync(path.join(dir, f), f);
    }
    // WHEN listed, all files and only .js ones
    // THEN the order is the same on every machine, and `keep` filters files but never directories
    expect(filesUnder(dir)).toEqual(['B.js', 'a.json', 'b.js', 'lib/deep/x.d.ts', 'lib/deep/y.js', 'lib/z.js']);
    expect(filesUnder(dir, (name) => name.endsWith('.js') && !name.endsWith('.d.ts'))).toEqual(['B.js', 'b.js', 'lib/deep/y.js', 'lib/z.js']);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
