/**
 * Runs fuzz targets in a child process, so the parent can time-box every run: it reports each run before it
 * starts and each target when it ends. Started by isolated.ts with ts-node (swc, transpile only).
 */
import { fuzzTarget } from './engine';
import { FUZZ_TARGETS } from './targets';

interface Request {
  readonly targets: ReadonlyArray<string>;
  readonly runs: number;
  readonly seed: number;
  readonly full: boolean;
  readonly terraformSamples: number;
}

process.on('message', (request: Request) => {
  for (const name of request.targets) {
    const target = FUZZ_TARGETS.find((t) => t.name === name);
    if (!target) {
      process.send!({ type: 'done', target: name, error: `no fuzz target named ${name}` });
      continue;
    }
    process.send!({ type: 'start', target: name });
    const stats = fuzzTarget(target, {
      ...request,
      onRun: (i, input) => process.send!({ type: 'run', target: name, i, input }),
    });
    process.send!({ type: 'done', target: name, stats });
  }
  process.send!({ type: 'finished' }, () => process.exit(0));
});
