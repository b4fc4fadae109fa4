export * from './core';
export * from './aws';
export * from './gateway';
