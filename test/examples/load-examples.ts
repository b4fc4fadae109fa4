import * as fs from 'node:fs';
import * as path from 'node:path';
import { App } from '../../src/core/cdktf';

/** Directory of the repository's examples. */
export const EXAMPLES_DIR = path.join(__dirname, '..', '..', 'examples');

/** Every example (a folder under examples/ with a main.ts), sorted. */
export const EXAMPLES: ReadonlyArray<string> = fs
  .readdirSync(EXAMPLES_DIR)
  .filter((d) => fs.existsSync(path.join(EXAMPLES_DIR, d, 'main.ts')))
  .sort();

/** Builds an example into `app` (a new App by default) and returns the app. */
export function buildExample(name: string, app: App = new App({ stackTraces: false })): App {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require(path.join(EXAMPLES_DIR, name, 'main.ts')) as { build: (app: App) => void };
  mod.build(app);
  return app;
}
