export * from './schedule-gaps';
export * from './rule-groups';
export * from './queries';
