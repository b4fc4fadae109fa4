export * from './readiness';
export * from './runbook';
export * from './drills';
