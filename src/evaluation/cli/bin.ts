#!/usr/bin/env node
import { cliMain } from './gate';

// `npx cdktf-llm-platform eval --stack <team> --feature <name> --against <deployment>`
cliMain(process.argv.slice(2), process.env, {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
}).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`cdktf-llm-platform: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 2;
  },
);
