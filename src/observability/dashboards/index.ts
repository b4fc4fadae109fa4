export * from './common';
export * from './panels';
export * from './queries';
export * from './platform';
export * from './team';
export * from './expressions';
export * from './feature-queries';
