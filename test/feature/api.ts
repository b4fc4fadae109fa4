/**
 * The readiness, runbook and drill API as the tests use it: the three barrels `src/feature/index.ts` re-exports
 * (imported directly, so these tests do not load the rest of the feature layer).
 */
export * from '../../src/feature/readiness';
export * from '../../src/feature/runbook';
export * from '../../src/feature/drills';
