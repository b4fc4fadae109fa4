export * from './readiness';
export * from './runbook';
export * from './drills';
export * from './team-context';
export * from './tool-execution';
export * from './feature-caller';
export * from './feature-props';
export * from './standard-llm-feature';
