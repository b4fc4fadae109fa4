export * from './contract';
export * from './render';
export * from './check';
