export * from './core';
export * from './aws';
export * from './gateway';
export * from './vector-store';
export * from './policy';
