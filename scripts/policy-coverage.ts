// Which Terraform resource types the library emits (read from src/, not from a hand-kept list), for the
// README coverage table (`npx projen docs:policy`) and the test that fails when an emitted type has no rule.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { TerraformResource } from 'cdktf';

const SRC = path.join(__dirname, '..', 'src');
// The policy engine and the test harness mention types; they do not emit them.
const NOT_EMITTING = ['policy', 'testing'];

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const full = path.join(dir, d.name);
    if (d.isDirectory()) return dir === SRC && NOT_EMITTING.includes(d.name) ? [] : sourceFiles(full);
    return d.name.endsWith('.ts') && !d.name.endsWith('.d.ts') ? [full] : [];
  });
}

const typesOfModule = new Map<string, string[]>();

/** Resource types (not data sources, not providers) a provider binding module defines. */
function resourceTypesOf(provider: string, file: string): string[] {
  const key = `${provider}/${file}`;
  if (!typesOfModule.has(key)) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(`@cdktf/provider-${provider}/lib/${file}`);
    const types = Object.values<any>(mod)
      .filter((v) => typeof v === 'function' && typeof v.tfResourceType === 'string' && v.prototype instanceof TerraformResource)
      .map((v) => v.tfResourceType as string);
    typesOfModule.set(key, types);
  }
  return typesOfModule.get(key)!;
}

/**
 * Resource type → the files under src/ that emit it: provider bindings imported (`@cdktf/provider-x/lib/y`,
 * also through the lazy bundle files) and resources written as stack overrides (`addOverride('resource.<type>.…')`).
 */
export function emittedResourceTypes(root = SRC): Map<string, string[]> {
  const out = new Map<string, Set<string>>();
  const add = (type: string, file: string): void => {
    const files = out.get(type) ?? new Set<string>();
    files.add(path.relative(path.join(root, '..'), file).split(path.sep).join('/'));
    out.set(type, files);
  };
  for (const file of sourceFiles(root)) {
    const text = fs.readFileSync(file, 'utf8');
    for (const m of text.matchAll(/@cdktf\/provider-([a-z]+)\/lib\/([a-z0-9-]+)/g)) {
      if (m[2] === 'provider' || m[2].startsWith('data-')) continue;
      for (const type of resourceTypesOf(m[1], m[2])) add(type, file);
    }
    for (const m of text.matchAll(/addOverride\(\s*[`'"]resource\.([a-z0-9_]+)\./g)) add(m[1], file);
  }
  return new Map([...out.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([t, files]) => [t, [...files].sort()]));
}
