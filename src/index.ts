export * from './core';
export * from './aws';
export * from './gcp';
export * from './gateway';
export * from './vector-store';
export * from './policy';
export * from './tenancy';
export * from './observability';
