export * from './identifiers';
export * from './bootstrap';
