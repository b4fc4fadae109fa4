import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * Every file under `dir` as a `/`-separated path relative to it, in one fixed order: each directory's entries
 * sorted by name (UTF-16 code units, not locale), depth first. Packages, bucket objects and ConfigMaps built from
 * the list come out the same on every machine. `keep` filters files by name; directories are always walked.
 */
export function filesUnder(dir: string, keep: (name: string) => boolean = () => true): string[] {
  const out: string[] = [];
  const walk = (rel: string): void => {
    const entries = fs.readdirSync(path.join(dir, rel), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(r);
      else if (e.isFile() && keep(e.name)) out.push(r);
    }
  };
  walk('');
  return out;
}
