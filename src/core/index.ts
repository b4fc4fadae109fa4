export * from './errors';
export * from './validation';
export * from './tokens';
export * from './secret-ref';
export * from './naming';
export * from './tags';
export * from './regions';
